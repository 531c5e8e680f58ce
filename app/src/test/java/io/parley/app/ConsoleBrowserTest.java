package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver): log in, create a rule with an
 * inline validation error on the way, test a message, write from the customer phone and watch the reply's ticks,
 * answer as an agent, and check that hostile texts stay text, the keyboard reaches everything, and a phone-sized
 * screen needs no sideways scrolling. Screenshots go to {@code target/screenshots} ({@code -Dscreenshots.dir} to
 * refresh the ones in {@code docs/console}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest implements TestPropertyProvider {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOSTILE = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private WebDriver browser;
    private String base;
    private Path screenshots;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.sent-after", "200ms", "parley.demo.delivered-after", "600ms",
                "parley.demo.read-after", "1200ms");
    }

    @BeforeAll
    void startBrowser() throws IOException {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!available) {
            System.out.println("SKIPPED ConsoleBrowserTest: needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        }
        assumeTrue(available, "no chromium/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("parley-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // localhost, not 127.0.0.1: browsers keep Secure cookies over plain HTTP only for localhost
        base = "http://localhost:" + server.getPort();
        screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void logIn() {
        browser.get(base + "/console/");
        waitFor(d -> d.getCurrentUrl().contains("/console/login.html"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("wrong" + Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().contains("error=1"));
        assertEquals("Wrong username or password.", browser.findElement(By.id("login-message")).getText());
        assertEquals("admin", browser.findElement(By.id("username")).getAttribute("value"),
                "the name typed stays after a wrong password");
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin");
        screenshot("01-login");
        browser.findElement(By.cssSelector("#login-form button")).click();
        waitFor(d -> "admin".equals(d.findElement(By.id("user-name")).getText()));
        assertTrue(browser.findElement(By.id("nav-phone")).isDisplayed(), "demo mode offers the customer phone");
    }

    @Test
    @Order(2)
    void createARuleWithAnInlineErrorFirst() {
        browser.get(base + "/console/#/rules/new");
        WebElement name = waitFor(d -> d.findElement(By.id("rule-name")));
        name.sendKeys("Weekend hours");
        browser.findElement(By.id("f-priority")).sendKeys("15");
        new Select(browser.findElement(By.id("match-type"))).selectByValue("REGEX");
        browser.findElement(By.id("match-value")).sendKeys("week(end");
        browser.findElement(By.id("reply-text")).sendKeys("We are open Saturdays 10:00-14:00, {{customer.id}}.");
        browser.findElement(By.id("save-rule")).click();
        WebElement error = waitFor(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-error-for='match.value']"));
            return e.getText().isBlank() ? null : e;
        });
        assertTrue(error.getText().contains("missing closing )"), error.getText());
        assertEquals("true", browser.findElement(By.id("match-value")).getAttribute("aria-invalid"));
        String summary = browser.findElement(By.id("editor-errors")).getText();
        assertEquals("Not saved: one thing needs changing, marked beside its field.", summary,
                "each problem is shown once, beside its field");
        screenshot("02-rule-error");

        new Select(browser.findElement(By.id("match-type"))).selectByValue("KEYWORD");
        browser.findElement(By.id("match-value")).clear();
        browser.findElement(By.id("match-value")).sendKeys("weekend");
        browser.findElement(By.id("save-rule")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*#/rules/\\d+$"));
        waitFor(d -> d.findElements(By.cssSelector("#rules .rule-name")).stream()
                .anyMatch(e -> e.getText().equals("Weekend hours")));
        WebElement history = waitFor(d -> d.findElement(By.cssSelector("#rule-history li")));
        assertTrue(history.getText().contains("CREATED") || history.getText().contains("created"),
                history.getText());
    }

    @Test
    @Order(3)
    void testAMessageWithoutSendingIt() {
        browser.findElement(By.id("test-from")).sendKeys("15550100999");
        browser.findElement(By.id("test-text")).sendKeys("Weekend?");
        WebElement winner = waitFor(d -> {
            WebElement w = d.findElement(By.id("test-winner"));
            return w.getText().equals("Weekend hours") ? w : null;
        });
        assertEquals("Weekend hours", winner.getText());
        assertEquals("We are open Saturdays 10:00-14:00, 15550100999.",
                browser.findElement(By.id("test-reply")).getText(), "the reply rendered with its variables");
        assertFalse(browser.findElements(By.cssSelector(".trace tbody tr")).isEmpty(), "the trace is shown");
        screenshot("03-rules-and-tester");
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertTrue(api.list("/api/conversations").isEmpty(), "testing sent nothing");
    }

    @Test
    @Order(4)
    void writeFromTheCustomerPhoneAndSeeTheReplyRead() {
        browser.get(base + "/console/#/phone");
        WebElement from = waitFor(d -> d.findElement(By.id("phone-from")));
        from.clear();
        from.sendKeys("15550100200");
        browser.findElement(By.id("phone-text")).sendKeys("weekend" + Keys.ENTER);
        // the bot's reply arrives, then its ticks move on to read (the list is redrawn as statuses come in)
        String reply = waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains("We are open Saturdays 10:00-14:00, 15550100200."))
                .findFirst().orElse(null));
        String read = waitFor(d -> d.findElement(By.cssSelector("#phone-screen li.in [data-status='READ']"))
                .getText());
        assertTrue(reply.contains("rule “Weekend hours”"), "the reply names its rule: " + reply);
        assertEquals("✓✓ read", read);
        screenshot("04-customer-phone");
    }

    @Test
    @Order(5)
    void answerAsAnAgentFromTheInbox() {
        browser.get(base + "/console/#/inbox");
        waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream()
                .filter(e -> e.getText().equals("15550100200")).findFirst().orElse(null)).click();
        waitFor(d -> d.findElement(By.cssSelector("#timeline li.out [data-status='READ']")));
        assertTrue(browser.findElement(By.id("window-state")).getText().startsWith("24-hour window open"));
        WebElement text = browser.findElement(By.id("agent-text"));
        text.sendKeys("A person here: we also open on Saturdays.");
        text.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        waitFor(d -> d.findElements(By.cssSelector("#timeline li.out")).stream()
                .anyMatch(e -> e.getText().contains("A person here") && e.getText().contains("agent")));
        waitFor(d -> d.findElements(By.cssSelector("#timeline li.out [data-status='READ']")).size() == 2);
        screenshot("05-inbox-conversation");
    }

    @Test
    @Order(6)
    void hostileTextsStayText() {
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        String event = """
                [{"id": "xss-1", "eventType": "Microsoft.Communication.AdvancedMessageReceived",
                  "subject": "advancedMessage/sender/x/recipient/11111111-1111-1111-1111-111111111111",
                  "eventTime": "2026-11-21T10:00:00Z", "dataVersion": "1.0", "metadataVersion": "1",
                  "data": {"content": %s, "channelType": "whatsapp", "from": %s,
                           "to": "11111111-1111-1111-1111-111111111111",
                           "receivedTimestamp": "2026-11-21T10:00:00Z"}}]""";
        assertEquals(200, api.postEvents("", event.formatted(quote(HOSTILE), quote(HOSTILE))).statusCode());
        assertEquals(201, api.admin("POST", "/api/rules", """
                {"name": %s, "match": {"type": "CONTAINS", "value": "zzz"},
                 "reply": {"type": "TEXT", "text": %s}}""".formatted(quote(HOSTILE), quote(HOSTILE)))
                .statusCode());

        browser.get(base + "/console/#/inbox");
        WebElement customer = waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream()
                .filter(e -> e.getText().equals(HOSTILE)).findFirst().orElse(null));
        assertNothingInjected("inbox list");
        customer.click();
        waitFor(d -> d.findElements(By.cssSelector("#timeline li.in")).stream()
                .anyMatch(e -> e.getText().contains(HOSTILE)));
        assertNothingInjected("conversation");

        browser.get(base + "/console/#/rules");
        WebElement rule = waitFor(d -> d.findElements(By.cssSelector("#rules .rule-name")).stream()
                .filter(e -> e.getText().equals(HOSTILE)).findFirst().orElse(null));
        rule.click();
        waitFor(d -> HOSTILE.equals(d.findElement(By.id("reply-text")).getAttribute("value")));
        WebElement test = browser.findElement(By.id("test-text"));
        test.sendKeys("zzz");
        waitFor(d -> HOSTILE.equals(d.findElement(By.id("test-reply")).getText()));
        assertNothingInjected("rule editor and tester");
    }

    @Test
    @Order(7)
    void theKeyboardAloneReordersRules() {
        browser.get(base + "/console/#/rules");
        browser.navigate().refresh(); // a fresh page: no redraw of the previous view still under way
        waitFor(d -> d.findElement(By.cssSelector("#rules li")));
        List<String> before = ruleNames();
        // Tab from the top of the page until the first rule's "move down" button has the focus, then press Enter
        new Actions(browser).moveToElement(browser.findElement(By.cssSelector(".brand"))).click().perform();
        String target = "Move " + before.get(0) + " down";
        boolean reached = false;
        for (int i = 0; i < 60 && !reached; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            reached = target.equals(browser.switchTo().activeElement().getAttribute("aria-label"));
        }
        assertTrue(reached, "Tab reaches \"" + target + "\"");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        waitFor(d -> ruleNames().size() == before.size() && ruleNames().get(1).equals(before.get(0)));
        assertEquals(before.get(1), ruleNames().get(0));
        assertEquals("Move " + before.get(0) + " down",
                browser.switchTo().activeElement().getAttribute("aria-label"), "the focus follows the rule");
    }

    @Test
    @Order(8)
    void aPhoneSizedScreenNeedsNoSidewaysScrolling() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : List.of("#/insights", "#/rules", "#/inbox", "#/flows/1", "#/team", "#/activity",
                    "#/account", "#/numbers", "#/phone")) {
                browser.get(base + "/console/" + page);
                waitFor(d -> !d.findElement(By.id("main")).getText().isBlank());
                if (page.equals("#/insights")) {
                    waitFor(d -> d.findElement(By.cssSelector("#chart-messages canvas")));
                }
                Object overflow = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth;");
                assertTrue(((Number) overflow).intValue() <= 0, page + " overflows by " + overflow + " px: "
                        + ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('main *')]"
                        + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-5)"
                        + ".map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ');"));
                if (page.equals("#/phone")) {
                    waitFor(d -> d.findElement(By.cssSelector("#phone-screen li")));
                    screenshot("06-phone-sized");
                }
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    // ---------- helpers ----------

    /** The rule names in the list, read in one go (the list may be redrawn between two element lookups). */
    private List<String> ruleNames() {
        Object names = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#rules .rule-name')].map(e => e.textContent);");
        return ((List<?>) names).stream().map(String::valueOf).toList();
    }

    @Test
    @Order(9)
    void buildAButtonsReplyThenTapAButtonOnThePhoneAndSeeTheAnswerRead() {
        browser.get(base + "/console/#/rules/new");
        waitFor(d -> d.findElement(By.id("rule-name"))).sendKeys("Menu please");
        browser.findElement(By.id("f-priority")).sendKeys("5");
        browser.findElement(By.id("match-value")).sendKeys("menu please");
        new Select(browser.findElement(By.id("reply-type"))).selectByValue("BUTTONS");
        assertTrue(browser.findElement(By.id("reply-buttons")).isDisplayed(), "the buttons editor shows for BUTTONS");
        browser.findElement(By.id("reply-header")).sendKeys("Parley demo shop");
        browser.findElement(By.id("reply-text")).sendKeys("What can we do for you?");
        WebElement title = browser.findElement(By.id("button-0-title"));
        title.sendKeys("Talk to a real person!");
        WebElement count = browser.findElement(By.id("button-0-title-count"));
        assertEquals("22/20", count.getText());
        assertTrue(count.getAttribute("class").contains("over"), "the counter marks a title WhatsApp refuses");
        browser.findElement(By.id("save-rule")).click();
        WebElement error = waitFor(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-error-for='reply.buttons[0].title']"));
            return e.getText().isBlank() ? null : e;
        });
        assertTrue(error.getText().contains("at most 20"), error.getText());
        title.clear();
        title.sendKeys("Talk to a person");
        assertEquals("16/20", count.getText());
        browser.findElement(By.id("button-0-id")).sendKeys("help");
        browser.findElement(By.id("add-button")).click();
        WebElement second = waitFor(d -> d.findElement(By.id("button-1-title")));
        assertEquals(second, browser.switchTo().activeElement(), "a new button's title has the focus");
        second.sendKeys("Prices");
        screenshot("07-buttons-editor");
        browser.findElement(By.id("save-rule")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*#/rules/\\d+$"));

        browser.get(base + "/console/#/phone");
        WebElement from = waitFor(d -> d.findElement(By.id("phone-from")));
        from.clear();
        from.sendKeys("15550100300");
        browser.findElement(By.id("phone-text")).sendKeys("menu please" + Keys.ENTER);
        // the phone redraws every second: each look is one lookup, retried when the drawing changed under it
        assertEquals("Talk to a person", waitFor(d -> d.findElement(By.cssSelector(
                "#phone-screen li.in button[data-option-id='help']")).getText()));
        waitFor(d -> d.findElement(By.cssSelector("#phone-screen li.in [data-status='READ']")));
        waitFor(d -> d.findElement(By.cssSelector("#phone-screen li.in button[data-option-id='help']"))).click();
        String answer = waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains("A colleague will get back to you within one working day."))
                .findFirst().orElse(null));
        assertTrue(answer.contains("rule “Help (button)”"), answer);
        assertTrue(waitFor(d -> d.findElement(By.cssSelector("#phone-screen li.mine .tapped")).getText())
                .contains("Tapped \u201cTalk to a person\u201d"));
        waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in [data-status='READ']")).size() == 2);
        screenshot("08-phone-buttons");
        assertNothingInjected("the phone with buttons");
    }

    @Test
    @Order(10)
    void buildAFlowInTheEditorTryItInTheTesterAndRunItFromThePhone() {
        browser.get(base + "/console/#/flows/new");
        WebElement name = waitFor(d -> d.findElement(By.id("flow-name")));
        name.clear();
        name.sendKeys("Order check");
        WebElement question = browser.findElement(By.id("step-0-msg-text"));
        question.clear();
        question.sendKeys("Your order number?");
        new Select(browser.findElement(By.id("step-0-expect"))).selectByValue("REGEX");
        WebElement pattern = waitFor(d -> d.findElement(By.id("step-0-pattern")));
        pattern.sendKeys("(\\d{5}");
        WebElement save = browser.findElement(By.id("step-0-save"));
        save.clear();
        save.sendKeys("order");
        new Select(browser.findElement(By.id("add-step-type"))).selectByValue("HTTP");
        browser.findElement(By.id("add-step")).click();
        WebElement url = waitFor(d -> d.findElement(By.id("step-2-url")));
        url.sendKeys(base + "/demo/shop/orders/{{flow.order}}");
        browser.findElement(By.id("step-2-save")).sendKeys("state = /status");
        new Select(browser.findElement(By.id("step-2-next"))).selectByValue("thanks");
        new Select(browser.findElement(By.id("step-0-next"))).selectByValue("http-1");
        WebElement last = browser.findElement(By.id("step-1-text"));
        last.clear();
        last.sendKeys("Order {{flow.order}} is {{flow.state}}.");
        browser.findElement(By.id("save-flow")).click();
        WebElement error = waitFor(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-error-for='steps[0].expect.pattern']"));
            return e.getText().isBlank() ? null : e;
        });
        assertTrue(error.getText().contains("not a valid RE2"), error.getText());
        assertEquals("true", browser.findElement(By.id("step-0-pattern")).getAttribute("aria-invalid"));
        pattern = browser.findElement(By.id("step-0-pattern"));
        pattern.clear();
        pattern.sendKeys("(\\d{5})");
        assertEquals(3, browser.findElements(By.cssSelector("#flow-graph g.node")).size(), "a node a step");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        screenshot("09-flow-editor");
        browser.findElement(By.id("save-flow")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*#/flows/\\d+$"));
        String flowId = browser.getCurrentUrl().replaceAll(".*#/flows/", "");

        // the saved flow's page replaces the new one's: type into the tester once that page is there, and again
        // should it be drawn once more while typing
        waitFor(d -> d.findElement(By.id("save-flow")).getText().equals("Save as a new version"));
        waitFor(d -> {
            WebElement messages = d.findElement(By.id("flow-test-messages"));
            messages.clear();
            messages.sendKeys("no idea" + Keys.ENTER + "12345");
            WebElement body = d.findElement(By.id("flow-test-http-1-body"));
            body.clear();
            body.sendKeys("{\"status\": \"packed\"}");
            return d.findElement(By.id("flow-test-messages")).equals(messages)
                    && messages.getAttribute("value").endsWith("12345") ? messages : null;
        });
        browser.findElement(By.id("flow-test-run")).click();
        String transcript = waitFor(d -> {
            String t = d.findElement(By.id("flow-test-result")).getText();
            return t.contains("The flow ended.") ? t : null;
        });
        assertTrue(transcript.contains("Order 12345 is packed."), transcript);
        assertTrue(transcript.contains("is not text matching"), transcript);
        screenshot("10-flow-tester");

        browser.get(base + "/console/#/rules/new");
        waitFor(d -> d.findElement(By.id("rule-name"))).sendKeys("Check an order");
        browser.findElement(By.id("f-priority")).sendKeys("4");
        new Select(browser.findElement(By.id("match-type"))).selectByValue("CONTAINS");
        browser.findElement(By.id("match-value")).sendKeys("check my order");
        new Select(browser.findElement(By.id("reply-type"))).selectByValue("FLOW");
        waitFor(d -> new Select(d.findElement(By.id("reply-flow"))).getOptions().size() > 1);
        new Select(browser.findElement(By.id("reply-flow"))).selectByValue(flowId);
        browser.findElement(By.id("save-rule")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*#/rules/\\d+$"));

        browser.get(base + "/console/#/phone");
        WebElement from = waitFor(d -> d.findElement(By.id("phone-from")));
        from.clear();
        from.sendKeys("15550100400");
        browser.findElement(By.id("phone-text")).sendKeys("Please check my order" + Keys.ENTER);
        waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .anyMatch(e -> e.getText().contains("Your order number?")));
        browser.findElement(By.id("phone-text")).sendKeys("12345" + Keys.ENTER);
        String told = waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .map(WebElement::getText).filter(t -> t.contains("Order 12345 is shipped.")).findFirst().orElse(null));
        assertTrue(told.contains("flow"), "the bubble says a flow sent it: " + told);
        screenshot("11-phone-flow");

        browser.findElement(By.id("phone-text")).sendKeys("Check my order again" + Keys.ENTER);
        waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .filter(e -> e.getText().contains("Your order number?")).count() == 2);
        waitFor(d -> {
            d.findElement(By.linkText("inbox")).click(); // the phone redraws its link every second
            return true;
        });
        String state = waitFor(d -> {
            String t = d.findElement(By.id("flow-state")).getText();
            return t.contains("Order check") ? t : null; // the flow's name arrives after the first drawing
        });
        assertTrue(state.contains("\u201cask\u201d"), state);
        screenshot("12-inbox-flow");
        ((JavascriptExecutor) browser).executeScript("window.confirm = () => true;");
        browser.findElement(By.id("cancel-flow")).click();
        waitFor(d -> d.findElements(By.id("flow-state")).isEmpty());
        assertNothingInjected("the flow pages");
    }

    @Test
    @Order(11)
    void aSpanishCustomerGetsTheSpanishFallbackOnceTheAnalysisSaysSoAndTheTesterSaysWhyItWaits() {
        browser.get(base + "/console/#/phone");
        WebElement from = waitFor(d -> d.findElement(By.id("phone-from")));
        from.clear();
        from.sendKeys("15550100500");
        browser.findElement(By.id("phone-text")).sendKeys("hola, \u00bfqu\u00e9 tal?" + Keys.ENTER);
        waitFor(d -> d.findElements(By.cssSelector("#phone-screen li.in")).stream()
                .anyMatch(e -> e.getText().contains("\u00a1Gracias por tu mensaje!")));
        waitFor(d -> {
            d.findElement(By.linkText("inbox")).click();
            return true;
        });
        String hold = waitFor(d -> d.findElement(By.cssSelector("#timeline li.in [data-hold='ANALYSED']"))
                .getText());
        assertEquals("answered once the analysis came", hold);
        String analysis = browser.findElement(By.cssSelector("#timeline li.in .analysis")).getText();
        assertTrue(analysis.startsWith("Spanish"), analysis);
        screenshot("13-inbox-analysis-wait");

        browser.get(base + "/console/#/rules");
        WebElement text = waitFor(d -> d.findElement(By.id("test-text")));
        text.clear();
        text.sendKeys("where is my parcel");
        String waits = waitFor(d -> d.findElement(By.id("test-waits")).getText());
        assertTrue(waits.contains("waits up to 5 s") && waits.contains("Order help (by intent)"), waits);
        screenshot("14-tester-analysis");
        browser.findElement(By.id("test-intent")).sendKeys("Order status: where the parcel is");
        waitFor(d -> d.findElements(By.id("test-waits")).isEmpty()
                && d.findElement(By.id("test-winner")).getText().equals("Order help (by intent)"));
        assertNothingInjected("the analysis views");
    }

    @Test
    @Order(12)
    void inviteSomeoneWhoChoosesTheirPasswordSeesOnlyWhatTheirRoleMayDoAndIsRemoved() {
        browser.get(base + "/console/#/team");
        waitFor(d -> d.findElement(By.id("invite-username")));
        browser.findElement(By.id("invite-username")).sendKeys("casey");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("AGENT");
        browser.findElement(By.id("invite")).click();
        String oneTime = waitFor(d -> d.findElement(By.id("one-time-password"))).getText();
        assertTrue(oneTime.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"), oneTime);
        WebElement row = browser.findElement(By.cssSelector("tr[data-user='casey']"));
        assertTrue(row.getText().contains("Has a one-time password"), row.getText());
        screenshot("15-team");

        browser.get(base + "/console/#/activity");
        WebElement invited = waitFor(d -> d.findElement(By.cssSelector("#activity tr[data-action='USER_CREATED']")));
        assertTrue(invited.getText().contains("invited a user") && invited.getText().contains("user casey"),
                invited.getText());
        assertNothingInjected("activity, which names the hostile rule of order 6");
        screenshot("16-activity");

        browser.findElement(By.id("logout")).click();
        waitFor(d -> d.getCurrentUrl().contains("signedOut=1"));
        browser.findElement(By.id("username")).sendKeys("casey");
        browser.findElement(By.id("password")).sendKeys(oneTime + Keys.ENTER);
        waitFor(d -> d.findElement(By.id("must-change")).isDisplayed());
        assertTrue(browser.getCurrentUrl().endsWith("#/account"), browser.getCurrentUrl());
        browser.findElement(By.id("current-password")).sendKeys(oneTime);
        browser.findElement(By.id("new-password")).sendKeys("caseys own password");
        browser.findElement(By.id("repeat-password")).sendKeys("caseys own passw0rd" + Keys.ENTER);
        WebElement mismatch = waitFor(d -> d.findElement(By.cssSelector("[data-error-for='repeat']")));
        waitFor(d -> !mismatch.getText().isEmpty());
        assertEquals("Is not the same as the new password.", mismatch.getText());
        browser.findElement(By.id("repeat-password")).clear();
        browser.findElement(By.id("repeat-password")).sendKeys("caseys own password" + Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().contains("passwordChanged=1"));
        browser.findElement(By.id("username")).sendKeys("casey");
        browser.findElement(By.id("password")).sendKeys("caseys own password" + Keys.ENTER);
        waitFor(d -> "Agent".equals(d.findElement(By.id("user-role")).getText()));
        browser.get(base + "/console/#/rules");
        waitFor(d -> d.findElement(By.id("rules-title")));
        assertFalse(browser.findElement(By.id("new-rule")).isDisplayed(), "an agent does not change rules");
        assertFalse(browser.findElement(By.id("nav-team")).isDisplayed(), "nor sees the team");
        assertTrue(browser.findElements(By.cssSelector(".tester")).stream().noneMatch(WebElement::isDisplayed));

        browser.findElement(By.id("logout")).click();
        waitFor(d -> d.getCurrentUrl().contains("signedOut=1"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin" + Keys.ENTER);
        waitFor(d -> "admin".equals(d.findElement(By.id("user-name")).getText()));
        browser.get(base + "/console/#/team");
        WebElement casey = waitFor(d -> d.findElement(By.cssSelector("tr[data-user='casey']")));
        assertTrue(casey.getText().contains("Active"), casey.getText());
        casey.findElement(By.cssSelector("[data-action='remove']")).click();
        Alert confirm = waitFor(d -> d.switchTo().alert());
        assertTrue(confirm.getText().startsWith("Remove casey (Agent) from the team?"), confirm.getText());
        confirm.accept();
        waitFor(d -> d.findElements(By.cssSelector("tr[data-user='casey']")).isEmpty());
    }

    @Test
    @Order(13)
    void aCustomerWhoOptsOutShowsSoAndAnAdminErasesThemAfterSeeingWhatGoes() {
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        browser.get(base + "/console/#/rules");
        waitFor(d -> d.findElement(By.id("test-text"))).sendKeys("Stop!");
        WebElement note = waitFor(d -> {
            WebElement n = d.findElement(By.id("test-consent"));
            return n.getText().contains("opts the customer out") ? n : null;
        });
        assertEquals("“STOP”", browser.findElement(By.id("test-winner")).getText(), note.getText());
        String customer = "15550100777";
        for (String text : List.of("hello", "STOP")) {
            assertEquals(200, api.postEvents("", ParleyClient.event("received-text.json")
                    .replace("{sender@id}", customer)
                    .replace("00000000-0000-0000-0000-000000000000", java.util.UUID.randomUUID().toString())
                    .replace("\"Hello\"", "\"" + text + "\"")).statusCode());
        }
        browser.get(base + "/console/#/inbox");
        waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream()
                .filter(e -> e.getText().equals(customer)).findFirst().orElse(null)).click();
        WebElement consent = waitFor(d -> d.findElement(By.id("consent-state")));
        assertTrue(consent.getText().startsWith("Opted out"), consent.getText());
        WebElement tools = waitFor(d -> d.findElement(By.id("customer-tools")));
        tools.findElement(By.tagName("summary")).click();
        screenshot("17-opted-out-customer");
        browser.findElement(By.id("erase-customer")).click();
        Alert confirm = waitFor(d -> d.switchTo().alert());
        String question = confirm.getText();
        assertTrue(question.startsWith("Erase everything about " + customer + "? 1 conversation, "), question);
        assertTrue(question.contains(" messages") && question.contains("1 opt-out or opt-in"), question);
        confirm.accept();
        waitFor(d -> d.getCurrentUrl().endsWith("#/inbox"));
        assertEquals(404, api.admin("GET", "/api/customers/" + customer, null).statusCode());
        assertEquals(1, api.list("/api/audit?action=CUSTOMER_ERASED").size());
    }

    @Test
    @Order(14)
    void theTesterTriesTheRuleBeingEditedBeforeItIsSaved() {
        browser.get(base + "/console/#/rules");
        waitFor(d -> d.findElements(By.cssSelector("#rules .rule-name")).stream()
                .filter(e -> e.getText().equals("Weekend hours")).findFirst().orElse(null)).click();
        WebElement text = waitFor(d -> d.findElement(By.id("reply-text")));
        text.clear();
        text.sendKeys("Saturdays 9 to 3 (not saved yet)");
        browser.findElement(By.id("test-text")).sendKeys("Weekend?");
        waitFor(d -> d.findElement(By.id("test-reply")).getText().equals("Saturdays 9 to 3 (not saved yet)"));
        browser.findElement(By.id("test-draft")).click();
        waitFor(d -> d.findElement(By.id("test-reply")).getText().startsWith("We are open Saturdays"));
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertTrue(api.list("/api/rules").stream().noneMatch(r -> String.valueOf(r.get("reply")).contains("not saved")),
                "trying it saved nothing");
    }

    /** {@code customer} writes {@code text} to the demo number, through the webhook. */
    private void customerWrites(ParleyClient api, String customer, String text) {
        assertEquals(200, api.postEvents("", ParleyClient.event("received-text.json")
                .replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", java.util.UUID.randomUUID().toString())
                .replace("\"Hello\"", quote(text))).statusCode());
    }

    @Test
    @Order(15)
    void insightsShowWhatTheBotDidAndAQuestionNothingAnswersBecomesARule() {
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        customerWrites(api, "15550100801", "Do you deliver on Sundays?");
        customerWrites(api, "15550100802", "do you deliver on SUNDAYS");
        // the fallback has a text per language: its answer waits for an analysis that never comes (5 s)
        await(() -> api.messagesOf("15550100801").size() == 2 && api.messagesOf("15550100802").size() == 2);
        Map<String, Object> summary = api.object(api.admin("GET", "/api/analytics/summary", null).body());

        browser.get(base + "/console/#/insights");
        WebElement received = waitFor(d -> d.findElement(By.cssSelector("#tile-received .tile-value")));
        assertEquals(String.format("%,d", ((Number) summary.get("received")).longValue()).replace(",", ""),
                received.getText().replace(",", "").replace(".", "").replace("\u202f", "").replace(" ", ""),
                "the tile shows the summary's count");
        waitFor(d -> d.findElements(By.cssSelector("#chart-messages canvas")).isEmpty() ? null : true);
        WebElement question = waitFor(d -> d.findElements(By.cssSelector("#unanswered li")).stream()
                .filter(li -> li.getText().toLowerCase().contains("do you deliver on sundays")).findFirst()
                .orElse(null));
        assertTrue(question.getText().contains("2 times"), question.getText());
        assertFalse(browser.findElements(By.cssSelector("#top-rules a")).isEmpty(), "the rules that answered");
        String idle = browser.findElement(By.id("top-rules")).getText();
        assertTrue(idle.contains("answered nothing: ") && !idle.contains("http"), "rules by their names: " + idle);
        assertFalse(browser.findElements(By.cssSelector("#funnels .funnel")).isEmpty(), "the demo flow's funnel");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("18-insights");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('top-rules').scrollIntoView()");
        screenshot("19-insights-rules-and-questions");
        // the page ends with the funnels, so both scroll positions would show the same view: this one is the panel
        screenshot("20-insights-flow-funnel", browser.findElement(By.id("funnels")));
        assertNothingInjected("insights");

        question.findElement(By.cssSelector(".make-rule")).click();
        WebElement value = waitFor(d -> d.findElement(By.id("match-value")));
        assertEquals("KEYWORD", new Select(browser.findElement(By.id("match-type"))).getFirstSelectedOption()
                .getAttribute("value"));
        assertEquals("do you deliver on SUNDAYS", value.getAttribute("value"), "the latest wording");
        assertEquals("Word or phrase", browser.findElement(By.cssSelector("label[for='match-value']")).getText());
        browser.findElement(By.id("rule-name")).clear();
        browser.findElement(By.id("rule-name")).sendKeys("Sunday deliveries");
        browser.findElement(By.id("reply-text")).sendKeys("We deliver Monday to Saturday.");
        screenshot("21-rule-from-a-question");
        browser.findElement(By.id("save-rule")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*#/rules/\\d+$"));
        customerWrites(api, "15550100803", "Do you deliver on Sundays?");
        await(() -> api.messagesOf("15550100803").stream().anyMatch(m ->
                "We deliver Monday to Saturday.".equals(m.get("text"))));
        WebElement row = waitFor(d -> d.findElements(By.cssSelector("#rules li")).stream()
                .filter(li -> li.getText().contains("Sunday deliveries")).findFirst().orElse(null));
        assertTrue(row.getText().contains("Message is exactly: do you deliver on SUNDAYS"), row.getText());
        assertTrue(row.getText().contains("We deliver Monday to Saturday."), "what it answers: " + row.getText());
    }

    @Test
    @Order(16)
    void theInboxFiltersBySearchAndWaitingPeopleCountsUnreadAndExports() {
        ParleyClient api = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        customerWrites(api, "15550100901", "agent");
        api.awaitNothingQueuedFor(Duration.ofSeconds(15), "15550100901");
        customerWrites(api, "15550100901", "Hello? Is anyone there? " + HOSTILE);
        await(() -> api.messagesOf("15550100901").size() == 3);

        browser.get(base + "/console/#/inbox");
        WebElement waiting = waitFor(d -> d.findElements(By.cssSelector("#conversations li")).stream()
                .filter(li -> li.getText().contains("15550100901")).findFirst().orElse(null));
        assertTrue(waiting.getText().contains("Is anyone there?"), "the last message as a preview: " + waiting.getText());
        assertEquals("2", waiting.findElement(By.cssSelector(".unread-count")).getText(), "two unread messages");
        assertNothingInjected("inbox preview");

        browser.findElement(By.cssSelector("[data-filter='waiting']")).click();
        waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream().map(WebElement::getText)
                .toList().equals(List.of("15550100901")));
        screenshot("22-inbox-waiting");
        browser.findElement(By.cssSelector("[data-filter='waiting']")).click();

        WebElement search = browser.findElement(By.id("inbox-search"));
        search.sendKeys("monday to saturday");
        waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream().map(WebElement::getText)
                .toList().equals(List.of("15550100803")));
        search.clear();
        search.sendKeys(Keys.BACK_SPACE);

        waitFor(d -> d.findElements(By.cssSelector("#conversations .customer")).stream()
                .filter(e -> e.getText().equals("15550100901")).findFirst().orElse(null)).click();
        WebElement csv = waitFor(d -> d.findElement(By.id("export-csv")));
        await(() -> ((Number) api.list("/api/conversations?customerId=15550100901").get(0).get("unread")).intValue()
                == 0); // opened: read
        java.net.http.HttpResponse<String> exported = api.admin("GET", csv.getAttribute("href")
                .substring(base.length()), null);
        assertEquals(200, exported.statusCode());
        assertTrue(exported.body().startsWith("time,from,text,status,how it was answered,rule,error"),
                exported.body());
        assertTrue(exported.body().contains(",Talk to a person (leaves a flow),"), "the handoff rule by its name: "
                + exported.body());
    }

    @Test
    @Order(17)
    void anAdminNamesTheWhatsAppNumberAndTheConsoleShowsTheName() {
        browser.get(base + "/console/#/numbers");
        WebElement name = waitFor(d -> d.findElement(By.cssSelector("#numbers input")));
        name.clear();
        name.sendKeys("x".repeat(61) + Keys.ENTER);
        WebElement error = waitFor(d -> {
            WebElement e = d.findElement(By.cssSelector("#numbers .field-error"));
            return e.getText().isBlank() ? null : e;
        });
        assertEquals("The name must be at most 60 characters", error.getText());
        name.clear();
        name.sendKeys("Demo shop" + Keys.ENTER);
        waitFor(d -> d.findElement(By.cssSelector("#numbers .field-error")).getText().isBlank() ? true : null);
        screenshot("23-numbers");
        browser.get(base + "/console/#/inbox");
        waitFor(d -> d.findElements(By.cssSelector("#conversations .channel-name")).stream()
                .anyMatch(e -> e.getText().equals("Demo shop")) ? true : null);
        browser.get(base + "/console/#/insights");
        WebElement channel = waitFor(d -> d.findElement(By.id("insights-channel")));
        assertTrue(channel.getText().contains("Demo shop"), channel.getText());
    }

    private void await(java.util.function.BooleanSupplier condition) {
        ParleyClient.await(Duration.ofSeconds(20), "the condition", condition);
    }

    private void assertNothingInjected(String where) {
        Object injected = ((JavascriptExecutor) browser).executeScript(
                "return [window.__xss, document.querySelectorAll('img[src=\"x\"], main script').length];");
        assertEquals(List.of(0L), ((List<?>) injected).subList(1, 2), where + ": markup was injected");
        assertEquals(null, ((List<?>) injected).get(0), where + ": injected script ran");
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(RuntimeException.class).until(condition);
    }

    private void screenshot(String name) {
        screenshot(name, (TakesScreenshot) browser);
    }

    private void screenshot(String name, TakesScreenshot what) {
        try {
            byte[] png = what.getScreenshotAs(OutputType.BYTES);
            Files.write(screenshots.resolve("console-" + name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String quote(String value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
