package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    @Test
    void datesAreImfFixdate_inGmt_withTwoDigitDays() {
        assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37.123Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.now()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void aClientsDate_isRead_andAnythingElseIgnored() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("Sun, 6 Nov 1994 08:49:37 GMT")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        for (String wrong : new String[] {null, "", "yesterday", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994"}) {
            assertThat(HttpDates.parse(wrong)).as(String.valueOf(wrong)).isEmpty();
        }
    }
}
