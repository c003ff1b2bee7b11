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
        // The positive signal that one request is still counted: a wait of its own gives up and says so.
        assertThat(counter.awaitNone(Duration.ofMillis(50))).as("one request is still in flight").isEqualTo(1);

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
