package dev.whitemagic.rest.accounts;

import dev.whitemagic.auth.key.IssuedKey;
import dev.whitemagic.domain.user.User;

/** A new account and its first key (whose raw form is shown once). */
public record NewAccount(User user, IssuedKey key) {
}
