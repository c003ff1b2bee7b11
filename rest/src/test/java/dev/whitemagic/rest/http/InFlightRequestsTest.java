package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    private final InFlightRequests.Counter counter = new InFlightRequests.Counter();

    @Test
    void awaitNone_returnsWhenTheLastRequestLeaves() throws Exception {
        counter.enter();
        counter.enter();
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return counter.awaitNone(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        counter.leave();
        Thread.sleep(100);
        assertThat(waiting).as("one request is still in flight").isNotDone();

        counter.leave();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void awaitNone_givesUpAfterTheTimeout_andSaysHowManyAreLeft() throws Exception {
        counter.enter();

        assertThat(counter.awaitNone(Duration.ofMillis(50))).isEqualTo(1);
        assertThat(counter.inFlight()).isEqualTo(1);
    }
}
