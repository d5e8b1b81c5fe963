package dev.ladder.server.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's outside sports feed: posts {@code NewEvent} messages for a few football matches through
 * the node's intake over HTTP ({@code POST /message/} with the bearer token), then {@code UpdateOdds}
 * every {@code period} with slowly drifting three-way odds, as a bookmaker feed would. Ids are large
 * (above 2^53), as such feeds send them. One daemon thread; {@link #close} stops it.
 */
public final class DemoSportsFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoSportsFeed.class);
    private static final DateTimeFormatter FEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] CLUBS = {"Northbridge Rovers", "Eastmoor Athletic", "Kingsford United", "Harbourside City",
        "Ashvale Town", "Millbrook Wanderers", "Redcliffe Albion", "Stonegate Rangers", "Westfield Harriers", "Oakridge Forest"};
    private static final long BASE_ID = 8_661_032_861_909_884_224L;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI intake;
    private final String token;
    private final int matches;
    private final Duration period;
    private final SplittableRandom random;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private final long[][] odds;
    private volatile boolean stopped;
    private long nextMessage = BASE_ID;

    private DemoSportsFeed(int port, String token, int matches, Duration period, long seed) {
        this.intake = URI.create("http://127.0.0.1:" + port + "/message/");
        this.token = token;
        this.matches = matches;
        this.period = period;
        this.random = new SplittableRandom(seed);
        this.odds = new long[matches][3];
        this.thread = Thread.ofPlatform().daemon().name("demo-sports-feed").unstarted(this::run);
    }

    /** Starts posting to the node on {@code port} with {@code token}. */
    public static DemoSportsFeed start(int port, String token, int matches, Duration period, long seed) {
        DemoSportsFeed f = new DemoSportsFeed(port, token, matches, period, seed);
        f.thread.start();
        return f;
    }

    /** Messages answered 202. */
    public long posted() {
        return posted.get();
    }

    /** Messages not accepted (counted and logged once per kind of answer). */
    public long failed() {
        return failed.get();
    }

    private void run() {
        Instant kickoff = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.HOURS);
        for (int m = 0; m < matches && !stopped; m++) {
            for (int k = 0; k < 3; k++) {
                odds[m][k] = 150 + random.nextInt(400);
            }
            post(message("NewEvent", m, kickoff.plus(m * 45L, ChronoUnit.MINUTES)));
        }
        while (!stopped) {
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            int m = random.nextInt(matches);
            for (int k = 0; k < 3; k++) {
                odds[m][k] = Math.max(101, odds[m][k] + random.nextInt(-8, 9));
            }
            post(message("UpdateOdds", m, kickoff.plus(m * 45L, ChronoUnit.MINUTES)));
        }
    }

    private String message(String type, int m, Instant start) {
        long event = 99_905_000L + m;
        String home = CLUBS[(2 * m) % CLUBS.length];
        String away = CLUBS[(2 * m + 1) % CLUBS.length];
        String[] names = {home, "The Draw", away};
        StringBuilder sel = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            sel.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"id\":%d,\"name\":\"%s\",\"odds\":%d.%02d}",
                    8_842_834_000L + m * 10L + k, names[k], odds[m][k] / 100, odds[m][k] % 100));
        }
        return String.format(Locale.ROOT, "{\"id\":%d,\"message_type\":\"%s\",\"event\":{\"id\":%d,\"name\":\"%s vs %s\","
                + "\"startTime\":\"%s\",\"sport\":{\"id\":221,\"name\":\"Football\"},\"markets\":[{\"id\":%d,\"name\":\"Match Odds\","
                + "\"selections\":[%s]}]}}", nextMessage++, type, event, home, away, FEED_TIME.format(start),
                334_222_000L + m, sel);
    }

    private void post(String body) {
        HttpRequest req = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 202) {
                posted.incrementAndGet();
            } else if (failed.incrementAndGet() <= 3) {
                log.warn("demo sports feed: intake answered {}: {}", res.statusCode(), res.body());
            }
        } catch (IOException e) {
            if (failed.incrementAndGet() <= 3) {
                log.warn("demo sports feed: cannot post: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
