package io.parley.domain.model;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The options the bot last offered in a conversation (the buttons or list rows of its latest BUTTONS or LIST
 * message), remembered with the conversation so that an answer can be matched against them, and only against them:
 * a {@code 1} means something only to a customer who was shown a numbered menu.
 *
 * @param messageId the outbound message that offered them
 * @param kind      BUTTONS or LIST: a typed answer to buttons counts as a button reply, to a list as a list reply
 * @param numbered  true when they were sent as numbered text (the channel without interactive messages): then the
 *                  number is an answer too
 * @param options   in the order shown, numbered from 1
 */
public record Offer(UUID messageId, ReplyType kind, boolean numbered, List<InteractiveOption> options,
                    Instant offeredAt) {

    /** A typed answer is matched to an offer this long after it was made (WhatsApp's customer service window). */
    public static final Duration ANSWERABLE_FOR = Duration.ofHours(24);

    public Offer {
        Objects.requireNonNull(messageId, "messageId");
        if (kind != ReplyType.BUTTONS && kind != ReplyType.LIST) {
            throw new IllegalArgumentException("only BUTTONS and LIST replies offer options, not " + kind);
        }
        options = List.copyOf(options);
        Objects.requireNonNull(offeredAt, "offeredAt");
    }

    /** The offer {@code content} makes when sent as message {@code messageId}; none for a link or plain content. */
    public static Optional<Offer> of(UUID messageId, OutboundContent content, boolean numbered, Instant at) {
        if (content instanceof OutboundContent.Interactive i && i.type() != ReplyType.URL && !i.options().isEmpty()) {
            return Optional.of(new Offer(messageId, i.type(), numbered, i.options(), at));
        }
        return Optional.empty();
    }

    /** The option a tap picked (its id), if this offer has it. */
    public Optional<OfferChoice> tapped(String optionId) {
        if (optionId == null) {
            return Optional.empty();
        }
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).id().equals(optionId.strip())) {
                return Optional.of(choice(i, false));
            }
        }
        return Optional.empty();
    }

    /**
     * The option a typed answer names, within {@link #ANSWERABLE_FOR}: its number (when the options were numbered),
     * its id or its title, ignoring case, spacing and punctuation.
     */
    public Optional<OfferChoice> typed(String text, Instant at) {
        if (text == null || at.isAfter(offeredAt.plus(ANSWERABLE_FOR))) {
            return Optional.empty();
        }
        String answer = comparable(text);
        if (answer.isEmpty() || answer.length() > 300) {
            return Optional.empty();
        }
        if (numbered) {
            for (int i = 0; i < options.size(); i++) {
                if (answer.equals(String.valueOf(i + 1))) {
                    return Optional.of(choice(i, true));
                }
            }
        }
        for (int i = 0; i < options.size(); i++) {
            if (answer.equals(comparable(options.get(i).id()))) {
                return Optional.of(choice(i, true));
            }
        }
        for (int i = 0; i < options.size(); i++) {
            if (answer.equals(comparable(options.get(i).title()))) {
                return Optional.of(choice(i, true));
            }
        }
        return Optional.empty();
    }

    private OfferChoice choice(int index, boolean typed) {
        InteractiveOption option = options.get(index);
        return new OfferChoice(messageId, kind, option.id(), option.title(), index + 1, typed);
    }

    /** Lower case, without punctuation, single spaces: "  Orders! " and "orders" compare equal. */
    static String comparable(String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = false;
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else if (!punctuation(c)) {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static boolean punctuation(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
