package io.parley.domain.model;

import java.util.List;
import java.util.Objects;

/** A titled group of rows in a WhatsApp list message. */
public record OptionSection(String title, List<InteractiveOption> rows) {

    public OptionSection {
        rows = rows == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows));
    }

    public OptionSection(String title, InteractiveOption... rows) {
        this(title, List.of(Objects.requireNonNull(rows)));
    }
}
