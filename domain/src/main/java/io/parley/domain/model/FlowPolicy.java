package io.parley.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator allows flows: the hosts HTTP steps may call (empty: any) and the secrets they may use in
 * headers (by name; the values stay in the settings).
 */
public record FlowPolicy(Set<String> allowedHosts, Set<String> secrets) {

    public static final FlowPolicy OPEN = new FlowPolicy(Set.of(), Set.of());

    private static final Pattern HOST = Pattern.compile("^https?://(?:[^@/]*@)?(\\[[^]]*]|[^/:?#]+)");

    public FlowPolicy {
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts.stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList());
        secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
    }

    /** The host of an HTTP step's address, lower case; null when it has none. */
    public static String host(String url) {
        Matcher m = url == null ? null : HOST.matcher(url.strip());
        return m != null && m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    public boolean allows(String host) {
        return allowedHosts.isEmpty() || host != null && allowedHosts.contains(host);
    }

    /** Every HTTP step that calls a host not allowed, or uses a secret not configured, by field. */
    public List<FieldError> problems(Flow flow, JsonDocuments json) {
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            if (!(flow.steps().get(i) instanceof FlowStep.Http http)) {
                continue;
            }
            String field = "steps[" + i + "]";
            String host = host(http.url());
            if (!allows(host)) {
                problems.add(new FieldError(field + ".url", "calls " + host + ", which is not an allowed host ("
                        + String.join(", ", new java.util.TreeSet<>(allowedHosts)) + ")"));
            }
            if (http.body() != null && json != null) {
                // a placeholder stands for a value: 0 keeps the JSON valid inside a string and where a number goes
                String problem = json.problem(http.body().replaceAll("\\{\\{[^{}]*}}", "0"));
                if (problem != null) {
                    problems.add(new FieldError(field + ".body", "is not JSON: " + problem));
                }
            }
        }
        Flow only = flow;
        for (String secret : only.secrets()) {
            if (!secrets.contains(secret)) {
                problems.add(new FieldError("steps", "uses {{secret." + secret + "}}, but no setting "
                        + "PARLEY_FLOWS_SECRET_" + secret.toUpperCase(Locale.ROOT) + " holds it"));
            }
        }
        return problems;
    }
}
