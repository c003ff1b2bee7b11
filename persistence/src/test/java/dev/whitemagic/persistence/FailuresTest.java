package dev.whitemagic.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aFailedBatch_isDescribedByClassesAndSqlStates_neverByItsMessages() {
        String userId = UUID.randomUUID().toString();
        SQLException cause = new SQLException("ERROR: duplicate key value violates unique constraint; Key (user_id)=("
                + userId + ") already exists", "23505");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO usage_records (user_id)"
                + " VALUES ('" + userId + "') was aborted", "23505", new int[0], cause);
        RuntimeException wrapped = new IllegalStateException("could not execute batch: INSERT INTO usage_records",
                batch);

        String described = Failures.describe(wrapped);

        assertThat(described)
                .startsWith("java.lang.IllegalStateException at " + FailuresTest.class.getName())
                .contains(" <- java.sql.BatchUpdateException (SQL state 23505) at ")
                .contains(" <- java.sql.SQLException (SQL state 23505) at ")
                .doesNotContain(userId).doesNotContainIgnoringCase("insert").doesNotContain("\n");
    }

    @Test
    void aLongChain_isCutAfterFiveCauses_andNullIsSaidPlainly() {
        Throwable chain = new RuntimeException("secret 0");
        for (int i = 1; i < 8; i++) {
            chain = new RuntimeException("secret " + i, chain);
        }

        assertThat(Failures.describe(chain).split(" <- ")).hasSize(5);
        assertThat(Failures.describe(chain)).doesNotContain("secret");
        assertThat(Failures.describe(null)).isEqualTo("no exception");
    }
}
