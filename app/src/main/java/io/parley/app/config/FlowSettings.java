package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.parley.domain.model.FlowPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code parley.flows.*} (PARLEY_FLOWS_*): what flows may do. {@code httpSecret} keys the {@code X-Parley-Signature}
 * of every HTTP step's call; {@code httpAllowedHosts} (comma-separated), when set, is the only hosts they may call;
 * {@code secrets} the values of {@code {{secret.NAME}}} in their headers, also read from the environment as
 * {@code PARLEY_FLOWS_SECRET_<NAME>}.
 */
@Context
@ConfigurationProperties("parley.flows")
public record FlowSettings(@Nullable String httpSecret, @Nullable String httpAllowedHosts, Duration pollInterval,
                           boolean enabled, @Nullable Map<String, String> secrets, Duration lease) {

    static final String SECRET_PREFIX = "PARLEY_FLOWS_SECRET_";

    public FlowSettings {
        Settings.positive(pollInterval, "PARLEY_FLOWS_POLL_INTERVAL");
        Settings.required(lease, "PARLEY_FLOWS_LEASE");
        if (lease.compareTo(io.parley.domain.service.RunScheduledWorkService.MIN_LEASE) < 0) {
            throw new IllegalArgumentException("PARLEY_FLOWS_LEASE (" + lease
                    + ") must be at least 15s: the longest call (10 s) and its round");
        }
        Map<String, String> all = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(SECRET_PREFIX) && name.length() > SECRET_PREFIX.length()) {
                all.put(name.substring(SECRET_PREFIX.length()).toUpperCase(Locale.ROOT), value);
            }
        });
        if (secrets != null) {
            secrets.forEach((name, value) -> all.put(name.replace('-', '_').replace('.', '_')
                    .toUpperCase(Locale.ROOT), value));
        }
        secrets = Map.copyOf(all);
    }

    public Set<String> allowedHosts() {
        return httpAllowedHosts == null || httpAllowedHosts.isBlank() ? Set.of()
                : Arrays.stream(httpAllowedHosts.split(",")).map(String::strip).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The value of secret {@code name} (compared in upper case), or null. */
    public String secret(String name) {
        return secrets.get(name.toUpperCase(Locale.ROOT));
    }

    public FlowPolicy toDomain() {
        return new FlowPolicy(allowedHosts(), secrets.keySet());
    }

    List<String> secretNames() {
        return secrets.keySet().stream().sorted().toList();
    }
}
