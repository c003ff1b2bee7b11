package dev.whitemagic.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsagePeriodTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void parse_nothingGiven_isTheLast30Days_endingToday() {
        UsagePeriod period = UsagePeriod.parse(null, null, TODAY);

        assertThat(period.to()).isEqualTo(TODAY);
        assertThat(period.from()).isEqualTo(LocalDate.of(2026, 10, 27));
        assertThat(period.days()).isEqualTo(30);
    }

    @Test
    void parse_blankParameters_countAsAbsent() {
        assertThat(UsagePeriod.parse(" ", "", TODAY)).isEqualTo(UsagePeriod.parse(null, null, TODAY));
    }

    @Test
    void parse_onlyTo_endsThere_andStarts29DaysBefore() {
        UsagePeriod period = UsagePeriod.parse(null, "2026-03-01", TODAY);

        assertThat(period).isEqualTo(new UsagePeriod(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 3, 1)));
    }

    @Test
    void parse_onlyFrom_endsToday() {
        assertThat(UsagePeriod.parse("2026-11-20", null, TODAY))
                .isEqualTo(new UsagePeriod(LocalDate.of(2026, 11, 20), TODAY));
    }

    @Test
    void parse_92DaysInclusive_isAllowed_93AreNot() {
        assertThat(UsagePeriod.parse("2026-01-01", "2026-04-02", TODAY).days()).isEqualTo(92);

        assertThatThrownBy(() -> UsagePeriod.parse("2026-01-01", "2026-04-03", TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("from");
                    assertThat(e.getMessage()).contains("93 days").contains("at most 92");
                });
    }

    @Test
    void parse_singleDay_isOneDay() {
        UsagePeriod period = UsagePeriod.parse("2026-11-25", "2026-11-25", TODAY);

        assertThat(period.days()).isEqualTo(1);
        assertThat(period.dates()).containsExactly(TODAY);
    }

    @Test
    void parse_fromAfterTo_isRefusedOnFrom() {
        assertThatThrownBy(() -> UsagePeriod.parse("2026-11-26", "2026-11-25", TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }

    @Test
    void parse_onlyFrom_inTheFuture_isReversed() {
        assertThatThrownBy(() -> UsagePeriod.parse("2026-12-01", null, TODAY))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "2026-02-30", "yesterday", "2026-1-5", "20261125", "+12026-11-25",
            "2026-11-25T00:00:00Z"})
    void parse_malformedFrom_isRefusedOnFrom(String bad) {
        assertThatThrownBy(() -> UsagePeriod.parse(bad, "2026-11-25", TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("from");
                    assertThat(e.getMessage()).isEqualTo("must be a date as YYYY-MM-DD");
                });
    }

    @Test
    void parse_malformedTo_isRefusedOnTo() {
        assertThatThrownBy(() -> UsagePeriod.parse("2026-11-01", "2026-11-31", TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void dates_areEveryDay_oldestFirst_acrossAMonthEnd() {
        assertThat(new UsagePeriod(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 3, 2)).dates()).containsExactly(
                LocalDate.of(2026, 2, 27), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1),
                LocalDate.of(2026, 3, 2));
    }
}
