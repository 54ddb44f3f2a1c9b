package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $search} over the properties an entity declares searchable, ignoring case, with AND, OR and NOT. */
class SearchIT extends PlatformIT {

    private List<String> names(String query) {
        ODataClient.Response response = as(ANNA).get("BusinessPartners?$select=Name&$top=50&" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.rows().stream().map(row -> row.path("Name").asText()).toList();
    }

    @Test
    void findsWhatTheSearchablePropertiesContain() {
        assertThat(names("$search=stadtwerke")).contains("Stadtwerke München GmbH").allMatch(n -> n.toLowerCase().contains("stadtwerke"));
        assertThat(names("$search=stadtwerke AND gmbh")).contains("Stadtwerke München GmbH");
        assertThat(names("$search=\"München GmbH\"")).contains("Stadtwerke München GmbH");
        assertThat(names("$search=stadtwerke NOT gmbh")).doesNotContain("Stadtwerke München GmbH");
        assertThat(names("$search=stadtwerke OR kammerspiele")).contains("Stadtwerke München GmbH", "Münchner Kammerspiele");
        JsonNode count = as(ANNA).get("BusinessPartners/$count?$search=stadtwerke").json();
        assertThat(count.asLong()).isPositive();
        // Ben's partners are not found by Anna.
        assertThat(as(BEN).get("BusinessPartners?$search=stadtwerke").rows()).isEmpty();
    }
}
