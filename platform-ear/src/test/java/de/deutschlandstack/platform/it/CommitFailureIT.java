package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write whose commit fails after the processor succeeded is answered 500 and stores nothing; the client is never
 * told "created" first. The commit is made to fail by a constraint the database checks only at commit (a
 * deferred unique key), which PostgreSQL has and H2 does not: on H2 the test checks that no such key is possible and
 * ends there.
 */
class CommitFailureIT extends PlatformIT {

    private Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    @Test
    void aWriteWhoseCommitFailsIsA500AndNothingIsStored() throws Exception {
        if (!"postgresql".equals(System.getProperty("it.database"))) {
            try (Connection connection = database(); Statement sql = connection.createStatement()) {
                // Documents why the rest runs on PostgreSQL only.
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sql.execute(
                        "alter table business_partner add constraint uk_test_deferred unique (name) deferrable initially deferred")))
                        .isInstanceOf(SQLException.class);
            }
            return;
        }
        String name = "Commit-Test " + System.nanoTime();
        ODataClient anna = as(ANNA);
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            sql.execute("alter table business_partner add constraint uk_test_deferred unique (name) deferrable initially deferred");
            sql.execute("insert into business_partner (id, tenant, version, partner_number, name, role, payment_terms_days, created_at)"
                    + " values (990001, 'stadt-muenchen', 0, 'BP-COMMIT', '" + name + "', 'CUSTOMER', 30, current_timestamp)");
        }
        try {
            String count = anna.get("BusinessPartners/$count").body();
            ODataClient.Response created = anna.post("BusinessPartners",
                    "{\"PartnerNumber\":\"BP-C" + System.nanoTime() % 1_000_000 + "\",\"Name\":\"" + name + "\",\"Role\":\"CUSTOMER\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(500);
            assertThat(created.errorMessage()).contains("not stored");
            assertThat(anna.get("BusinessPartners/$count").body()).isEqualTo(count);
        } finally {
            try (Connection connection = database(); Statement sql = connection.createStatement()) {
                sql.execute("delete from business_partner where id = 990001");
                sql.execute("alter table business_partner drop constraint uk_test_deferred");
            }
        }
    }
}
