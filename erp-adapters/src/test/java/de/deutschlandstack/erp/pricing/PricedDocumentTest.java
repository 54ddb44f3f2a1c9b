package de.deutschlandstack.erp.pricing;

import de.deutschlandstack.erp.codelists.TaxCode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Totals and VAT of a document: summed per tax code first, rounded once per code, half-up to cents. */
class PricedDocumentTest {

    private static final TaxCode U19 = new TaxCode("U19", "19 %", new BigDecimal("19.00"), TaxCode.Direction.OUTPUT, "8400", "1776");
    private static final TaxCode U7 = new TaxCode("U7", "7 %", new BigDecimal("7.00"), TaxCode.Direction.OUTPUT, "8300", "1771");

    @Test
    void taxIsRoundedOncePerCodeNotPerItem() {
        List<Item> items = List.of(item("0.03", U19), item("0.03", U19), item("0.03", U19));
        Document document = new Document();
        document.totalFrom(items);
        // Per item: 0.0057 rounds to 0.01, three times 0.03. Per code: 0.09 * 19 % = 0.0171, rounded 0.02.
        assertThat(document.getTaxAmount()).isEqualByComparingTo("0.02");
        assertThat(document.getNetAmount()).isEqualByComparingTo("0.09");
        assertThat(document.getGrossAmount()).isEqualByComparingTo("0.11");
    }

    @Test
    void eachTaxCodeIsItsOwnLine() {
        List<Item> items = List.of(item("300.00", U19), item("24.70", U7), item("0.10", U7));
        List<PricedDocument.TaxLine> lines = PricedDocument.taxLines(items);
        assertThat(lines).extracting(PricedDocument.TaxLine::taxCode).containsExactly("U19", "U7");
        assertThat(lines.get(1).net()).isEqualByComparingTo("24.80");
        // 24.80 * 7 % = 1.736, half-up to 1.74.
        assertThat(lines.get(1).tax()).isEqualByComparingTo("1.74");
        Document document = new Document();
        document.totalFrom(items);
        assertThat(document.getTaxAmount()).isEqualByComparingTo("58.74");
        assertThat(document.getGrossAmount()).isEqualByComparingTo(document.getNetAmount().add(document.getTaxAmount()));
    }

    @Test
    void halfACentRoundsUp() {
        assertThat(PricedDocument.taxOn(new BigDecimal("0.50"), new BigDecimal("7"))).isEqualByComparingTo("0.04");
        assertThat(PricedDocument.taxOn(new BigDecimal("12.50"), new BigDecimal("19"))).isEqualByComparingTo("2.38");
    }

    @Test
    void anEmptyDocumentIsZero() {
        Document document = new Document();
        document.totalFrom(List.of());
        assertThat(document.getGrossAmount()).isEqualByComparingTo("0");
    }

    private static Item item(String net, TaxCode code) {
        return new Item(new BigDecimal(net), code);
    }

    private static final class Item extends PricedItem {
        Item(BigDecimal unitPrice, TaxCode code) {
            super(BigDecimal.ONE, unitPrice, code);
        }

        @Override
        public PricedDocument document() {
            return null;
        }

        @Override
        public String defaultTaxCode() {
            return null;
        }

        @Override
        public BigDecimal defaultUnitPrice() {
            return null;
        }
    }

    private static final class Document extends PricedDocument {
        @Override
        public String describe() {
            return "Test document";
        }

        @Override
        public String statusName() {
            return "OPEN";
        }

        @Override
        public boolean isEditable() {
            return true;
        }

        @Override
        public TaxCode.Direction taxDirection() {
            return TaxCode.Direction.OUTPUT;
        }
    }
}
