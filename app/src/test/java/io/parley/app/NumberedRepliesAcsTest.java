package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.adapters.acs.AcsStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PARLEY_ACS_INTERACTIVE=false: the same menu goes out as numbered text through the SDK, and a typed number, id or
 * title picks an option, but only in the conversation that was offered the menu.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberedRepliesAcsTest extends MenuRulesAcsTestBase {

    @Override
    boolean interactive() {
        return false;
    }

    @Test
    void theMenuIsNumberedTextAndTwoPicksTheSecondOptionOnlyForTheCustomerWhoWasOfferedIt() {
        customerWrites("15558000001", "menu");
        await(Duration.ofSeconds(10), "the menu at the ACS stub", () -> sendsTo("15558000001").size() == 1);
        AcsStub.Recorded menu = sendsTo("15558000001").get(0);
        assertTrue(menu.signatureValid(), menu.signatureProblem());
        assertEquals("/messages/notifications:send?api-version=2024-02-01", menu.pathAndQuery());
        assertTrue(menu.body().contains("\"kind\":\"text\""), menu.body());
        assertTrue(menu.body().contains("\"content\":\"*Parley shop*\\nWhat can we do for you, 15558000001?\\n\\n"
                + "1. My orders\\n2. Talk to us\\n\\n_Tap a button_\""), menu.body());

        customerWrites("15558000001", "2");
        await(Duration.ofSeconds(10), "the answer to 2", () -> sendsTo("15558000001").size() == 2);
        assertTrue(sendsTo("15558000001").get(1).body().contains("A colleague will write to you."));
        @SuppressWarnings("unchecked")
        Map<String, Object> choice = (Map<String, Object>) ((Map<String, Object>) parley.messagesOf("15558000001")
                .get(2).get("inbound")).get("choice");
        assertEquals("help", choice.get("optionId"));
        assertEquals(true, choice.get("typed"));

        customerWrites("15558000001", "My Orders!");
        await(Duration.ofSeconds(10), "the answer to the title", () -> sendsTo("15558000001").size() == 3);
        assertTrue(sendsTo("15558000001").get(2).body().contains("Your orders are on their way."));

        customerWrites("15558000002", "2");
        await(Duration.ofSeconds(5), "the other customer's 2 stored", () -> parley.messagesOf("15558000002")
                .size() == 1);
        parley.awaitNothingQueuedFor(Duration.ofSeconds(5), "15558000002");
        assertEquals(List.of(), sendsTo("15558000002"), "a 2 from a customer who was offered nothing answers nothing");
        assertEquals(1, parley.messagesOf("15558000002").size());
    }
}
