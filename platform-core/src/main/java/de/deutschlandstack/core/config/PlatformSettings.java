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

    /** Rows per page when the client states no {@code odata.maxpagesize} preference. */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /** The most rows one response carries, whatever the client asks for; the rest follows via nextLink. */
    public int maxPageSize() {
        return maxPageSize;
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

    private static int intSetting(String name, int defaultValue) {
        String value = setting(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    private static boolean boolSetting(String name, boolean defaultValue) {
        String value = setting(name);
        return value == null || value.isBlank() ? defaultValue : Boolean.parseBoolean(value.trim());
    }
}
