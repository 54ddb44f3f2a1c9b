package de.deutschlandstack.platform.it;

import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.request.batch.BatchManager;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchResponseItem;
import org.apache.olingo.client.api.communication.request.batch.ODataChangeset;
import org.apache.olingo.client.api.communication.response.ODataBatchResponse;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.client.core.http.BasicAuthHttpClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party client, Apache Olingo's, against the live service: it reads {@code $metadata} and works from it —
 * queries, a create with a binding, a bound action and a {@code $batch} with a change set.
 */
class OlingoClientIT extends PlatformIT {

    private static final String NS = "DeutschlandStack.Erp";

    private ODataClient client() {
        ODataClient client = ODataClientFactory.getClient();
        client.getConfiguration().setHttpClientFactory(new BasicAuthHttpClientFactory(ANNA, "demo"));
        return client;
    }

    private String root() {
        return serverRoot() + "/odata/v4/erp";
    }

    @Test
    void readsTheLiveMetadataAndQueriesThroughIt() {
        ODataClient client = client();
        // The live $metadata, read by the client's own reader. (Its metadata request would also fetch the standard
        // vocabularies the document references from oasis-tcs.github.io, which this test machine cannot reach.)
        Edm edm = client.getReader().readMetadata(new java.io.ByteArrayInputStream(as(ANNA).get("$metadata", "Accept", "application/xml")
                .body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(edm.getEntityContainer(new FullQualifiedName(NS, "Container")).getEntitySet("Invoices")).isNotNull();
        assertThat(edm.getBoundAction(new FullQualifiedName(NS, "Release"), new FullQualifiedName(NS, "SalesOrder"), false)).isNotNull();
        assertThat(edm.getEntityType(new FullQualifiedName(NS, "Invoice")).getProperty("OpenAmount")).isNotNull();

        URI uri = client.newURIBuilder(root()).appendEntitySetSegment("SalesOrders").filter("NetAmount gt 1000")
                .orderBy("NetAmount desc").top(3).expand("Items").build();
        ClientEntitySet orders = client.getRetrieveRequestFactory().getEntitySetRequest(uri).execute().getBody();
        assertThat(orders.getEntities()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        BigDecimal previous = null;
        for (ClientEntity order : orders.getEntities()) {
            BigDecimal amount = (BigDecimal) order.getProperty("NetAmount").getPrimitiveValue().toValue();
            assertThat(amount).isGreaterThan(new BigDecimal("1000"));
            if (previous != null) {
                assertThat(amount).isLessThanOrEqualTo(previous);
            }
            previous = amount;
            assertThat(order.getNavigationLink("Items").asInlineEntitySet().getEntitySet().getEntities()).isNotEmpty();
        }
    }

    @Test
    void createsInvokesAnActionAndSendsABatch() {
        ODataClient client = client();
        ClientObjectFactory factory = client.getObjectFactory();
        ClientEntity order = factory.newEntity(new FullQualifiedName(NS, "SalesOrder"));
        order.getProperties().add(factory.newPrimitiveProperty("OrderNumber",
                factory.newPrimitiveValueBuilder().buildString("OC-" + ThreadLocalRandom.current().nextInt(100_000, 999_999))));
        order.getProperties().add(factory.newPrimitiveProperty("OrderDate",
                factory.newPrimitiveValueBuilder().setType(org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind.Date)
                        .setValue(java.sql.Date.valueOf("2026-11-26")).build()));
        order.addLink(factory.newEntityNavigationLink("Customer", URI.create(root() + "/BusinessPartners(1)")));
        ClientEntity created = client.getCUDRequestFactory()
                .getEntityCreateRequest(client.newURIBuilder(root()).appendEntitySetSegment("SalesOrders").build(), order)
                .execute().getBody();
        long id = (Long) created.getProperty("ID").getPrimitiveValue().toValue();
        URI orderUri = client.newURIBuilder(root()).appendEntitySetSegment("SalesOrders").appendKeySegment(id).build();

        // A change set adds an item through the order; a read after it sees the item.
        BatchManager batch = client.getBatchRequestFactory().getBatchRequest(root()).payloadManager();
        ODataChangeset changeset = batch.addChangeset();
        ClientEntity item = factory.newEntity(new FullQualifiedName(NS, "SalesOrderItem"));
        item.getProperties().add(factory.newPrimitiveProperty("ItemNumber", factory.newPrimitiveValueBuilder().buildInt32(10)));
        item.getProperties().add(factory.newPrimitiveProperty("Quantity", factory.newPrimitiveValueBuilder().buildDecimal(new BigDecimal("2"))));
        item.addLink(factory.newEntityNavigationLink("Product", URI.create(root() + "/Products(1)")));
        changeset.addRequest(client.getCUDRequestFactory().getEntityCreateRequest(
                client.newURIBuilder(orderUri.toString()).appendNavigationSegment("Items").build(), item));
        batch.addRequest(client.getRetrieveRequestFactory().getEntityRequest(
                client.newURIBuilder(orderUri.toString()).expand("Items").build()));
        ODataBatchResponse response = batch.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (Iterator<ODataBatchResponseItem> items = response.getBody(); items.hasNext(); ) {
            ODataBatchResponseItem part = items.next();
            while (part.hasNext()) {
                ODataResponse each = part.next();
                statuses.add(each.getStatusCode());
            }
        }
        assertThat(statuses).containsExactly(201, 200);

        ClientEntity released = client.getInvokeRequestFactory().getActionInvokeRequest(
                client.newURIBuilder(orderUri.toString()).appendActionCallSegment(NS + ".Release").build(), ClientEntity.class)
                .execute().getBody();
        assertThat(released.getProperty("Status").getPrimitiveValue().toString()).isEqualTo("RELEASED");
    }
}
