package de.deutschlandstack.ai.spi;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.List;

/**
 * The one class a module's deployment adds besides its services: annotate a subclass with
 * {@code @jakarta.servlet.annotation.WebListener}, return the module's services, and the platform serves their models
 * from the moment the deployment starts until it is undeployed, with no restart of the server.
 *
 * <pre>{@code
 * @WebListener
 * public class InvoiceAnomalyModule extends AiModuleDeployment {
 *     protected List<AiService> services() {
 *         return List.of(new InvoiceAnomaly());
 *     }
 * }
 * }</pre>
 */
public abstract class AiModuleDeployment implements ServletContextListener {

    private String deployment;

    /** The module's services. */
    protected abstract List<AiService> services();

    @Override
    public final void contextInitialized(ServletContextEvent event) {
        deployment = event.getServletContext().getContextPath().isEmpty() ? getClass().getName()
                : event.getServletContext().getContextPath();
        AiModules.deployed(new AiModule(deployment, getClass().getClassLoader(), services()));
    }

    @Override
    public final void contextDestroyed(ServletContextEvent event) {
        AiModules.undeployed(deployment);
    }
}
