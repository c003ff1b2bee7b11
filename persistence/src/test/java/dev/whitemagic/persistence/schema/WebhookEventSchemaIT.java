package dev.whitemagic.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.whitemagic.persistence.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The schema of the handled webhook events ({@code 012-webhook-events.xml}). */
class WebhookEventSchemaIT {

    @Test
    void columns_haveTheirTypesAndNullability() {
        assertThat(TestDatabase.query("SELECT column_name, data_type, character_maximum_length, is_nullable"
                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'webhook_events'"
                + " ORDER BY ordinal_position"))
                .extracting(c -> c.get("column_name"), c -> c.get("data_type"), c -> c.get("character_maximum_length"),
                        c -> c.get("is_nullable"))
                .containsExactly(
                        tuple("event_id", "character varying", 255, "NO"),
                        tuple("type", "character varying", 255, "NO"),
                        tuple("membership_id", "character varying", 255, "YES"),
                        tuple("event_created_at", "timestamp with time zone", null, "YES"),
                        tuple("received_at", "timestamp with time zone", null, "NO"),
                        tuple("outcome", "character varying", 20, "NO"));
    }

    @Test
    void theEventId_isThePrimaryKey_andNoForeignKeyTiesEventsToAccounts() {
        assertThat(TestDatabase.query("SELECT conname, contype::text AS kind, pg_get_constraintdef(oid) AS def"
                + " FROM pg_constraint WHERE conrelid = 'webhook_events'::regclass"))
                .extracting(row -> row.get("conname"), row -> row.get("kind"), row -> row.get("def"))
                .containsExactly(tuple("pk_webhook_events", "p", "PRIMARY KEY (event_id)"));
    }

    @Test
    void aSecondRowForOneEventId_isRefused() {
        String eventId = "evt_" + UUID.randomUUID();
        String insert = "INSERT INTO webhook_events (event_id, type, received_at, outcome) VALUES ('" + eventId
                + "', 'membership.updated', now(), 'applied')";
        TestDatabase.execute(insert);

        assertThatThrownBy(() -> TestDatabase.execute(insert))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("pk_webhook_events"));
    }
}
