package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.app.config.ChannelDirectory;
import io.parley.domain.model.ChannelName;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.port.in.NameChannelsUseCase;
import io.parley.domain.port.out.ConversationQueries;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The WhatsApp numbers (channels) Parley knows, with the names people know them by: {@code GET /api/channels}
 * (every role) lists each channel that has conversations or a name, {@code PUT /api/channels/{channelId}} with
 * {@code {"name": "..."}} names one (admins; an empty name goes back to the name in the settings, if any).
 */
@Controller("/api/channels")
@ExecuteOn(TaskExecutors.BLOCKING)
class ChannelController {

    private final ConversationQueries queries;
    private final ChannelDirectory directory;
    private final NameChannelsUseCase naming;

    ChannelController(ConversationQueries queries, ChannelDirectory directory, NameChannelsUseCase naming) {
        this.queries = queries;
        this.directory = directory;
        this.naming = naming;
    }

    /**
     * @param name     what the console shows (null: the channel has no name; it is shown by its id)
     * @param source   {@code console} (an admin named it) or {@code settings}; null without a name
     */
    @Serdeable
    record ChannelDto(String channelId, @Nullable String name, @Nullable String source, @Nullable String namedBy,
                      @Nullable Instant namedAt, long conversations, @Nullable Instant lastMessageAt) {
    }

    @Get
    List<ChannelDto> list() {
        Map<String, ChannelName> names = directory.names();
        Map<String, ConversationQueries.ChannelActivity> activity = new TreeMap<>();
        queries.channels().forEach(a -> activity.put(a.channelId(), a));
        Map<String, ChannelDto> all = new TreeMap<>();
        for (String id : names.keySet()) {
            all.put(id, dto(id, names.get(id), activity.get(id)));
        }
        activity.forEach((id, a) -> all.put(id, dto(id, names.get(id), a)));
        return all.values().stream().sorted(Comparator.comparing((ChannelDto c) -> c.name() == null)
                .thenComparing(c -> c.name() == null ? c.channelId() : c.name().toLowerCase())).toList();
    }

    private static ChannelDto dto(String id, ChannelName name, ConversationQueries.ChannelActivity activity) {
        boolean settings = name != null && ChannelDirectory.SETTINGS.equals(name.updatedBy());
        return new ChannelDto(id, name == null ? null : name.name(), name == null ? null : settings ? "settings"
                : "console", name == null || settings ? null : name.updatedBy(), name == null || settings ? null
                : name.updatedAt(), activity == null ? 0 : activity.conversations(),
                activity == null ? null : activity.lastMessageAt());
    }

    @Serdeable
    record NameBody(@Nullable String name) {
    }

    @Put("/{channelId}")
    HttpResponse<?> name(HttpRequest<?> request, @PathVariable String channelId, @Body NameBody body) {
        try {
            naming.name(channelId, body.name(), AdminActor.of(request));
            String id = channelId.strip();
            return HttpResponse.ok(list().stream().filter(c -> c.channelId().equals(id)).findFirst()
                    .orElse(new ChannelDto(id, null, null, null, null, 0, null)));
        } catch (InvalidRuleException e) {
            return HttpResponse.badRequest(ApiErrors.of("the name is not valid", e.errors()));
        }
    }
}
