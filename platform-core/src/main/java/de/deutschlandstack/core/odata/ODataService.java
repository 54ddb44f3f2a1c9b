package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.ServiceModel;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;


/** The Olingo runtime of one service, built once: its model, EDM and metadata are shared by all requests. */
public final class ODataService {

    private final ServiceModel model;
    private final OData odata;
    private final ServiceMetadata metadata;
    private final CaseInsensitiveNames names;

    ODataService(ServiceModel model, int maxExpandDepth) {
        this.model = model;
        this.names = new CaseInsensitiveNames(model);
        this.odata = OData.newInstance();
        this.metadata = odata.createServiceMetadata(new JpaEdmProvider(model, maxExpandDepth), JpaEdmProvider.VOCABULARIES);
    }

    public ServiceModel model() {
        return model;
    }

    OData odata() {
        return odata;
    }

    ServiceMetadata metadata() {
        return metadata;
    }

    /** The model's names regardless of case (OData 4.01). */
    CaseInsensitiveNames names() {
        return names;
    }
}
