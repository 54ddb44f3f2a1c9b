package de.deutschlandstack.core.odata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestGuardTest {

    private final RequestGuard guard = new RequestGuard(new RequestGuard.Limits(2000, 32, 300, 1000));

    private static RequestGuard.Refusal refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (RequestGuard.Refusal refusal) {
            return refusal;
        }
        throw new AssertionError("not refused");
    }

    private interface ThrowingCall {
        void run() throws RequestGuard.Refusal;
    }

    @Test
    void aPlusInTheQueryIsASpaceAndAnEncodedPlusStaysAPlus() throws Exception {
        assertThat(guard.check("/odata/v4/erp/SalesOrders", "$filter=NetAmount+gt+10%2B1&$top=5"))
                .isEqualTo("$filter=NetAmount%20gt%2010%2B1&$top=5");
        assertThat(guard.check("/odata/v4/erp/SalesOrders", null)).isNull();
    }

    @Test
    void systemQueryOptionsAreNamedCaseInsensitivelyWithOrWithoutTheDollar() throws Exception {
        assertThat(guard.check("/odata/v4/erp/SalesOrders", "filter=NetAmount%20gt%201&$TOP=5&OrderBy=ID&%24Count=true&custom=x&@p=1"))
                .isEqualTo("$filter=NetAmount%20gt%201&$top=5&$orderby=ID&$count=true&custom=x&@p=1");
        assertThat(refusal(() -> guard.check("/x", "$filter=true&filter=false")).getMessage()).contains("$filter", "twice");
        // The limits hold whatever the spelling.
        assertThat(refusal(() -> guard.check("/x", "TOP=+1")).status()).isEqualTo(400);
    }

    @Test
    void anOptionNameWithASpaceIsRefused() {
        assertThat(refusal(() -> guard.check("/x", "$filter+=true")).getMessage()).contains("'$filter'");
        assertThat(refusal(() -> guard.check("/x", "%24filter%20=true")).status()).isEqualTo(400);
    }

    @Test
    void plainAsciiNonAsciiAndEncodedPartsAreCheckedAlike() throws Exception {
        // Names and values without escapes or non-ASCII pass unchanged; the others are decoded strictly.
        assertThat(guard.check("/x", "$top=5&$filter=City eq 'Köln'")).isEqualTo("$top=5&$filter=City eq 'Köln'");
        assertThat(refusal(() -> guard.check("/x", "$top=%C3%9F")).getMessage()).contains("$top must be a whole number");
        assertThat(refusal(() -> guard.check("/x", "$top=ß")).getMessage()).contains("$top must be a whole number");
        assertThat(refusal(() -> guard.check("/x", "$filter=Name eq '%C3'")).getMessage()).contains("not UTF-8");
        assertThat(refusal(() -> guard.check("/x", "$tOp=x")).getMessage()).contains("$top must be a whole number");
    }

    @Test
    void invalidPercentEncodingIsTheClientsError() {
        assertThat(refusal(() -> guard.check("/x", "$filter=Name eq '%zz'")).getMessage()).contains("percent-encoding");
    }

    @Test
    void aLongUrlIsRefusedWith414() {
        RequestGuard.Refusal refusal = refusal(() -> guard.check("/x", "$filter=" + "a".repeat(3000)));
        assertThat(refusal.status()).isEqualTo(414);
        assertThat(refusal.getMessage()).contains("PLATFORM_ODATA_MAX_URL_LENGTH");
    }

    @Test
    void deepNestingIsRefusedBeforeParsingButParenthesesInStringsDoNotCount() throws Exception {
        String deep = "$filter=" + "(".repeat(33) + "ID eq 1" + ")".repeat(33);
        RequestGuard.Refusal refusal = refusal(() -> guard.check("/x", deep));
        assertThat(refusal.getMessage()).contains("$filter nests parentheses 33 deep", "PLATFORM_ODATA_MAX_EXPRESSION_DEPTH");
        guard.check("/x", "$filter=Name eq '" + "(".repeat(100) + "'");
        guard.check("/x", "$filter=Name eq 'it''s (((((((((((((((((((((((((((((((((((('");
    }

    @Test
    void manyLogicalOperatorsOrListItemsAreRefused() throws Exception {
        String terms = "$filter=" + "ID eq 1 or ".repeat(301) + "ID eq 2";
        RequestGuard roomy = new RequestGuard(new RequestGuard.Limits(100_000, 32, 300, 1000));
        assertThat(refusal(() -> roomy.check("/x", terms)).getMessage()).contains("301 logical or arithmetic operators");
        assertThat(refusal(() -> roomy.check("/x", "$filter=NetAmount" + " add 1".repeat(301) + " gt 0")).getMessage())
                .contains("301 logical or arithmetic operators");
        String list = "$filter=ID in (" + "1,".repeat(1000) + "1)";
        assertThat(refusal(() -> roomy.check("/x", list)).getMessage()).contains("1001 items");
        guard.check("/x", "$filter=Brand eq 'Android' and Origin eq 'Oregon'");
    }

    @Test
    void nestedExpandCountsAsNesting() {
        String expand = "$expand=" + "Items($expand=Order($expand=".repeat(17) + "Items" + "))".repeat(17);
        assertThat(refusal(() -> guard.check("/x", expand)).getMessage()).contains("$expand nests parentheses 34 deep");
    }

    @Test
    void topAndSkipAreAsciiDigitsOnly() throws Exception {
        assertThat(refusal(() -> guard.check("/x", "$top=%2B1")).getMessage()).contains("$top must be a whole number");
        assertThat(refusal(() -> guard.check("/x", "$skip=%EF%BC%91")).status()).isEqualTo(400);
        assertThat(refusal(() -> guard.check("/x", "$top=-1")).status()).isEqualTo(400);
        guard.check("/x", "$top=10&$skip=0");
    }
}
