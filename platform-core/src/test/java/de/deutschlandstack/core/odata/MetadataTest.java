package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** $metadata tells clients in advance what the platform computes, keeps, versions and how deep they may expand. */
class MetadataTest {

    private static QueryFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new QueryFixture();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static String metadata(ContentType format) throws Exception {
        try (InputStream in = QueryFixture.ODATA.createSerializer(format).metadataDocument(fixture.metadata).getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void xmlMetadataCarriesTheVocabularyAnnotations() throws Exception {
        String xml = metadata(ContentType.APPLICATION_XML);
        assertThat(xml).contains("<edmx:Include Namespace=\"Org.OData.Capabilities.V1\" Alias=\"Capabilities\">");
        assertThat(xml).contains("<Annotation Term=\"Capabilities.ExpandRestrictions\"><Record>"
                + "<PropertyValue Property=\"Expandable\"><Bool>true</Bool></PropertyValue>"
                + "<PropertyValue Property=\"MaxLevels\"><Int>5</Int></PropertyValue></Record></Annotation>");
        // The generated key is computed by the platform.
        assertThat(xml).contains("<Property Name=\"ID\" Type=\"Edm.Int64\" Nullable=\"false\">"
                + "<Annotation Term=\"Core.Computed\"><Bool>true</Bool></Annotation></Property>");
        // The ETag changes with every property: all of them are listed (never an empty collection).
        assertThat(xml).containsPattern("<Annotation Term=\"Core.OptimisticConcurrency\"><Collection><PropertyPath>ID</PropertyPath>"
                + "(<PropertyPath>[A-Za-z]+</PropertyPath>)+</Collection></Annotation>");
    }

    @Test
    void jsonMetadataIsServedToo() throws Exception {
        String json = metadata(ContentType.APPLICATION_JSON);
        assertThat(json).contains("\"@Capabilities.ExpandRestrictions\":{\"Expandable\":true,\"MaxLevels\"")
                .contains("\"@Core.Computed\":true");
    }

    @Test
    void capabilitiesTellClientsWhatTheServiceAndEachSetOffer() throws Exception {
        String xml = metadata(ContentType.APPLICATION_XML);
        assertThat(xml).contains("<Annotation Term=\"Capabilities.ConformanceLevel\"><EnumMember>Org.OData.Capabilities.V1.ConformanceLevelType/Advanced</EnumMember></Annotation>")
                .contains("<Annotation Term=\"Capabilities.BatchSupported\"><Bool>true</Bool></Annotation>")
                .contains("<String>application/json</String>")
                .contains("<Annotation Term=\"Capabilities.CrossJoinSupported\"><Bool>false</Bool></Annotation>")
                .contains("<Annotation Term=\"Capabilities.ChangeTracking\"><Record><PropertyValue Property=\"Supported\"><Bool>true</Bool>")
                .contains("<Annotation Term=\"Capabilities.SearchRestrictions\"><Record><PropertyValue Property=\"Searchable\">");
        String json = metadata(ContentType.APPLICATION_JSON);
        assertThat(json).contains("\"@Capabilities.DeepInsertSupport\":{\"Supported\":true,\"ContentIDSupported\":true}");
    }
}
