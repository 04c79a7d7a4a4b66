"""What the CLI says, in Dutch (default) and English (catalogue 'cli'); chosen by MAKELAAR_LOCALE.

Over 500 lines because the file is one declarative catalogue, each message's Dutch and English
side by side, that a translator reads and completes as one table.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from makelaar.models.taal import Catalogus, Taal, babel_locale, catalogus, vertaal

MESSAGES: Catalogus = catalogus(
    "cli",
    {
        "db_upgraded": {
            "nl": "Database bijgewerkt tot schemaversie {revisie}: {url}",
            "en": "Database migrated to schema revision {revisie}: {url}",
        },
        "step_db": {"nl": "Database voorbereiden", "en": "Preparing the database"},
        "step_cbs": {
            "nl": "CBS-kerncijfers importeren ({bestand})",
            "en": "Importing CBS key figures ({bestand})",
        },
        "step_demo_cyclus": {
            "nl": "Demogegevens maken voor de cyclus {cyclus}",
            "en": "Generating demo data for the cycle {cyclus}",
        },
        "demo_none": {
            "nl": "De cyclus {cyclus} heeft geen demo. Een demo hebben: buurtmeter, {cycli}.",
            "en": "The cycle {cyclus} has no demo. These have one: buurtmeter, {cycli}.",
        },
        "step_demo": {
            "nl": "Demogegevens maken: een jaar logboek van de makelaars",
            "en": "Generating demo data: a year of the brokers' logbook",
        },
        "step_round": {
            "nl": (
                "Evaluatieronde {periode} uitvoeren via Prefect (waarnemen → reflecteren → "
                "verbeteren → toepassen)"
            ),
            "en": (
                "Running evaluation round {periode} through Prefect (observe → reflect → improve → "
                "apply)"
            ),
        },
        "step_render": {"nl": "Handreiking renderen", "en": "Rendering the handreiking"},
        "step_server": {
            "nl": "Lokale Prefect-server starten voor alle rondes",
            "en": "Starting a local Prefect server for all the rounds",
        },
        "done": {"nl": "klaar", "en": "done"},
        "step_waits_surveys": {
            "nl": "wacht op enquêtes tot {tot}",
            "en": "waiting for surveys until {tot}",
        },
        "step_waits_decision": {
            "nl": "wacht op een besluit over 1 voorstel",
            "en": "waiting for a decision on 1 proposal",
        },
        "step_waits_decisions": {
            "nl": "wacht op besluiten over {aantal} voorstellen",
            "en": "waiting for decisions on {aantal} proposals",
        },
        "failed": {"nl": "mislukt", "en": "failed"},
        "cbs_report": {
            "nl": (
                "{gemeenten} gemeente(n), {wijken} wijken, {buurten} buurten; {nieuw} nieuwe en "
                "{bijgewerkt} bijgewerkte kerncijferrijen"
            ),
            "en": (
                "{gemeenten} municipality, {wijken} districts, {buurten} neighbourhoods; {nieuw} "
                "new and {bijgewerkt} updated key-figure rows"
            ),
        },
        "demo_report": {
            "nl": (
                "{makelaars} makelaars, {acties} sociale acties, {initiatieven} "
                "bewonersinitiatieven, {signalen} signalen ({nieuw} nieuw), werk tot en met {tot}"
            ),
            "en": (
                "{makelaars} brokers, {acties} social actions, {initiatieven} resident "
                "initiatives, {signalen} signals ({nieuw} new), work up to and including {tot}"
            ),
        },
        "phase_line": {
            "nl": "  {fase:<12} {hoe} ({duur} s)",
            "en": "  {fase:<12} {hoe} ({duur} s)",
        },
        "phase_ran": {"nl": "uitgevoerd", "en": "ran"},
        "phase_resumed": {"nl": "hervat uit de database", "en": "resumed from the database"},
        "waiting": {
            "nl": (
                "Ronde {ronde} wacht op de leerbijeenkomst: {aantal} voorstel(len) zonder besluit "
                "({codes}). Leg besluiten vast met 'makelaar round besluit {ronde} CODE "
                'aangenomen|verworpen --reden "..."\' en voer de ronde daarna opnieuw uit.'
            ),
            "en": (
                "Round {ronde} waits for the learning session: {aantal} proposal(s) without a "
                "decision ({codes}). Record decisions with 'makelaar round besluit {ronde} CODE "
                'aangenomen|verworpen --reden "..."\', then run the round again.'
            ),
        },
        "edition_ready": {
            "nl": "Handreiking editie {editie} staat klaar: {pdf}",
            "en": "Handreiking edition {editie} is ready: {pdf}",
        },
        "edition_html": {
            "nl": "HTML-versie (voor scherm en telefoon): {html}",
            "en": "HTML version (for screen and phone): {html}",
        },
        "document_ready": {
            "nl": "Het document van de ronde staat klaar: {pdf}",
            "en": "The round's document is ready: {pdf}",
        },
        "guide_ready": {
            "nl": "De handreiking van het programma staat klaar: {pdf}",
            "en": "The programme's handreiking is ready: {pdf}",
        },
        "document_gone": {
            "nl": (
                "Deze ronde maakte haar document al eerder, maar {pdf} bestaat niet meer "
                "(verplaatst of verwijderd); zet het terug uit een back-up. De ronde maakt het "
                "niet opnieuw: een editie blijft het bestand dat vastgelegd is."
            ),
            "en": (
                "This round made its document earlier, but {pdf} no longer exists (moved or "
                "deleted); restore it from a backup. The round does not make it again: an "
                "edition stays the file that was recorded."
            ),
        },
        "edition_diff": {
            "nl": "Verschil met editie {vorige} (voor de leerbijeenkomst): {verschil}",
            "en": "Difference with edition {vorige} (for the learning session): {verschil}",
        },
        "edition_disclosure": {
            "nl": "Onthullingscontrole (voor wie de editie vrijgeeft, niet voor publicatie): "
            "{rapport}",
            "en": "Disclosure report (for whoever signs the edition off, not for publication): "
            "{rapport}",
        },
        "round_started": {
            "nl": "Ronde {ronde} ({cyclus}, {gemeente}, {periode}) staat klaar.",
            "en": "Round {ronde} ({cyclus}, {gemeente}, {periode}) is ready.",
        },
        "no_rounds": {"nl": "Nog geen rondes.", "en": "No rounds yet."},
        "period_not_begun": {
            "nl": (
                "Periode {periode} is nog niet begonnen: ze begint op {begin} en vandaag is het "
                "{vandaag}, dus er is nog niets om waar te nemen. Kies een periode die al begonnen "
                "is, zoals {huidig}, of leg de ronde toch vast met --vooruit (bijvoorbeeld om haar "
                "vooraf klaar te zetten)."
            ),
            "en": (
                "Period {periode} has not begun: it begins on {begin} and today is {vandaag}, so "
                "there is nothing to observe yet. Choose a period that has begun, such as "
                "{huidig}, or record the round anyway with --vooruit (for instance to prepare it "
                "in advance)."
            ),
        },
        "period_not_begun_demo": {
            "nl": (
                "De demo kan periode {periode} niet laten zien: die begint pas op {begin} en "
                "vandaag is het {vandaag}, dus er is nog geen werk van de makelaars om te tonen. "
                "Kies een periode die al begonnen is, zoals --period {jaar}."
            ),
            "en": (
                "The demo cannot show period {periode}: it only begins on {begin} and today is "
                "{vandaag}, so there is no broker work to show yet. Choose a period that has "
                "begun, such as --period {jaar}."
            ),
        },
        "status_header": {
            "nl": "Ronde {ronde}: {cyclus}, {gemeente}, {periode} ({begin} t/m {einde})",
            "en": "Round {ronde}: {cyclus}, {gemeente}, {periode} ({begin} to {einde})",
        },
        "status_phase": {"nl": "  {fase:<12} {status}", "en": "  {fase:<12} {status}"},
        "status_not_started": {"nl": "nog niet gestart", "en": "not started"},
        "status_running": {
            "nl": "bezig sinds {sinds} (poging {pogingen})",
            "en": "running since {sinds} (attempt {pogingen})",
        },
        "status_completed": {"nl": "afgerond op {op}", "en": "completed at {op}"},
        "status_failed": {"nl": "mislukt: {fout}", "en": "failed: {fout}"},
        "status_all_suppressed": {
            "nl": (
                "  cijfers: alle {aantal} cijfers van deze ronde rusten op minder dan {n} personen "
                "of registraties en worden niet gepubliceerd; de editie zegt dat in plaats van ze "
                "te tonen"
            ),
            "en": (
                "  figures: all {aantal} figures of this round rest on fewer than {n} persons or "
                "records and are not published; the edition says so instead of showing them"
            ),
        },
        "status_waiting": {
            "nl": "  wacht op besluiten over: {codes}",
            "en": "  waiting for decisions on: {codes}",
        },
        "waiting_surveys": {
            "nl": (
                "Ronde {ronde} wacht op {aantal} enquête(s) die nog open staan: {open}. Er draait "
                "niets door terwijl de vensters open zijn. Voer de ronde na {tot} opnieuw uit met "
                "'{commando}'; ze gaat dan verder met reflecteren. Nodig mensen uit met 'makelaar "
                "enquete uitnodigen NUMMER CONTACTEN'; sluit je een enquête eerder met 'makelaar "
                "enquete sluit NUMMER', dan kan de ronde ook eerder verder."
            ),
            "en": (
                "Round {ronde} waits for {aantal} survey(s) that are still open: {open}. Nothing "
                "keeps running while the windows are open. Run the round again after {tot} with "
                "'{commando}'; it then continues with reflecting. Invite people with 'makelaar "
                "enquete uitnodigen NUMMER CONTACTEN'; close a survey early with 'makelaar enquete "
                "sluit NUMMER' and the round can continue earlier."
            ),
        },
        "survey_open": {
            "nl": "{publiek} (enquêteronde {nummer}) tot {tot}",
            "en": "{publiek} (survey round {nummer}) until {tot}",
        },
        "status_surveys": {"nl": "  enquêtes:", "en": "  surveys:"},
        "status_survey": {
            "nl": "    {nummer:>3}  {publiek:<20} {formulier:<20} {stand}; {respons}",
            "en": "    {nummer:>3}  {publiek:<20} {formulier:<20} {stand}; {respons}",
        },
        "survey_state_open": {"nl": "open tot {tot}", "en": "open until {tot}"},
        "survey_state_closed": {"nl": "gesloten op {op}", "en": "closed at {op}"},
        "survey_response": {
            "nl": "{beantwoord} van {uitgenodigd} beantwoord ({pct}), {bezig} bezig",
            "en": "{beantwoord} of {uitgenodigd} answered ({pct}), {bezig} in progress",
        },
        "survey_summary": {"nl": "enquêtes: {respons}", "en": "surveys: {respons}"},
        "survey_not_invited": {"nl": "nog niemand uitgenodigd", "en": "nobody invited yet"},
        "status_waiting_surveys": {
            "nl": "  wacht op enquêtes tot {tot}; voer de ronde daarna opnieuw uit",
            "en": "  waiting for surveys until {tot}; run the round again after that",
        },
        "decision_recorded": {
            "nl": "Besluit vastgelegd: {code} {besluit} ({reden}).",
            "en": "Decision recorded: {code} {besluit} ({reden}).",
        },
        "verdict_aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "verdict_verworpen": {"nl": "verworpen", "en": "rejected"},
        "verdict_open": {"nl": "open", "en": "open"},
        "decision_changed": {
            "nl": (
                "Besluit gewijzigd: {code} was eerder {vorig} op {op} ({vorige_reden}), nu "
                "{besluit} ({reden}). Het eerdere besluit blijft bewaard: 'makelaar round "
                "besluiten {ronde}' toont de geschiedenis."
            ),
            "en": (
                "Decision changed: {code} was {vorig} earlier, on {op} ({vorige_reden}), now "
                "{besluit} ({reden}). The earlier decision is kept: 'makelaar round besluiten "
                "{ronde}' shows the history."
            ),
        },
        "decision_reason_changed": {
            "nl": (
                "{code} blijft {besluit}; de reden is bijgewerkt (eerder, op {op}: {vorige_reden}; "
                "nu: {reden})."
            ),
            "en": (
                "{code} stays {besluit}; its reason was updated (earlier, on {op}: {vorige_reden}; "
                "now: {reden})."
            ),
        },
        "decision_same": {
            "nl": "{code} was al {besluit} op {op}, met dezelfde reden; er is niets veranderd.",
            "en": "{code} was already {besluit} on {op}, for the same reason; nothing changed.",
        },
        "decision_needs_reason": {
            "nl": 'Voorstel {code}: geef de reden van het besluit met --reden "...".',
            "en": 'Proposal {code}: give the reason for the decision with --reden "...".',
        },
        "decisions_complete": {
            "nl": (
                "Alle voorstellen van ronde {ronde} hebben nu een besluit. De ronde kan verder: "
                "'{commando}' maakt de nieuwe editie van de handreiking."
            ),
            "en": (
                "Every proposal of round {ronde} has a decision now. The round can continue: "
                "'{commando}' makes the new edition of the handreiking."
            ),
        },
        "decisions_open_one": {
            "nl": "Nog 1 voorstel zonder besluit: {codes}.",
            "en": "1 proposal still without a decision: {codes}.",
        },
        "decisions_open": {
            "nl": "Nog {aantal} voorstellen zonder besluit: {codes}.",
            "en": "{aantal} proposals still without a decision: {codes}.",
        },
        "decide_after_apply": {
            "nl": (
                "Ronde {ronde} is al toegepast: editie {editie} van de handreiking is op {op} "
                "gemaakt met de besluiten van toen.{stand} Een besluit over {code} verandert die "
                "editie niet meer; breng het in bij de leerbijeenkomst van de volgende ronde."
            ),
            "en": (
                "Round {ronde} has already been applied: edition {editie} of the handreiking was "
                "made on {op} with the decisions taken then.{stand} A decision on {code} no longer "
                "changes that edition; bring it to the learning session of the next round."
            ),
        },
        "decide_stood": {
            "nl": " Daarin staat {code} als {besluit}.",
            "en": " It has {code} as {besluit}.",
        },
        "decide_before_improve": {
            "nl": (
                "Ronde {ronde} heeft nog geen voorstellen om over te besluiten: ze is nog niet "
                "verder dan {fase}. Voer de ronde eerst uit met '{commando}'; daarna staan de "
                "voorstellen klaar voor de leerbijeenkomst."
            ),
            "en": (
                "Round {ronde} has no proposals to decide on yet: it has not got past {fase}. Run "
                "the round first with '{commando}'; its proposals are then ready for the learning "
                "session."
            ),
        },
        "decide_unknown": {
            "nl": (
                "Ronde {ronde} heeft geen voorstel {code!r}. Voorstellen van deze ronde: {codes}."
            ),
            "en": "Round {ronde} has no proposal {code!r}. This round's proposals: {codes}.",
        },
        "status_decisions": {
            "nl": (
                "  besluiten: {aangenomen} aangenomen, {verworpen} verworpen, {open} open; "
                "{gewijzigd} gewijzigd (geschiedenis: 'makelaar round besluiten {ronde}')"
            ),
            "en": (
                "  decisions: {aangenomen} adopted, {verworpen} rejected, {open} open; {gewijzigd} "
                "changed (history: 'makelaar round besluiten {ronde}')"
            ),
        },
        "history_header": {
            "nl": (
                "Ronde {ronde} ({cyclus}, {gemeente}, {periode}): besluiten van de leerbijeenkomst"
            ),
            "en": (
                "Round {ronde} ({cyclus}, {gemeente}, {periode}): decisions of the learning session"
            ),
        },
        "history_none": {
            "nl": "  Nog geen voorstellen; die komen uit de verbeterfase: '{commando}'.",
            "en": "  No proposals yet; they come from the improve phase: '{commando}'.",
        },
        "history_proposal": {"nl": "  {code}  {titel}", "en": "  {code}  {titel}"},
        "history_open": {"nl": "      nog geen besluit", "en": "      no decision yet"},
        "history_entry": {
            "nl": "      {nummer}. {besluit} op {op}: {reden}{geldt}",
            "en": "      {nummer}. {besluit} on {op}: {reden}{geldt}",
        },
        "history_in_force": {"nl": "  (geldt)", "en": "  (in force)"},
        "cycles_header": {"nl": "Beschikbare cycli:", "en": "Available cycles:"},
        "cycle_line": {"nl": "  {naam:<16} {titel}", "en": "  {naam:<16} {titel}"},
        "cycle_broken": {"nl": "  {naam:<16} FOUT: {fout}", "en": "  {naam:<16} ERROR: {fout}"},
        "sjabloon_written": {
            "nl": (
                "Logboeksjabloon geschreven: {pad}. De makelaars kunnen het invullen; lees het in "
                "met 'makelaar logboek import' of zet het in de inbox."
            ),
            "en": (
                "Logbook template written: {pad}. The brokers can fill it in; import it with "
                "'makelaar logboek import' or put it in the inbox."
            ),
        },
        "sjabloon_exists": {
            "nl": "{pad} bestaat al; kies een andere naam of gebruik --overschrijven.",
            "en": "{pad} already exists; choose another name or use --overschrijven.",
        },
        "step_logboek": {"nl": "Logboek inlezen", "en": "Importing the logbook"},
        "step_inbox": {
            "nl": "Logboekinbox verwerken via Prefect ({inbox})",
            "en": "Processing the logbook inbox through Prefect ({inbox})",
        },
        "logboek_refused": {
            "nl": (
                "{aantal} bestand(en) geweigerd; daaruit is niets opgeslagen. Verbeter de genoemde "
                "cellen en lees opnieuw in, of gebruik --sla-ongeldig-over."
            ),
            "en": (
                "{aantal} file(s) refused; nothing from them was stored. Correct the cells named "
                "above and import again, or use --sla-ongeldig-over."
            ),
        },
        "inbox_refused": {
            "nl": (
                "{aantal} bestand(en) geweigerd; zie het .rapport.txt naast elk bestand in {map}."
            ),
            "en": "{aantal} file(s) refused; see the .rapport.txt beside each file in {map}.",
        },
        "inbox_busy": {
            "nl": "De inbox {inbox} wordt al door een andere run verwerkt; er is niets gedaan.",
            "en": "The inbox {inbox} is being processed by another run; nothing was done.",
        },
        "inbox_empty": {
            "nl": "Geen bestanden om in te lezen in {inbox}.",
            "en": "No files to import in {inbox}.",
        },
        "inbox_moved": {"nl": "  {bestand} → {naar}", "en": "  {bestand} → {naar}"},
        "inbox_report": {"nl": "    rapport: {pad}", "en": "    report: {pad}"},
        "inbox_rejects": {"nl": "    geweigerde rijen: {pad}", "en": "    rejected rows: {pad}"},
        "inbox_where": {"nl": "Verplaatst:", "en": "Moved:"},
        "inbox_waiting": {
            "nl": "  {bestand}: net veranderd, wacht op de volgende run",
            "en": "  {bestand}: just changed, waits for the next run",
        },
        "inbox_skipped": {
            "nl": "  {bestand}: tijdelijk bestand, overgeslagen",
            "en": "  {bestand}: temporary file, skipped",
        },
        "inbox_left": {"nl": "Nog in de inbox:", "en": "Still in the inbox:"},
        "makelaars_imported": {
            "nl": (
                "Makelaarsregister bijgewerkt uit {bestand} (gemeente {gemeente}): {nieuw} nieuw, "
                "{bijgewerkt} bijgewerkt, {ongewijzigd} ongewijzigd; {erbij} wijk(en) erbij, "
                "{eraf} eraf."
            ),
            "en": (
                "Brokers' register updated from {bestand} (municipality {gemeente}): {nieuw} new, "
                "{bijgewerkt} updated, {ongewijzigd} unchanged; {erbij} district(s) added, {eraf} "
                "removed."
            ),
        },
        "makelaars_refused": {
            "nl": (
                "{bestand} is geweigerd; er is niets geregistreerd. Verbeter de genoemde cellen en "
                "lees het bestand opnieuw in."
            ),
            "en": (
                "{bestand} was refused; nothing was registered. Correct the cells named above and "
                "import the file again."
            ),
        },
        "makelaars_none": {
            "nl": (
                "Het makelaarsregister is leeg; registreer makelaars met 'makelaar makelaars "
                "import BESTAND'."
            ),
            "en": (
                "The brokers' register is empty; register brokers with 'makelaar makelaars import "
                "FILE'."
            ),
        },
        "col_code": {"nl": "code", "en": "code"},
        "col_naam": {"nl": "naam", "en": "name"},
        "col_wijken": {"nl": "wijken", "en": "districts"},
        "col_start": {"nl": "start", "en": "start"},
        "col_einde": {"nl": "einde", "en": "end"},
        "error": {"nl": "Fout: {fout}", "en": "Error: {fout}"},
        "unexpected": {
            "nl": "Onverwachte fout: {soort}: {fout}. Gebruik --debug voor de volledige melding.",
            "en": "Unexpected error: {soort}: {fout}. Use --debug for the full traceback.",
        },
        # A command line the CLI cannot run (flows.cli_fouten): one line, exit code 2.
        "usage_see": {
            "nl": "{fout} Zie '{commando} --help'.",
            "en": "{fout} See '{commando} --help'.",
        },
        "usage_missing_option": {
            "nl": "de optie {naam} ontbreekt",
            "en": "option {naam} is missing",
        },
        "usage_missing_argument": {
            "nl": "het argument {naam} ontbreekt",
            "en": "argument {naam} is missing",
        },
        "usage_bad_int": {
            "nl": "{naam} heeft waarde {waarde}; geef een geheel getal",
            "en": "{naam} has value {waarde}; give a whole number",
        },
        "usage_bad_number": {
            "nl": (
                "{naam} heeft waarde {waarde}; geef een getal, met een punt voor de decimalen (bv. "
                "2.5)"
            ),
            "en": "{naam} has value {waarde}; give a number, with a decimal point (e.g. 2.5)",
        },
        "usage_bad_range": {
            "nl": "{naam} heeft waarde {waarde}; geef een getal {bereik}",
            "en": "{naam} has value {waarde}; give a number {bereik}",
        },
        "usage_range_between": {"nl": "van {min} t/m {max}", "en": "from {min} to {max}"},
        "usage_range_min": {"nl": "van minstens {min}", "en": "of at least {min}"},
        "usage_range_max": {"nl": "van hoogstens {max}", "en": "of at most {max}"},
        "usage_range_above": {"nl": "groter dan {min}", "en": "above {min}"},
        "usage_range_below": {"nl": "kleiner dan {max}", "en": "below {max}"},
        "settings_number": {"nl": "geef een getal {bereik}", "en": "give a number {bereik}"},
        "settings_int_parsing": {"nl": "geef een geheel getal", "en": "give a whole number"},
        "settings_float_parsing": {
            "nl": "geef een getal, met een punt voor de decimalen",
            "en": "give a number, with a decimal point",
        },
        "usage_bad_choice": {
            "nl": "{naam} heeft waarde {waarde}; kies uit: {keuzes}",
            "en": "{naam} has value {waarde}; choose from: {keuzes}",
        },
        "usage_bad_value": {
            "nl": "{naam} heeft waarde {waarde}; verwacht {soort}",
            "en": "{naam} has value {waarde}; expected {soort}",
        },
        "usage_invalid": {"nl": "{naam}: {reden}", "en": "{naam}: {reden}"},
        "usage_positive_seconds": {
            "nl": "geef een positief aantal seconden, niet {waarde}",
            "en": "give a positive number of seconds, not {waarde}",
        },
        "usage_path_missing": {
            "nl": "{naam}: {pad} bestaat niet",
            "en": "{naam}: {pad} does not exist",
        },
        "usage_path_is_file": {
            "nl": "{naam}: {pad} is een bestand; geef een map",
            "en": "{naam}: {pad} is a file; give a folder",
        },
        "usage_path_is_dir": {
            "nl": "{naam}: {pad} is een map; geef een bestand",
            "en": "{naam}: {pad} is a folder; give a file",
        },
        "usage_path_unreadable": {
            "nl": "{naam}: {pad} is niet leesbaar",
            "en": "{naam}: {pad} is not readable",
        },
        "usage_path_unwritable": {
            "nl": "{naam}: {pad} is niet schrijfbaar",
            "en": "{naam}: {pad} is not writable",
        },
        "usage_no_such_option": {
            "nl": "de optie {naam} bestaat niet bij '{commando}'",
            "en": "'{commando}' has no option {naam}",
        },
        "usage_did_you_mean": {"nl": "bedoelde je {wat}?", "en": "did you mean {wat}?"},
        "usage_choose": {"nl": "kies uit: {keuzes}", "en": "choose from: {keuzes}"},
        "usage_flag_value": {
            "nl": "de optie {naam} neemt geen waarde",
            "en": "option {naam} takes no value",
        },
        "usage_option_needs_value": {
            "nl": "de optie {naam} heeft een waarde nodig",
            "en": "option {naam} needs a value",
        },
        "usage_extra_arguments": {
            "nl": "te veel argumenten: {extra}; {verwacht}",
            "en": "too many arguments: {extra}; {verwacht}",
        },
        "usage_takes_none": {
            "nl": "'{commando}' neemt geen argumenten",
            "en": "'{commando}' takes no arguments",
        },
        "usage_takes_only": {
            "nl": "'{commando}' neemt alleen {namen}",
            "en": "'{commando}' takes only {namen}",
        },
        "usage_no_such_command": {
            "nl": "het commando '{naam}' bestaat niet bij '{commando}'",
            "en": "'{commando}' has no command '{naam}'",
        },
        "settings_invalid": {
            "nl": "de instelling {naam} heeft waarde {waarde}; {wat}",
            "en": "setting {naam} has value {waarde}; {wat}",
        },
        "usage_missing_command": {
            "nl": "'{commando}' heeft een commando nodig; kies uit: {keuzes}",
            "en": "'{commando}' needs a command; choose from: {keuzes}",
        },
        "server_busy": {
            "nl": (
                "Een andere run (proces {pid}) gebruikt de Prefect-server van {map}; wachten tot "
                "die klaar is (hooguit {duur})…"
            ),
            "en": (
                "Another run (process {pid}) is using the Prefect server of {map}; waiting until "
                "it is done (at most {duur})…"
            ),
        },
        "server_busy_timeout": {
            "nl": (
                "Een andere run (proces {pid}) gebruikt de Prefect-server van {map} nog na {duur} "
                "wachten. Probeer het opnieuw als die klaar is, of stop dat proces."
            ),
            "en": (
                "Another run (process {pid}) is still using the Prefect server of {map} after "
                "waiting {duur}. Try again once it is done, or stop that process."
            ),
        },
        "round_busy": {
            "nl": (
                "Een andere run van ronde {ronde} ({gemeente}, {cyclus}, {periode}) is nog bezig "
                "na {duur} wachten; deze run heeft niets veranderd. Voer de ronde opnieuw uit als "
                "die klaar is ('makelaar round status' toont hoe ver ze is)."
            ),
            "en": (
                "Another run of round {ronde} ({gemeente}, {cyclus}, {periode}) is still busy "
                "after waiting {duur}; this run changed nothing. Run the round again once it is "
                "done ('makelaar round status' shows how far it got)."
            ),
        },
        "round_done": {
            "nl": "Ronde {ronde} afgerond: {fasen}",
            "en": "Round {ronde} done: {fasen}",
        },
        "round_done_phase": {"nl": "{fase} {duur} s", "en": "{fase} {duur} s"},
        "round_done_resumed": {"nl": "{fase} hervat", "en": "{fase} resumed"},
        "round_busy_wait": {
            "nl": (
                "Een andere run van deze ronde (ronde {ronde}) is bezig, wachten… (hooguit {duur})"
            ),
            "en": "Another run of this round (round {ronde}) is busy, waiting… (at most {duur})",
        },
    },
)


def say(key: str, taal: Taal, **values: object) -> str:
    """The message `key` in the user's language, filled in."""
    return vertaal(MESSAGES, key, taal, **values)


def seconden(waarde: float, taal: Taal) -> str:
    """A duration in seconds with one decimal, as `taal` writes it ('1,5' / '1.5')."""
    return str(format_decimal(waarde, format="0.0", locale=babel_locale(taal)))
