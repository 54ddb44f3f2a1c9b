package de.deutschlandstack.core.odata;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** $compute reaches Olingo as options it parses: computed names replaced by their expressions, the definitions carried. */
class ComputedPropertiesTest {

    private static String rewritten(String query) throws RequestGuard.Refusal {
        return URLDecoder.decode(ComputedProperties.rewrite(query), StandardCharsets.UTF_8);
    }

    @Test
    void computedNamesAreReplacedWhereTheyStandAloneOnly() throws RequestGuard.Refusal {
        assertThat(rewritten("$compute=NetAmount%20mul%202%20as%20Double,year(OrderDate)%20as%20Y"
                + "&$filter=Double%20gt%2010%20and%20contains(Note,'Double')%20and%20Customer/Double%20eq%201"
                + "&$orderby=Y%20desc,Double&$select=ID,Double,Note&$top=5"))
                .isEqualTo("$filter=(NetAmount mul 2) gt 10 and contains(Note,'Double') and Customer/Double eq 1"
                        + "&$orderby=(year(OrderDate)) desc,(NetAmount mul 2)&$select=ID,Note&$top=5"
                        + "&platform-compute=NetAmount mul 2 as Double,year(OrderDate) as Y");
        // A lambda variable of the same name is not a computed value.
        assertThat(rewritten("$compute=1%20as%20i&$filter=Items/any(i:i/Quantity%20gt%20i)"))
                .startsWith("$filter=Items/any(i:i/Quantity gt (1))");
        // Without $compute nothing changes.
        assertThat(ComputedProperties.rewrite("$filter=Double%20gt%201")).isEqualTo("$filter=Double%20gt%201");
        // Selecting computed values only: the processor is told, and answers with the key and them.
        assertThat(rewritten("$compute=1%20as%20One&$select=One")).isEqualTo("platform-compute=1 as One&platform-compute-select-only=true");
    }

    @Test
    void malformedDefinitionsAreTheClientsError() {
        assertThatThrownBy(() -> ComputedProperties.rewrite("$compute=NetAmount%20mul%202")).isInstanceOf(RequestGuard.Refusal.class)
                .hasMessageContaining("write it as expression as Name");
        assertThatThrownBy(() -> ComputedProperties.rewrite("$compute=1%20as%20A,2%20as%20A")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ComputedProperties.rewrite("$compute=1%20as%201A")).hasMessageContaining("Invalid $compute item");
        assertThatThrownBy(() -> ComputedProperties.rewrite("$compute=1%20as%20A&$compute=2%20as%20B")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> ComputedProperties.rewrite("$compute=" + "1%20as%20A,".repeat(21) + "1%20as%20B"))
                .hasMessageContaining("the limit is 20");
    }
}
