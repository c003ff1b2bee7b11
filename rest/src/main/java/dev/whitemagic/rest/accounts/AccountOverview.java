package dev.whitemagic.rest.accounts;

import dev.whitemagic.domain.user.User;
import dev.whitemagic.quota.AccountUsage;

/** An account with what it has used of its plan, as its owner sees it. */
public record AccountOverview(User user, AccountUsage usage) {
}
