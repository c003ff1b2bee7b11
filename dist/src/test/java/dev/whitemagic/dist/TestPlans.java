package dev.whitemagic.dist;

import java.util.HashMap;
import java.util.Map;

/**
 * The plans the test servers run with. The contract's free plan (10 requests a minute) would throttle tests that
 * make many requests with one account, so tests' default tier, {@code free}, is made generous everywhere; on the
 * shared server each other tier is made small in one dimension, so one test can reach that limit quickly:
 * <ul>
 *   <li>{@code starter}: {@value #STARTER_PER_MINUTE} requests a minute (the minute window);</li>
 *   <li>{@code pro}: {@value #PRO_PER_DAY} requests a day (the day window and the concurrency test);</li>
 *   <li>{@code enterprise}: {@value #ENTERPRISE_MAX_MEMORIES} memories and {@value #ENTERPRISE_MAX_STORAGE_BYTES}
 *       bytes (the caps).</li>
 * </ul>
 * The contract's own numbers are tested at module level ({@code PlansTest}).
 */
public final class TestPlans {

    public static final int STARTER_PER_MINUTE = 5;
    public static final int PRO_PER_DAY = 20;
    public static final int ENTERPRISE_MAX_MEMORIES = 3;
    public static final int ENTERPRISE_MAX_STORAGE_BYTES = 3_000;

    private static final String PLENTY = "1000000";

    private TestPlans() {
    }

    /** @return variables that make the free plan's windows and caps too large for any test to reach */
    public static Map<String, String> generousFree() {
        Map<String, String> env = new HashMap<>();
        unlimited(env, "FREE");
        return env;
    }

    /** @return {@link #generousFree()} plus the small tiers described above */
    public static Map<String, String> shared() {
        Map<String, String> env = generousFree();
        unlimited(env, "STARTER");
        env.put("WM_PLANS_STARTER_REQUESTS_PER_MINUTE", Integer.toString(STARTER_PER_MINUTE));
        unlimited(env, "PRO");
        env.put("WM_PLANS_PRO_REQUESTS_PER_DAY", Integer.toString(PRO_PER_DAY));
        unlimited(env, "ENTERPRISE");
        env.put("WM_PLANS_ENTERPRISE_MAX_MEMORIES", Integer.toString(ENTERPRISE_MAX_MEMORIES));
        env.put("WM_PLANS_ENTERPRISE_MAX_STORAGE_BYTES", Integer.toString(ENTERPRISE_MAX_STORAGE_BYTES));
        return env;
    }

    /**
     * @param environment variables for a server
     * @return a copy with {@link #generousFree()} added (the given ones win)
     */
    public static Map<String, String> withGenerousFree(Map<String, String> environment) {
        Map<String, String> env = generousFree();
        env.putAll(environment);
        return env;
    }

    private static void unlimited(Map<String, String> env, String tier) {
        for (String number : new String[] {"REQUESTS_PER_MINUTE", "REQUESTS_PER_DAY", "REQUESTS_PER_MONTH",
                "MAX_MEMORIES", "MAX_STORAGE_BYTES"}) {
            env.put("WM_PLANS_" + tier + "_" + number, number.equals("MAX_STORAGE_BYTES") ? "1000000000" : PLENTY);
        }
    }
}
