package de.deutschlandstack.erp.demo;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.security.PlatformUsers;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.erp.codelists.TenantDefaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.YearMonth;
import java.util.Random;
import java.util.Set;

/**
 * Seeds two demo tenants on first start (turn off with {@code PLATFORM_DEMO_DATA=false}): the city
 * administration {@code stadt-muenchen} with its admin {@code anna@stadt-muenchen}, a reader {@code lea@stadt-muenchen}
 * and an auditor {@code otto@stadt-muenchen}, and the manufacturer {@code bayern-werke} with its admin
 * {@code ben@bayern-werke}; and the platform admin {@code operator@platform}. All with password {@code demo}.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    static final DemoTenantData.Profile STADT_MUENCHEN = new DemoTenantData.Profile("stadt-muenchen", "SM",
            new String[]{"Stadtwerke München GmbH", "Münchner Verkehrsgesellschaft", "Kita Sonnenschein e.V.",
                    "Baureferat Hochbau", "Volkshochschule München", "Schulreferat", "IT-Referat",
                    "Bürgerbüro Pasing", "Stadtbibliothek Am Gasteig", "Abfallwirtschaftsbetrieb",
                    "Kreisverwaltungsreferat", "Sportamt München", "Friedhofsverwaltung", "Gartenbau Riem",
                    "Tierpark Hellabrunn AG", "Olympiapark München GmbH", "Messe München GmbH",
                    "Münchner Kammerspiele", "Städtisches Klinikum", "Feuerwehr Hauptwache",
                    "Bäderbetriebe München", "Stadtarchiv", "Kulturreferat", "Jugendamt Nord",
                    "Sozialbürgerhaus Mitte", "Wohnungsamt", "Umweltinstitut e.V.", "Büroversand Huber KG",
                    "Reinigungsdienst Schmid", "Druckerei Maier GmbH"},
            new String[]{"Parkausweis Anwohner", "Baugenehmigung Prüfung", "Sondernutzung Straßenfest",
                    "Hundesteuer Jahresmarke", "Meldebescheinigung", "Führungszeugnis Beantragung",
                    "Gewerbeanmeldung", "Kita-Platz Monatsbeitrag", "Bibliotheksausweis", "Sperrmüllabholung",
                    "Trauung Standesamt", "Personalausweis", "Reisepass", "Wohnsitzummeldung",
                    "Beratungsstunde Bauamt", "Gutachten Baumschutz", "Plakatierungserlaubnis",
                    "Veranstaltungsgenehmigung", "Bewohnerparkausweis Gewerbe", "Schulbuch-Paket",
                    "Kursgebühr Volkshochschule", "Eintritt Freibad Saison", "Urkunde Zweitschrift",
                    "Beglaubigung", "Fundsache Gebühr"},
            new String[]{"C62", "HUR"}, new String[]{"Genehmigungen", "Bürgerdienste", "Bildung und Kultur", "Bauwesen"}, 4711L);

    static final DemoTenantData.Profile BAYERN_WERKE = new DemoTenantData.Profile("bayern-werke", "BW",
            new String[]{"Alpen Maschinenbau AG", "Donau Logistik GmbH", "Isar Elektronik KG", "Chiemgau Metall GmbH",
                    "Franken Stahlhandel", "Allgäu Kunststofftechnik", "Oberpfalz Gießerei GmbH",
                    "Inntal Antriebstechnik", "Lech Automation AG", "Main Verpackung GmbH",
                    "Spessart Holzwerke", "Bodensee Präzision GmbH", "Altmühl Hydraulik",
                    "Rhön Sensorik GmbH", "Zugspitz Robotik AG", "Steigerwald Lacke KG",
                    "Fichtelgebirge Porzellan", "Bayerwald Glas GmbH", "Wendelstein Werkzeuge",
                    "Karwendel Kabel GmbH", "Ammersee Optik AG", "Frankenwald Textil", "Nordschwaben Motoren",
                    "Hallertau Anlagenbau", "Rottal Fördertechnik", "Ries Schrauben GmbH",
                    "Vils Pumpen KG", "Ilz Elektromotoren", "Regen Dichtungen GmbH", "Würm Filtertechnik"},
            new String[]{"Getriebemotor GM-40", "Servoantrieb SA-12", "Hydraulikpumpe HP-200", "Kugellager KL-6204",
                    "Steuerungseinheit SPS-3", "Förderband FB-1200", "Drehgeber DG-500", "Schaltschrank SK-800",
                    "Frequenzumrichter FU-7", "Linearachse LA-300", "Pneumatikzylinder PZ-50", "Näherungsschalter NS-8",
                    "Industriekamera IK-2", "Sicherheitslichtgitter SL-4", "Kühlaggregat KA-15",
                    "Kabelschlepp KS-100", "Wartungsvertrag Jahr", "Inbetriebnahme Stunde", "Schulung Bediener",
                    "Ersatzteilpaket S", "Ersatzteilpaket M", "Montagestunde", "Schweißroboter SR-6",
                    "Greifer GR-2", "Drucksensor DS-10"},
            new String[]{"C62", "C62", "HUR"}, new String[]{"Antriebstechnik", "Automatisierung", "Komponenten", "Dienstleistungen"}, 815L);

    @Inject
    PlatformSettings settings;

    @Inject
    PlatformUsers users;

    @Inject
    TenantRegistry tenants;

    @Inject
    DemoTenantData data;

    @Inject
    DemoHistory history;

    @Inject
    TenantDefaults defaults;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!settings.demoData()) {
            return;
        }
        tenants.registerIfAbsent(STADT_MUENCHEN.tenant(), "Landeshauptstadt München");
        tenants.registerIfAbsent(BAYERN_WERKE.tenant(), "Bayern Werke AG");
        Set<String> admin = Set.of(PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER);
        users.registerIfAbsent("anna@stadt-muenchen", STADT_MUENCHEN.tenant(), "demo", admin);
        users.registerIfAbsent("lea@stadt-muenchen", STADT_MUENCHEN.tenant(), "demo", Set.of(PlatformRoles.READ_ONLY));
        users.registerIfAbsent("otto@stadt-muenchen", STADT_MUENCHEN.tenant(), "demo", Set.of(PlatformRoles.AUDITOR));
        users.registerIfAbsent("ben@bayern-werke", BAYERN_WERKE.tenant(), "demo", admin);
        users.registerIfAbsent("operator@platform", PlatformRoles.OPERATOR_TENANT, "demo", Set.of(PlatformRoles.PLATFORM_ADMIN));
        for (DemoTenantData.Profile profile : new DemoTenantData.Profile[]{STADT_MUENCHEN, BAYERN_WERKE}) {
            CurrentCaller.runAsUnchecked(Caller.system(profile.tenant()), () -> {
                defaults.ensureForCurrentTenant();
                if (data.isEmpty()) {
                    long started = System.nanoTime();
                    Random random = new Random(profile.seed());
                    data.seedMasterData(profile, random);
                    DemoHistory.Simulation year = new DemoHistory.Simulation(profile, random);
                    for (YearMonth month = YearMonth.from(DemoHistory.FIRST_DAY); !month.isAfter(YearMonth.from(DemoHistory.AS_OF));
                         month = month.plusMonths(1)) {
                        history.liveMonth(year, month);
                    }
                    LOG.infof("Seeded demo data for tenant %s: a year of business up to %s in %d ms", profile.tenant(),
                            DemoHistory.AS_OF, (System.nanoTime() - started) / 1_000_000);
                }
                return null;
            });
        }
    }
}
