package de.deutschlandstack.examples.anomaly;

import de.deutschlandstack.ai.spi.AiModel;
import de.deutschlandstack.ai.spi.AiService;

import java.util.List;

/**
 * An AI service as a developer writes one: how unusual an invoice is, from its gross amount and payment term, scored by
 * a small XGBoost model (trained elsewhere, exported as XGBoost's JSON) that the module carries among its resources.
 */
public class InvoiceAnomaly implements AiService {

    @Override
    public String name() {
        return "invoice-anomaly";
    }

    @Override
    public String description() {
        return "How unusual an invoice is (0 to 1), from its gross amount and payment term";
    }

    @Override
    public List<AiModel> models() {
        return List.of(new AiModel("invoice-anomaly", "1", "models/invoice-anomaly", List.of("serving.properties", "model.json")));
    }
}
