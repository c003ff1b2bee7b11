package dev.whitemagic.dist.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import dev.whitemagic.dist.http.ApiClient;
import dev.whitemagic.dist.http.TestAccounts;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages for people in headless Chromium against the packaged server: the dashboard a key owner signs in to, and
 * the API documentation whose "Try it out" calls the API with a key. What the browser's console reports (a
 * Content-Security-Policy violation, a script error) fails the test. Screenshots in {@code target/screenshots/}.
 */
class PagesBrowserIT {

    private static final String KEY_PATTERN = "wm_(prod|test|dev)_[A-Za-z0-9]{32}";
    private static Browser browser;
    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @BeforeAll
    static void startBrowser() {
        SharedServer.server();
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noPolicyViolationsOrScriptErrors() {
        List<String> messages = browser.consoleMessages();
        assertThat(messages).as("the browser console").noneMatch(line -> line.contains("Content Security Policy")
                || line.contains("Uncaught") || line.contains("TypeError") || line.contains("ReferenceError"));
        // leave the next test a signed-out page
        browser.script("sessionStorage.clear()");
    }

    @Test
    void dashboard_signIn_usage_keys_memories_signOut() {
        Account account = TestAccounts.create(api);
        JsonObject memory = api.sendJson("POST", "/api/v1/memories", account.key(),
                "{\"title\":\"Emma turns seven on March 3\",\"content\":\"Birthday party at the lake.\","
                        + "\"tags\":[\"family\"]}").json();
        String memoryId = memory.getString("id");

        browser.open(SharedServer.baseUrl().resolve("dashboard").toString());
        browser.awaitState("signed-out");
        assertThat(browser.find("#dashboard").isDisplayed()).isFalse();
        assertThat(browser.find("label[for='api-key']").getText()).isNotBlank();

        // a key that has the right shape but is nobody's
        signIn("wm_prod_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        browser.await("a refused key is explained", ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#signin-error")));
        assertThat(browser.find("#signin-error").getText()).containsIgnoringCase("not accepted");
        assertThat(browser.find("#dashboard").isDisplayed()).isFalse();
        browser.screenshot("dashboard-wrong-key");

        signIn(account.key());
        browser.awaitState("ready");
        assertThat(browser.find("#signin").isDisplayed()).isFalse();
        assertThat(browser.find("#account-email").getText()).isEqualTo(account.email());
        assertThat(browser.find("#account-plan").getText()).isEqualTo("free");
        assertThat(browser.find("#key-scopes").getText()).contains("memories:read").contains("keys:manage");
        for (String quantity : List.of("requests_today", "requests_this_month", "memories", "storage")) {
            assertThat(browser.findAll("#usage-bars [data-quantity='" + quantity + "']")).as(quantity).isNotEmpty();
        }
        assertThat(browser.find("#usage-chart").isDisplayed()).isTrue();
        List<WebElement> days = browser.findAll("#usage-table tbody tr");
        assertThat(days).as("30 days of usage").hasSize(30);
        assertThat(days.get(0).getAttribute("data-date")).matches("\\d{4}-\\d\\d-\\d\\d");
        // the key lives in this tab's sessionStorage only: not in localStorage, not in a cookie, not in the URL
        assertThat(browser.script("return sessionStorage.getItem('wm.apiKey')")).isEqualTo(account.key());
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(account.key());
        browser.screenshot("dashboard-signed-in");

        // a reload keeps the session of this tab
        browser.driver().navigate().refresh();
        browser.awaitState("ready");
        assertThat(browser.find("#account-email").getText()).isEqualTo(account.email());

        // create a key: shown once, and it works
        browser.find("#new-key-name").sendKeys("made in the browser");
        browser.find("#create-key-button").click();
        browser.await("the new key is shown", d -> browser.find("#new-key-panel").isDisplayed()
                && browser.find("#new-key-value").getAttribute("value").matches(KEY_PATTERN));
        browser.awaitState("ready");
        String newKey = browser.find("#new-key-value").getAttribute("value");
        assertThat(browser.find("#copy-key-button").isDisplayed()).isTrue();
        browser.screenshot("dashboard-new-key");
        ApiClient.Reply self = api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(newKey));
        assertThat(self.status()).as("the key made in the browser authenticates").isEqualTo(200);
        String newKeyId = self.json().getString("id");
        assertThat(self.json().getString("name")).isEqualTo("made in the browser");

        // revoke it: after a confirmation, the row says revoked and the key no longer works
        String row = "#keys-table tr[data-key-id='" + newKeyId + "']";
        browser.await("the new key is listed", d -> !browser.findAll(row).isEmpty());
        browser.find(row + " button[data-action='revoke']").click();
        Alert confirmation = browser.await("a confirmation", ExpectedConditions.alertIsPresent());
        confirmation.accept();
        browser.await("the key is shown revoked", d -> "revoked".equals(browser.find(row).getAttribute("data-status")));
        assertThat(api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(newKey)).status())
                .as("the revoked key is refused").isEqualTo(401);

        // search the memory by a word of its title, open it, archive it, restore it
        new Select(browser.find("#search-mode")).selectByValue("keyword");
        browser.find("#memory-query").sendKeys("Emma");
        browser.find("#search-button").click();
        browser.awaitState("ready");
        String item = "#memories-list li[data-memory-id='" + memoryId + "']";
        browser.await("the memory is found", d -> !browser.findAll(item).isEmpty());
        assertThat(browser.find(item).getText()).contains("Emma turns seven on March 3");
        browser.find(item + " button.open-memory").click();
        browser.await("the memory opens", d -> browser.find("#memory-detail").isDisplayed());
        assertThat(browser.find("#memory-detail-title").getText()).isEqualTo("Emma turns seven on March 3");
        assertThat(browser.find("#memory-detail-content").getText()).contains("Birthday party at the lake.");
        browser.screenshot("dashboard-memory");
        browser.awaitState("ready");
        browser.find("#archive-button").click();
        browser.await("the memory is archived", d -> browser.find("#memory-detail-status").getText().contains("archived"));
        assertThat(api.sendJson("GET", "/api/v1/memories/" + memoryId, account.key(), null).json().getString("status"))
                .isEqualTo("archived");
        browser.await("restore is offered", d -> browser.find("#restore-button").isDisplayed());
        browser.awaitState("ready");
        browser.find("#restore-button").click();
        browser.await("the memory is active again", d -> browser.find("#memory-detail-status").getText().contains("active"));
        assertThat(api.sendJson("GET", "/api/v1/memories/" + memoryId, account.key(), null).json().getString("status"))
                .isEqualTo("active");

        browser.find("#signout-button").click();
        browser.awaitState("signed-out");
        assertThat(browser.script("return sessionStorage.getItem('wm.apiKey')")).isNull();
        assertThat(browser.find("#dashboard").isDisplayed()).isFalse();
    }

    @Test
    void dashboard_keyWithoutScopes_saysWhatItCannotShow() {
        Account account = TestAccounts.create(api);
        String readOnly = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"read only\",\"scopes\":[\"memories:read\"]}").getString("key");

        browser.open(SharedServer.baseUrl().resolve("dashboard").toString());
        browser.awaitState("signed-out");
        signIn(readOnly);
        browser.awaitState("ready");
        assertThat(browser.find("#keys-unavailable").isDisplayed()).isTrue();
        assertThat(browser.find("#keys-unavailable").getText()).contains("keys:manage");
        assertThat(browser.find("#usage-unavailable").isDisplayed()).isTrue();
        assertThat(browser.find("#usage-unavailable").getText()).contains("usage:read");
        assertThat(browser.find("#memories-empty").isDisplayed()).as("an empty account says so").isTrue();
        browser.screenshot("dashboard-read-only-key");
    }

    @Test
    void dashboard_rateLimited_saysWhenToTryAgain() {
        Account account = TestAccounts.create(api, "starter");
        // The minute window is the calendar minute: start early in one, so the sign-in falls in the window just used up.
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second > 40) {
            RunningServer.sleep((61 - second) * 1000L);
        }
        for (int i = 0; i < TestPlans.STARTER_PER_MINUTE; i++) {
            api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(account.key()));
        }
        assertThat(api.get("/api/v1/keys/self", "Authorization", TestAccounts.bearer(account.key())).status())
                .isEqualTo(429);

        browser.open(SharedServer.baseUrl().resolve("dashboard").toString());
        browser.awaitState("signed-out");
        signIn(account.key());
        browser.await("the limit is explained", d -> (browser.find("#signin-error").isDisplayed()
                ? browser.find("#signin-error").getText() : browser.find("#message").getText())
                .toLowerCase(Locale.ROOT).contains("try again"));
        browser.screenshot("dashboard-rate-limited");
    }

    @Test
    void docs_tryItOut_callsTheApiWithTheAuthorizedKey() {
        Account account = TestAccounts.create(api);
        browser.open(SharedServer.baseUrl().resolve("docs").toString());
        browser.await("Swagger UI lists the operations", d -> browser.findAll(".opblock").size() > 15);
        browser.screenshot("docs");

        browser.find("button.authorize").click();
        browser.await("the authorization dialog", d -> !browser.findAll(".modal-ux .auth-container input").isEmpty());
        for (WebElement container : browser.findAll(".modal-ux .auth-container")) {
            if (container.getText().contains("bearerAuth")) {
                container.findElement(By.cssSelector("input")).sendKeys(account.key());
                container.findElement(By.cssSelector("button.authorize")).click();
            }
        }
        browser.find(".modal-ux button.close-modal").click();

        WebElement operation = browser.findAll(".opblock").stream()
                .filter(block -> block.findElement(By.cssSelector(".opblock-summary-path"))
                        .getText().replace("\u200B", "").equals("/api/v1/keys/self"))
                .findFirst().orElseThrow(() -> new AssertionError("GET /api/v1/keys/self is not listed"));
        operation.findElement(By.cssSelector(".opblock-summary")).click();
        browser.await("the operation opens", d -> !operation.findElements(
                By.cssSelector(".try-out__btn")).isEmpty());
        operation.findElement(By.cssSelector(".try-out__btn")).click();
        operation.findElement(By.cssSelector("button.execute")).click();
        browser.await("the live answer", d -> !operation.findElements(
                By.cssSelector(".live-responses-table tbody .response-col_status")).isEmpty());
        String status = operation.findElement(
                By.cssSelector(".live-responses-table tbody .response-col_status")).getText();
        assertThat(status).as("Try it out with the authorized key").startsWith("200");
        assertThat(operation.findElement(By.cssSelector(".live-responses-table tbody")).getText())
                .as("the answer names the authorized key").contains(account.keyId());
        browser.screenshot("docs-try-it-out");
    }

    private static void signIn(String key) {
        WebElement input = browser.find("#api-key");
        input.clear();
        input.sendKeys(key);
        input.sendKeys(Keys.ENTER);
    }
}
