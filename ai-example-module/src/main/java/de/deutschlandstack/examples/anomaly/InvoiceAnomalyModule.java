package de.deutschlandstack.examples.anomaly;

import de.deutschlandstack.ai.spi.AiModuleDeployment;
import de.deutschlandstack.ai.spi.AiService;
import jakarta.servlet.annotation.WebListener;

import java.util.List;

/** The module's deployment: the platform serves its services from deploy to undeploy. */
@WebListener
public class InvoiceAnomalyModule extends AiModuleDeployment {

    @Override
    protected List<AiService> services() {
        return List.of(new InvoiceAnomaly());
    }
}
