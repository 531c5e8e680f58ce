package io.parley.domain.port.out;

import java.util.Optional;

/** Small named facts Parley keeps about itself (for example that the demo rules were seeded once). */
public interface SettingsPort {

    Optional<String> get(String name);

    /** Stores the value unless the name already has one; true when this call stored it. */
    boolean putIfAbsent(String name, String value);
}
