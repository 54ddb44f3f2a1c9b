package de.deutschlandstack.platform.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;

/**
 * Base of the system tests: the real platform EAR, deployed into the provisioned WildFly, called over HTTP
 * as a client would. Demo data provides two tenants: stadt-muenchen (anna) and bayern-werke (ben).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class PlatformIT {

    static final String ANNA = "anna@stadt-muenchen";
    static final String BEN = "ben@bayern-werke";
    /** Reads stadt-muenchen's business objects, writes nothing. */
    static final String LEA = "lea@stadt-muenchen";
    /** Reads stadt-muenchen's audit trail only. */
    static final String OTTO = "otto@stadt-muenchen";
    /** The platform admin: manages tenants, reads no tenant's business objects. */
    static final String OPERATOR = "operator@platform";

    @ArquillianResource
    URL deploymentUrl;

    @Deployment(testable = false, name = "platform")
    static EnterpriseArchive platform() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File("target/platform.ear"));
    }

    ODataClient as(String user) {
        return new ODataClient(serverRoot(), user, "demo");
    }

    ODataClient as(String user, String password) {
        return new ODataClient(serverRoot(), user, password);
    }

    /**
     * Onboards a tenant of its own for a test (an id not used before: {@code prefix-<time>}) whose first admin is
     * {@code chef@<tenant>} with that password; returns the tenant id.
     */
    String onboardTenant(String prefix, String password) {
        String tenant = prefix + "-" + Long.toString(System.nanoTime(), 36);
        ODataClient.Response created = as(OPERATOR).api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "chef@%s", "password": "%s"}}""".formatted(tenant, tenant, password));
        org.assertj.core.api.Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return tenant;
    }

    ODataClient anonymous() {
        return new ODataClient(serverRoot(), null, null);
    }

    String serverRoot() {
        String url = deploymentUrl.toString();
        // The EAR's web module sits at the context root "/": the server root is scheme://host:port.
        int path = url.indexOf('/', url.indexOf("//") + 2);
        return path < 0 ? url : url.substring(0, path);
    }
}
