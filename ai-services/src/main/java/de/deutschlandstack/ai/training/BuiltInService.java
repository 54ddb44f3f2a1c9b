package de.deutschlandstack.ai.training;

import java.util.Arrays;
import java.util.Optional;

/**
 * The platform's own AI services, trained on each tenant's lake data: which dataset the lake computes for them, what
 * they learn and how, and the model they register (in the tenant's registry, like any other model).
 */
public enum BuiltInService {

    PAYMENT_DELAY_RISK("payment-delay-risk", "The probability that a customer invoice is paid after its due date",
            "payment-delay", new TabularTrainer.Settings("PaidLate", TabularTrainer.Kind.BINARY, "lateProbability",
            new int[]{32, 16}, 30, 64, 0.005f, 20261127L)),

    PRODUCT_DEMAND_FORECAST("product-demand-forecast", "A product's ordered quantity in a month, from the three months before",
            "product-demand", new TabularTrainer.Settings("Quantity", TabularTrainer.Kind.REGRESSION, "quantity",
            new int[]{16}, 200, 16, 0.005f, 20261127L));

    private final String id;
    private final String description;
    private final String dataset;
    private final TabularTrainer.Settings settings;

    BuiltInService(String id, String description, String dataset, TabularTrainer.Settings settings) {
        this.id = id;
        this.description = description;
        this.dataset = dataset;
        this.settings = settings;
    }

    /** The service's name, and the name of the model it registers. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public String dataset() {
        return dataset;
    }

    public TabularTrainer.Settings settings() {
        return settings;
    }

    public static Optional<BuiltInService> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
