package de.deutschlandstack.core.audit;

import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The audit trail is append-only in PostgreSQL itself, for the platform's statements too: a trigger refuses every
 * UPDATE of an audit record, every DELETE except of an offboarding tenant's records (the erasure that leaves only the
 * tombstone), and TRUNCATE. No API changes a record, and with this no defect of the platform's code can either. The
 * tables' owner (the platform's own database user, which runs the migrations) or a superuser can still switch the
 * trigger off; what they change, the hash chain reveals unless they rewrite it ({@link AuditTrail#verify}).
 * Applied after every schema migration at start, like row-level security (PostgreSQL 14 or later); the embedded H2
 * has no such trigger.
 */
public final class AppendOnlyAudit {

    private static final Logger LOG = Logger.getLogger(AppendOnlyAudit.class);

    private AppendOnlyAudit() {
    }

    private static void trigger(Statement ddl, String schema, String name, String events, String table, String level,
                                String function) throws SQLException {
        ddl.execute("create or replace trigger " + name + " before " + events + " on " + schema + "." + table
                + " for each " + level + " execute function " + schema + "." + function + "()");
    }

    /** The function through which the platform's user erases an offboarding tenant's trail (it may not delete). */
    public static final String ERASE_FUNCTION = "platform_erase_audit_record";

    /**
     * Installs the triggers (PostgreSQL only), on a connection of the schema's owner in a transaction that the caller
     * commits. Where the platform's user is not the owner, it may only read and append records: the erasure of an
     * offboarding tenant's trail goes through {@value #ERASE_FUNCTION}, which runs with the owner's rights.
     */
    public static void apply(Connection connection, String platformUser) throws SQLException {
        if (!RowLevelSecurity.supports(connection)) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            de.deutschlandstack.core.schema.OwnedSchema owned = de.deutschlandstack.core.schema.OwnedSchema.of(ddl, platformUser);
            String schema = owned.name();
            boolean ownsTables = owned.platformUserOwnsIt();
            // Each function names its tables with their schema and searches pg_temp last: a temporary table of the
            // caller's cannot stand in for the registry or the trail. The functions run with the owner's rights, so
            // that what they look at is every row, not what the caller's row-level security lets it see.
            String header = owned.ownersFunction();
            ddl.execute("create or replace function " + schema + ".platform_offboarding(tenant varchar) returns boolean" + header + """
                    begin
                        return exists (select 1 from %1$s.platform_tenant t where t.tenant = $1 and t.status = 'OFFBOARDING');
                    end
                    $$""".formatted(schema));
            // 42501 (insufficient_privilege): what a client of the database gets for a refused write.
            ddl.execute("create or replace function " + schema + ".platform_audit_append_only() returns trigger" + header + """
                    begin
                        if tg_op = 'DELETE' and %1$s.platform_offboarding(old.tenant) then
                            return old;
                        end if;
                        raise exception 'audit records are append-only: %% refused', tg_op using errcode = '42501';
                    end
                    $$""".formatted(schema));
            trigger(ddl, schema, "audit_record_append_only", "update or delete", "audit_record", "row", "platform_audit_append_only");
            trigger(ddl, schema, "audit_record_no_truncate", "truncate", "audit_record", "statement", "platform_audit_append_only");
            // The chain's head moves strictly forward, is created only where the tenant has no record yet, and removed
            // only with an offboarding tenant's trail: records cannot be cut off its end with the head set back to match.
            ddl.execute("create or replace function " + schema + ".platform_audit_chain_forward_only() returns trigger" + header + """
                    begin
                        if tg_op = 'UPDATE' and new.tenant = old.tenant and new.last_seq > old.last_seq then
                            return new;
                        end if;
                        if tg_op = 'INSERT' and not exists (select 1 from %1$s.audit_record r where r.tenant = new.tenant) then
                            return new;
                        end if;
                        if tg_op = 'DELETE' and %1$s.platform_offboarding(old.tenant) then
                            return old;
                        end if;
                        raise exception 'an audit chain''s head only moves forward: %% refused', tg_op using errcode = '42501';
                    end
                    $$""".formatted(schema));
            trigger(ddl, schema, "audit_chain_forward_only", "insert or update or delete", "audit_chain", "row",
                    "platform_audit_chain_forward_only");
            trigger(ddl, schema, "audit_chain_no_truncate", "truncate", "audit_chain", "statement", "platform_audit_append_only");
            // Offboarding is one way, in the database too: a tenant marked offboarding, whose trail may then be erased,
            // never becomes active again, and its registry row stays. Whoever marks a tenant offboarding to erase its
            // trail has offboarded the tenant, in plain sight.
            ddl.execute("create or replace function " + schema + ".platform_offboarding_one_way() returns trigger" + header + """
                    begin
                        if tg_op = 'UPDATE' and (old.status not in ('OFFBOARDING', 'OFFBOARDED')
                                or new.status = 'OFFBOARDED' or (old.status = 'OFFBOARDING' and new.status = 'OFFBOARDING')) then
                            return new;
                        end if;
                        raise exception 'offboarding is one way, and the registry keeps every tenant: % refused', tg_op
                            using errcode = '42501';
                    end
                    $$""");
            trigger(ddl, schema, "platform_tenant_offboarding_one_way", "update or delete", "platform_tenant", "row",
                    "platform_offboarding_one_way");
            if (ownsTables) {
                LOG.debug("Audit records are append-only for the platform's statements (its user owns the tables)");
                return;
            }
            String user = "\"" + platformUser.replace("\"", "\"\"") + "\"";
            ddl.execute("revoke update, delete, truncate on " + schema + ".audit_record from " + user);
            ddl.execute("revoke truncate on " + schema + ".audit_chain from " + user);
            ddl.execute("revoke delete, truncate on " + schema + ".platform_tenant from " + user);
            ddl.execute("create or replace function " + schema + "." + ERASE_FUNCTION + "(erased varchar) returns integer" + header + """
                    declare erased_records integer;
                    begin
                        if not %1$s.platform_offboarding(erased) then
                            raise exception 'the audit trail of %% is erased only while the tenant is offboarded', erased
                                using errcode = '42501';
                        end if;
                        delete from %1$s.audit_record where tenant = erased;
                        get diagnostics erased_records = row_count;
                        return erased_records;
                    end
                    $$""".formatted(schema));
            ddl.execute("revoke all on function " + schema + "." + ERASE_FUNCTION + "(varchar) from public");
            ddl.execute("grant execute on function " + schema + "." + ERASE_FUNCTION + "(varchar) to " + user);
        }
        LOG.debugf("Audit records are append-only; %s may read and append them only", platformUser);
    }
}
