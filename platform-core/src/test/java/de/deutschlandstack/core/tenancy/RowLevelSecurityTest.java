package de.deutschlandstack.core.tenancy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start recognises its own policies in what PostgreSQL prints back (pg_policies, PostgreSQL 15), and nothing else:
 * a policy changed by hand is replaced.
 */
class RowLevelSecurityTest {

    private static final String TENANT_CONDITION = "tenant = (select current_setting('platform.tenant', true))";
    private static final String CHILD_CONDITION =
            "exists (select 1 from business_partner parent where parent.id = business_partner_address.partner_id)";

    @Test
    void aPolicyAsPostgreSqlPrintsItIsThePlatformsOwn() {
        assertThat(RowLevelSecurity.normalised("((tenant)::text = ( SELECT current_setting('platform.tenant'::text, true) AS current_setting))"))
                .isEqualTo(RowLevelSecurity.normalised(TENANT_CONDITION));
        assertThat(RowLevelSecurity.normalised("(EXISTS ( SELECT 1\n   FROM business_partner parent\n"
                + "  WHERE (parent.id = business_partner_address.partner_id)))"))
                .isEqualTo(RowLevelSecurity.normalised(CHILD_CONDITION));
    }

    @Test
    void aChangedPolicyIsNot() {
        String ours = RowLevelSecurity.normalised(TENANT_CONDITION);
        assertThat(RowLevelSecurity.normalised("true")).isNotEqualTo(ours);
        assertThat(RowLevelSecurity.normalised("((tenant)::text = current_setting('platform.tenant'::text, true))")).isNotEqualTo(ours);
        assertThat(RowLevelSecurity.normalised("(((tenant)::text = ( SELECT current_setting('platform.tenant'::text, true) AS"
                + " current_setting)) OR ((tenant)::text = 'bayern-werke'::text))")).isNotEqualTo(ours);
        assertThat(RowLevelSecurity.normalised(null)).isNotEqualTo(ours);
    }
}
