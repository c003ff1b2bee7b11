package dev.whitemagic.persistence.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OffloadTest {

    @Test
    void workAnotherThreadHasBegun_isWaitedFor_onThatThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch begun = new CountDownLatch(1);
            Offload<String> offload = Offload.submit(executor, () -> {
                begun.countDown();
                Thread.sleep(100);
                return Thread.currentThread().getName();
            });
            assertThat(begun.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(offload.join()).isNotEqualTo(Thread.currentThread().getName());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void workNoThreadHasBegun_isDoneByTheCaller_andNeverTwice() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            executor.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<String> ranOn = new ArrayList<>();
            Offload<String> offload = Offload.submit(executor, () -> {
                synchronized (ranOn) {
                    ranOn.add(Thread.currentThread().getName());
                }
                return Thread.currentThread().getName();
            });
            assertThat(offload.join()).as("the only thread is busy").isEqualTo(Thread.currentThread().getName());
            release.countDown();
            executor.shutdown();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranOn).as("the queued copy found the work taken back").hasSize(1);
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void noExecutor_orOneThatRefuses_leavesTheWorkToTheCaller() {
        assertThat(Offload.submit(null, () -> 42).join()).isEqualTo(42);
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();
        assertThat(Offload.submit(closed, () -> 43).join()).isEqualTo(43);
    }

    @Test
    void whatTheWorkThrows_reachesTheCaller_asThrown() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch begun = new CountDownLatch(1);
            Offload<Object> onOtherThread = Offload.submit(executor, () -> {
                begun.countDown();
                throw new IllegalArgumentException("elsewhere");
            });
            assertThat(begun.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(onOtherThread::join).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("elsewhere");
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> Offload.submit(null, () -> {
            throw new UnsupportedOperationException("here");
        }).join()).isInstanceOf(UnsupportedOperationException.class).hasMessage("here");
        assertThatThrownBy(() -> Offload.submit(null, () -> {
            throw new IOException("checked");
        }).join()).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
    }
}
