package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.api.BettingApiConfig;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.betfair.sim.SimRace;
import dev.ladder.betfair.sim.SimRunner;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.FaultConfig;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.node.DemoSportsFeed;
import dev.ladder.server.node.DemoVenues;
import dev.ladder.server.node.LiveNode;
import dev.ladder.server.testing.Http;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The web pages in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a
 * downloaded browser) against the demo wired in this JVM: simulated Binance and Betfair (a racing day with
 * the Betting API simulator polled into the catalog) and the football feed. Each page loads with no console
 * errors, live values change while the test watches, a gap forced through the simulator's fault API recovers
 * in the page, a broken diff chain makes the page ask for a fresh snapshot, the heatmap canvas is drawn and the
 * race card shows the simulated runners. Screenshots go to {@code target/screenshots/}.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the tests are skipped with the reason,
 * except under {@code CI=true}, where that is a failure ({@code .ci/run} installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(60);

    static BinanceSimulator binance;
    static BetfairSimulator betfair;
    static BettingApiSimulator bettingApi;
    static LiveNode node;
    static DemoSportsFeed feed;
    static ChromeDriver driver;
    static Http http;
    static String base;
    static Path dataDir;

    @BeforeAll
    static void startDemoAndBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String reason = "no " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + reason);
            }
            Assumptions.abort(reason);
        }
        dataDir = Files.createTempDirectory("ladder-web-test");
        binance = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT")).withSeed(7)
                .withTick(Duration.ofMillis(50)), Clock.system());
        betfair = DemoVenues.startRacingDay(4, 7);
        bettingApi = DemoVenues.startBettingApi(betfair);
        betfair.runModels(Duration.ofMillis(200));
        node = LiveNode.start(List.of(BinanceConfig.spot(List.of("BTCUSDT", "ETHUSDT"))
                        .withBaseUris(binance.restBaseUri(), binance.wsBaseUri()).withBookTickerAndTrades(false, true)),
                DemoVenues.betfairSource(betfair, MarketFilter.all()), dataDir, ServerConfig.loopback(0), null,
                Clock.system(), List.of(),
                new LiveNode.CatalogSetup(CatalogConfig.sqlite(dataDir), new CatalogAccess("web-test-token", null))
                        .withPoller(BettingApiConfig.at(bettingApi.endpoint()),
                                SessionProvider.fixed(DemoVenues.APP_KEY, DemoVenues.SESSION)));
        feed = DemoSportsFeed.start(node.port(), "web-test-token", 4, Duration.ofMillis(500), 7);
        http = new Http(node.port());
        base = "http://127.0.0.1:" + node.port() + "/";
        Files.createDirectories(SCREENSHOTS);

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("ladder-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Awaitility.await().atMost(WAIT).until(() ->
                node.registry().all().stream().allMatch(b -> b.state() == dev.ladder.server.live.BookState.LIVE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        for (AutoCloseable c : new AutoCloseable[] {feed, node, bettingApi, betfair, binance}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Every page must load and run without a console error (a failed request, an exception). */
    @AfterEach
    void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    @Order(1)
    void overviewListsBooksAndMarketsWithLiveValues() throws IOException {
        open("#/");
        await(() -> rows("#books").size() >= 2 && rows("#markets").size() >= 8);
        assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Overview");
        String first = cellText("#books tbody tr[data-symbol=BTCUSDT] td:nth-child(9)");
        await(() -> !cellText("#books tbody tr[data-symbol=BTCUSDT] td:nth-child(9)").equals(first));
        assertThat(cellText("#books tbody tr[data-symbol=BTCUSDT] td:nth-child(3)")).isEqualTo("live");
        WebElement filter = driver.findElement(By.id("filter"));
        filter.sendKeys("ETH");
        await(() -> rows("#books").size() == 1);
        assertThat(driver.getCurrentUrl()).endsWith("#/?q=ETH");
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        await(() -> rows("#books").size() == 2);
        // the favourite's best back and lay arrive from the market routes
        await(() -> !cellText("#markets tbody tr:first-child td:nth-child(9)").isEmpty());
        screenshot("overview");
        // keyboard: a focused link keeps the focus across refreshes, and Enter opens its page
        script("document.querySelector(\"#books a[href='#/book/binance/BTCUSDT']\").focus()");
        String note = cellText("#overview-status");
        await(() -> !cellText("#overview-status").equals(note));
        assertThat(script("return document.activeElement.getAttribute('href')")).isEqualTo("#/book/binance/BTCUSDT");
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(Keys.ENTER).perform();
        await(() -> driver.getCurrentUrl().endsWith("#/book/binance/BTCUSDT") && intData("#book", "diffs") > 0);
    }

    @Test
    @Order(2)
    void bookPageAppliesDiffsRecoversFromAGapAndMarksAStaleStream() throws Exception {
        open("#/book/binance/BTCUSDT");
        await(() -> intData("#book", "diffs") > 5);
        String id = data("#book", "updateId");
        await(() -> !data("#book", "updateId").equals(id));
        assertThat(rows("#ladder")).hasSize(31);
        // spread and mid are exact decimals of the best prices shown
        String spread = cellText("#spread");
        assertThat(new BigDecimal(spread)).isPositive();
        assertThat(driver.findElement(By.id("depth-chart")).isDisplayed()).isTrue();
        await(() -> rows("#trades").size() >= 3);
        String newest = cellText("#trades tbody tr:first-child");
        await(() -> !cellText("#trades tbody tr:first-child").equals(newest));
        screenshot("book");

        // a gap forced through the simulator's fault API: the client resyncs, the server sends a fresh snapshot
        int snapshots = intData("#book", "snapshots");
        long resyncsBefore = resyncs();
        binance.faults(FaultConfig.NONE.withDrop(0.5));
        await(() -> resyncs() > resyncsBefore);
        binance.faults(FaultConfig.NONE);
        await(() -> intData("#book", "snapshots") > snapshots && data("#book", "state").equals("live"));
        assertThat(script("return window.__ladderBook.book.statesSeen.includes('resyncing')")).isEqualTo(true);
        int diffs = intData("#book", "diffs");
        await(() -> intData("#book", "diffs") > diffs + 3);
        assertThat(intData("#book", "chainBreaks")).isZero();

        // a diff that does not chain onto the page's copy: the page drops it and asks for a fresh snapshot
        int before = intData("#book", "snapshots");
        script("window.__ladderBook.source.dispatchEvent(new MessageEvent('diff', {data: JSON.stringify({previousUpdateId: 1,"
                + " firstUpdateId: 2, lastUpdateId: 2, bids: [['1', '1']], asks: []})}))");
        await(() -> intData("#book", "chainBreaks") == 1 && intData("#book", "snapshots") > before);
        await(() -> intData("#book", "diffs") > diffs + 6);

        // a still stream is marked stale, and the marker goes when updates come back
        binance.pause();
        try {
            await(() -> driver.findElement(By.id("stale")).isDisplayed());
            assertThat(cellText("#stale")).startsWith("Stale");
            screenshot("book-stale");
        } finally {
            binance.resume();
        }
        await(() -> !driver.findElement(By.id("stale")).isDisplayed());
    }

    @Test
    @Order(3)
    void historyDrawsTheHeatmapAndTheBookAtTheChosenInstant() throws Exception {
        // a default range around where the book traded: the levels spread over many price buckets
        JsonNode stream = null;
        for (JsonNode s : http.get("/api/history").json().get("streams")) {
            if (s.get("venue").asText().equals("binance") && s.get("symbol").asText().equals("BTCUSDT")) {
                stream = s;
            }
        }
        assertThat(stream).as("BTCUSDT is recorded").isNotNull();
        String from = stream.get("from").asText();
        String to = stream.get("to").asText();
        Http.Response res = http.get("/api/history/binance/BTCUSDT/heatmap?from=" + from + "&to=" + to
                + "&timeBuckets=20&priceBuckets=50");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode h = res.json();
        boolean[] used = new boolean[50];
        for (JsonNode row : h.get("cells")) {
            for (int p = 0; p < 50; p++) {
                used[p] |= new BigDecimal(row.get(p).asText()).signum() > 0;
            }
        }
        int filled = 0;
        for (boolean u : used) {
            filled += u ? 1 : 0;
        }
        assertThat(filled).as("price buckets holding size in " + h.get("priceMin") + ".." + h.get("priceMax"))
                .isGreaterThanOrEqualTo(10);

        open("#/history/binance/BTCUSDT");
        await(() -> intData("#heatmap", "drawn") > 100);
        await(() -> !rows("#at-levels").isEmpty());
        assertThat(driver.getCurrentUrl()).contains("from=").contains("to=");
        WebElement slider = driver.findElement(By.id("time-slider"));
        slider.sendKeys(Keys.HOME);
        String atUrl = driver.getCurrentUrl();
        assertThat(atUrl).contains("at=");
        await(() -> data("#book-at", "at") != null && Math.abs(Long.parseLong(data("#book-at", "at"))
                - java.time.Instant.parse(java.net.URLDecoder.decode(atUrl.replaceAll(".*[?&]from=([^&]*).*", "$1"),
                        java.nio.charset.StandardCharsets.UTF_8)).toEpochMilli()) < 1000);
        String range = data("#heatmap", "priceMin");
        driver.findElement(By.id("heatmap")).sendKeys("+");
        await(() -> !driver.getCurrentUrl().equals(atUrl));
        await(() -> intData("#heatmap", "drawn") > 10);
        assertThat(range).isNotBlank();
        screenshot("history");

        SimRace race = betfair.races().getFirst();
        open("#/history/betfair/" + race.winMarketId());
        await(() -> driver.findElements(By.cssSelector("#runner option")).size() == race.runners().size());
        await(() -> intData("#heatmap", "drawn") > 0);
        await(() -> !rows("#at-levels").isEmpty());
        screenshot("history-betfair");
    }

    @Test
    @Order(4)
    void raceCardShowsTheSimulatedRunnersWithLivePrices() throws IOException {
        SimRace race = betfair.races().getFirst();
        open("#/racing");
        By link = By.cssSelector("a[data-race='" + race.raceId() + "']");
        await(() -> !driver.findElements(link).isEmpty());
        assertThat(cellText("a[data-race='" + race.raceId() + "'] .countdown")).matches("in \\d+:\\d\\d|in \\d+ h \\d\\d|started .*|[a-z_]+");
        screenshot("racing");
        driver.findElement(link).click();
        await(() -> driver.getCurrentUrl().endsWith("#/race/" + race.raceId()));
        await(() -> rows("#race-runners").size() == race.runners().size());
        List<String> names = texts("#race-runners tbody td.name");
        assertThat(names).containsExactlyInAnyOrderElementsOf(race.runners().stream().map(SimRunner::name).toList());
        SimRunner first = race.runners().getFirst();
        assertThat(cellText("#race-runners tr[data-runner='" + first.selectionId() + "']")).contains(first.jockey()).contains(first.trainer());
        await(() -> !cellText("#race-runners tbody tr:first-child td.back.best").isEmpty());
        int cards = intData("#race", "cards");
        await(() -> intData("#race", "cards") > cards);
        await(() -> cellText("#overround").endsWith("%"));
        screenshot("race-card");
    }

    @Test
    @Order(5)
    void matchesListEventsInStartOrderAndFollowTheOdds() throws IOException {
        open("#/matches");
        await(() -> driver.findElements(By.cssSelector("#matches article.match")).size() >= 4);
        assertThat(driver.getCurrentUrl()).endsWith("#/matches?sport=Football");
        Map<String, String> odds = odds();
        assertThat(odds).isNotEmpty();
        await(() -> !odds().equals(odds));
        List<String> times = new ArrayList<>();
        for (String t : texts("#matches article.match h3 span")) {
            times.add(t.substring(0, 16));
        }
        assertThat(times).isSorted();
        screenshot("matches");
    }

    @Test
    @Order(6)
    void idsAboveTwoToThe53StayExactAndDecimalsAreExact() {
        open("#/");
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "import('/web/util.js').then(u => done([u.parseJson('{\"lastUpdateId\":9007199254740993,\"selectionId\":123,\"size\":1.5}'),"
                + " u.subtract('0.3', '0.1'), u.midpoint('64314.76', '64314.77'), u.cumulative(['0.1', '0.2', '0.00000001'])]))");
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) r.get(0);
        assertThat(parsed.get("lastUpdateId")).isEqualTo("9007199254740993");
        assertThat(parsed.get("selectionId")).isEqualTo("123");
        assertThat(r.get(1)).isEqualTo("0.2");
        assertThat(r.get(2)).isEqualTo("64314.765");
        assertThat(r.get(3)).isEqualTo(List.of("0.1", "0.3", "0.30000001"));
    }

    @Test
    @Order(7)
    void pagesFitAPhoneWidthScreen() throws IOException {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : List.of("#/", "#/book/binance/BTCUSDT", "#/history/binance/BTCUSDT", "#/racing",
                    "#/race/" + betfair.races().getFirst().raceId(), "#/market/" + betfair.races().getFirst().winMarketId(),
                    "#/matches")) {
                open(page);
                await(() -> driver.findElement(By.id("view")).getText().length() > 40);
                long overflow = ((Number) script("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
                assertThat(overflow).as(page + " scrolls sideways").isLessThanOrEqualTo(0);
            }
            open("#/book/binance/BTCUSDT");
            await(() -> intData("#book", "diffs") > 2);
            screenshot("phone-book");
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    // --- helpers

    static void open(String hash) {
        driver.get(base + hash);
    }

    static Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    static List<WebElement> rows(String table) {
        return driver.findElements(By.cssSelector(table + " tbody tr"));
    }

    /** The text of the first element matching {@code css} ("" when none), read in one script call (pages re-render). */
    static String cellText(String css) {
        List<String> t = texts(css);
        return t.isEmpty() ? "" : t.getFirst();
    }

    @SuppressWarnings("unchecked")
    static List<String> texts(String css) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
    }

    static String data(String css, String key) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? (e.dataset[arguments[1]] ?? null) : null",
                css, key);
    }

    static int intData(String css, String key) {
        String v = data(css, key);
        return v == null || v.isEmpty() ? -1 : Integer.parseInt(v);
    }

    static long resyncs() {
        String m = http.get("/metrics").body();
        java.util.regex.Matcher x = java.util.regex.Pattern
                .compile("ladder_resyncs_total\\{symbol=\"BTCUSDT\",venue=\"binance\"} ([0-9.]+)").matcher(m);
        return x.find() ? (long) Double.parseDouble(x.group(1)) : 0;
    }

    static Map<String, String> odds() {
        Map<String, String> m = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<List<String>> pairs = (List<List<String>>) script(
                "return [...document.querySelectorAll('#matches b[data-odds]')].map(b => [b.dataset.odds, b.textContent])");
        for (List<String> p : pairs) {
            m.put(p.get(0), p.get(1));
        }
        return m;
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
    }

    static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
