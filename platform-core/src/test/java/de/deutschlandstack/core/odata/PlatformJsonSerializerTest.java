package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.core.edm.primitivetype.EdmPrimitiveTypeFactory;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.ODataSerializer;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's JSON serializer writes what Olingo's writes, value for value. */
class PlatformJsonSerializerTest {

    private static QueryFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new QueryFixture();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void dateTimeOffsetsAreWrittenAsOlingoWritesThem() throws Exception {
        var olingo = EdmPrimitiveTypeFactory.getInstance(EdmPrimitiveTypeKind.DateTimeOffset);
        Random random = new Random(27);
        long latest = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long earliest = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = earliest + (long) (random.nextDouble() * (latest - earliest));
            // Whole seconds, milliseconds, microseconds (as stored), nanoseconds, and trailing zeros among them.
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> random.nextInt(10) * 100_000_000;
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(PlatformJsonSerializer.dateTimeOffset(instant)).as("%s", instant)
                    .isEqualTo(olingo.valueToString(instant, true, null, 6, null, null));
        }
        assertThat(PlatformJsonSerializer.dateTimeOffset(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
    }

    @Test
    void entityCollectionsAreWrittenAsOlingoWritesThem() throws Exception {
        EntitySetModel orders = fixture.service.entitySet("Orders").orElseThrow();
        EdmEntitySet edmSet = fixture.metadata.getEdm().getEntityContainer().getEntitySet("Orders");
        EntityMapping mapping = new EntityMapping(QueryFixture.ODATA, fixture.service.namespace());
        EntityCollection collection = new EntityCollection();
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            // The row shape of EntitySetModel.row: the properties, then the version when the type has one.
            Object[] row = new Object[orders.properties().size() + (orders.versionAttribute() == null ? 0 : 1)];
            for (int p = 0; p < orders.properties().size(); p++) {
                row[p] = i % 7 == 3 && orders.properties().get(p).nullable() ? null : sample(orders.properties().get(p).javaType(), random);
            }
            if (orders.versionAttribute() != null) {
                row[row.length - 1] = (long) i * 100;
            }
            collection.getEntities().add(mapping.toOData(orders, row));
        }
        for (String format : new String[]{"application/json", "application/json;odata.metadata=full",
                "application/json;odata.metadata=none", "application/json;IEEE754Compatible=true"}) {
            for (String query : new String[]{null, "$select=Amount,Number", "$select=*"}) {
                ContentType type = ContentType.create(format);
                UriInfo uriInfo = new Parser(fixture.metadata.getEdm(), QueryFixture.ODATA).parseUri("Orders", query, null,
                        "http://localhost/odata/test");
                EntityCollectionSerializerOptions options = EntityCollectionSerializerOptions.with()
                        .contextURL(ContextURL.with().entitySet(edmSet).build()).id("http://localhost/odata/test/Orders")
                        .select(uriInfo.getSelectOption()).build();
                ODataSerializer theirs = QueryFixture.ODATA.createSerializer(type);
                ODataSerializer ours = PlatformJsonSerializer.of(QueryFixture.ODATA, type);
                assertThat(ours).isInstanceOf(PlatformJsonSerializer.class);
                assertThat(text(ours.entityCollection(fixture.metadata, edmSet.getEntityType(), collection, options).getContent()))
                        .as("%s %s", format, query)
                        .isEqualTo(text(theirs.entityCollection(fixture.metadata, edmSet.getEntityType(), collection, options).getContent()));
            }
        }
    }

    private static Object sample(Class<?> type, Random random) {
        if (type == Long.class || type == long.class) {
            return random.nextLong();
        }
        if (type == Integer.class || type == int.class) {
            return random.nextInt();
        }
        if (type == BigDecimal.class) {
            return BigDecimal.valueOf(random.nextInt(10_000_000), 2);
        }
        if (type == LocalDate.class) {
            return LocalDate.ofEpochDay(random.nextInt(40_000));
        }
        if (type == Instant.class) {
            return Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000) * 1000L);
        }
        if (type == Boolean.class || type == boolean.class) {
            return random.nextBoolean();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[random.nextInt(type.getEnumConstants().length)];
        }
        return "Wert \"" + random.nextInt(1000) + "\" ü";
    }

    private static String text(java.io.InputStream content) throws java.io.IOException {
        try (content) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
