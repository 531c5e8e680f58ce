package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode's stand-in for ACS's message analysis: a while after a text from the console's customer phone, it posts
 * an AdvancedMessageAnalysisCompleted event for it to the webhook, as ACS does after the message. Its "analysis" is
 * a few word lists (English, Spanish, German, French; order status, refund, complaint, greeting), enough to show
 * answers that wait for the analysis; a real ACS resource uses Azure AI for it.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
class SimulatedAnalyst {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedAnalyst.class);

    private static final Map<String, Set<String>> LANGUAGES = Map.of(
            "Spanish", Set.of("hola", "gracias", "donde", "dónde", "está", "esta", "pedido", "paquete", "quiero",
                    "ayuda", "por", "favor", "mi", "buenos", "días", "qué", "cuándo", "reembolso", "dinero"),
            "German", Set.of("hallo", "danke", "wo", "ist", "meine", "mein", "bestellung", "paket", "bitte", "ich",
                    "möchte", "hilfe", "guten", "tag", "geld", "zurück"),
            "French", Set.of("bonjour", "merci", "où", "est", "ma", "mon", "commande", "colis", "je", "veux",
                    "aide", "remboursement", "argent"));

    /** An intent in ACS's style ("Kind: sentence"), and words any of which suggest it. */
    private record Intent(String sentence, Set<String> words) {
    }

    private static final List<Intent> INTENTS = List.of(
            new Intent("Refund request: The customer wants their money back.", Set.of("refund", "reembolso",
                    "devolución", "erstattung", "rückerstattung", "remboursement", "money", "dinero", "geld",
                    "argent")),
            new Intent("Complaint: The customer reports a problem with what they received.", Set.of("broken",
                    "damaged", "wrong", "complaint", "roto", "dañado", "kaputt", "beschädigt", "cassé")),
            new Intent("Order status: The customer asks where their order is.", Set.of("order", "parcel",
                    "package", "delivery", "tracking", "pedido", "paquete", "bestellung", "paket", "commande",
                    "colis", "shipped", "arrive")),
            new Intent("Greeting: The customer says hello.", Set.of("hello", "hi", "hey", "hola", "hallo",
                    "bonjour", "buenos")));

    private static final Set<String> COMMON = Set.of("where", "there", "their", "about", "would", "could",
            "should", "please", "thanks", "which", "están", "quiero", "bitte", "merci");

    private final LocalWebhook webhook;
    private final DemoSettings settings;
    private final io.parley.domain.port.out.AnalysisPort analyses;
    private final io.parley.domain.port.out.TransactionPort transactions;
    private final java.time.Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-demo-analyst");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedAnalyst(LocalWebhook webhook, DemoSettings settings, io.parley.domain.port.out.AnalysisPort analyses,
                     io.parley.domain.port.out.TransactionPort transactions, java.time.Clock clock) {
        this.clock = clock;
        this.webhook = webhook;
        this.settings = settings;
        this.analyses = analyses;
        this.transactions = transactions;
    }

    /**
     * The simulated channel sends analyses: recorded at start, as its first analysis would, so that answers wait for
     * them from the first message on (a real channel counts once it has sent one).
     */
    @io.micronaut.runtime.event.annotation.EventListener
    void announce(io.micronaut.runtime.server.event.ServerStartupEvent event) {
        if (settings.analyses()) {
            transactions.inTransaction(() -> {
                analyses.channelAnalysed(settings.channelId(), clock.instant());
                return null;
            });
        }
    }

    /** Posts the analysis of {@code text}, which {@code from} sent to {@code channelId}, after the demo's delay. */
    void analyseLater(String from, String channelId, String text, Instant receivedAt) {
        if (!settings.analyses() || text == null || text.isBlank()) {
            return;
        }
        timer.schedule(() -> {
            try {
                webhook.post(webhook.event("Microsoft.Communication.AdvancedMessageAnalysisCompleted",
                        "advancedMessage/sender/" + from + "/recipient/" + channelId,
                        analysis(from, channelId, text, receivedAt)));
            } catch (Exception e) {
                LOG.warn("demo: the simulated analysis of a message could not be posted: {}", e.toString());
            }
        }, settings.analysisAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The event's data for {@code text}: language with a confidence, intent and key phrases. */
    static Map<String, Object> analysis(String from, String channelId, String text, Instant receivedAt) {
        List<String> words = words(text);
        String language = "English";
        int best = 0;
        for (Map.Entry<String, Set<String>> candidate : LANGUAGES.entrySet()) {
            int hits = (int) words.stream().filter(candidate.getValue()::contains).count();
            if (hits > best) {
                best = hits;
                language = candidate.getKey();
            }
        }
        String intent = "General inquiry: The customer has a question.";
        for (Intent candidate : INTENTS) {
            if (words.stream().anyMatch(candidate.words()::contains)) {
                intent = candidate.sentence();
                break;
            }
        }
        List<String> phrases = new ArrayList<>();
        for (String word : words) {
            if (word.length() >= 5 && !COMMON.contains(word) && !phrases.contains(word) && phrases.size() < 3) {
                phrases.add(word);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("originalMessage", text);
        data.put("channelType", "whatsapp");
        data.put("languageDetection", Map.of("language", language, "confidenceScore", best > 0 ? 0.9 : 0.6));
        data.put("intentAnalysis", intent);
        data.put("extractedKeyPhrases", phrases);
        data.put("from", from);
        data.put("to", channelId);
        data.put("receivedTimestamp", receivedAt.toString());
        return data;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
