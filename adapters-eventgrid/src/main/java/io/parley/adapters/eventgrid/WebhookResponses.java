package io.parley.adapters.eventgrid;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The JSON bodies /api/events answers with. */
final class WebhookResponses {

    private WebhookResponses() {
    }

    @Serdeable
    record Error(String error, Long deadLetterId) {
    }

    @Serdeable
    record Validation(String validationResponse) {
    }

    /** What became of each event of an accepted delivery. */
    @Serdeable
    record Report(int accepted, int duplicates, int ignored, int deadLettered, List<String> problems) {
    }
}
