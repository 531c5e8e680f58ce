package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClientBuilder;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a send costs the sender, by the SDK's HTTP transport: the JDK HttpClient one or the OkHttp one Parley uses.
 * Sends 4,000 texts from 8 threads through {@link AcsMessageSender} to the HTTPS stand-in, six rounds or as many as
 * asked for (the first ones warm up), and reports the throughput and the CPU of the sending side per send: the
 * sender threads and the transport's own threads, not the stand-in's.
 *
 * <p>{@code java -cp loadgen/target/loadgen.jar io.parley.adapters.acs.SenderTransportsBenchmark jdk|okhttp [rounds]}
 */
public final class SenderTransportsBenchmark {

    private SenderTransportsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "okhttp";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        try (AcsStub stub = AcsStub.start()) {
            AcsStub.trustStubByDefault();
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host"); // the JDK transport's Host header
            // the JDK variant has the SDK's client only (this benchmark sends text, not interactive messages)
            AcsConnection connection = transport.equals("jdk")
                    ? new AcsConnection(stub.endpoint(), null, new NotificationMessagesClientBuilder()
                            .connectionString(stub.connectionString()).httpClient(jdk())
                            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                            .buildClient())
                    : AcsOutboundFactory.connect(stub.connectionString(), Duration.ofSeconds(30));
            AcsMessageSender sender = new AcsMessageSender(connection);
            Conversation conversation = new Conversation(UUID.randomUUID(), "11111111-1111-1111-1111-111111111111",
                    "15551234567", Instant.now(), Instant.now());
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "bench-sender"));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 1; round <= rounds; round++) {
                int sends = 4000;
                long cpuBefore = sendingSideCpu(threads);
                long start = System.nanoTime();
                List<Future<String>> done = new ArrayList<>();
                for (int i = 0; i < sends; i++) {
                    OutboundMessage m = OutboundMessage.queue(UUID.randomUUID(), conversation, null, null,
                            new OutboundContent.Text("Thanks, we got your message " + i), Instant.now())
                            .attempt(Instant.now(), AcsChannelPolicy.WHATSAPP.repeatabilityWindow());
                    done.add(pool.submit(() -> sender.send(m)));
                }
                for (Future<String> f : done) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMicros = (sendingSideCpu(threads) - cpuBefore) / 1e3 / sends;
                System.out.printf("%s round %d: %d sends in %.2f s = %.0f sends/s, %.0f us of sending-side CPU "
                        + "per send%n", transport, round, sends, seconds, sends / seconds, cpuMicros);
            }
            long valid = stub.requests().stream().filter(AcsStub.Recorded::signatureValid).count();
            System.out.printf("%d sends reached the stand-in, %d with a valid signature%n", stub.requests().size(),
                    valid);
            pool.shutdownNow();
        }
        System.exit(0);
    }

    private static HttpClient jdk() {
        return new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
    }

    /** CPU of every thread but the stand-in's (its HTTP server's dispatcher and pool threads). */
    private static long sendingSideCpu(ThreadMXBean threads) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            if (info == null || info.getThreadName().startsWith("HTTP-Dispatcher")
                    || info.getThreadName().startsWith("pool-")) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(id);
            total += Math.max(0, cpu);
        }
        return total;
    }
}
