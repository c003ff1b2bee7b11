package dev.whitemagic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaExceededExceptionTest {

    @Test
    void memories_saysWhichPlanAndLimit_asTheContractsExample() {
        QuotaExceededException refusal = QuotaExceededException.memories("free", 50);

        assertThat(refusal).hasMessage("memory limit of plan free (50) reached");
        assertThat(refusal.cap()).isEqualTo(QuotaExceededException.Cap.MEMORIES);
        assertThat(refusal.cap().value()).isEqualTo("memories");
        assertThat(refusal.plan()).isEqualTo("free");
        assertThat(refusal.limit()).isEqualTo(50);
    }

    @Test
    void storage_namesTheLimitInBytes() {
        QuotaExceededException refusal = QuotaExceededException.storage("pro", 1_000_000_000L);

        assertThat(refusal).hasMessage("storage limit of plan pro (1000000000 bytes) would be exceeded");
        assertThat(refusal.cap().value()).isEqualTo("storage");
        assertThat(refusal).isInstanceOf(DomainException.class);
    }
}
