package dev.whitemagic.rest.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The address check applied to the admin API's users and to the accounts Whop creates. */
class AcceptsEmailTest {

    @Test
    void anAddressOfVisibleCharacters_isAccepted_inAnyScript() {
        assertThat(Accounts.acceptsEmail("ada@example.com")).isTrue();
        assertThat(Accounts.acceptsEmail("j\u00fcrgen@b\u00fccher.example")).isTrue();
        assertThat(Accounts.acceptsEmail("\u7528\u6237@\u4f8b\u5b50.example")).isTrue();
    }

    @Test
    void invisibleCharacters_areRefused() {
        for (String invisible : new String[] {"\u202e", "\uFEFF", "\u0007", "\u200d", "\uFDD0", "\u00a0", "\uE000",
                "\uFFFF", "\uD800", "\u2028"}) {
            assertThat(Accounts.acceptsEmail("a" + invisible + "b@example.com"))
                    .as(String.format("U+%04X", (int) invisible.charAt(0))).isFalse();
        }
    }
}
