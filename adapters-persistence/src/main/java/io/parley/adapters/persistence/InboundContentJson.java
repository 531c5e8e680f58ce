package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.ReplyType;
import java.util.UUID;

/** The structured parts of an inbound message as stored in {@code message.details}. */
@Serdeable
record InboundContentJson(@Nullable String text, @Nullable Media media, @Nullable Context context,
                          @Nullable Button button, @Nullable Interactive interactive, @Nullable Reaction reaction,
                          @Nullable Error error, @Nullable Choice choice) {

    @Serdeable
    record Media(@Nullable String id, @Nullable String mimeType, @Nullable String fileName, @Nullable String caption,
                 @Nullable Boolean animated) {
    }

    @Serdeable
    record Context(@Nullable String messageId, @Nullable String from) {
    }

    @Serdeable
    record Button(@Nullable String text, @Nullable String payload) {
    }

    @Serdeable
    record Interactive(@Nullable String type, @Nullable String id, @Nullable String title,
                       @Nullable String description) {
    }

    @Serdeable
    record Reaction(@Nullable String messageId, @Nullable String emoji) {
    }

    @Serdeable
    record Error(@Nullable String code, @Nullable String message) {
    }

    /** The option of an earlier offer the message picked (see {@link OfferChoice}). */
    @Serdeable
    record Choice(UUID offerMessageId, String kind, String optionId, @Nullable String title, int number,
                  boolean typed) {
    }

    static InboundContentJson of(InboundContent c, OfferChoice choice) {
        return new InboundContentJson(c.text(),
                c.media() == null ? null : new Media(c.media().id(), c.media().mimeType(), c.media().fileName(),
                        c.media().caption(), c.media().animated()),
                c.context() == null ? null : new Context(c.context().messageId(), c.context().from()),
                c.button() == null ? null : new Button(c.button().text(), c.button().payload()),
                c.interactive() == null ? null : new Interactive(c.interactive().type(), c.interactive().id(),
                        c.interactive().title(), c.interactive().description()),
                c.reaction() == null ? null : new Reaction(c.reaction().messageId(), c.reaction().emoji()),
                c.error() == null ? null : new Error(c.error().code(), c.error().message()),
                choice == null ? null : new Choice(choice.offerMessageId(), choice.kind().name(), choice.optionId(),
                        choice.title(), choice.number(), choice.typed()));
    }

    OfferChoice toChoice() {
        return choice == null ? null : new OfferChoice(choice.offerMessageId, ReplyType.valueOf(choice.kind),
                choice.optionId, choice.title, choice.number, choice.typed);
    }

    InboundContent toDomain(String kind, String channelMessageId) {
        return new InboundContent(kind, text,
                media == null ? null : new InboundContent.Media(media.id, media.mimeType, media.fileName,
                        media.caption, media.animated),
                context == null ? null : new InboundContent.ReplyContext(context.messageId, context.from),
                button == null ? null : new InboundContent.Button(button.text, button.payload),
                interactive == null ? null : new InboundContent.Interactive(interactive.type, interactive.id,
                        interactive.title, interactive.description),
                reaction == null ? null : new InboundContent.Reaction(reaction.messageId, reaction.emoji),
                error == null ? null : new InboundContent.ChannelError(error.code, error.message),
                channelMessageId);
    }
}
