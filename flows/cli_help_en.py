"""The command line's help texts (catalogue 'cli_help'), keyed by the Dutch text written in the code.

Keys are compared with their whitespace normalised, so a re-wrapped docstring still matches.
Argument names (shown in capitals, RONDE_ID) are texts too. tests/flows/test_cli_taal.py fails
for any command, option or argument whose text has no English here, naming it.
"""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus

_ENGELS: dict[str, str] = {
    # makelaar
    "makelaar: evaluatierondes voor de sociaal makelaar, van logboek tot handreiking.": (
        "makelaar: evaluation rounds for the social broker, from logbook to practice guide."
    ),
    "makelaar: evaluatierondes voor de sociaal makelaar.": (
        "makelaar: evaluation rounds for the social broker."
    ),
    "Toon bij een fout de volledige melding.": "Show the full traceback when something fails.",
    # demo
    "Alles in één keer: database, CBS-cijfers van Utrecht, een jaar demologboek, een ronde, "
    "de PDF.": (
        "Everything at once: database, Utrecht's CBS figures, a year of demo logbook, a round, "
        "the PDF."
    ),
    "Periode van de demoronde.": "Period of the demo round.",
    "De cyclus: buurtmeter, casusregie of actieonderzoek.": (
        "The cycle: buurtmeter, casusregie or actieonderzoek."
    ),
    "Zaadgetal van de demogegevens (zelfde getal, zelfde data).": (
        "Seed of the demo data (same number, same data)."
    ),
    # db
    "De projectdatabase.": "The project database.",
    "Breng de database naar het nieuwste schema (Alembic-migraties).": (
        "Bring the database to the newest schema (Alembic migrations)."
    ),
    # wijken
    "Gemeenten, wijken en buurten (CBS-kerncijfers).": (
        "Municipalities, districts and neighbourhoods (CBS key figures)."
    ),
    "Importeer gemeenten, wijken, buurten en hun kerncijfers uit het CBS-bestand.": (
        "Import municipalities, districts, neighbourhoods and their key figures from the CBS file."
    ),
    "CBS Kerncijfers wijken en buurten (.xlsx).": (
        "The CBS file of key figures per district and neighbourhood (.xlsx)."
    ),
    "BESTAND": "FILE",
    "Jaar van de cijfers; standaard uit de bestandsnaam (kwb-2024.xlsx) of de bladnaam "
    "(KWB2024).": (
        "Year of the figures; by default taken from the file name (kwb-2024.xlsx) or the sheet "
        "name (KWB2024)."
    ),
    "Importeer alleen deze gemeente (CBS-code, bv. GM0344) met haar wijken en buurten; herhaal "
    "de optie voor meer gemeenten. Standaard elke gemeente in het bestand.": (
        "Import only this municipality (CBS code, e.g. GM0344) with its districts and "
        "neighbourhoods; repeat the option for more. By default every municipality in the file."
    ),
    # round
    "Evaluatierondes: starten, uitvoeren, status, besluiten.": (
        "Evaluation rounds: start, run, status, decisions."
    ),
    "Leg een nieuwe evaluatieronde vast (nog zonder fasen uit te voeren).": (
        "Record a new evaluation round (without running any phase yet)."
    ),
    "Naam van de cyclus, bv. buurtmeter.": "Name of the cycle, e.g. buurtmeter.",
    "2026, 2026-H2, 2026-Q3 of 2026-09.": "2026, 2026-H2, 2026-Q3 or 2026-09.",
    "CBS-code van de gemeente.": "CBS code of the municipality.",
    "Voer een ronde uit via Prefect; hervat bij de eerste onafgemaakte fase.": (
        "Run a round through Prefect; resumes at the first unfinished phase."
    ),
    "Naam van de cyclus.": "Name of the cycle.",
    "Standaard het huidige halfjaar.": "By default the current half-year.",
    "CBS-kerncijferbestand om eerst te importeren.": "CBS key-figure file to import first.",
    "'handmatig': wacht op besluiten; 'demo': neem ze zelf; 'formulier': pauzeer de run met "
    "een formulier in Prefect.": (
        "'handmatig': wait for decisions; 'demo': take them itself; 'formulier': pause the run "
        "with a form in Prefect."
    ),
    "'wachten': wacht tot de enquêtes sluiten; 'demo': vul ze zelf in.": (
        "'wachten': wait until the surveys close; 'demo': fill them in itself."
    ),
    "Sta een nieuwe ronde toe voor een periode die nog niet begonnen is.": (
        "Allow a new round for a period that has not begun yet."
    ),
    "Invoerbestand van de ronde als SOORT=PAD, bv. casussen=casussen.xlsx; herhaal de optie "
    "voor meer bestanden. De soorten verschillen per cyclus (casusregie: casussen, "
    "tevredenheid, samenwerking; actieonderzoek: vragen, instellingen; buurtmeter: cbs).": (
        "An input file of the round as KIND=PATH, e.g. casussen=casussen.xlsx; repeat the option "
        "for more files. The kinds differ per cycle (casusregie: casussen, tevredenheid, "
        "samenwerking; actieonderzoek: vragen, instellingen; buurtmeter: cbs)."
    ),
    "Toon de fasen van een ronde (of van alle rondes) en waar ze op wachten.": (
        "Show the phases of a round (or of all rounds) and what they wait for."
    ),
    "Ronde-nummer; standaard alle rondes.": "Round number; all rounds by default.",
    "RONDE_ID": "ROUND_ID",
    "Leg het besluit van de leerbijeenkomst over een voorstel vast.": (
        "Record the learning session's decision on a proposal."
    ),
    "Ronde-nummer.": "Round number.",
    "Code van het voorstel.": "Code of the proposal.",
    "CODE": "CODE",
    "aangenomen, verworpen of uitgesteld": (
        "aangenomen (adopted), verworpen (rejected) or uitgesteld (postponed)"
    ),
    "Wie besloot, bv. 'leerbijeenkomst 12 januari' of een naam.": (
        "Who decided, e.g. 'leerbijeenkomst 12 januari' or a name."
    ),
    "BESLUIT": "DECISION",
    "Waarom de leerbijeenkomst zo besloot.": "Why the learning session decided so.",
    "Toon de voorstellen van een ronde met elk besluit dat erover genomen is, het eerste eerst.": (
        "Show a round's proposals with every decision taken on them, the first one first."
    ),
    # handreiking
    "De handreiking en haar edities.": "The practice guide (handreiking) and its editions.",
    "Render de editie van een ronde opnieuw (zelfde nummer; de vorige bestanden blijven tot "
    "het lukt).": (
        "Render a round's edition again (same number; the previous files stay until it succeeds)."
    ),
    "Ronde waarvan de editie opnieuw gerenderd wordt.": "Round whose edition is rendered again.",
    # cycles
    "De geregistreerde cycli.": "The registered cycles.",
    "Toon de cycli die via de entry-point-groep makelaar.cycles geregistreerd zijn.": (
        "Show the cycles registered through the entry-point group makelaar.cycles."
    ),
    # makelaars
    "Het makelaarsregister: wie een logboek bijhoudt, in welke wijken en wanneer.": (
        "The brokers' register: who keeps a logbook, in which districts and when."
    ),
    "Registreer makelaars uit een bestand: het hele bestand, of bij een fout niets.": (
        "Register brokers from a file: the whole file, or nothing when it has an error."
    ),
    "Het register (.csv of .xlsx) met de kolommen code, naam, wijken, startdatum en eventueel "
    "einddatum.": (
        "The register (.csv or .xlsx) with the columns code, naam (name), wijken (districts), "
        "startdatum (start date) and optionally einddatum (end date)."
    ),
    "CBS-code van de gemeente, bv. GM0344; standaard die van de wijken.": (
        "CBS code of the municipality, e.g. GM0344; by default the one of the districts."
    ),
    "Toon het makelaarsregister: code, naam, wijken, start en einde.": (
        "Show the brokers' register: code, name, districts, start and end."
    ),
    # logboek
    "Het logboek van de makelaars: sjabloon, inlezen, inbox.": (
        "The brokers' logbook: template, import, inbox."
    ),
    "Schrijf een leeg logboek (.xlsx) met keuzelijsten van wijken, makelaars en soorten.": (
        "Write an empty logbook (.xlsx) with drop-down lists of districts, brokers and kinds."
    ),
    "Waar het sjabloon komt (.xlsx).": "Where the template goes (.xlsx).",
    "PAD": "PATH",
    "CBS-code van de gemeente, bv. GM0344; standaard alle.": (
        "CBS code of the municipality, e.g. GM0344; all by default."
    ),
    "Vervang een bestaand bestand.": "Replace an existing file.",
    "Lees logboekbestanden in; elk bestand helemaal of (zonder --sla-ongeldig-over) niet.": (
        "Import logbook files; each file wholly or (without --sla-ongeldig-over) not at all."
    ),
    "Logboekbestanden (.xlsx, .csv, .json) of mappen daarmee.": (
        "Logbook files (.xlsx, .csv, .json) or folders holding them."
    ),
    "PADEN": "PATHS",
    "Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.": (
        "Keep the valid rows; the invalid ones go to a rejects file."
    ),
    "CBS-code van de gemeente, bv. GM0344.": "CBS code of the municipality, e.g. GM0344.",
    "Map voor de weigeringenbestanden; standaard naast elk bestand.": (
        "Folder for the rejects files; by default next to each file."
    ),
    "Verwerk de inbox eenmaal via Prefect: inlezen, dan naar verwerkt/ of geweigerd/.": (
        "Process the inbox once through Prefect: import, then move to verwerkt/ or geweigerd/."
    ),
    "De inbox; standaard inbox/ in de datamap (MAKELAAR_DATA_DIR).": (
        "The inbox; by default inbox/ in the data folder (MAKELAAR_DATA_DIR)."
    ),
    "MAP": "FOLDER",
    # enquete
    "Enquêterondes: formulieren, uitnodigingen, herinneringen en respons.": (
        "Survey rounds: forms, invitations, reminders and response."
    ),
    "Lees een formulier (XLSForm) in; dezelfde versie opnieuw inlezen verandert niets.": (
        "Import a form (XLSForm); importing the same version again changes nothing."
    ),
    "Het XLSForm-bestand (.xlsx of .md).": "The XLSForm file (.xlsx or .md).",
    "Het XLSForm-bestand (.xlsx, .xlsm, .xls, .csv of .md).": (
        "The XLSForm file (.xlsx, .xlsm, .xls, .csv or .md)."
    ),
    "Open een enquêteronde: een formulier voor één publiek, met een venster.": (
        "Open a survey round: one form for one audience, with a window."
    ),
    "Nummer van de evaluatieronde.": "Number of the evaluation round.",
    "form_id (nieuwste versie) of nummer van het formulier.": (
        "form_id (newest version) or number of the form."
    ),
    "makelaars, sociaal_werkers, partners of bewoners.": (
        "makelaars (brokers), sociaal_werkers (social workers), partners or bewoners (residents)."
    ),
    "Laatste dag (JJJJ-MM-DD, Nederlandse tijd, tot en met).": (
        "Last day (YYYY-MM-DD, Dutch time, inclusive)."
    ),
    "Eerste dag (JJJJ-MM-DD) of JJJJ-MM-DDTUU:MM; standaard nu.": (
        "First day (YYYY-MM-DD) or YYYY-MM-DDTHH:MM; now by default."
    ),
    "identificeerbaar of anoniem; standaard anoniem voor sociaal werkers en bewoners.": (
        "identificeerbaar (identified) or anoniem (anonymous); anonymous for social workers and "
        "residents by default."
    ),
    "Hoogstens zoveel herinneringen.": "At most this many reminders.",
    "Minstens zoveel uur tussen contact en herinnering.": (
        "At least this many hours between contact and reminder."
    ),
    "Maak een enquêteronde anoniem of identificeerbaar (alleen zolang niemand antwoordde).": (
        "Make a survey round anonymous or identified (only while nobody has answered)."
    ),
    "Nummer van de enquêteronde.": "Number of the survey round.",
    "ENQUETE_RONDE": "SURVEY_ROUND",
    "identificeerbaar of anoniem.": "identificeerbaar (identified) or anoniem (anonymous).",
    "MODUS": "MODE",
    "Nodig iedereen op de lijst uit die nog niet uitgenodigd is (nooit iemand twee keer).": (
        "Invite everyone on the list who was not invited yet (nobody ever twice)."
    ),
    "Contactenlijst (.csv of .xlsx): e-mail, wijk, code, naam, adres.": (
        "Contact list (.csv or .xlsx): e-mail, wijk, code, naam, adres."
    ),
    "CONTACTEN": "CONTACTS",
    "email (versturen), brief (PDF) of lijst (CSV voor mail-merge).": (
        "email (sent), brief (letter, PDF) or lijst (list, CSV for a mail merge)."
    ),
    "Map voor brieven en lijsten; standaard enquetes/ in de uitvoermap.": (
        "Folder for letters and lists; by default enquetes/ in the output folder."
    ),
    "Stuur herinneringen aan wie nog niet antwoordde (via Prefect, zoals het schema doet).": (
        "Send reminders to whoever has not answered yet (through Prefect, as the schedule does)."
    ),
    "Nummer van de enquêteronde; standaard alle open rondes.": (
        "Number of the survey round; all open rounds by default."
    ),
    "De contactenlijst opnieuw: nodig voor herinneringsbrieven (adressen).": (
        "The contact list again: needed for reminder letters (addresses)."
    ),
    "Map voor herinneringsbrieven en -lijsten.": "Folder for reminder letters and lists.",
    "Toon de respons per enquêteronde en per wijk (kleine aantallen onderdrukt).": (
        "Show the response per survey round and per district (small numbers suppressed)."
    ),
    "Alleen de enquêtes van deze evaluatieronde.": "Only the surveys of this evaluation round.",
    "Ververs elke zoveel seconden (stop met Ctrl-C).": "Refresh every so many seconds (stop with Ctrl-C).",
    "Met --volg: stop na zoveel keer (standaard nooit).": (
        "With --volg: stop after so many times (never by default)."
    ),
    "Sluit het venster van een enquêteronde nu (eerder dan gepland).": (
        "Close a survey round's window now (earlier than planned)."
    ),
    "Toon de enquêterondes met hun venster en stand (gepland, open, gesloten).": (
        "Show the survey rounds with their window and state (planned, open, closed)."
    ),
    "Lees antwoorden in uit een KoboToolbox- of ODK-export; het hele bestand of niets.": (
        "Import responses from a KoboToolbox or ODK export; the whole file or nothing."
    ),
    "Export uit KoboToolbox of ODK Central (.csv of .xlsx).": (
        "Export from KoboToolbox or ODK Central (.csv or .xlsx)."
    ),
    "EXPORT": "EXPORT",
    "Kolom met de makelaarcode of de naam/code van de respondent.": (
        "Column with the broker's code or the respondent's name/code."
    ),
    "Kolom met de CBS-wijkcode.": "Column with the CBS district code.",
    "Map voor het weigeringenbestand; standaard naast de export.": (
        "Folder for the rejects file; by default next to the export."
    ),
    "Exporteer de antwoorden van een enquêteronde (CSV of XLSX, met codeboek).": (
        "Export the responses of a survey round (CSV or XLSX, with a codebook)."
    ),
    "csv of xlsx.": "csv or xlsx.",
    "Bestand om te schrijven; standaard in de uitvoermap.": (
        "File to write; by default in the output folder."
    ),
    # forms
    "Vragenlijsten: de antwoordpagina's.": "Questionnaires: the answering pages.",
    "Start de antwoordpagina's (de links in de uitnodigingen openen hier).": (
        "Start the answering pages (the links in the invitations open here)."
    ),
    "Adres om op te luisteren.": "Address to listen on.",
    "Aantal werkprocessen (elk met een eigen databaseverbinding); 1: één proces.": (
        "Number of worker processes (each with a database connection of its own); 1: one process."
    ),
    "Poort om op te luisteren.": "Port to listen on.",
    # init
    "Schrijf het instellingenbestand van een gemeente voor een cyclus, met uitleg per sleutel.": (
        "Write a gemeente's settings file for a cycle, with an explanation of every key."
    ),
    "De cyclus.": "The cycle.",
    "De gemeente (CBS-code, GM…).": "The gemeente (CBS code, GM…).",
    # planning
    "Wat wanneer draait per gemeente (uit prefect.yaml), en welke rondes ergens op wachten.": (
        "What runs when for each gemeente (from prefect.yaml), and which rounds wait for what."
    ),
    "Het prefect.yaml met de deployments.": "The prefect.yaml with the deployments.",
    "Hoeveel volgende runs per rooster.": "How many next runs per schedule.",
    "Alleen deze gemeente (CBS-code, GM…).": "Only this gemeente (CBS code, GM…).",
    "Druk de schedules voor prefect.yaml af, op een eigen starttijd van de gemeente tussen "
    "06:00 en 09:00: halfjaarlijks (buurtmeter, casusregie) of, voor het actieonderzoek, één per "
    "tussenstudie met haar datum en periode uit het instellingenbestand.": (
        "Print the schedules for prefect.yaml, at a start time of the gemeente's own between "
        "06:00 and 09:00: half-yearly (buurtmeter, casusregie) or, for the actieonderzoek, one "
        "per interim study with its date and period from the settings file."
    ),
    "De cyclus: buurtmeter, casusregie (halfjaarlijks) of actieonderzoek.": (
        "The cycle: buurtmeter, casusregie (half-yearly) or actieonderzoek."
    ),
    "Actieonderzoek: het instellingenbestand; standaard dat van de gemeente in de datamap.": (
        "Actieonderzoek: the settings file; by default the gemeente's in the data directory."
    ),
    "Het prefect.yaml waarvan de rondes meetellen bij het kiezen van de starttijd.": (
        "The prefect.yaml whose rounds count when the start time is chosen."
    ),
    "Begin van elke slug; standaard de naam van de gemeente.": (
        "Start of each slug; by default the gemeente's name."
    ),
    # programma
    "Een programma van gemeenten: de deployments van hun rondes uit één bestand.": (
        "A programme of gemeenten: their rounds' deployments from one file."
    ),
    "Schrijf een programmabestand met uitleg, om aan te vullen.": (
        "Write a programme file with explanations, to complete."
    ),
    "Waar het programmabestand komt.": "Where the programme file goes.",
    "Het programmabestand.": "The programme file.",
    "Toon de deployments die het programma geeft (prefect.yaml), zonder server.": (
        "Show the deployments the programme gives (prefect.yaml), without a server."
    ),
    "Registreer de deployments van het programma op de Prefect-server (PREFECT_API_URL).": (
        "Register the programme's deployments on the Prefect server (PREFECT_API_URL)."
    ),
    # round inplannen
    "Plan een ronde in op de Prefect-server, één keer per gemeente, cyclus en periode: opnieuw "
    "inplannen geeft dezelfde run.": (
        "Plan a round on the Prefect server, once per gemeente, cycle and period: planning it "
        "again gives the same run."
    ),
    "Het deployment; standaard evaluatieronde/ronde-<cyclus>.": (
        "The deployment; by default evaluatieronde/ronde-<cyclus>."
    ),
    # indicatoren, export
    "Toon de indicatoren van een ronde, of hun waarden met interval en verandering.": (
        "Show a round's indicators, or their values with interval and change."
    ),
    "Nummer van de ronde; standaard de laatste ronde met indicatoren.": (
        "Number of the round; by default the latest round with indicators."
    ),
    "Toon de waarden van deze wijk, bv. WK034401.": "Show this district's values, e.g. WK034401.",
    "Toon de waarden van deze doelgroep, bv. ouderen.": (
        "Show this target group's values, e.g. ouderen."
    ),
    "Toon de waarden van deze indicator (id), bv. acties.": (
        "Show this indicator's values (id), e.g. acties."
    ),
    "Exporteer de indicatoren van een ronde (CSV, XLSX of SPSS .sav, met codeboek).": (
        "Export a round's indicators (CSV, XLSX or SPSS .sav, with a codebook)."
    ),
    "csv, xlsx of sav (SPSS).": "csv, xlsx or sav (SPSS).",
    "Alle rondes met indicatoren in één bestand.": "Every round with indicators in one file.",
    # edities (flows/cli_edities.py)
    "De edities van de handreiking. Zonder commando: de lijst per gemeente, met de controle "
    "van elke PDF (sha256).": (
        "The editions of the handreiking. Without a command: the list per municipality, with the "
        "check of each PDF (sha256)."
    ),
    "Toon de edities van de handreiking per gemeente, met de controle van elke PDF (sha256).": (
        "List the handreiking's editions per municipality, with the check of each PDF (sha256)."
    ),
    "CBS-code van de gemeente, bv. GM0344; standaard alle gemeenten.": (
        "CBS code of the municipality, e.g. GM0344; by default every municipality."
    ),
    "Nummer van de editie.": "Number of the edition.",
    "NUMMER": "NUMBER",
    "Toon één editie: haar ronde, de besluiten over de voorstellen en haar bestanden.": (
        "Show one edition: its round, the decisions on the proposals and its files."
    ),
    "Schrijf het verschil van editie N met editie N−1 (HTML) naast de editie.": (
        "Write the diff of edition N against edition N−1 (HTML) beside the edition."
    ),
    # gemeente (flows/cli_gemeente.py)
    "Hoe een gemeente haar handreiking uitgeeft (naam, logo, contact) en haar eigen "
    "instellingen (taal, minimale celgrootte, afzender, publieke url, enquêtecontact).": (
        "How a municipality publishes its handreiking (name, logo, contact) and its own "
        "settings (language, minimum cell size, sender, public URL, survey contact)."
    ),
    "Naam op omslag en colofon, bv. 'Gemeente Utrecht'; '' herstelt de standaard.": (
        "Name on the cover and in the colophon, e.g. 'Gemeente Utrecht'; '' restores the default."
    ),
    "Logo als .png of .svg; het wordt in de database gekopieerd.": (
        "Logo as .png or .svg; it is copied into the database."
    ),
    "Tekstalternatief van het logo; standaard 'Logo van <naam>'.": (
        "Text alternative of the logo; by default 'Logo of <name>'."
    ),
    "Haal het logo weg.": "Remove the logo.",
    "Contact voor lezers, bv. 'Team Wijken, 14 030, wijken@utrecht.nl'.": (
        "Contact for readers, e.g. 'Team Wijken, 14 030, wijken@utrecht.nl'."
    ),
    "Website, bv. https://www.utrecht.nl.": "Website, e.g. https://www.utrecht.nl.",
    "Stel naam, logo en contact in die de handreiking van een gemeente op omslag en colofon "
    "toont, en de instellingen waarin de gemeente van de landelijke afwijkt.": (
        "Set the name, logo and contact a municipality's handreiking shows on its cover and in "
        "its colophon, and the settings in which the municipality differs from the global ones."
    ),
    "Toon naam, logo en contact die de handreiking van een gemeente toont, en welke "
    "instellingen voor de gemeente gelden en waar elke waarde vandaan komt (gemeente of "
    "landelijk).": (
        "Show the name, logo and contact a municipality's handreiking shows, and which settings "
        "apply to the municipality and where each value comes from (municipality or global)."
    ),
    "Taal van handreiking, brieven en mails: nl of en; '' herstelt de landelijke "
    "(MAKELAAR_LOCALE).": (
        "Language of the handreiking, letters and mails: nl or en; '' restores the global one "
        "(MAKELAAR_LOCALE)."
    ),
    "Minimale celgrootte: alleen strenger dan de landelijke MAKELAAR_MIN_CELL_SIZE; '' "
    "herstelt de landelijke.": (
        "Minimum cell size: only stricter than the global MAKELAAR_MIN_CELL_SIZE; '' restores "
        "the global one."
    ),
    "Afzender van uitnodigingen en herinneringen, bv. 'Onderzoek Utrecht "
    "<onderzoek@utrecht.nl>'; '' herstelt MAKELAAR_MAIL_FROM.": (
        "Sender of invitations and reminders, e.g. 'Onderzoek Utrecht <onderzoek@utrecht.nl>'; "
        "'' restores MAKELAAR_MAIL_FROM."
    ),
    "Adres van de antwoordpagina's in de links, bv. https://enquete.utrecht.nl; '' herstelt "
    "MAKELAAR_PUBLIC_URL.": (
        "Address of the answering pages in the links, e.g. https://enquete.utrecht.nl; '' "
        "restores MAKELAAR_PUBLIC_URL."
    ),
    "Wie vragen over een enquête beantwoordt, in brieven en mails; '' herstelt MAKELAAR_CONTACT.": (
        "Who answers questions about a survey, in letters and mails; '' restores MAKELAAR_CONTACT."
    ),
    "Hetzelfde in het Engels; '' herstelt MAKELAAR_CONTACT_EN (zonder: de Nederlandse regel "
    "van de gemeente).": (
        "The same in English; '' restores MAKELAAR_CONTACT_EN (without: the municipality's "
        "Dutch line)."
    ),
    # voorstel, voorstellen (flows/cli_voorstel.py)
    "Voorstellen van onderzoekers en de agenda van de leerbijeenkomst.": (
        "Proposals from researchers and the agenda of the learning session."
    ),
    "Voeg het voorstel van een onderzoeker toe aan een ronde.": (
        "Add a researcher's proposal to a round."
    ),
    "Titel van het voorstel (wordt de kop in de tekst).": (
        "Title of the proposal (becomes the heading in the text)."
    ),
    "Sectie die het voorstel verandert (id of titel); herhaal voor meer secties. De tekst komt "
    "in de eerste.": (
        "Section the proposal changes (id or title); repeat for more sections. The text goes "
        "into the first."
    ),
    "Tekst van het voorstel (Markdown).": "Text of the proposal (Markdown).",
    "Bestand met de tekst (Markdown).": "File with the text (Markdown).",
    "Korte grond van het voorstel.": "Short grounds of the proposal.",
    "Onderbouwing: cijfers, bronnen, ervaringen (tekst).": (
        "Evidence: figures, sources, experiences (text)."
    ),
    "Code van het voorstel; standaard gemaakt uit de titel.": (
        "Code of the proposal; made from the title by default."
    ),
    "Laad voorstellen van onderzoekers uit een YAML-bestand (alles of niets).": (
        "Load researchers' proposals from a YAML file (all or nothing)."
    ),
    "YAML-bestand met voorstellen.": "YAML file with proposals.",
    "Toon elk voorstel van een ronde met tekst, secties, onderbouwing en besluiten.": (
        "Show each proposal of a round with its text, sections, evidence and decisions."
    ),
    "Ronde-nummer; standaard de laatste ronde.": "Round number; the latest round by default.",
    "Schrijf de agenda van de leerbijeenkomst als PDF: één deel per open voorstel.": (
        "Write the agenda of the learning session as a PDF: one part per open proposal."
    ),
    "Waar de PDF komt; standaard naast de edities van de gemeente.": (
        "Where the PDF goes; beside the municipality's editions by default."
    ),
}
"""English for every help text, argument name and group description of the CLI, by its Dutch."""

HELP: Catalogus = catalogus("cli_help", {nl: {"nl": nl, "en": en} for nl, en in _ENGELS.items()})
"""The help texts: the key is the Dutch text itself (whitespace normalised)."""
