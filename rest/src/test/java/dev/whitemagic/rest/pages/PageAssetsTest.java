package dev.whitemagic.rest.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageAssetsTest {

    private final PageAssets assets = new PageAssets(PageAssetsTest.class.getClassLoader());

    @Test
    void ownPagesAndTheFourSwaggerUiFiles_areFound_withTheirContentTypes() {
        assertThat(assets.own("dashboard", "index.html")).get()
                .satisfies(asset -> assertThat(asset.contentType()).startsWith("text/html"));
        assertThat(assets.own("docs", "docs.js")).get()
                .satisfies(asset -> assertThat(asset.contentType()).startsWith("text/javascript"));
        assertThat(assets.swaggerUi("swagger-ui-bundle.js")).get()
                .satisfies(asset -> assertThat(asset.gzipped()).isNotNull().hasSizeLessThan(asset.bytes().length / 2));
        assertThat(assets.swaggerUi("index.html")).as("the webjar's demo page is not served").isEmpty();
    }

    @Test
    void namesThatLeaveTheFolderOrAreNotPlainFiles_findNothing() {
        assertThat(assets.own("dashboard", "../docs/index.html")).isEmpty();
        assertThat(assets.own("dashboard", "..%2Fx.js")).isEmpty();
        assertThat(assets.own("dashboard", ".hidden.js")).isEmpty();
        assertThat(assets.own("dashboard", "index.HTML")).isEmpty();
        assertThat(assets.own("dashboard", "index.class")).isEmpty();
        assertThat(assets.own("dashboard", null)).isEmpty();
    }

    @Test
    void madeUpNames_areNotKept_soTheyCannotFillMemory() {
        assets.own("dashboard", "index.html");
        int before = assets.cachedCount();
        for (int i = 0; i < 1_000; i++) {
            assertThat(assets.own("dashboard", "nosuch-" + i + ".js")).isEmpty();
        }
        assertThat(assets.cachedCount()).isEqualTo(before);
        assets.own("dashboard", "index.html");
        assertThat(assets.cachedCount()).as("a file that exists is read once").isEqualTo(before);
    }
}
