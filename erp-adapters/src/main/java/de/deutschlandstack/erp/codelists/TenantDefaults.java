package de.deutschlandstack.erp.codelists;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.PlatformTenant;
import de.deutschlandstack.core.tenancy.TenantOnboarded;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.tenancy.TenantStatus;
import de.deutschlandstack.erp.accounting.GLAccount;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.Set;

/**
 * Gives the caller's tenant the {@linkplain StandardCodeLists standard code lists and accounts} it lacks, in one
 * transaction. Idempotent: entries the tenant has (perhaps changed) stay as they are.
 */
@ApplicationScoped
public class TenantDefaults {

    private static final Logger LOG = Logger.getLogger(TenantDefaults.class);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    TenantRegistry tenants;

    @Inject
    TenantDefaults self;

    /** Every served tenant has its defaults before the first request: one whose defaults grew since the last start gets the new ones. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        for (String tenant : tenants.all().stream()
                .filter(t -> t.getStatus() == TenantStatus.ACTIVE || t.getStatus() == TenantStatus.SUSPENDED)
                .map(PlatformTenant::getTenant)
                .filter(t -> !t.equals(PlatformRoles.OPERATOR_TENANT)).toList()) {
            int added = CurrentCaller.runAsUnchecked(Caller.system(tenant), self::ensureForCurrentTenant);
            if (added > 0) {
                LOG.infof("Tenant %s: added %d standard code list entries and accounts", tenant, added);
            }
        }
    }

    /** A new tenant gets its defaults in the transaction that onboards it. */
    void onOnboarded(@Observes TenantOnboarded onboarded) {
        self.ensureForCurrentTenant();
    }

    /** @return how many entries were added */
    @Transactional
    public int ensureForCurrentTenant() {
        int added = 0;
        Set<String> currencies = codes("select c.code from Currency c");
        for (StandardCodeLists.CurrencyCode c : StandardCodeLists.CURRENCIES) {
            if (currencies.add(c.code())) {
                em.persist(new Currency(c.code(), c.name(), c.decimals()));
                added++;
            }
        }
        Set<String> countries = codes("select c.code from Country c");
        for (StandardCodeLists.CountryCode c : StandardCodeLists.COUNTRIES) {
            if (countries.add(c.code())) {
                em.persist(new Country(c.code(), c.name(), c.euMember()));
                added++;
            }
        }
        Set<String> units = codes("select u.code from UnitOfMeasure u");
        for (StandardCodeLists.Unit u : StandardCodeLists.UNITS) {
            if (units.add(u.code())) {
                em.persist(new UnitOfMeasure(u.code(), u.name()));
                added++;
            }
        }
        Set<String> accounts = codes("select a.accountNumber from GLAccount a");
        for (StandardCodeLists.Account a : StandardCodeLists.ACCOUNTS) {
            if (accounts.add(a.number())) {
                em.persist(new GLAccount(a.number(), a.name(), GLAccount.Type.valueOf(a.type())));
                added++;
            }
        }
        Set<String> taxCodes = codes("select t.code from TaxCode t");
        for (StandardCodeLists.Tax t : StandardCodeLists.TAX_CODES) {
            if (taxCodes.add(t.code())) {
                em.persist(new TaxCode(t.code(), t.description(), t.rate(), TaxCode.Direction.valueOf(t.direction()),
                        t.netAccount(), t.taxAccount()));
                added++;
            }
        }
        return added;
    }

    private Set<String> codes(String query) {
        return new HashSet<>(em.createQuery(query, String.class).getResultList());
    }
}
