package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.OptionSection;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyType;
import java.util.List;

/**
 * The parts of an interactive reply beside its body, as stored: in {@code reply_rule.reply_interactive} and the
 * rule versions (a rule's {@link InteractiveParts}), and in {@code message.details} of an outbound BUTTONS, LIST or
 * URL message (as sent, with the link's {@code url}).
 */
@Serdeable
record InteractiveJson(@Nullable String header, @Nullable String footer, @Nullable List<Option> buttons,
                       @Nullable String buttonText, @Nullable List<Section> sections, @Nullable String title,
                       @Nullable String url) {

    @Serdeable
    record Option(@Nullable String id, @Nullable String title, @Nullable String description) {

        static Option of(InteractiveOption o) {
            return o == null ? null : new Option(o.id(), o.title(), o.description());
        }

        InteractiveOption toDomain() {
            return new InteractiveOption(id, title, description);
        }
    }

    @Serdeable
    record Section(@Nullable String title, @Nullable List<Option> rows) {

        static Section of(OptionSection s) {
            return s == null ? null : new Section(s.title(), options(s.rows()));
        }

        OptionSection toDomain() {
            return new OptionSection(title, InteractiveJson.toDomain(rows));
        }
    }

    static InteractiveJson of(InteractiveParts p) {
        return new InteractiveJson(p.header(), p.footer(), p.buttons().isEmpty() ? null : options(p.buttons()),
                p.buttonText(), p.sections().isEmpty() ? null : p.sections().stream().map(Section::of).toList(),
                p.title(), null);
    }

    InteractiveParts toParts() {
        return new InteractiveParts(header, footer, toDomain(buttons), buttonText,
                sections == null ? List.of() : sections.stream().map(s -> s == null ? null : s.toDomain()).toList(),
                title);
    }

    static InteractiveJson of(OutboundContent.Interactive m) {
        if (m.action() instanceof OutboundContent.Interactive.Buttons b) {
            return new InteractiveJson(m.header(), m.footer(), options(b.buttons()), null, null, null, null);
        }
        if (m.action() instanceof OutboundContent.Interactive.Choices c) {
            return new InteractiveJson(m.header(), m.footer(), null, c.buttonText(),
                    c.sections().stream().map(Section::of).toList(), null, null);
        }
        OutboundContent.Interactive.Link link = (OutboundContent.Interactive.Link) m.action();
        return new InteractiveJson(m.header(), m.footer(), null, null, null, link.title(), link.url());
    }

    OutboundContent.Interactive toContent(ReplyType type, String body) {
        OutboundContent.Interactive.Action action = switch (type) {
            case BUTTONS -> new OutboundContent.Interactive.Buttons(toDomain(buttons));
            case LIST -> new OutboundContent.Interactive.Choices(buttonText,
                    sections == null ? List.of() : sections.stream().map(Section::toDomain).toList());
            case URL -> new OutboundContent.Interactive.Link(title, url);
            default -> throw new IllegalArgumentException(type + " is not an interactive message");
        };
        return new OutboundContent.Interactive(header, body, footer, action);
    }

    private static List<Option> options(List<InteractiveOption> options) {
        return options.stream().map(Option::of).toList();
    }

    private static List<InteractiveOption> toDomain(List<Option> options) {
        return options == null ? List.of() : options.stream().map(o -> o == null ? null : o.toDomain()).toList();
    }
}
