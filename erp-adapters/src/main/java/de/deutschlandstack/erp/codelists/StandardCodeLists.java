package de.deutschlandstack.erp.codelists;

import java.math.BigDecimal;
import java.util.List;

/**
 * The code lists and the chart of accounts every tenant starts with: the one declaration that seeding a new tenant
 * and migrating an existing database both read. German defaults: VAT codes for 19 % and 7 % on sales and purchases,
 * and the accounts of DATEV's SKR03 those codes and the platform's postings use. Tenants add or change entries over
 * OData afterwards; seeding only adds what is missing.
 */
public final class StandardCodeLists {

    public record CurrencyCode(String code, String name, int decimals) {
    }

    public record CountryCode(String code, String name, boolean euMember) {
    }

    public record Unit(String code, String name) {
    }

    public record Tax(String code, String description, BigDecimal rate, String direction, String netAccount, String taxAccount) {
    }

    public record Account(String number, String name, String type) {
    }

    /** Receivables from customers (SKR03 1400): the debit of a customer invoice, the credit of its payment. */
    public static final String RECEIVABLES = "1400";
    /** Payables to suppliers (SKR03 1600). */
    public static final String PAYABLES = "1600";
    /** The bank account payments go through (SKR03 1200). */
    public static final String BANK = "1200";

    public static final List<CurrencyCode> CURRENCIES = List.of(
            new CurrencyCode("EUR", "Euro", 2), new CurrencyCode("USD", "US-Dollar", 2),
            new CurrencyCode("CHF", "Schweizer Franken", 2), new CurrencyCode("GBP", "Pfund Sterling", 2),
            new CurrencyCode("PLN", "Złoty", 2), new CurrencyCode("CZK", "Tschechische Krone", 2),
            new CurrencyCode("DKK", "Dänische Krone", 2), new CurrencyCode("SEK", "Schwedische Krone", 2),
            new CurrencyCode("JPY", "Yen", 0));

    public static final List<CountryCode> COUNTRIES = List.of(
            new CountryCode("DE", "Deutschland", true), new CountryCode("AT", "Österreich", true),
            new CountryCode("CH", "Schweiz", false), new CountryCode("FR", "Frankreich", true),
            new CountryCode("IT", "Italien", true), new CountryCode("NL", "Niederlande", true),
            new CountryCode("BE", "Belgien", true), new CountryCode("LU", "Luxemburg", true),
            new CountryCode("PL", "Polen", true), new CountryCode("CZ", "Tschechien", true),
            new CountryCode("DK", "Dänemark", true), new CountryCode("SE", "Schweden", true),
            new CountryCode("ES", "Spanien", true), new CountryCode("GB", "Vereinigtes Königreich", false),
            new CountryCode("US", "Vereinigte Staaten", false));

    public static final List<Unit> UNITS = List.of(
            new Unit("C62", "Stück"), new Unit("H87", "Stück (Ware)"), new Unit("HUR", "Stunde"), new Unit("DAY", "Tag"),
            new Unit("MON", "Monat"), new Unit("ANN", "Jahr"), new Unit("KGM", "Kilogramm"), new Unit("TNE", "Tonne"),
            new Unit("MTR", "Meter"), new Unit("MTK", "Quadratmeter"), new Unit("LTR", "Liter"),
            new Unit("KWH", "Kilowattstunde"), new Unit("SET", "Satz"));

    public static final List<Tax> TAX_CODES = List.of(
            new Tax("U19", "Umsatzsteuer 19 %", new BigDecimal("19.00"), "OUTPUT", "8400", "1776"),
            new Tax("U7", "Umsatzsteuer 7 %", new BigDecimal("7.00"), "OUTPUT", "8300", "1771"),
            new Tax("U0", "Steuerfreier Umsatz", new BigDecimal("0.00"), "OUTPUT", "8100", "1776"),
            new Tax("V19", "Vorsteuer 19 %", new BigDecimal("19.00"), "INPUT", "3400", "1576"),
            new Tax("V7", "Vorsteuer 7 %", new BigDecimal("7.00"), "INPUT", "3300", "1571"),
            new Tax("V0", "Steuerfreier Einkauf", new BigDecimal("0.00"), "INPUT", "3200", "1576"));

    public static final List<Account> ACCOUNTS = List.of(
            new Account("0800", "Gezeichnetes Kapital", "EQUITY"),
            new Account(BANK, "Bank", "ASSET"),
            new Account(RECEIVABLES, "Forderungen aus Lieferungen und Leistungen", "ASSET"),
            new Account("1571", "Abziehbare Vorsteuer 7 %", "ASSET"),
            new Account("1576", "Abziehbare Vorsteuer 19 %", "ASSET"),
            new Account(PAYABLES, "Verbindlichkeiten aus Lieferungen und Leistungen", "LIABILITY"),
            new Account("1771", "Umsatzsteuer 7 %", "LIABILITY"),
            new Account("1776", "Umsatzsteuer 19 %", "LIABILITY"),
            new Account("3200", "Wareneingang", "EXPENSE"),
            new Account("3300", "Wareneingang 7 % Vorsteuer", "EXPENSE"),
            new Account("3400", "Wareneingang 19 % Vorsteuer", "EXPENSE"),
            new Account("4900", "Sonstige betriebliche Aufwendungen", "EXPENSE"),
            new Account("8100", "Steuerfreie Umsätze", "REVENUE"),
            new Account("8300", "Erlöse 7 % USt", "REVENUE"),
            new Account("8400", "Erlöse 19 % USt", "REVENUE"));

    private StandardCodeLists() {
    }
}
