package de.deutschlandstack.core.config;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The platform kernel's settings, each with a default that runs out of the box. Override with a system
 * property ({@code -Dplatform.odata.max-page-size=5000}) or an environment variable
 * ({@code PLATFORM_ODATA_MAX_PAGE_SIZE=5000}).
 */
@ApplicationScoped
public class PlatformSettings {

    private final int defaultPageSize = intSetting("platform.odata.default-page-size", 100);
    private final int maxPageSize = intSetting("platform.odata.max-page-size", 1000);
    private final boolean demoData = boolSetting("platform.demo-data", true);
    private final int maxExpandDepth = intSetting("platform.odata.max-expand-depth", 5);
    private final int maxExpandItems = intSetting("platform.odata.max-expand-items", 20);
    private final int maxResponseEntities = intSetting("platform.odata.max-response-entities", 10_000);
    private final int maxUrlLength = intSetting("platform.odata.max-url-length", 16_384);
    private final int maxExpressionDepth = intSetting("platform.odata.max-expression-depth", 32);
    private final int maxExpressionOperators = intSetting("platform.odata.max-expression-operators", 300);
    private final int maxListItems = intSetting("platform.odata.max-list-items", 1_000);
    private final int maxBodyBytes = intSetting("platform.odata.max-body-bytes", 1 << 20);
    private final int maxBatchRequests = intSetting("platform.odata.max-batch-requests", 1_000);
    private final int maxBatchResponseBytes = intSetting("platform.odata.max-batch-response-bytes", 32 << 20);
    private final int maxNestedEntities = intSetting("platform.odata.max-nested-entities", 1_000);
    private final int userRequestsPerMinute = intSetting("platform.rate-limit.user-per-minute", 6_000);
    private final int tenantRequestsPerMinute = intSetting("platform.rate-limit.tenant-per-minute", 30_000);
    /**
     * Requests of one tenant a node works on at once: by default half the database pool ({@code PLATFORM_DB_POOL_SIZE},
     * 32), so that one tenant's flood of slow requests leaves half the connections and threads to the others.
     */
    private final int tenantConcurrentRequests = intSetting("platform.rate-limit.tenant-concurrent",
            Math.max(1, intSetting("platform.db.pool-size", 32) / 2));
    private final boolean readsWithHibernateTenantFilter = boolSetting("platform.odata.reads-with-hibernate-tenant-filter", false);

    /**
     * The password of the data lake's technical account ({@code PLATFORM_LAKE_PASSWORD}); empty: the account is
     * disabled and the change feed reaches no one. Set again at every start, so changing it is a restart.
     */
    public java.util.Optional<String> lakePassword() {
        return java.util.Optional.ofNullable(setting("platform.lake.password")).filter(s -> !s.isBlank());
    }

    /** Where the data lake serves its analyses and status ({@code PLATFORM_LAKE_URL}; default {@code http://127.0.0.1:8091}). */
    public String lakeUrl() {
        return java.util.Optional.ofNullable(setting("platform.lake.url")).filter(s -> !s.isBlank()).orElse("http://127.0.0.1:8091");
    }

    /**
     * Whether the lake may be asked over plain HTTP on another machine ({@code PLATFORM_LAKE_PLAINTEXT=true}: a network
     * of the operator's own); otherwise only over HTTPS or on this machine, since the lake account's password goes with.
     */
    public boolean lakeOverPlaintext() {
        return "true".equals(setting("platform.lake.plaintext"));
    }

    /**
     * The platform operator's first account, created at start when both are set and it does not exist
     * ({@code PLATFORM_ADMIN_USER}, {@code PLATFORM_ADMIN_PASSWORD}); empty otherwise.
     */
    public java.util.Optional<String[]> initialPlatformAdmin() {
        String user = setting("platform.admin.user");
        String password = setting("platform.admin.password");
        return user == null || password == null || user.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(new String[]{user, password});
    }

    /** Requests per minute one user may send, unless the platform admin set another limit for their tenant. */
    public int userRequestsPerMinute() {
        return userRequestsPerMinute;
    }

    /** Requests per minute all users of one tenant together may send, unless the platform admin set another limit. */
    public int tenantRequestsPerMinute() {
        return tenantRequestsPerMinute;
    }

    /** Requests of one tenant a node works on at once ({@code PLATFORM_RATE_LIMIT_TENANT_CONCURRENT}). */
    public int tenantConcurrentRequests() {
        return tenantConcurrentRequests;
    }

    /** The {@code iss} of the tokens the platform issues ({@code PLATFORM_TOKEN_ISSUER}). */
    public String tokenIssuer() {
        return java.util.Optional.ofNullable(setting("platform.token.issuer")).filter(s -> !s.isBlank()).orElse("deutschland-stack");
    }

    /** How long a token the platform issues is valid, in seconds ({@code PLATFORM_TOKEN_LIFETIME_SECONDS}, 300). */
    public int tokenLifetimeSeconds() {
        return intSetting("platform.token.lifetime-seconds", 300);
    }

    /**
     * An external OpenID Connect issuer whose access tokens the platform accepts ({@code PLATFORM_OIDC_ISSUER}, e.g.
     * {@code https://login.example/realms/platform}); empty: none.
     */
    public java.util.Optional<String> oidcIssuer() {
        return java.util.Optional.ofNullable(setting("platform.oidc.issuer")).filter(s -> !s.isBlank());
    }

    /** A named OIDC setting ({@code PLATFORM_OIDC_AUDIENCE}, {@code ..._JWKS_URL}, {@code ..._USER_CLAIM} ...), or the default. */
    public String oidc(String name, String defaultValue) {
        return java.util.Optional.ofNullable(setting("platform.oidc." + name)).filter(s -> !s.isBlank()).orElse(defaultValue);
    }

    /**
     * Seconds an offboarding waits before it erases ({@code PLATFORM_OFFBOARDING_GRACE_SECONDS}, 20): longer than any
     * node caches a tenant's status, and than a request runs.
     */
    public int offboardingGraceSeconds() {
        return intSetting("platform.offboarding.grace-seconds", 20);
    }

    /** Rows per page when the client states no {@code odata.maxpagesize} preference. */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /** The most rows one response carries, whatever the client asks for; the rest follows via nextLink. */
    public int maxPageSize() {
        return maxPageSize;
    }

    /** How deep {@code $expand} may nest ({@code Items($expand=Product)} is 2). */
    public int maxExpandDepth() {
        return maxExpandDepth;
    }

    /** How many navigations one {@code $expand} may name, over all levels. */
    public int maxExpandItems() {
        return maxExpandItems;
    }

    /** The most entities one response holds, expanded ones included. */
    public int maxResponseEntities() {
        return maxResponseEntities;
    }

    /** The longest request URL (path and query) that is read at all. */
    public int maxUrlLength() {
        return maxUrlLength;
    }

    /** How deep parentheses may nest in one query option. */
    public int maxExpressionDepth() {
        return maxExpressionDepth;
    }

    /** How many logical ({@code and}, {@code or}, {@code not}) and arithmetic operators one query option may hold. */
    public int maxExpressionOperators() {
        return maxExpressionOperators;
    }

    /** How many items (an {@code in} list's values, function arguments) one query option may list. */
    public int maxListItems() {
        return maxListItems;
    }

    /** The largest request body accepted. */
    /** Requests in one {@code $batch}, counted across its change sets. */
    public int maxBatchRequests() {
        return maxBatchRequests;
    }

    /** The answers of one {@code $batch} together: past this, the remaining requests are not run (each answers 413). */
    public int maxBatchResponseBytes() {
        return maxBatchResponseBytes;
    }

    /** Entities nested in one body (deep insert, deep update). */
    public int maxNestedEntities() {
        return maxNestedEntities;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Whether reads also keep Hibernate's own tenant filter on. Off by default: every statement of a read already
     * restricts every alias to the tenant, and with a filter on Hibernate caches no query plan (docs/benchmarks.md).
     * On adds a second restriction to roots and single-valued joins at that cost.
     */
    public boolean readsWithHibernateTenantFilter() {
        return readsWithHibernateTenantFilter;
    }

    /**
     * Whether the platform may run on a PostgreSQL user that row-level security does not bind (a superuser or
     * {@code BYPASSRLS}; {@code PLATFORM_DB_ALLOW_RLS_BYPASS}, false): without it such a user stops the start.
     */
    public static boolean databaseUserMayBypassRowLevelSecurity() {
        String value = setting("platform.db.allow-rls-bypass");
        return value != null && Boolean.parseBoolean(value.trim());
    }

    /**
     * Test only ({@code PLATFORM_TEST_DATABASE_ISOLATION_ONLY}): leave tenant isolation to PostgreSQL's row-level
     * security alone, to prove that it holds without the query layer. Ignored on a database that does not enforce it.
     */
    public static boolean testDatabaseIsolationOnly() {
        String value = setting("platform.test.database-isolation-only");
        return value != null && Boolean.parseBoolean(value.trim());
    }

    /** Whether the demo tenants, users and business data are seeded on first start. */
    public boolean demoData() {
        return demoData;
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value;
    }

    /** A setting read as the class comment says, for modules' own settings classes. */
    public static String stringSetting(String name, String defaultValue) {
        String value = setting(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** A whole-number setting read as the class comment says, for code the container does not inject (Hibernate's). */
    public static int intSetting(String name, int defaultValue) {
        String value = setting(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    private static boolean boolSetting(String name, boolean defaultValue) {
        String value = setting(name);
        return value == null || value.isBlank() ? defaultValue : Boolean.parseBoolean(value.trim());
    }
}
