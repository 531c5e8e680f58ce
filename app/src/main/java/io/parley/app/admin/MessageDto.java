package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusChange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message of either direction as the admin API shows it. Inbound messages carry their WhatsApp type
 * ({@code kind}) and whichever parts they have (media, button, interactive, reaction, context, error) plus the
 * analysis once it arrived; outbound ones carry their delivery status. Absent parts are left out of the JSON.
 */
@Serdeable
record MessageDto(UUID id, UUID conversationId, String direction, @Nullable String text, Instant createdAt,
                  @Nullable Instant receivedAt, @Nullable String eventId,
                  @Nullable String kind, @Nullable String channelMessageId, @Nullable Inbound inbound,
                  @Nullable Analysis analysis,
                  @Nullable String status, @Nullable String acsMessageId, @Nullable Long ruleId,
                  @Nullable String errorCode, @Nullable String errorMessage, @Nullable UUID inReplyTo,
                  @Nullable Integer attempts, @Nullable Instant nextAttemptAt, @Nullable Instant statusUpdatedAt,
                  @Nullable Content content, @Nullable String origin, @Nullable UUID replaces,
                  @Nullable Instant firstAttemptAt, @Nullable List<HistoryEntry> history,
                  @Nullable String sentBy) {

    /** One step of an outbound message's status history; {@code applied} is false for reports that came late. */
    @Serdeable
    record HistoryEntry(String status, Instant at, @Nullable String errorCode, @Nullable String errorMessage,
                        String source, boolean applied) {

        static HistoryEntry of(StatusChange c) {
            return new HistoryEntry(c.status().name(), c.at(), c.errorCode(), c.errorMessage(), c.source().label(),
                    c.applied());
        }
    }

    MessageDto withHistory(List<StatusChange> changes) {
        return new MessageDto(id, conversationId, direction, text, createdAt, receivedAt, eventId, kind,
                channelMessageId, inbound, analysis, status, acsMessageId, ruleId, errorCode, errorMessage, inReplyTo,
                attempts, nextAttemptAt, statusUpdatedAt, content, origin, replaces, firstAttemptAt,
                changes.stream().map(HistoryEntry::of).toList(), sentBy);
    }

    /**
     * What an outbound message says, in the fields of a rule's reply (CONTRACT.md): TEXT, MEDIA, TEMPLATE, or the
     * interactive BUTTONS, LIST and URL with their {@code header}, {@code footer}, {@code buttons},
     * {@code buttonText}, {@code sections} and {@code title}.
     */
    @Serdeable
    record Content(String type, @Nullable String text, @Nullable String url, @Nullable String caption,
                   @Nullable String name, @Nullable String language, @Nullable List<String> parameters,
                   @Nullable String header, @Nullable String footer, @Nullable List<InteractiveDto.Option> buttons,
                   @Nullable String buttonText, @Nullable List<InteractiveDto.Section> sections,
                   @Nullable String title) {

        Content(String type, String text, String url, String caption, String name, String language,
                List<String> parameters) {
            this(type, text, url, caption, name, language, parameters, null, null, null, null, null, null);
        }
    }

    /** The option of an earlier offer an inbound message picked: tapped, or typed as its number, id or title. */
    @Serdeable
    record Choice(UUID offerMessageId, String optionId, @Nullable String title, int number, boolean typed) {

        static Choice of(OfferChoice c) {
            return c == null ? null : new Choice(c.offerMessageId(), c.optionId(), c.title(), c.number(), c.typed());
        }
    }

    /**
     * The structured parts of a received message; {@code mediaUrl} serves the downloaded bytes to admins;
     * {@code answerHold} says whether its answer waited: {@code WAITING} (for its analysis, or behind an earlier
     * message), {@code ANALYSED} (decided when its analysis came), {@code TIMED_OUT} (decided without it, at the
     * deadline) or {@code IN_TURN} (decided after the earlier message it waited behind); absent when it did not wait.
     * {@code answer} says how Parley answered it: {@code RULE}, {@code FALLBACK}, {@code FLOW}, {@code CONSENT}
     * (an opt-out or opt-in keyword), {@code PEOPLE} (a person had the conversation), {@code SILENCED} (opted out, or
     * a flood or loop guard), {@code NONE} (nothing answered) or {@code NOT_NEEDED} (a reaction); absent while its
     * answer waits, and for messages stored before Parley kept it.
     */
    @Serdeable
    record Inbound(@Nullable String content, @Nullable InboundContent.Media media, @Nullable String mediaUrl,
                   @Nullable InboundContent.ReplyContext context, @Nullable InboundContent.Button button,
                   @Nullable InboundContent.Interactive interactive, @Nullable InboundContent.Reaction reaction,
                   @Nullable InboundContent.ChannelError error, @Nullable Choice choice,
                   @Nullable String answerHold, @Nullable String answer) {
    }

    @Serdeable
    record Analysis(@Nullable String language, @Nullable Double confidence, @Nullable String translation,
                    @Nullable String intent, List<String> keyPhrases, @Nullable String originalMessage) {

        static Analysis of(MessageAnalysis a) {
            return a == null ? null : new Analysis(a.language(), a.confidence(), a.translation(), a.intent(),
                    a.keyPhrases(), a.originalMessage());
        }
    }

    static MessageDto of(Message message) {
        if (message instanceof InboundMessage in) {
            InboundContent c = in.content();
            Inbound parts = new Inbound(c.text(), c.media(),
                    c.media() == null ? null : "/api/media/" + in.id(), c.context(), c.button(), c.interactive(),
                    c.reaction(), c.error(), Choice.of(in.choice()), in.hold() == null ? null : in.hold().name(),
                    in.answer() == null ? null : in.answer().name());
            return new MessageDto(in.id(), in.conversationId(), "INBOUND", in.text(), in.createdAt(),
                    in.receivedAt(), in.eventId(), c.kind(), c.channelMessageId(), parts,
                    Analysis.of(in.analysis()), null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
        OutboundMessage out = (OutboundMessage) message;
        return new MessageDto(out.id(), out.conversationId(), "OUTBOUND", out.text(), out.createdAt(), null, null,
                null, null, null, null, out.status().name(), out.acsMessageId(), out.ruleId(), out.errorCode(),
                out.errorMessage(), out.inReplyTo(), out.attempts(), out.nextAttemptAt(), out.statusUpdatedAt(),
                content(out.content()), out.origin().name(), out.replaces(), out.firstAttemptAt(), null,
                out.sentBy());
    }

    static Content content(OutboundContent content) {
        if (content instanceof OutboundContent.Text t) {
            return new Content("TEXT", t.text(), null, null, null, null, null);
        }
        if (content instanceof OutboundContent.Media m) {
            return new Content("MEDIA", null, m.url(), m.caption(), null, null, null);
        }
        if (content instanceof OutboundContent.Interactive i) {
            if (i.action() instanceof OutboundContent.Interactive.Buttons b) {
                return new Content("BUTTONS", i.body(), null, null, null, null, null, i.header(), i.footer(),
                        InteractiveDto.options(b.buttons()), null, null, null);
            }
            if (i.action() instanceof OutboundContent.Interactive.Choices c) {
                return new Content("LIST", i.body(), null, null, null, null, null, i.header(), i.footer(), null,
                        c.buttonText(), InteractiveDto.sections(c.sections()), null);
            }
            OutboundContent.Interactive.Link link = (OutboundContent.Interactive.Link) i.action();
            return new Content("URL", i.body(), link.url(), null, null, null, null, i.header(), i.footer(), null,
                    null, null, link.title());
        }
        OutboundContent.Template t = (OutboundContent.Template) content;
        return new Content("TEMPLATE", null, null, null, t.name(), t.language(), t.parameters());
    }
}
