--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: business_partner; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.business_partner (
    id bigint NOT NULL,
    tenant character varying(64) NOT NULL,
    version bigint NOT NULL,
    city character varying(80),
    country character varying(2),
    created_at timestamp(6) with time zone NOT NULL,
    email character varying(254),
    name character varying(120) NOT NULL,
    partner_number character varying(20) NOT NULL,
    postal_code character varying(10),
    role character varying(24) NOT NULL,
    vat_id character varying(20),
    CONSTRAINT business_partner_role_check CHECK (((role)::text = ANY ((ARRAY['CUSTOMER'::character varying, 'SUPPLIER'::character varying, 'CUSTOMER_AND_SUPPLIER'::character varying])::text[])))
);


--
-- Name: business_partner_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.business_partner_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: platform_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.platform_user (
    user_name character varying(128) NOT NULL,
    password_hash character varying(512) NOT NULL,
    roles character varying(512) NOT NULL,
    tenant character varying(64) NOT NULL
);


--
-- Name: product; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.product (
    id bigint NOT NULL,
    tenant character varying(64) NOT NULL,
    version bigint NOT NULL,
    active boolean NOT NULL,
    currency character varying(3) NOT NULL,
    description character varying(1000),
    name character varying(120) NOT NULL,
    product_number character varying(40) NOT NULL,
    unit_of_measure character varying(3) NOT NULL,
    unit_price numeric(15,2) NOT NULL
);


--
-- Name: product_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.product_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sales_order; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sales_order (
    id bigint NOT NULL,
    tenant character varying(64) NOT NULL,
    version bigint NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    currency character varying(3) NOT NULL,
    net_amount numeric(15,2) NOT NULL,
    note character varying(500),
    order_date date NOT NULL,
    order_number character varying(20) NOT NULL,
    status character varying(16) NOT NULL,
    customer_id bigint NOT NULL,
    CONSTRAINT sales_order_status_check CHECK (((status)::text = ANY ((ARRAY['OPEN'::character varying, 'RELEASED'::character varying, 'SHIPPED'::character varying, 'INVOICED'::character varying, 'CANCELLED'::character varying])::text[])))
);


--
-- Name: sales_order_item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sales_order_item (
    id bigint NOT NULL,
    tenant character varying(64) NOT NULL,
    version bigint NOT NULL,
    item_number integer NOT NULL,
    net_amount numeric(15,2) NOT NULL,
    quantity numeric(15,3) NOT NULL,
    unit_price numeric(15,2) NOT NULL,
    order_id bigint NOT NULL,
    product_id bigint NOT NULL
);


--
-- Name: sales_order_item_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sales_order_item_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sales_order_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sales_order_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Data for Name: business_partner; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.business_partner VALUES (1, 'stadt-muenchen', 0, 'München', 'DE', '2026-11-26 19:21:54.584063+00', 'kontakt1@stadt-muenchen.example', 'Stadtwerke München GmbH', 'BP-10001', '80331', 'CUSTOMER', 'DE645810515');
INSERT INTO public.business_partner VALUES (2, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.585693+00', 'kontakt2@stadt-muenchen.example', 'Münchner Verkehrsgesellschaft', 'BP-10002', '86150', 'CUSTOMER', 'DE900226021');
INSERT INTO public.business_partner VALUES (3, 'stadt-muenchen', 0, 'Nürnberg', 'DE', '2026-11-26 19:21:54.586142+00', 'kontakt3@stadt-muenchen.example', 'Kita Sonnenschein e.V.', 'BP-10003', '90402', 'CUSTOMER', 'DE250260471');
INSERT INTO public.business_partner VALUES (4, 'stadt-muenchen', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.586531+00', 'kontakt4@stadt-muenchen.example', 'Baureferat Hochbau', 'BP-10004', '83022', 'CUSTOMER', 'DE773475350');
INSERT INTO public.business_partner VALUES (5, 'stadt-muenchen', 0, 'München', 'DE', '2026-11-26 19:21:54.58691+00', 'kontakt5@stadt-muenchen.example', 'Volkshochschule München', 'BP-10005', '80331', 'SUPPLIER', 'DE278278922');
INSERT INTO public.business_partner VALUES (6, 'stadt-muenchen', 0, 'Passau', 'DE', '2026-11-26 19:21:54.58874+00', 'kontakt6@stadt-muenchen.example', 'Schulreferat', 'BP-10006', '94032', 'CUSTOMER', 'DE654561664');
INSERT INTO public.business_partner VALUES (7, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.589419+00', 'kontakt7@stadt-muenchen.example', 'IT-Referat', 'BP-10007', '86150', 'CUSTOMER', 'DE760582108');
INSERT INTO public.business_partner VALUES (8, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.590107+00', 'kontakt8@stadt-muenchen.example', 'Bürgerbüro Pasing', 'BP-10008', '91054', 'CUSTOMER', 'DE919857292');
INSERT INTO public.business_partner VALUES (9, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.590881+00', 'kontakt9@stadt-muenchen.example', 'Stadtbibliothek Am Gasteig', 'BP-10009', '91054', 'CUSTOMER', 'DE823671687');
INSERT INTO public.business_partner VALUES (10, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.592074+00', 'kontakt10@stadt-muenchen.example', 'Abfallwirtschaftsbetrieb', 'BP-10010', '86150', 'SUPPLIER', 'DE604863390');
INSERT INTO public.business_partner VALUES (11, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.593063+00', 'kontakt11@stadt-muenchen.example', 'Kreisverwaltungsreferat', 'BP-10011', '86150', 'CUSTOMER', 'DE668213519');
INSERT INTO public.business_partner VALUES (12, 'stadt-muenchen', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.595286+00', 'kontakt12@stadt-muenchen.example', 'Sportamt München', 'BP-10012', '93047', 'CUSTOMER', 'DE487475313');
INSERT INTO public.business_partner VALUES (13, 'stadt-muenchen', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.59564+00', 'kontakt13@stadt-muenchen.example', 'Friedhofsverwaltung', 'BP-10013', '84028', 'CUSTOMER', 'DE999433199');
INSERT INTO public.business_partner VALUES (14, 'stadt-muenchen', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.595951+00', 'kontakt14@stadt-muenchen.example', 'Gartenbau Riem', 'BP-10014', '83022', 'CUSTOMER', 'DE175895286');
INSERT INTO public.business_partner VALUES (15, 'stadt-muenchen', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.596229+00', 'kontakt15@stadt-muenchen.example', 'Tierpark Hellabrunn AG', 'BP-10015', '93047', 'SUPPLIER', 'DE402488322');
INSERT INTO public.business_partner VALUES (16, 'stadt-muenchen', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.596501+00', 'kontakt16@stadt-muenchen.example', 'Olympiapark München GmbH', 'BP-10016', '93047', 'CUSTOMER', 'DE589160546');
INSERT INTO public.business_partner VALUES (17, 'stadt-muenchen', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.596769+00', 'kontakt17@stadt-muenchen.example', 'Messe München GmbH', 'BP-10017', '84028', 'CUSTOMER', 'DE255483529');
INSERT INTO public.business_partner VALUES (18, 'stadt-muenchen', 0, 'Passau', 'DE', '2026-11-26 19:21:54.597035+00', 'kontakt18@stadt-muenchen.example', 'Münchner Kammerspiele', 'BP-10018', '94032', 'CUSTOMER', 'DE353706647');
INSERT INTO public.business_partner VALUES (19, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.5973+00', 'kontakt19@stadt-muenchen.example', 'Städtisches Klinikum', 'BP-10019', '91054', 'CUSTOMER', 'DE474508744');
INSERT INTO public.business_partner VALUES (20, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.597572+00', 'kontakt20@stadt-muenchen.example', 'Feuerwehr Hauptwache', 'BP-10020', '91054', 'SUPPLIER', 'DE953896341');
INSERT INTO public.business_partner VALUES (21, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.59784+00', 'kontakt21@stadt-muenchen.example', 'Bäderbetriebe München', 'BP-10021', '91054', 'CUSTOMER', 'DE211804547');
INSERT INTO public.business_partner VALUES (22, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.598111+00', 'kontakt22@stadt-muenchen.example', 'Stadtarchiv', 'BP-10022', '91054', 'CUSTOMER', 'DE333114807');
INSERT INTO public.business_partner VALUES (23, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.598378+00', 'kontakt23@stadt-muenchen.example', 'Kulturreferat', 'BP-10023', '86150', 'CUSTOMER', 'DE669439863');
INSERT INTO public.business_partner VALUES (24, 'stadt-muenchen', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.598656+00', 'kontakt24@stadt-muenchen.example', 'Jugendamt Nord', 'BP-10024', '84028', 'CUSTOMER', 'DE298823422');
INSERT INTO public.business_partner VALUES (25, 'stadt-muenchen', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.598926+00', 'kontakt25@stadt-muenchen.example', 'Sozialbürgerhaus Mitte', 'BP-10025', '86150', 'SUPPLIER', 'DE797292800');
INSERT INTO public.business_partner VALUES (26, 'stadt-muenchen', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.600194+00', 'kontakt26@stadt-muenchen.example', 'Wohnungsamt', 'BP-10026', '91054', 'CUSTOMER', 'DE622797194');
INSERT INTO public.business_partner VALUES (27, 'stadt-muenchen', 0, 'Würzburg', 'DE', '2026-11-26 19:21:54.600533+00', 'kontakt27@stadt-muenchen.example', 'Umweltinstitut e.V.', 'BP-10027', '97070', 'CUSTOMER', 'DE127263249');
INSERT INTO public.business_partner VALUES (28, 'stadt-muenchen', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.601763+00', 'kontakt28@stadt-muenchen.example', 'Büroversand Huber KG', 'BP-10028', '84028', 'CUSTOMER', 'DE129140100');
INSERT INTO public.business_partner VALUES (29, 'stadt-muenchen', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.603959+00', 'kontakt29@stadt-muenchen.example', 'Reinigungsdienst Schmid', 'BP-10029', '83022', 'CUSTOMER', 'DE879407219');
INSERT INTO public.business_partner VALUES (30, 'stadt-muenchen', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.604734+00', 'kontakt30@stadt-muenchen.example', 'Druckerei Maier GmbH', 'BP-10030', '93047', 'SUPPLIER', 'DE165068736');
INSERT INTO public.business_partner VALUES (52, 'bayern-werke', 0, 'Erlangen', 'DE', '2026-11-26 19:21:54.713304+00', 'kontakt1@bayern-werke.example', 'Alpen Maschinenbau AG', 'BP-10001', '91054', 'CUSTOMER', 'DE684274566');
INSERT INTO public.business_partner VALUES (53, 'bayern-werke', 0, 'Würzburg', 'DE', '2026-11-26 19:21:54.713824+00', 'kontakt2@bayern-werke.example', 'Donau Logistik GmbH', 'BP-10002', '97070', 'CUSTOMER', 'DE386957557');
INSERT INTO public.business_partner VALUES (54, 'bayern-werke', 0, 'Passau', 'DE', '2026-11-26 19:21:54.713978+00', 'kontakt3@bayern-werke.example', 'Isar Elektronik KG', 'BP-10003', '94032', 'CUSTOMER', 'DE783361690');
INSERT INTO public.business_partner VALUES (55, 'bayern-werke', 0, 'Ingolstadt', 'DE', '2026-11-26 19:21:54.714112+00', 'kontakt4@bayern-werke.example', 'Chiemgau Metall GmbH', 'BP-10004', '85049', 'CUSTOMER', 'DE386335497');
INSERT INTO public.business_partner VALUES (56, 'bayern-werke', 0, 'München', 'DE', '2026-11-26 19:21:54.714243+00', 'kontakt5@bayern-werke.example', 'Franken Stahlhandel', 'BP-10005', '80331', 'SUPPLIER', 'DE518188537');
INSERT INTO public.business_partner VALUES (57, 'bayern-werke', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.714373+00', 'kontakt6@bayern-werke.example', 'Allgäu Kunststofftechnik', 'BP-10006', '93047', 'CUSTOMER', 'DE831915000');
INSERT INTO public.business_partner VALUES (58, 'bayern-werke', 0, 'Würzburg', 'DE', '2026-11-26 19:21:54.714498+00', 'kontakt7@bayern-werke.example', 'Oberpfalz Gießerei GmbH', 'BP-10007', '97070', 'CUSTOMER', 'DE162669846');
INSERT INTO public.business_partner VALUES (59, 'bayern-werke', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.714626+00', 'kontakt8@bayern-werke.example', 'Inntal Antriebstechnik', 'BP-10008', '83022', 'CUSTOMER', 'DE890940398');
INSERT INTO public.business_partner VALUES (60, 'bayern-werke', 0, 'Ingolstadt', 'DE', '2026-11-26 19:21:54.719431+00', 'kontakt9@bayern-werke.example', 'Lech Automation AG', 'BP-10009', '85049', 'CUSTOMER', 'DE264733651');
INSERT INTO public.business_partner VALUES (61, 'bayern-werke', 0, 'München', 'DE', '2026-11-26 19:21:54.719653+00', 'kontakt10@bayern-werke.example', 'Main Verpackung GmbH', 'BP-10010', '80331', 'SUPPLIER', 'DE525283847');
INSERT INTO public.business_partner VALUES (62, 'bayern-werke', 0, 'München', 'DE', '2026-11-26 19:21:54.719806+00', 'kontakt11@bayern-werke.example', 'Spessart Holzwerke', 'BP-10011', '80331', 'CUSTOMER', 'DE142906064');
INSERT INTO public.business_partner VALUES (63, 'bayern-werke', 0, 'Ingolstadt', 'DE', '2026-11-26 19:21:54.719941+00', 'kontakt12@bayern-werke.example', 'Bodensee Präzision GmbH', 'BP-10012', '85049', 'CUSTOMER', 'DE606292678');
INSERT INTO public.business_partner VALUES (64, 'bayern-werke', 0, 'Nürnberg', 'DE', '2026-11-26 19:21:54.720069+00', 'kontakt13@bayern-werke.example', 'Altmühl Hydraulik', 'BP-10013', '90402', 'CUSTOMER', 'DE303034745');
INSERT INTO public.business_partner VALUES (65, 'bayern-werke', 0, 'München', 'DE', '2026-11-26 19:21:54.720215+00', 'kontakt14@bayern-werke.example', 'Rhön Sensorik GmbH', 'BP-10014', '80331', 'CUSTOMER', 'DE801406173');
INSERT INTO public.business_partner VALUES (66, 'bayern-werke', 0, 'Passau', 'DE', '2026-11-26 19:21:54.720348+00', 'kontakt15@bayern-werke.example', 'Zugspitz Robotik AG', 'BP-10015', '94032', 'SUPPLIER', 'DE625488586');
INSERT INTO public.business_partner VALUES (67, 'bayern-werke', 0, 'Nürnberg', 'DE', '2026-11-26 19:21:54.720471+00', 'kontakt16@bayern-werke.example', 'Steigerwald Lacke KG', 'BP-10016', '90402', 'CUSTOMER', 'DE718545225');
INSERT INTO public.business_partner VALUES (68, 'bayern-werke', 0, 'München', 'DE', '2026-11-26 19:21:54.720599+00', 'kontakt17@bayern-werke.example', 'Fichtelgebirge Porzellan', 'BP-10017', '80331', 'CUSTOMER', 'DE362017619');
INSERT INTO public.business_partner VALUES (69, 'bayern-werke', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.720727+00', 'kontakt18@bayern-werke.example', 'Bayerwald Glas GmbH', 'BP-10018', '83022', 'CUSTOMER', 'DE356666635');
INSERT INTO public.business_partner VALUES (70, 'bayern-werke', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.720884+00', 'kontakt19@bayern-werke.example', 'Wendelstein Werkzeuge', 'BP-10019', '86150', 'CUSTOMER', 'DE389830039');
INSERT INTO public.business_partner VALUES (71, 'bayern-werke', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.721015+00', 'kontakt20@bayern-werke.example', 'Karwendel Kabel GmbH', 'BP-10020', '84028', 'SUPPLIER', 'DE419165736');
INSERT INTO public.business_partner VALUES (72, 'bayern-werke', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.721169+00', 'kontakt21@bayern-werke.example', 'Ammersee Optik AG', 'BP-10021', '83022', 'CUSTOMER', 'DE363261071');
INSERT INTO public.business_partner VALUES (73, 'bayern-werke', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.721304+00', 'kontakt22@bayern-werke.example', 'Frankenwald Textil', 'BP-10022', '84028', 'CUSTOMER', 'DE382989125');
INSERT INTO public.business_partner VALUES (74, 'bayern-werke', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.721428+00', 'kontakt23@bayern-werke.example', 'Nordschwaben Motoren', 'BP-10023', '93047', 'CUSTOMER', 'DE221053650');
INSERT INTO public.business_partner VALUES (75, 'bayern-werke', 0, 'Augsburg', 'DE', '2026-11-26 19:21:54.721668+00', 'kontakt24@bayern-werke.example', 'Hallertau Anlagenbau', 'BP-10024', '86150', 'CUSTOMER', 'DE272518312');
INSERT INTO public.business_partner VALUES (76, 'bayern-werke', 0, 'Würzburg', 'DE', '2026-11-26 19:21:54.721822+00', 'kontakt25@bayern-werke.example', 'Rottal Fördertechnik', 'BP-10025', '97070', 'SUPPLIER', 'DE961057483');
INSERT INTO public.business_partner VALUES (77, 'bayern-werke', 0, 'Würzburg', 'DE', '2026-11-26 19:21:54.721954+00', 'kontakt26@bayern-werke.example', 'Ries Schrauben GmbH', 'BP-10026', '97070', 'CUSTOMER', 'DE572037109');
INSERT INTO public.business_partner VALUES (78, 'bayern-werke', 0, 'Rosenheim', 'DE', '2026-11-26 19:21:54.722168+00', 'kontakt27@bayern-werke.example', 'Vils Pumpen KG', 'BP-10027', '83022', 'CUSTOMER', 'DE309298687');
INSERT INTO public.business_partner VALUES (79, 'bayern-werke', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.722388+00', 'kontakt28@bayern-werke.example', 'Ilz Elektromotoren', 'BP-10028', '84028', 'CUSTOMER', 'DE854911699');
INSERT INTO public.business_partner VALUES (80, 'bayern-werke', 0, 'Regensburg', 'DE', '2026-11-26 19:21:54.722565+00', 'kontakt29@bayern-werke.example', 'Regen Dichtungen GmbH', 'BP-10029', '93047', 'CUSTOMER', 'DE975218872');
INSERT INTO public.business_partner VALUES (81, 'bayern-werke', 0, 'Landshut', 'DE', '2026-11-26 19:21:54.722706+00', 'kontakt30@bayern-werke.example', 'Würm Filtertechnik', 'BP-10030', '84028', 'SUPPLIER', 'DE574359693');


--
-- Data for Name: platform_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.platform_user VALUES ('anna@stadt-muenchen', 'PBKDF2WithHmacSHA256:60000:9Z1LCqG165REUALbTjPHdA==:6MQo2kkFliVDRr0tPGnOOzA2agppwivyxS5lbnoLoeM=', 'user,admin', 'stadt-muenchen');
INSERT INTO public.platform_user VALUES ('ben@bayern-werke', 'PBKDF2WithHmacSHA256:60000:fycsddx7hGF6IkuHEOSr5g==:S08/tx6Kxug1t6dbOHi6yweI5V5DQ+N4mAr4QlVq+5w=', 'user,admin', 'bayern-werke');


--
-- Data for Name: product; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.product VALUES (1, 'stadt-muenchen', 0, true, 'EUR', 'Parkausweis Anwohner für stadt-muenchen', 'Parkausweis Anwohner', 'P-1001', 'C62', 148.21);
INSERT INTO public.product VALUES (2, 'stadt-muenchen', 0, true, 'EUR', 'Baugenehmigung Prüfung für stadt-muenchen', 'Baugenehmigung Prüfung', 'P-1002', 'HUR', 383.56);
INSERT INTO public.product VALUES (3, 'stadt-muenchen', 0, true, 'EUR', 'Sondernutzung Straßenfest für stadt-muenchen', 'Sondernutzung Straßenfest', 'P-1003', 'C62', 1996.00);
INSERT INTO public.product VALUES (4, 'stadt-muenchen', 0, true, 'EUR', 'Hundesteuer Jahresmarke für stadt-muenchen', 'Hundesteuer Jahresmarke', 'P-1004', 'HUR', 797.65);
INSERT INTO public.product VALUES (5, 'stadt-muenchen', 0, true, 'EUR', 'Meldebescheinigung für stadt-muenchen', 'Meldebescheinigung', 'P-1005', 'C62', 1303.21);
INSERT INTO public.product VALUES (6, 'stadt-muenchen', 0, true, 'EUR', 'Führungszeugnis Beantragung für stadt-muenchen', 'Führungszeugnis Beantragung', 'P-1006', 'HUR', 770.82);
INSERT INTO public.product VALUES (7, 'stadt-muenchen', 0, true, 'EUR', 'Gewerbeanmeldung für stadt-muenchen', 'Gewerbeanmeldung', 'P-1007', 'C62', 1317.65);
INSERT INTO public.product VALUES (8, 'stadt-muenchen', 0, true, 'EUR', 'Kita-Platz Monatsbeitrag für stadt-muenchen', 'Kita-Platz Monatsbeitrag', 'P-1008', 'HUR', 1529.03);
INSERT INTO public.product VALUES (9, 'stadt-muenchen', 0, true, 'EUR', 'Bibliotheksausweis für stadt-muenchen', 'Bibliotheksausweis', 'P-1009', 'C62', 1107.72);
INSERT INTO public.product VALUES (10, 'stadt-muenchen', 0, true, 'EUR', 'Sperrmüllabholung für stadt-muenchen', 'Sperrmüllabholung', 'P-1010', 'HUR', 737.20);
INSERT INTO public.product VALUES (11, 'stadt-muenchen', 0, true, 'EUR', 'Trauung Standesamt für stadt-muenchen', 'Trauung Standesamt', 'P-1011', 'C62', 917.12);
INSERT INTO public.product VALUES (12, 'stadt-muenchen', 0, true, 'EUR', 'Personalausweis für stadt-muenchen', 'Personalausweis', 'P-1012', 'HUR', 1432.42);
INSERT INTO public.product VALUES (13, 'stadt-muenchen', 0, true, 'EUR', 'Reisepass für stadt-muenchen', 'Reisepass', 'P-1013', 'C62', 1192.57);
INSERT INTO public.product VALUES (14, 'stadt-muenchen', 0, true, 'EUR', 'Wohnsitzummeldung für stadt-muenchen', 'Wohnsitzummeldung', 'P-1014', 'HUR', 1149.86);
INSERT INTO public.product VALUES (15, 'stadt-muenchen', 0, true, 'EUR', 'Beratungsstunde Bauamt für stadt-muenchen', 'Beratungsstunde Bauamt', 'P-1015', 'C62', 194.50);
INSERT INTO public.product VALUES (16, 'stadt-muenchen', 0, true, 'EUR', 'Gutachten Baumschutz für stadt-muenchen', 'Gutachten Baumschutz', 'P-1016', 'HUR', 1426.29);
INSERT INTO public.product VALUES (17, 'stadt-muenchen', 0, true, 'EUR', 'Plakatierungserlaubnis für stadt-muenchen', 'Plakatierungserlaubnis', 'P-1017', 'C62', 1843.06);
INSERT INTO public.product VALUES (18, 'stadt-muenchen', 0, true, 'EUR', 'Veranstaltungsgenehmigung für stadt-muenchen', 'Veranstaltungsgenehmigung', 'P-1018', 'HUR', 320.43);
INSERT INTO public.product VALUES (19, 'stadt-muenchen', 0, true, 'EUR', 'Bewohnerparkausweis Gewerbe für stadt-muenchen', 'Bewohnerparkausweis Gewerbe', 'P-1019', 'C62', 21.82);
INSERT INTO public.product VALUES (20, 'stadt-muenchen', 0, true, 'EUR', 'Schulbuch-Paket für stadt-muenchen', 'Schulbuch-Paket', 'P-1020', 'HUR', 594.43);
INSERT INTO public.product VALUES (21, 'stadt-muenchen', 0, true, 'EUR', 'Kursgebühr Volkshochschule für stadt-muenchen', 'Kursgebühr Volkshochschule', 'P-1021', 'C62', 357.44);
INSERT INTO public.product VALUES (22, 'stadt-muenchen', 0, true, 'EUR', 'Eintritt Freibad Saison für stadt-muenchen', 'Eintritt Freibad Saison', 'P-1022', 'HUR', 617.81);
INSERT INTO public.product VALUES (23, 'stadt-muenchen', 0, true, 'EUR', 'Urkunde Zweitschrift für stadt-muenchen', 'Urkunde Zweitschrift', 'P-1023', 'C62', 823.95);
INSERT INTO public.product VALUES (24, 'stadt-muenchen', 0, true, 'EUR', 'Beglaubigung für stadt-muenchen', 'Beglaubigung', 'P-1024', 'HUR', 1427.66);
INSERT INTO public.product VALUES (25, 'stadt-muenchen', 0, true, 'EUR', 'Fundsache Gebühr für stadt-muenchen', 'Fundsache Gebühr', 'P-1025', 'C62', 1901.90);
INSERT INTO public.product VALUES (52, 'bayern-werke', 0, true, 'EUR', 'Getriebemotor GM-40 für bayern-werke', 'Getriebemotor GM-40', 'P-1001', 'C62', 2082.04);
INSERT INTO public.product VALUES (53, 'bayern-werke', 0, true, 'EUR', 'Servoantrieb SA-12 für bayern-werke', 'Servoantrieb SA-12', 'P-1002', 'C62', 795.46);
INSERT INTO public.product VALUES (54, 'bayern-werke', 0, true, 'EUR', 'Hydraulikpumpe HP-200 für bayern-werke', 'Hydraulikpumpe HP-200', 'P-1003', 'HUR', 317.14);
INSERT INTO public.product VALUES (55, 'bayern-werke', 0, true, 'EUR', 'Kugellager KL-6204 für bayern-werke', 'Kugellager KL-6204', 'P-1004', 'C62', 716.19);
INSERT INTO public.product VALUES (56, 'bayern-werke', 0, true, 'EUR', 'Steuerungseinheit SPS-3 für bayern-werke', 'Steuerungseinheit SPS-3', 'P-1005', 'C62', 2248.44);
INSERT INTO public.product VALUES (57, 'bayern-werke', 0, true, 'EUR', 'Förderband FB-1200 für bayern-werke', 'Förderband FB-1200', 'P-1006', 'HUR', 394.33);
INSERT INTO public.product VALUES (58, 'bayern-werke', 0, true, 'EUR', 'Drehgeber DG-500 für bayern-werke', 'Drehgeber DG-500', 'P-1007', 'C62', 370.76);
INSERT INTO public.product VALUES (59, 'bayern-werke', 0, true, 'EUR', 'Schaltschrank SK-800 für bayern-werke', 'Schaltschrank SK-800', 'P-1008', 'C62', 478.97);
INSERT INTO public.product VALUES (60, 'bayern-werke', 0, true, 'EUR', 'Frequenzumrichter FU-7 für bayern-werke', 'Frequenzumrichter FU-7', 'P-1009', 'HUR', 2363.72);
INSERT INTO public.product VALUES (61, 'bayern-werke', 0, true, 'EUR', 'Linearachse LA-300 für bayern-werke', 'Linearachse LA-300', 'P-1010', 'C62', 1774.73);
INSERT INTO public.product VALUES (62, 'bayern-werke', 0, true, 'EUR', 'Pneumatikzylinder PZ-50 für bayern-werke', 'Pneumatikzylinder PZ-50', 'P-1011', 'C62', 241.90);
INSERT INTO public.product VALUES (63, 'bayern-werke', 0, true, 'EUR', 'Näherungsschalter NS-8 für bayern-werke', 'Näherungsschalter NS-8', 'P-1012', 'HUR', 342.03);
INSERT INTO public.product VALUES (64, 'bayern-werke', 0, true, 'EUR', 'Industriekamera IK-2 für bayern-werke', 'Industriekamera IK-2', 'P-1013', 'C62', 822.25);
INSERT INTO public.product VALUES (65, 'bayern-werke', 0, true, 'EUR', 'Sicherheitslichtgitter SL-4 für bayern-werke', 'Sicherheitslichtgitter SL-4', 'P-1014', 'C62', 68.79);
INSERT INTO public.product VALUES (66, 'bayern-werke', 0, true, 'EUR', 'Kühlaggregat KA-15 für bayern-werke', 'Kühlaggregat KA-15', 'P-1015', 'HUR', 787.78);
INSERT INTO public.product VALUES (67, 'bayern-werke', 0, true, 'EUR', 'Kabelschlepp KS-100 für bayern-werke', 'Kabelschlepp KS-100', 'P-1016', 'C62', 2131.90);
INSERT INTO public.product VALUES (68, 'bayern-werke', 0, true, 'EUR', 'Wartungsvertrag Jahr für bayern-werke', 'Wartungsvertrag Jahr', 'P-1017', 'C62', 2493.37);
INSERT INTO public.product VALUES (69, 'bayern-werke', 0, true, 'EUR', 'Inbetriebnahme Stunde für bayern-werke', 'Inbetriebnahme Stunde', 'P-1018', 'HUR', 753.49);
INSERT INTO public.product VALUES (70, 'bayern-werke', 0, true, 'EUR', 'Schulung Bediener für bayern-werke', 'Schulung Bediener', 'P-1019', 'C62', 329.58);
INSERT INTO public.product VALUES (71, 'bayern-werke', 0, true, 'EUR', 'Ersatzteilpaket S für bayern-werke', 'Ersatzteilpaket S', 'P-1020', 'C62', 1638.92);
INSERT INTO public.product VALUES (72, 'bayern-werke', 0, true, 'EUR', 'Ersatzteilpaket M für bayern-werke', 'Ersatzteilpaket M', 'P-1021', 'HUR', 320.15);
INSERT INTO public.product VALUES (73, 'bayern-werke', 0, true, 'EUR', 'Montagestunde für bayern-werke', 'Montagestunde', 'P-1022', 'C62', 1258.99);
INSERT INTO public.product VALUES (74, 'bayern-werke', 0, true, 'EUR', 'Schweißroboter SR-6 für bayern-werke', 'Schweißroboter SR-6', 'P-1023', 'C62', 1720.91);
INSERT INTO public.product VALUES (75, 'bayern-werke', 0, true, 'EUR', 'Greifer GR-2 für bayern-werke', 'Greifer GR-2', 'P-1024', 'HUR', 115.62);
INSERT INTO public.product VALUES (76, 'bayern-werke', 0, true, 'EUR', 'Drucksensor DS-10 für bayern-werke', 'Drucksensor DS-10', 'P-1025', 'C62', 238.90);


--
-- Data for Name: sales_order; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sales_order VALUES (1, 'stadt-muenchen', 0, '2026-11-26 19:21:54.635786+00', 'EUR', 25680.56, NULL, '2026-08-04', 'SM-000001', 'SHIPPED', 26);
INSERT INTO public.sales_order VALUES (2, 'stadt-muenchen', 0, '2026-11-26 19:21:54.640226+00', 'EUR', 16587.54, NULL, '2026-05-31', 'SM-000002', 'INVOICED', 10);
INSERT INTO public.sales_order VALUES (3, 'stadt-muenchen', 0, '2026-11-26 19:21:54.6406+00', 'EUR', 16747.12, NULL, '2026-08-15', 'SM-000003', 'CANCELLED', 18);
INSERT INTO public.sales_order VALUES (4, 'stadt-muenchen', 0, '2026-11-26 19:21:54.640859+00', 'EUR', 36336.98, NULL, '2026-02-16', 'SM-000004', 'OPEN', 25);
INSERT INTO public.sales_order VALUES (5, 'stadt-muenchen', 0, '2026-11-26 19:21:54.641095+00', 'EUR', 9230.43, NULL, '2026-10-12', 'SM-000005', 'SHIPPED', 22);
INSERT INTO public.sales_order VALUES (6, 'stadt-muenchen', 0, '2026-11-26 19:21:54.641319+00', 'EUR', 68942.07, NULL, '2026-07-22', 'SM-000006', 'OPEN', 14);
INSERT INTO public.sales_order VALUES (7, 'stadt-muenchen', 0, '2026-11-26 19:21:54.641544+00', 'EUR', 11838.10, NULL, '2026-02-11', 'SM-000007', 'OPEN', 25);
INSERT INTO public.sales_order VALUES (8, 'stadt-muenchen', 0, '2026-11-26 19:21:54.641772+00', 'EUR', 12008.75, NULL, '2026-05-01', 'SM-000008', 'CANCELLED', 12);
INSERT INTO public.sales_order VALUES (9, 'stadt-muenchen', 0, '2026-11-26 19:21:54.641997+00', 'EUR', 18397.76, NULL, '2026-02-22', 'SM-000009', 'OPEN', 26);
INSERT INTO public.sales_order VALUES (10, 'stadt-muenchen', 0, '2026-11-26 19:21:54.642219+00', 'EUR', 27867.50, NULL, '2026-08-17', 'SM-000010', 'RELEASED', 11);
INSERT INTO public.sales_order VALUES (11, 'stadt-muenchen', 0, '2026-11-26 19:21:54.642547+00', 'EUR', 54149.20, NULL, '2026-09-30', 'SM-000011', 'OPEN', 2);
INSERT INTO public.sales_order VALUES (12, 'stadt-muenchen', 0, '2026-11-26 19:21:54.642777+00', 'EUR', 36979.70, NULL, '2026-05-18', 'SM-000012', 'OPEN', 14);
INSERT INTO public.sales_order VALUES (13, 'stadt-muenchen', 0, '2026-11-26 19:21:54.642995+00', 'EUR', 7372.00, NULL, '2026-02-18', 'SM-000013', 'SHIPPED', 26);
INSERT INTO public.sales_order VALUES (14, 'stadt-muenchen', 0, '2026-11-26 19:21:54.644992+00', 'EUR', 6408.60, NULL, '2026-10-18', 'SM-000014', 'RELEASED', 23);
INSERT INTO public.sales_order VALUES (15, 'stadt-muenchen', 0, '2026-11-26 19:21:54.645801+00', 'EUR', 6537.56, NULL, '2026-05-03', 'SM-000015', 'INVOICED', 22);
INSERT INTO public.sales_order VALUES (16, 'stadt-muenchen', 0, '2026-11-26 19:21:54.646183+00', 'EUR', 23701.77, NULL, '2026-05-22', 'SM-000016', 'OPEN', 4);
INSERT INTO public.sales_order VALUES (17, 'stadt-muenchen', 0, '2026-11-26 19:21:54.646624+00', 'EUR', 4486.02, NULL, '2026-02-04', 'SM-000017', 'RELEASED', 21);
INSERT INTO public.sales_order VALUES (18, 'stadt-muenchen', 0, '2026-11-26 19:21:54.647045+00', 'EUR', 5767.65, NULL, '2026-10-18', 'SM-000018', 'CANCELLED', 17);
INSERT INTO public.sales_order VALUES (19, 'stadt-muenchen', 0, '2026-11-26 19:21:54.648364+00', 'EUR', 51424.50, NULL, '2026-09-13', 'SM-000019', 'CANCELLED', 18);
INSERT INTO public.sales_order VALUES (20, 'stadt-muenchen', 0, '2026-11-26 19:21:54.648625+00', 'EUR', 21414.90, NULL, '2026-01-12', 'SM-000020', 'RELEASED', 25);
INSERT INTO public.sales_order VALUES (21, 'stadt-muenchen', 0, '2026-11-26 19:21:54.648846+00', 'EUR', 15031.09, NULL, '2026-01-27', 'SM-000021', 'SHIPPED', 18);
INSERT INTO public.sales_order VALUES (22, 'stadt-muenchen', 0, '2026-11-26 19:21:54.649058+00', 'EUR', 23188.42, NULL, '2026-02-12', 'SM-000022', 'SHIPPED', 12);
INSERT INTO public.sales_order VALUES (23, 'stadt-muenchen', 0, '2026-11-26 19:21:54.649263+00', 'EUR', 26296.24, NULL, '2026-03-29', 'SM-000023', 'CANCELLED', 14);
INSERT INTO public.sales_order VALUES (24, 'stadt-muenchen', 0, '2026-11-26 19:21:54.649468+00', 'EUR', 32678.08, NULL, '2026-09-18', 'SM-000024', 'INVOICED', 26);
INSERT INTO public.sales_order VALUES (25, 'stadt-muenchen', 0, '2026-11-26 19:21:54.64967+00', 'EUR', 770.82, NULL, '2026-01-22', 'SM-000025', 'OPEN', 17);
INSERT INTO public.sales_order VALUES (26, 'stadt-muenchen', 0, '2026-11-26 19:21:54.649898+00', 'EUR', 38032.71, NULL, '2026-06-17', 'SM-000026', 'OPEN', 10);
INSERT INTO public.sales_order VALUES (27, 'stadt-muenchen', 0, '2026-11-26 19:21:54.650101+00', 'EUR', 24938.61, NULL, '2026-10-11', 'SM-000027', 'SHIPPED', 24);
INSERT INTO public.sales_order VALUES (28, 'stadt-muenchen', 0, '2026-11-26 19:21:54.650308+00', 'EUR', 32617.14, NULL, '2026-09-09', 'SM-000028', 'SHIPPED', 27);
INSERT INTO public.sales_order VALUES (29, 'stadt-muenchen', 0, '2026-11-26 19:21:54.65052+00', 'EUR', 21445.51, NULL, '2026-10-30', 'SM-000029', 'CANCELLED', 13);
INSERT INTO public.sales_order VALUES (30, 'stadt-muenchen', 0, '2026-11-26 19:21:54.650722+00', 'EUR', 41893.82, NULL, '2026-07-14', 'SM-000030', 'OPEN', 16);
INSERT INTO public.sales_order VALUES (31, 'stadt-muenchen', 0, '2026-11-26 19:21:54.650922+00', 'EUR', 51779.92, NULL, '2026-01-17', 'SM-000031', 'INVOICED', 24);
INSERT INTO public.sales_order VALUES (32, 'stadt-muenchen', 0, '2026-11-26 19:21:54.651123+00', 'EUR', 60268.60, NULL, '2026-08-21', 'SM-000032', 'INVOICED', 17);
INSERT INTO public.sales_order VALUES (33, 'stadt-muenchen', 0, '2026-11-26 19:21:54.655051+00', 'EUR', 49341.58, NULL, '2026-10-14', 'SM-000033', 'RELEASED', 1);
INSERT INTO public.sales_order VALUES (34, 'stadt-muenchen', 0, '2026-11-26 19:21:54.655387+00', 'EUR', 38522.62, NULL, '2026-04-22', 'SM-000034', 'OPEN', 28);
INSERT INTO public.sales_order VALUES (35, 'stadt-muenchen', 0, '2026-11-26 19:21:54.655594+00', 'EUR', 4942.48, NULL, '2026-03-25', 'SM-000035', 'INVOICED', 27);
INSERT INTO public.sales_order VALUES (36, 'stadt-muenchen', 0, '2026-11-26 19:21:54.655786+00', 'EUR', 20195.03, NULL, '2026-04-16', 'SM-000036', 'SHIPPED', 26);
INSERT INTO public.sales_order VALUES (37, 'stadt-muenchen', 0, '2026-11-26 19:21:54.655971+00', 'EUR', 11673.98, NULL, '2026-05-29', 'SM-000037', 'SHIPPED', 15);
INSERT INTO public.sales_order VALUES (38, 'stadt-muenchen', 0, '2026-11-26 19:21:54.656159+00', 'EUR', 33932.00, NULL, '2026-09-08', 'SM-000038', 'RELEASED', 17);
INSERT INTO public.sales_order VALUES (39, 'stadt-muenchen', 0, '2026-11-26 19:21:54.656338+00', 'EUR', 31135.14, NULL, '2026-08-05', 'SM-000039', 'SHIPPED', 2);
INSERT INTO public.sales_order VALUES (40, 'stadt-muenchen', 0, '2026-11-26 19:21:54.656521+00', 'EUR', 770.82, NULL, '2026-08-26', 'SM-000040', 'OPEN', 22);
INSERT INTO public.sales_order VALUES (52, 'bayern-werke', 0, '2026-11-26 19:21:54.736348+00', 'EUR', 8634.65, NULL, '2026-10-07', 'BW-000001', 'SHIPPED', 53);
INSERT INTO public.sales_order VALUES (53, 'bayern-werke', 0, '2026-11-26 19:21:54.745357+00', 'EUR', 4614.12, NULL, '2026-09-22', 'BW-000002', 'SHIPPED', 61);
INSERT INTO public.sales_order VALUES (54, 'bayern-werke', 0, '2026-11-26 19:21:54.745835+00', 'EUR', 5013.33, NULL, '2026-03-11', 'BW-000003', 'SHIPPED', 66);
INSERT INTO public.sales_order VALUES (55, 'bayern-werke', 0, '2026-11-26 19:21:54.746018+00', 'EUR', 13768.11, NULL, '2026-04-02', 'BW-000004', 'INVOICED', 56);
INSERT INTO public.sales_order VALUES (56, 'bayern-werke', 0, '2026-11-26 19:21:54.746191+00', 'EUR', 44559.73, NULL, '2026-09-26', 'BW-000005', 'OPEN', 69);
INSERT INTO public.sales_order VALUES (57, 'bayern-werke', 0, '2026-11-26 19:21:54.746345+00', 'EUR', 93153.44, NULL, '2026-06-13', 'BW-000006', 'INVOICED', 59);
INSERT INTO public.sales_order VALUES (58, 'bayern-werke', 0, '2026-11-26 19:21:54.746491+00', 'EUR', 4325.07, NULL, '2026-10-11', 'BW-000007', 'OPEN', 59);
INSERT INTO public.sales_order VALUES (59, 'bayern-werke', 0, '2026-11-26 19:21:54.746635+00', 'EUR', 52095.90, NULL, '2026-10-01', 'BW-000008', 'SHIPPED', 67);
INSERT INTO public.sales_order VALUES (60, 'bayern-werke', 0, '2026-11-26 19:21:54.746774+00', 'EUR', 18930.01, NULL, '2026-05-19', 'BW-000009', 'INVOICED', 71);
INSERT INTO public.sales_order VALUES (61, 'bayern-werke', 0, '2026-11-26 19:21:54.746914+00', 'EUR', 478.97, NULL, '2026-07-30', 'BW-000010', 'OPEN', 67);
INSERT INTO public.sales_order VALUES (62, 'bayern-werke', 0, '2026-11-26 19:21:54.747061+00', 'EUR', 19221.70, NULL, '2026-10-03', 'BW-000011', 'INVOICED', 68);
INSERT INTO public.sales_order VALUES (63, 'bayern-werke', 0, '2026-11-26 19:21:54.750096+00', 'EUR', 8873.65, NULL, '2026-06-01', 'BW-000012', 'SHIPPED', 80);
INSERT INTO public.sales_order VALUES (64, 'bayern-werke', 0, '2026-11-26 19:21:54.750365+00', 'EUR', 1194.50, NULL, '2026-05-17', 'BW-000013', 'SHIPPED', 57);
INSERT INTO public.sales_order VALUES (65, 'bayern-werke', 0, '2026-11-26 19:21:54.750528+00', 'EUR', 14770.55, NULL, '2026-10-29', 'BW-000014', 'CANCELLED', 53);
INSERT INTO public.sales_order VALUES (66, 'bayern-werke', 0, '2026-11-26 19:21:54.750677+00', 'EUR', 6456.14, NULL, '2026-02-11', 'BW-000015', 'CANCELLED', 61);
INSERT INTO public.sales_order VALUES (67, 'bayern-werke', 0, '2026-11-26 19:21:54.750815+00', 'EUR', 3420.16, NULL, '2026-02-14', 'BW-000016', 'INVOICED', 74);
INSERT INTO public.sales_order VALUES (68, 'bayern-werke', 0, '2026-11-26 19:21:54.750958+00', 'EUR', 6560.80, NULL, '2026-01-12', 'BW-000017', 'RELEASED', 61);
INSERT INTO public.sales_order VALUES (69, 'bayern-werke', 0, '2026-11-26 19:21:54.751097+00', 'EUR', 8830.39, NULL, '2026-10-29', 'BW-000018', 'SHIPPED', 66);
INSERT INTO public.sales_order VALUES (70, 'bayern-werke', 0, '2026-11-26 19:21:54.751276+00', 'EUR', 6262.02, NULL, '2026-10-22', 'BW-000019', 'RELEASED', 56);
INSERT INTO public.sales_order VALUES (71, 'bayern-werke', 0, '2026-11-26 19:21:54.751417+00', 'EUR', 59161.05, NULL, '2026-04-10', 'BW-000020', 'RELEASED', 76);
INSERT INTO public.sales_order VALUES (72, 'bayern-werke', 0, '2026-11-26 19:21:54.751554+00', 'EUR', 2762.95, NULL, '2026-03-17', 'BW-000021', 'OPEN', 73);
INSERT INTO public.sales_order VALUES (73, 'bayern-werke', 0, '2026-11-26 19:21:54.751685+00', 'EUR', 21638.78, NULL, '2026-09-12', 'BW-000022', 'RELEASED', 58);
INSERT INTO public.sales_order VALUES (74, 'bayern-werke', 0, '2026-11-26 19:21:54.751821+00', 'EUR', 16445.00, NULL, '2026-05-04', 'BW-000023', 'OPEN', 66);
INSERT INTO public.sales_order VALUES (75, 'bayern-werke', 0, '2026-11-26 19:21:54.75195+00', 'EUR', 41077.51, NULL, '2026-10-16', 'BW-000024', 'CANCELLED', 64);
INSERT INTO public.sales_order VALUES (76, 'bayern-werke', 0, '2026-11-26 19:21:54.752086+00', 'EUR', 32626.24, NULL, '2026-02-22', 'BW-000025', 'SHIPPED', 56);
INSERT INTO public.sales_order VALUES (77, 'bayern-werke', 0, '2026-11-26 19:21:54.752222+00', 'EUR', 44234.13, NULL, '2026-08-03', 'BW-000026', 'CANCELLED', 71);
INSERT INTO public.sales_order VALUES (78, 'bayern-werke', 0, '2026-11-26 19:21:54.752399+00', 'EUR', 12920.30, NULL, '2026-05-04', 'BW-000027', 'CANCELLED', 56);
INSERT INTO public.sales_order VALUES (79, 'bayern-werke', 0, '2026-11-26 19:21:54.752535+00', 'EUR', 16803.39, NULL, '2026-04-07', 'BW-000028', 'RELEASED', 62);
INSERT INTO public.sales_order VALUES (80, 'bayern-werke', 0, '2026-11-26 19:21:54.752678+00', 'EUR', 36724.73, NULL, '2026-09-19', 'BW-000029', 'RELEASED', 77);
INSERT INTO public.sales_order VALUES (81, 'bayern-werke', 0, '2026-11-26 19:21:54.752808+00', 'EUR', 26981.28, NULL, '2026-05-08', 'BW-000030', 'OPEN', 56);
INSERT INTO public.sales_order VALUES (82, 'bayern-werke', 0, '2026-11-26 19:21:54.752937+00', 'EUR', 3106.51, NULL, '2026-08-27', 'BW-000031', 'OPEN', 62);
INSERT INTO public.sales_order VALUES (83, 'bayern-werke', 0, '2026-11-26 19:21:54.753069+00', 'EUR', 12930.91, NULL, '2026-08-15', 'BW-000032', 'OPEN', 68);
INSERT INTO public.sales_order VALUES (84, 'bayern-werke', 0, '2026-11-26 19:21:54.753201+00', 'EUR', 17453.59, NULL, '2026-03-07', 'BW-000033', 'INVOICED', 75);
INSERT INTO public.sales_order VALUES (85, 'bayern-werke', 0, '2026-11-26 19:21:54.753335+00', 'EUR', 22944.88, NULL, '2026-02-12', 'BW-000034', 'SHIPPED', 76);
INSERT INTO public.sales_order VALUES (86, 'bayern-werke', 0, '2026-11-26 19:21:54.753468+00', 'EUR', 43617.41, NULL, '2026-05-27', 'BW-000035', 'INVOICED', 52);
INSERT INTO public.sales_order VALUES (87, 'bayern-werke', 0, '2026-11-26 19:21:54.7536+00', 'EUR', 74631.95, NULL, '2026-06-19', 'BW-000036', 'SHIPPED', 67);
INSERT INTO public.sales_order VALUES (88, 'bayern-werke', 0, '2026-11-26 19:21:54.753733+00', 'EUR', 54738.08, NULL, '2026-01-20', 'BW-000037', 'INVOICED', 57);
INSERT INTO public.sales_order VALUES (89, 'bayern-werke', 0, '2026-11-26 19:21:54.753864+00', 'EUR', 21220.04, NULL, '2026-02-03', 'BW-000038', 'SHIPPED', 73);
INSERT INTO public.sales_order VALUES (90, 'bayern-werke', 0, '2026-11-26 19:21:54.753994+00', 'EUR', 43536.03, NULL, '2026-08-04', 'BW-000039', 'SHIPPED', 64);
INSERT INTO public.sales_order VALUES (91, 'bayern-werke', 0, '2026-11-26 19:21:54.754123+00', 'EUR', 38600.77, NULL, '2026-03-10', 'BW-000040', 'INVOICED', 52);


--
-- Data for Name: sales_order_item; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sales_order_item VALUES (1, 'stadt-muenchen', 0, 10, 13032.10, 10.000, 1303.21, 1, 5);
INSERT INTO public.sales_order_item VALUES (2, 'stadt-muenchen', 0, 20, 12648.46, 11.000, 1149.86, 1, 14);
INSERT INTO public.sales_order_item VALUES (3, 'stadt-muenchen', 0, 10, 16587.54, 9.000, 1843.06, 2, 17);
INSERT INTO public.sales_order_item VALUES (4, 'stadt-muenchen', 0, 10, 13798.32, 12.000, 1149.86, 3, 14);
INSERT INTO public.sales_order_item VALUES (5, 'stadt-muenchen', 0, 20, 2948.80, 4.000, 737.20, 3, 10);
INSERT INTO public.sales_order_item VALUES (6, 'stadt-muenchen', 0, 10, 21046.68, 19.000, 1107.72, 4, 9);
INSERT INTO public.sales_order_item VALUES (7, 'stadt-muenchen', 0, 20, 15290.30, 10.000, 1529.03, 4, 8);
INSERT INTO public.sales_order_item VALUES (8, 'stadt-muenchen', 0, 10, 3524.73, 11.000, 320.43, 5, 18);
INSERT INTO public.sales_order_item VALUES (9, 'stadt-muenchen', 0, 20, 5705.70, 3.000, 1901.90, 5, 25);
INSERT INTO public.sales_order_item VALUES (10, 'stadt-muenchen', 0, 10, 14262.90, 10.000, 1426.29, 6, 16);
INSERT INTO public.sales_order_item VALUES (11, 'stadt-muenchen', 0, 20, 4806.45, 15.000, 320.43, 6, 18);
INSERT INTO public.sales_order_item VALUES (12, 'stadt-muenchen', 0, 30, 15638.52, 12.000, 1303.21, 6, 5);
INSERT INTO public.sales_order_item VALUES (13, 'stadt-muenchen', 0, 40, 34234.20, 18.000, 1901.90, 6, 25);
INSERT INTO public.sales_order_item VALUES (14, 'stadt-muenchen', 0, 10, 7984.00, 4.000, 1996.00, 7, 3);
INSERT INTO public.sales_order_item VALUES (15, 'stadt-muenchen', 0, 20, 3854.10, 5.000, 770.82, 7, 6);
INSERT INTO public.sales_order_item VALUES (16, 'stadt-muenchen', 0, 10, 6795.91, 11.000, 617.81, 8, 22);
INSERT INTO public.sales_order_item VALUES (17, 'stadt-muenchen', 0, 20, 5212.84, 4.000, 1303.21, 8, 5);
INSERT INTO public.sales_order_item VALUES (18, 'stadt-muenchen', 0, 10, 18397.76, 16.000, 1149.86, 9, 14);
INSERT INTO public.sales_order_item VALUES (19, 'stadt-muenchen', 0, 10, 6381.20, 8.000, 797.65, 10, 4);
INSERT INTO public.sales_order_item VALUES (20, 'stadt-muenchen', 0, 20, 21486.30, 15.000, 1432.42, 10, 12);
INSERT INTO public.sales_order_item VALUES (21, 'stadt-muenchen', 0, 10, 1432.42, 1.000, 1432.42, 11, 12);
INSERT INTO public.sales_order_item VALUES (22, 'stadt-muenchen', 0, 20, 24246.93, 17.000, 1426.29, 11, 16);
INSERT INTO public.sales_order_item VALUES (23, 'stadt-muenchen', 0, 30, 27645.90, 15.000, 1843.06, 11, 17);
INSERT INTO public.sales_order_item VALUES (24, 'stadt-muenchen', 0, 40, 823.95, 1.000, 823.95, 11, 23);
INSERT INTO public.sales_order_item VALUES (25, 'stadt-muenchen', 0, 10, 3668.48, 4.000, 917.12, 12, 11);
INSERT INTO public.sales_order_item VALUES (26, 'stadt-muenchen', 0, 20, 7287.64, 19.000, 383.56, 12, 2);
INSERT INTO public.sales_order_item VALUES (27, 'stadt-muenchen', 0, 30, 25783.56, 18.000, 1432.42, 12, 12);
INSERT INTO public.sales_order_item VALUES (28, 'stadt-muenchen', 0, 40, 240.02, 11.000, 21.82, 12, 19);
INSERT INTO public.sales_order_item VALUES (29, 'stadt-muenchen', 0, 10, 7372.00, 10.000, 737.20, 13, 10);
INSERT INTO public.sales_order_item VALUES (30, 'stadt-muenchen', 0, 10, 6408.60, 20.000, 320.43, 14, 18);
INSERT INTO public.sales_order_item VALUES (31, 'stadt-muenchen', 0, 10, 3695.50, 19.000, 194.50, 15, 15);
INSERT INTO public.sales_order_item VALUES (32, 'stadt-muenchen', 0, 20, 2074.94, 14.000, 148.21, 15, 1);
INSERT INTO public.sales_order_item VALUES (33, 'stadt-muenchen', 0, 30, 767.12, 2.000, 383.56, 15, 2);
INSERT INTO public.sales_order_item VALUES (34, 'stadt-muenchen', 0, 10, 414.58, 19.000, 21.82, 16, 19);
INSERT INTO public.sales_order_item VALUES (35, 'stadt-muenchen', 0, 20, 444.63, 3.000, 148.21, 16, 1);
INSERT INTO public.sales_order_item VALUES (36, 'stadt-muenchen', 0, 30, 22842.56, 16.000, 1427.66, 16, 24);
INSERT INTO public.sales_order_item VALUES (37, 'stadt-muenchen', 0, 10, 4486.02, 14.000, 320.43, 17, 18);
INSERT INTO public.sales_order_item VALUES (38, 'stadt-muenchen', 0, 10, 5767.65, 7.000, 823.95, 18, 23);
INSERT INTO public.sales_order_item VALUES (39, 'stadt-muenchen', 0, 10, 19548.15, 15.000, 1303.21, 19, 5);
INSERT INTO public.sales_order_item VALUES (40, 'stadt-muenchen', 0, 20, 13756.80, 15.000, 917.12, 19, 11);
INSERT INTO public.sales_order_item VALUES (41, 'stadt-muenchen', 0, 30, 2964.20, 20.000, 148.21, 19, 1);
INSERT INTO public.sales_order_item VALUES (42, 'stadt-muenchen', 0, 40, 15155.35, 19.000, 797.65, 19, 4);
INSERT INTO public.sales_order_item VALUES (43, 'stadt-muenchen', 0, 10, 8565.96, 6.000, 1427.66, 20, 24);
INSERT INTO public.sales_order_item VALUES (44, 'stadt-muenchen', 0, 20, 12848.94, 9.000, 1427.66, 20, 24);
INSERT INTO public.sales_order_item VALUES (45, 'stadt-muenchen', 0, 10, 5583.55, 7.000, 797.65, 21, 4);
INSERT INTO public.sales_order_item VALUES (46, 'stadt-muenchen', 0, 20, 1541.64, 2.000, 770.82, 21, 6);
INSERT INTO public.sales_order_item VALUES (47, 'stadt-muenchen', 0, 30, 7905.90, 6.000, 1317.65, 21, 7);
INSERT INTO public.sales_order_item VALUES (48, 'stadt-muenchen', 0, 10, 10348.74, 9.000, 1149.86, 22, 14);
INSERT INTO public.sales_order_item VALUES (49, 'stadt-muenchen', 0, 20, 12839.68, 14.000, 917.12, 22, 11);
INSERT INTO public.sales_order_item VALUES (50, 'stadt-muenchen', 0, 10, 1150.68, 3.000, 383.56, 23, 2);
INSERT INTO public.sales_order_item VALUES (51, 'stadt-muenchen', 0, 20, 14276.60, 10.000, 1427.66, 23, 24);
INSERT INTO public.sales_order_item VALUES (52, 'stadt-muenchen', 0, 30, 3706.86, 6.000, 617.81, 23, 22);
INSERT INTO public.sales_order_item VALUES (53, 'stadt-muenchen', 0, 40, 7162.10, 5.000, 1432.42, 23, 12);
INSERT INTO public.sales_order_item VALUES (54, 'stadt-muenchen', 0, 10, 1647.90, 2.000, 823.95, 24, 23);
INSERT INTO public.sales_order_item VALUES (55, 'stadt-muenchen', 0, 20, 1150.68, 3.000, 383.56, 24, 2);
INSERT INTO public.sales_order_item VALUES (56, 'stadt-muenchen', 0, 30, 17117.10, 9.000, 1901.90, 24, 25);
INSERT INTO public.sales_order_item VALUES (57, 'stadt-muenchen', 0, 40, 12762.40, 16.000, 797.65, 24, 4);
INSERT INTO public.sales_order_item VALUES (58, 'stadt-muenchen', 0, 10, 770.82, 1.000, 770.82, 25, 6);
INSERT INTO public.sales_order_item VALUES (59, 'stadt-muenchen', 0, 10, 218.20, 10.000, 21.82, 26, 19);
INSERT INTO public.sales_order_item VALUES (60, 'stadt-muenchen', 0, 20, 43.64, 2.000, 21.82, 26, 19);
INSERT INTO public.sales_order_item VALUES (61, 'stadt-muenchen', 0, 30, 9122.47, 7.000, 1303.21, 26, 5);
INSERT INTO public.sales_order_item VALUES (62, 'stadt-muenchen', 0, 40, 28648.40, 20.000, 1432.42, 26, 12);
INSERT INTO public.sales_order_item VALUES (63, 'stadt-muenchen', 0, 10, 9215.30, 5.000, 1843.06, 27, 17);
INSERT INTO public.sales_order_item VALUES (64, 'stadt-muenchen', 0, 20, 4161.01, 7.000, 594.43, 27, 20);
INSERT INTO public.sales_order_item VALUES (65, 'stadt-muenchen', 0, 30, 11562.30, 15.000, 770.82, 27, 6);
INSERT INTO public.sales_order_item VALUES (66, 'stadt-muenchen', 0, 10, 3845.16, 12.000, 320.43, 28, 18);
INSERT INTO public.sales_order_item VALUES (67, 'stadt-muenchen', 0, 20, 1556.00, 8.000, 194.50, 28, 15);
INSERT INTO public.sales_order_item VALUES (68, 'stadt-muenchen', 0, 30, 27215.98, 19.000, 1432.42, 28, 12);
INSERT INTO public.sales_order_item VALUES (69, 'stadt-muenchen', 0, 10, 148.21, 1.000, 148.21, 29, 1);
INSERT INTO public.sales_order_item VALUES (70, 'stadt-muenchen', 0, 20, 13313.30, 7.000, 1901.90, 29, 25);
INSERT INTO public.sales_order_item VALUES (71, 'stadt-muenchen', 0, 30, 7984.00, 4.000, 1996.00, 29, 3);
INSERT INTO public.sales_order_item VALUES (72, 'stadt-muenchen', 0, 10, 29488.96, 16.000, 1843.06, 30, 17);
INSERT INTO public.sales_order_item VALUES (73, 'stadt-muenchen', 0, 20, 4585.60, 5.000, 917.12, 30, 11);
INSERT INTO public.sales_order_item VALUES (74, 'stadt-muenchen', 0, 30, 7819.26, 6.000, 1303.21, 30, 5);
INSERT INTO public.sales_order_item VALUES (75, 'stadt-muenchen', 0, 10, 21956.00, 11.000, 1996.00, 31, 3);
INSERT INTO public.sales_order_item VALUES (76, 'stadt-muenchen', 0, 20, 9884.96, 16.000, 617.81, 31, 22);
INSERT INTO public.sales_order_item VALUES (77, 'stadt-muenchen', 0, 30, 19938.96, 18.000, 1107.72, 31, 9);
INSERT INTO public.sales_order_item VALUES (78, 'stadt-muenchen', 0, 10, 14831.10, 18.000, 823.95, 32, 23);
INSERT INTO public.sales_order_item VALUES (79, 'stadt-muenchen', 0, 20, 35928.00, 18.000, 1996.00, 32, 3);
INSERT INTO public.sales_order_item VALUES (80, 'stadt-muenchen', 0, 30, 9509.50, 5.000, 1901.90, 32, 25);
INSERT INTO public.sales_order_item VALUES (81, 'stadt-muenchen', 0, 10, 9249.84, 12.000, 770.82, 33, 6);
INSERT INTO public.sales_order_item VALUES (82, 'stadt-muenchen', 0, 20, 9510.88, 16.000, 594.43, 33, 20);
INSERT INTO public.sales_order_item VALUES (83, 'stadt-muenchen', 0, 30, 29940.00, 15.000, 1996.00, 33, 3);
INSERT INTO public.sales_order_item VALUES (84, 'stadt-muenchen', 0, 40, 640.86, 2.000, 320.43, 33, 18);
INSERT INTO public.sales_order_item VALUES (85, 'stadt-muenchen', 0, 10, 15953.00, 20.000, 797.65, 34, 4);
INSERT INTO public.sales_order_item VALUES (86, 'stadt-muenchen', 0, 20, 2471.85, 3.000, 823.95, 34, 23);
INSERT INTO public.sales_order_item VALUES (87, 'stadt-muenchen', 0, 30, 18541.77, 13.000, 1426.29, 34, 16);
INSERT INTO public.sales_order_item VALUES (88, 'stadt-muenchen', 0, 40, 1556.00, 8.000, 194.50, 34, 15);
INSERT INTO public.sales_order_item VALUES (89, 'stadt-muenchen', 0, 10, 4942.48, 8.000, 617.81, 35, 22);
INSERT INTO public.sales_order_item VALUES (90, 'stadt-muenchen', 0, 10, 4430.88, 4.000, 1107.72, 36, 9);
INSERT INTO public.sales_order_item VALUES (91, 'stadt-muenchen', 0, 20, 109.10, 5.000, 21.82, 36, 19);
INSERT INTO public.sales_order_item VALUES (92, 'stadt-muenchen', 0, 30, 15655.05, 19.000, 823.95, 36, 23);
INSERT INTO public.sales_order_item VALUES (93, 'stadt-muenchen', 0, 10, 5729.68, 4.000, 1432.42, 37, 12);
INSERT INTO public.sales_order_item VALUES (94, 'stadt-muenchen', 0, 20, 5944.30, 10.000, 594.43, 37, 20);
INSERT INTO public.sales_order_item VALUES (95, 'stadt-muenchen', 0, 10, 33932.00, 17.000, 1996.00, 38, 3);
INSERT INTO public.sales_order_item VALUES (96, 'stadt-muenchen', 0, 10, 889.26, 6.000, 148.21, 39, 1);
INSERT INTO public.sales_order_item VALUES (97, 'stadt-muenchen', 0, 20, 9510.88, 16.000, 594.43, 39, 20);
INSERT INTO public.sales_order_item VALUES (98, 'stadt-muenchen', 0, 30, 11888.60, 20.000, 594.43, 39, 20);
INSERT INTO public.sales_order_item VALUES (99, 'stadt-muenchen', 0, 40, 8846.40, 12.000, 737.20, 39, 10);
INSERT INTO public.sales_order_item VALUES (100, 'stadt-muenchen', 0, 10, 770.82, 1.000, 770.82, 40, 6);
INSERT INTO public.sales_order_item VALUES (102, 'bayern-werke', 0, 10, 2260.47, 3.000, 753.49, 52, 69);
INSERT INTO public.sales_order_item VALUES (103, 'bayern-werke', 0, 20, 4986.74, 2.000, 2493.37, 52, 68);
INSERT INTO public.sales_order_item VALUES (104, 'bayern-werke', 0, 30, 462.48, 4.000, 115.62, 52, 75);
INSERT INTO public.sales_order_item VALUES (105, 'bayern-werke', 0, 40, 924.96, 8.000, 115.62, 52, 75);
INSERT INTO public.sales_order_item VALUES (106, 'bayern-werke', 0, 10, 4614.12, 14.000, 329.58, 53, 70);
INSERT INTO public.sales_order_item VALUES (107, 'bayern-werke', 0, 10, 5013.33, 7.000, 716.19, 54, 55);
INSERT INTO public.sales_order_item VALUES (108, 'bayern-werke', 0, 10, 9833.52, 6.000, 1638.92, 55, 71);
INSERT INTO public.sales_order_item VALUES (109, 'bayern-werke', 0, 20, 1375.80, 20.000, 68.79, 55, 65);
INSERT INTO public.sales_order_item VALUES (110, 'bayern-werke', 0, 30, 1375.80, 20.000, 68.79, 55, 65);
INSERT INTO public.sales_order_item VALUES (111, 'bayern-werke', 0, 40, 1182.99, 3.000, 394.33, 55, 57);
INSERT INTO public.sales_order_item VALUES (112, 'bayern-werke', 0, 10, 5273.28, 16.000, 329.58, 56, 70);
INSERT INTO public.sales_order_item VALUES (113, 'bayern-werke', 0, 20, 30976.38, 18.000, 1720.91, 56, 74);
INSERT INTO public.sales_order_item VALUES (114, 'bayern-werke', 0, 30, 3521.65, 11.000, 320.15, 56, 72);
INSERT INTO public.sales_order_item VALUES (115, 'bayern-werke', 0, 40, 4788.42, 14.000, 342.03, 56, 63);
INSERT INTO public.sales_order_item VALUES (116, 'bayern-werke', 0, 10, 42638.00, 20.000, 2131.90, 57, 67);
INSERT INTO public.sales_order_item VALUES (117, 'bayern-werke', 0, 20, 42546.96, 18.000, 2363.72, 57, 60);
INSERT INTO public.sales_order_item VALUES (118, 'bayern-werke', 0, 30, 809.34, 7.000, 115.62, 57, 75);
INSERT INTO public.sales_order_item VALUES (119, 'bayern-werke', 0, 40, 7159.14, 9.000, 795.46, 57, 53);
INSERT INTO public.sales_order_item VALUES (120, 'bayern-werke', 0, 10, 1977.48, 6.000, 329.58, 58, 70);
INSERT INTO public.sales_order_item VALUES (121, 'bayern-werke', 0, 20, 1307.01, 19.000, 68.79, 58, 65);
INSERT INTO public.sales_order_item VALUES (122, 'bayern-werke', 0, 30, 1040.58, 9.000, 115.62, 58, 75);
INSERT INTO public.sales_order_item VALUES (123, 'bayern-werke', 0, 10, 825.48, 12.000, 68.79, 59, 65);
INSERT INTO public.sales_order_item VALUES (124, 'bayern-werke', 0, 20, 1368.12, 4.000, 342.03, 59, 63);
INSERT INTO public.sales_order_item VALUES (125, 'bayern-werke', 0, 30, 4933.50, 6.000, 822.25, 59, 64);
INSERT INTO public.sales_order_item VALUES (126, 'bayern-werke', 0, 40, 44968.80, 20.000, 2248.44, 59, 56);
INSERT INTO public.sales_order_item VALUES (127, 'bayern-werke', 0, 10, 18930.01, 11.000, 1720.91, 60, 74);
INSERT INTO public.sales_order_item VALUES (128, 'bayern-werke', 0, 10, 478.97, 1.000, 478.97, 61, 59);
INSERT INTO public.sales_order_item VALUES (129, 'bayern-werke', 0, 10, 2148.57, 3.000, 716.19, 62, 55);
INSERT INTO public.sales_order_item VALUES (130, 'bayern-werke', 0, 20, 12809.33, 17.000, 753.49, 62, 69);
INSERT INTO public.sales_order_item VALUES (131, 'bayern-werke', 0, 30, 4263.80, 2.000, 2131.90, 62, 67);
INSERT INTO public.sales_order_item VALUES (132, 'bayern-werke', 0, 10, 8873.65, 5.000, 1774.73, 63, 61);
INSERT INTO public.sales_order_item VALUES (133, 'bayern-werke', 0, 10, 1194.50, 5.000, 238.90, 64, 76);
INSERT INTO public.sales_order_item VALUES (134, 'bayern-werke', 0, 10, 2595.32, 7.000, 370.76, 65, 58);
INSERT INTO public.sales_order_item VALUES (135, 'bayern-werke', 0, 20, 12175.23, 17.000, 716.19, 65, 55);
INSERT INTO public.sales_order_item VALUES (136, 'bayern-werke', 0, 10, 2260.47, 3.000, 753.49, 66, 69);
INSERT INTO public.sales_order_item VALUES (137, 'bayern-werke', 0, 20, 2260.47, 3.000, 753.49, 66, 69);
INSERT INTO public.sales_order_item VALUES (138, 'bayern-werke', 0, 30, 1935.20, 8.000, 241.90, 66, 62);
INSERT INTO public.sales_order_item VALUES (139, 'bayern-werke', 0, 10, 1375.80, 20.000, 68.79, 67, 65);
INSERT INTO public.sales_order_item VALUES (140, 'bayern-werke', 0, 20, 481.53, 7.000, 68.79, 67, 65);
INSERT INTO public.sales_order_item VALUES (141, 'bayern-werke', 0, 30, 809.34, 7.000, 115.62, 67, 75);
INSERT INTO public.sales_order_item VALUES (142, 'bayern-werke', 0, 40, 753.49, 1.000, 753.49, 67, 69);
INSERT INTO public.sales_order_item VALUES (143, 'bayern-werke', 0, 10, 5602.86, 17.000, 329.58, 68, 70);
INSERT INTO public.sales_order_item VALUES (144, 'bayern-werke', 0, 20, 957.94, 2.000, 478.97, 68, 59);
INSERT INTO public.sales_order_item VALUES (145, 'bayern-werke', 0, 10, 8142.49, 17.000, 478.97, 69, 59);
INSERT INTO public.sales_order_item VALUES (146, 'bayern-werke', 0, 20, 687.90, 10.000, 68.79, 69, 65);
INSERT INTO public.sales_order_item VALUES (147, 'bayern-werke', 0, 10, 6262.02, 19.000, 329.58, 70, 70);
INSERT INTO public.sales_order_item VALUES (148, 'bayern-werke', 0, 10, 3580.95, 5.000, 716.19, 71, 55);
INSERT INTO public.sales_order_item VALUES (149, 'bayern-werke', 0, 20, 39558.76, 19.000, 2082.04, 71, 52);
INSERT INTO public.sales_order_item VALUES (150, 'bayern-werke', 0, 30, 5472.48, 16.000, 342.03, 71, 63);
INSERT INTO public.sales_order_item VALUES (151, 'bayern-werke', 0, 40, 10548.86, 14.000, 753.49, 71, 69);
INSERT INTO public.sales_order_item VALUES (152, 'bayern-werke', 0, 10, 2419.00, 10.000, 241.90, 72, 62);
INSERT INTO public.sales_order_item VALUES (153, 'bayern-werke', 0, 20, 343.95, 5.000, 68.79, 72, 65);
INSERT INTO public.sales_order_item VALUES (154, 'bayern-werke', 0, 10, 5747.64, 12.000, 478.97, 73, 59);
INSERT INTO public.sales_order_item VALUES (155, 'bayern-werke', 0, 20, 1693.30, 7.000, 241.90, 73, 62);
INSERT INTO public.sales_order_item VALUES (156, 'bayern-werke', 0, 30, 14197.84, 8.000, 1774.73, 73, 61);
INSERT INTO public.sales_order_item VALUES (157, 'bayern-werke', 0, 10, 16445.00, 20.000, 822.25, 74, 64);
INSERT INTO public.sales_order_item VALUES (158, 'bayern-werke', 0, 10, 894.27, 13.000, 68.79, 75, 65);
INSERT INTO public.sales_order_item VALUES (159, 'bayern-werke', 0, 20, 40183.24, 17.000, 2363.72, 75, 60);
INSERT INTO public.sales_order_item VALUES (160, 'bayern-werke', 0, 10, 4778.00, 20.000, 238.90, 76, 76);
INSERT INTO public.sales_order_item VALUES (161, 'bayern-werke', 0, 20, 11459.04, 16.000, 716.19, 76, 55);
INSERT INTO public.sales_order_item VALUES (162, 'bayern-werke', 0, 30, 16389.20, 10.000, 1638.92, 76, 71);
INSERT INTO public.sales_order_item VALUES (163, 'bayern-werke', 0, 10, 6025.66, 19.000, 317.14, 77, 54);
INSERT INTO public.sales_order_item VALUES (164, 'bayern-werke', 0, 20, 30728.36, 13.000, 2363.72, 77, 60);
INSERT INTO public.sales_order_item VALUES (165, 'bayern-werke', 0, 30, 7480.11, 3.000, 2493.37, 77, 68);
INSERT INTO public.sales_order_item VALUES (166, 'bayern-werke', 0, 10, 343.95, 5.000, 68.79, 78, 65);
INSERT INTO public.sales_order_item VALUES (167, 'bayern-werke', 0, 20, 4496.88, 2.000, 2248.44, 78, 56);
INSERT INTO public.sales_order_item VALUES (168, 'bayern-werke', 0, 30, 4726.68, 6.000, 787.78, 78, 66);
INSERT INTO public.sales_order_item VALUES (169, 'bayern-werke', 0, 40, 3352.79, 7.000, 478.97, 78, 59);
INSERT INTO public.sales_order_item VALUES (170, 'bayern-werke', 0, 10, 5472.48, 16.000, 342.03, 79, 63);
INSERT INTO public.sales_order_item VALUES (171, 'bayern-werke', 0, 20, 11330.91, 9.000, 1258.99, 79, 73);
INSERT INTO public.sales_order_item VALUES (172, 'bayern-werke', 0, 10, 3625.38, 11.000, 329.58, 80, 70);
INSERT INTO public.sales_order_item VALUES (173, 'bayern-werke', 0, 20, 11472.44, 7.000, 1638.92, 80, 71);
INSERT INTO public.sales_order_item VALUES (174, 'bayern-werke', 0, 30, 6703.61, 17.000, 394.33, 80, 57);
INSERT INTO public.sales_order_item VALUES (175, 'bayern-werke', 0, 40, 14923.30, 7.000, 2131.90, 80, 67);
INSERT INTO public.sales_order_item VALUES (176, 'bayern-werke', 0, 10, 26981.28, 12.000, 2248.44, 81, 56);
INSERT INTO public.sales_order_item VALUES (177, 'bayern-werke', 0, 10, 957.94, 2.000, 478.97, 82, 59);
INSERT INTO public.sales_order_item VALUES (178, 'bayern-werke', 0, 20, 2148.57, 3.000, 716.19, 82, 55);
INSERT INTO public.sales_order_item VALUES (179, 'bayern-werke', 0, 10, 4788.42, 14.000, 342.03, 83, 63);
INSERT INTO public.sales_order_item VALUES (180, 'bayern-werke', 0, 20, 8142.49, 17.000, 478.97, 83, 59);
INSERT INTO public.sales_order_item VALUES (181, 'bayern-werke', 0, 10, 17453.59, 7.000, 2493.37, 84, 68);
INSERT INTO public.sales_order_item VALUES (182, 'bayern-werke', 0, 10, 13111.36, 8.000, 1638.92, 85, 71);
INSERT INTO public.sales_order_item VALUES (183, 'bayern-werke', 0, 20, 9833.52, 6.000, 1638.92, 85, 71);
INSERT INTO public.sales_order_item VALUES (184, 'bayern-werke', 0, 10, 37400.55, 15.000, 2493.37, 86, 68);
INSERT INTO public.sales_order_item VALUES (185, 'bayern-werke', 0, 20, 825.48, 12.000, 68.79, 86, 65);
INSERT INTO public.sales_order_item VALUES (186, 'bayern-werke', 0, 30, 5391.38, 17.000, 317.14, 86, 54);
INSERT INTO public.sales_order_item VALUES (187, 'bayern-werke', 0, 10, 22661.82, 18.000, 1258.99, 87, 73);
INSERT INTO public.sales_order_item VALUES (188, 'bayern-werke', 0, 20, 4596.10, 19.000, 241.90, 87, 62);
INSERT INTO public.sales_order_item VALUES (189, 'bayern-werke', 0, 30, 47374.03, 19.000, 2493.37, 87, 68);
INSERT INTO public.sales_order_item VALUES (190, 'bayern-werke', 0, 10, 16656.32, 8.000, 2082.04, 88, 52);
INSERT INTO public.sales_order_item VALUES (191, 'bayern-werke', 0, 20, 22944.88, 14.000, 1638.92, 88, 71);
INSERT INTO public.sales_order_item VALUES (192, 'bayern-werke', 0, 30, 4726.68, 6.000, 787.78, 88, 66);
INSERT INTO public.sales_order_item VALUES (193, 'bayern-werke', 0, 40, 10410.20, 5.000, 2082.04, 88, 52);
INSERT INTO public.sales_order_item VALUES (194, 'bayern-werke', 0, 10, 12589.90, 10.000, 1258.99, 89, 73);
INSERT INTO public.sales_order_item VALUES (195, 'bayern-werke', 0, 20, 7044.44, 19.000, 370.76, 89, 58);
INSERT INTO public.sales_order_item VALUES (196, 'bayern-werke', 0, 30, 1585.70, 5.000, 317.14, 89, 54);
INSERT INTO public.sales_order_item VALUES (197, 'bayern-werke', 0, 10, 1915.88, 4.000, 478.97, 90, 59);
INSERT INTO public.sales_order_item VALUES (198, 'bayern-werke', 0, 20, 9454.88, 4.000, 2363.72, 90, 60);
INSERT INTO public.sales_order_item VALUES (199, 'bayern-werke', 0, 30, 1436.91, 3.000, 478.97, 90, 59);
INSERT INTO public.sales_order_item VALUES (200, 'bayern-werke', 0, 40, 30728.36, 13.000, 2363.72, 90, 60);
INSERT INTO public.sales_order_item VALUES (201, 'bayern-werke', 0, 10, 3805.68, 12.000, 317.14, 91, 54);
INSERT INTO public.sales_order_item VALUES (202, 'bayern-werke', 0, 20, 3776.97, 3.000, 1258.99, 91, 73);
INSERT INTO public.sales_order_item VALUES (203, 'bayern-werke', 0, 30, 13392.26, 17.000, 787.78, 91, 66);
INSERT INTO public.sales_order_item VALUES (204, 'bayern-werke', 0, 40, 17625.86, 14.000, 1258.99, 91, 73);


--
-- Name: business_partner_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.business_partner_seq', 101, true);


--
-- Name: product_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.product_seq', 101, true);


--
-- Name: sales_order_item_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sales_order_item_seq', 251, true);


--
-- Name: sales_order_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sales_order_seq', 101, true);


--
-- Name: business_partner business_partner_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.business_partner
    ADD CONSTRAINT business_partner_pkey PRIMARY KEY (id);


--
-- Name: platform_user platform_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.platform_user
    ADD CONSTRAINT platform_user_pkey PRIMARY KEY (user_name);


--
-- Name: product product_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product
    ADD CONSTRAINT product_pkey PRIMARY KEY (id);


--
-- Name: sales_order_item sales_order_item_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order_item
    ADD CONSTRAINT sales_order_item_pkey PRIMARY KEY (id);


--
-- Name: sales_order sales_order_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order
    ADD CONSTRAINT sales_order_pkey PRIMARY KEY (id);


--
-- Name: business_partner uk_business_partner_number; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.business_partner
    ADD CONSTRAINT uk_business_partner_number UNIQUE (tenant, partner_number);


--
-- Name: product uk_product_number; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product
    ADD CONSTRAINT uk_product_number UNIQUE (tenant, product_number);


--
-- Name: sales_order uk_sales_order_number; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order
    ADD CONSTRAINT uk_sales_order_number UNIQUE (tenant, order_number);


--
-- Name: ix_business_partner_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_business_partner_name ON public.business_partner USING btree (tenant, name);


--
-- Name: ix_sales_order_customer; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sales_order_customer ON public.sales_order USING btree (customer_id);


--
-- Name: ix_sales_order_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sales_order_date ON public.sales_order USING btree (tenant, order_date);


--
-- Name: ix_sales_order_item_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sales_order_item_order ON public.sales_order_item USING btree (order_id, item_number);


--
-- Name: ix_sales_order_item_product; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sales_order_item_product ON public.sales_order_item USING btree (product_id);


--
-- Name: ix_sales_order_status_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sales_order_status_date ON public.sales_order USING btree (tenant, status, order_date);


--
-- Name: sales_order_item fkauhjnf2u1tcyxj79su49lpqaa; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order_item
    ADD CONSTRAINT fkauhjnf2u1tcyxj79su49lpqaa FOREIGN KEY (product_id) REFERENCES public.product(id);


--
-- Name: sales_order fkgy0ul9lbucqsxmvqh0ns15xue; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order
    ADD CONSTRAINT fkgy0ul9lbucqsxmvqh0ns15xue FOREIGN KEY (customer_id) REFERENCES public.business_partner(id);


--
-- Name: sales_order_item fkm2hfpxmgtcsvi5ad1up1ixxlf; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_order_item
    ADD CONSTRAINT fkm2hfpxmgtcsvi5ad1up1ixxlf FOREIGN KEY (order_id) REFERENCES public.sales_order(id);


--
-- PostgreSQL database dump complete
--


