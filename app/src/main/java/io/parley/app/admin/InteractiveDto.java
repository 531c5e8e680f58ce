package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.OptionSection;
import java.util.List;

/** The buttons and list sections of an interactive reply as the admin API reads and writes them (CONTRACT.md). */
final class InteractiveDto {

    private InteractiveDto() {
    }

    /** A button ({@code description} unused) or a list row. */
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
            return new OptionSection(title, InteractiveDto.toDomain(rows));
        }
    }

    /** Null for none, so that the key is left out of the JSON. */
    static List<Option> options(List<InteractiveOption> options) {
        return options == null || options.isEmpty() ? null : options.stream().map(Option::of).toList();
    }

    static List<Section> sections(List<OptionSection> sections) {
        return sections == null || sections.isEmpty() ? null : sections.stream().map(Section::of).toList();
    }

    static List<InteractiveOption> toDomain(List<Option> options) {
        return options == null ? List.of() : options.stream().map(o -> o == null ? null : o.toDomain()).toList();
    }

    static List<OptionSection> toSections(List<Section> sections) {
        return sections == null ? List.of()
                : sections.stream().map(s -> s == null ? null : s.toDomain()).toList();
    }
}
