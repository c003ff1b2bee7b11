package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class PageSizeTest {

    @Test
    void absent_isTheDefaultOfItsKind() {
        assertThat(PageSize.LIST.of(null)).isEqualTo(50);
        assertThat(PageSize.SEARCH.of(null)).isEqualTo(20);
        assertThat(PageSize.LIST.parse(null)).isEqualTo(50);
    }

    @Test
    void theBounds_areInclusive() {
        assertThat(PageSize.LIST.parse(" 200 ")).isEqualTo(200);
        assertThat(PageSize.SEARCH.of(100)).isEqualTo(100);
        assertThat(PageSize.SEARCH.parse("1")).isEqualTo(1);
    }

    @Test
    void outside_orNotANumber_isRefusedOnLimit() {
        for (String text : new String[]{"0", "201", "-1", "ten", "", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> PageSize.LIST.parse(text)).as(text).isInstanceOf(InvalidInputException.class)
                    .hasMessage("must be a whole number from 1 to 200").extracting("field").isEqualTo("limit");
        }
        assertThatThrownBy(() -> PageSize.SEARCH.of(101)).isInstanceOf(InvalidInputException.class)
                .hasMessage("must be a whole number from 1 to 100");
    }
}
