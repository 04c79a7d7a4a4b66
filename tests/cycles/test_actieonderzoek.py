"""The actieonderzoek cycle: its settings file and importer refuse bad input with the key, row,
column and value and what is valid; a round on SQLite and PostgreSQL ends in an interim report with
what was learned and what changes, and the programme's last interim study in a handreiking that
names no team, wijk, gemeente or broker of the data."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from makelaar.cycles.actieonderzoek import ActieonderzoekCycle, Toegepast, vragenmap
from makelaar.cycles.actieonderzoek.demo import answer_as_demo, generate_demo
from makelaar.cycles.actieonderzoek.instellingen import (
    VOORBEELD,
    instellingen_pad,
    lees_instellingen,
)
from makelaar.cycles.actieonderzoek.rapport import Lokaal
from makelaar.cycles.actieonderzoek.tabellen import inbreng
from makelaar.cycles.actieonderzoek.vragen import importeer_inbreng
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import run_round, start_round, stored_indicators, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.models.domain import Fase
from makelaar.models.errors import ConfigurationError, RoundError
from makelaar.models.privacy import Pseudonymiser
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Makelaar, Wijk
from tests.factories import write_xlsx

NU = dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC)


def _tekst(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_the_cycle_is_registered_with_its_indicators_and_surveys() -> None:
    registry = load_cycles()
    cycle = registry.get("actieonderzoek")
    assert isinstance(cycle, ActieonderzoekCycle)
    ids = {i.id for i in cycle.indicatoren}
    assert {"ao_vragen", "ao_collectief", "ao_samenwerking", "ao_reflectie_thema"} <= ids
    forms = {(p.form_id, p.gekozen_modus.value) for p in cycle.enquetes}
    assert ("ao_reflectie_sociaal_werker", "anoniem") in forms
    assert ("ao_reflectie_makelaar", "identificeerbaar") in forms


def test_a_bad_settings_file_names_key_value_and_what_is_valid() -> None:
    tekst = (
        VOORBEELD.replace("GM0000", "GM0513")
        .replace("tussenstudie_maanden: 3", "tussenstudie_maanden: 0")
        .replace("wijken: [WK000003]", "wijken: [Centrum]")
        .replace("  aandeel_collectief: 0.25", "  aandeel_collectief: 0.25\n  kleur: rood")
    )
    with pytest.raises(ConfigurationError) as info:
        lees_instellingen(tekst, "GM0513.yaml")
    message = str(info.value)
    assert "GM0513.yaml" in message
    assert "programma.tussenstudie_maanden: waarde 0 is ongeldig" in message
    assert "1 tot en met 12" in message
    assert "teams[1].wijken: waarde ['Centrum'] is ongeldig" in message
    assert "WK gevolgd door 6 cijfers" in message
    assert "drempels.kleur" in message and "geen bekende sleutel" in message
    assert "Input should" not in message  # pydantic's English stays out of the Dutch
    english = info.value.tekst("en")
    assert "programma.tussenstudie_maanden: value 0 is not valid" in english
    assert "a whole number of months, 1-12" in english
    assert "'Centrum' is not a wijk code; valid: WK followed by 6 digits" in english
    assert "drempels.kleur: 'rood' is not a known key" in english
    assert not re.search(r"\b(geldig|een|cijfers|tot en met)\b", english), english


def test_the_settings_give_the_programmes_interim_studies() -> None:
    instellingen = lees_instellingen(VOORBEELD.replace("GM0000", "GM0513"), "x.yaml")
    studies = instellingen.tussenstudies()
    assert len(studies) == 6
    assert studies[0].begin == dt.date(2026, 1, 1) and studies[0].einde == dt.date(2026, 3, 31)
    assert studies[-1].einde == dt.date(2027, 6, 30)
    assert instellingen.tussenstudie(dt.date(2026, 4, 1), dt.date(2026, 6, 30)).nummer == 2


def test_the_team_questions_file_is_refused_whole_with_every_error(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    generate_demo(sqlite_store, settings, tot=dt.date(2025, 1, 31))
    instellingen = ActieonderzoekCycle().instellingen(_ctx(sqlite_store, settings, "2025-Q1"))
    with sqlite_store.session() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(inbreng))
    bad = tmp_path / "vragen.csv"
    bad.write_text(
        "datum;team;soort;thema;omschrijving;huishoudens\n"
        "03-02-2025;T1;vraag;schulden;Rekeningen blijven liggen;2\n"
        "31-02-2025;T9;klacht;geld;Iets;nul\n",
        encoding="utf-8",
    )
    rapport = importeer_inbreng(sqlite_store, bad, instellingen, Pseudonymiser(b"k" * 32))
    assert rapport.status == "geweigerd" and rapport.nieuw == 0
    fouten = {f.kolom: f for f in rapport.fouten}
    assert set(fouten) == {"datum", "team", "soort", "thema", "huishoudens"}
    assert all(f.rij == 3 and f.bestand == "vragen.csv" for f in rapport.fouten)
    assert fouten["team"].waarde == "T9" and "geldig: T1, T2, T3" in fouten["team"].melding
    assert fouten["soort"].waarde == "klacht" and "vraag of initiatief" in fouten["soort"].melding
    assert "schulden" in fouten["thema"].melding and "overig" in fouten["thema"].melding
    assert "1 of meer" in fouten["huishoudens"].melding
    english = importeer_inbreng(
        sqlite_store, bad, instellingen, Pseudonymiser(b"k" * 32), locale="en"
    )
    assert {f.kolom: f.melding for f in english.fouten}["team"] == (
        "unknown team; valid: T1, T2, T3 (or the team's name)."
    )
    with sqlite_store.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(inbreng)) == before

    good = write_xlsx(
        tmp_path / "vragen.xlsx",
        {
            "Vragen": [
                ["Datum", "Team", "Soort", "Thema", "Omschrijving", "Collectief aanbod"],
                ["03-02-2025", "Sociaal team Oost", "vraag", "schulden", "Post bel 0612345678", ""],
                ["04-02-2025", "T3", "initiatief", "bewonersinitiatief", "Buurtmaaltijd", None],
            ]
        },
    )
    rapport = importeer_inbreng(sqlite_store, good, instellingen, Pseudonymiser(b"k" * 32))
    assert rapport.aantal_fouten == 0 and rapport.nieuw == 2
    with sqlite_store.session() as session:
        rows = session.execute(
            sa.select(inbreng.c.team_code, inbreng.c.omschrijving).where(
                inbreng.c.bron == "vragen.xlsx"
            )
        ).all()
    assert sorted(r[0] for r in rows) == ["T2", "T3"]
    assert not any("0612345678" in r[1] for r in rows)  # screened before it was stored


def test_local_names_are_found_as_words() -> None:
    lokaal = Lokaal.van(["Gouda", "Korte Akkeren", "Sociaal team Noord", ""])
    assert lokaal.noemt("In korte akkeren begon het")
    assert lokaal.noemt("Het Sociaal team Noord.")
    assert not lokaal.noemt("Een papierwinkel in de buurt")
    assert lokaal.zonder(["Gouda doet mee", "Iedereen doet mee"]) == (["Iedereen doet mee"], 1)


def _ctx(store: Store, settings: Settings, periode: str) -> RoundContext:
    ronde = start_round(store, gemeente_code="GM0513", cyclus="actieonderzoek", periode=periode)
    return RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NU)


@pytest.mark.cyclus("actieonderzoek")
def test_a_round_and_the_programmes_end_on_both_backends(store: Store, settings: Settings) -> None:
    generate_demo(store, settings, tot=NU.date())
    cycle = ActieonderzoekCycle()

    eerste = _ctx(store, settings, "2025-Q1")
    outcome = run_round(eerste, cycle, leerbijeenkomst="demo", survey_filler=answer_as_demo)
    assert [p.fase.value for p in outcome.fasen] == ["observe", "reflect", "improve", "apply"]
    values = stored_indicators(store, eerste.ronde.id)
    teams = {(v.indicator, v.sleutel): v for v in values if v.dimensie == "team"}
    assert {("ao_vragen", t) for t in ("T1", "T2", "T3")} <= set(teams)
    gemeente = {v.indicator: v for v in values if v.dimensie == "gemeente"}
    # every team brought at least ten questions in the first quarter: all published, adding up
    assert gemeente["ao_vragen"].waarde == sum(
        teams[("ao_vragen", t)].waarde or 0 for t in ("T1", "T2", "T3")
    )
    assert gemeente["ao_vragen"].ondergrens is not None  # a count with its interval
    assert any(v.onderdrukt for v in values)  # small numbers are not published
    assert any(v.indicator == "ao_reflectie_thema" and not v.onderdrukt for v in values)

    rapport = settings.output_dir / "gouda" / "actieonderzoek-tussenrapport-1.pdf"
    tekst = _tekst(rapport)
    assert "Tussenstudie 1 van 6 Gouda" in tekst
    for kop in ("Wat we leerden", "Wat er verandert in de werkwijze", "De teams in cijfers"):
        assert kop in tekst
    assert "Sociaal team Noord" in tekst  # the interim report is the gemeente's own
    assert "Veel vragen over schulden en geldzorgen" in tekst
    assert "Collectief aanbod bij schulden en geldzorgen" in tekst  # adopted: it changes
    assert "Aangenomen op de leerbijeenkomst" in tekst
    assert "Thema's in vragen en reflecties" in tekst and "Uit de reflecties" in tekst
    assert not (settings.output_dir / "gouda" / "actieonderzoek-handreiking.pdf").exists()

    laatste = _ctx(store, settings, "2026-Q2")
    outcome = run_round(laatste, cycle, leerbijeenkomst="demo", survey_filler=answer_as_demo)
    applied = stored_result(store, laatste.ronde.id, Fase.APPLY, Toegepast)
    assert isinstance(applied, Toegepast) and applied.handreiking is not None
    assert applied.editie == 6
    handreiking = _tekst(applied.handreiking)
    for deel in ("Deel 1. De gemeente", "Deel 2. De organisatie", "Deel 3. De wijk"):
        assert deel in handreiking
    assert "Wat het actieonderzoek aan de werkwijze veranderde" in handreiking
    assert "Collectief aanbod bij schulden en geldzorgen" in handreiking
    assert "Wat terugkwam" in handreiking
    with store.session() as session:
        wijken = session.scalars(sa.select(Wijk.naam).where(Wijk.gemeente_code == "GM0513"))
        makelaars = session.scalars(
            sa.select(Makelaar.naam).where(Makelaar.gemeente_code == "GM0513")
        )
        lokaal = [*wijken, *makelaars]
    instellingen = cycle.instellingen(laatste)
    lokaal += ["Gouda", "GM0513", *(t.naam for t in instellingen.teams)]
    lokaal += [w for t in instellingen.teams for w in t.wijken]
    html = applied.handreiking.with_suffix(".html").read_text(encoding="utf-8").casefold()
    gevonden = [n for n in lokaal if n.casefold() in handreiking.casefold() or n.casefold() in html]
    assert gevonden == []
    # a quote naming its wijk was left out, and the document says so
    weggelaten = re.search(r"is weggelaten \((\d+) passages?\)", handreiking)
    assert weggelaten and int(weggelaten[1]) >= 1


def test_observe_reads_the_gemeentes_folder_and_refuses_a_bad_file_by_name(
    sqlite_store: Store, settings: Settings
) -> None:
    generate_demo(sqlite_store, settings, tot=dt.date(2025, 1, 31))
    ctx = _ctx(sqlite_store, settings, "2025-Q1")
    map_ = vragenmap(ctx)
    map_.mkdir(parents=True)
    (map_ / "januari.csv").write_text(
        "datum;team;soort;thema;omschrijving\n"
        "06-01-2025;T2;vraag;eenzaamheid;Alleen thuis sinds de verhuizing\n",
        encoding="utf-8",
    )
    observed = ActieonderzoekCycle().observe(ctx)
    assert any(b.opmerking == "bestand januari.csv" and b.nieuw == 1 for b in observed.bronnen)

    (map_ / "februari.csv").write_text(
        "datum;team;soort;thema;omschrijving\n03-02-2025;T2;vraag;eenzaamheid;\n",
        encoding="utf-8",
    )
    with pytest.raises(RoundError) as info:
        ActieonderzoekCycle().observe(ctx)
    assert "bestand februari.csv, rij 2, kolom 'omschrijving'" in str(info.value)
    assert "de omschrijving ontbreekt" in str(info.value)

    (map_ / "februari.csv").unlink()
    instellingen_pad(settings, "GM0513").unlink()
    with pytest.raises(ConfigurationError, match=r"GM0513\.yaml bestaat niet"):
        ActieonderzoekCycle().observe(ctx)


def test_the_documents_in_english(sqlite_store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", locale="en")
    generate_demo(sqlite_store, settings, tot=NU.date())
    ctx = _ctx(sqlite_store, settings, "2026-Q2")
    run_round(ctx, ActieonderzoekCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)
    rapport = _tekst(settings.output_dir / "gouda" / "actieonderzoek-tussenrapport-6.pdf")
    assert "Interim study 6 of 6 Gouda" in rapport
    for kop in ("What we learned", "What changes in the way of working", "The teams in figures"):
        assert kop in rapport
    assert "Questions from the social team" in rapport  # the indicator's English name
    handreiking = _tekst(settings.output_dir / "gouda" / "actieonderzoek-handreiking.pdf")
    for deel in ("Part 1. The municipality", "Part 2. The organisation", "Part 3. The wijk"):
        assert deel in handreiking
    assert "A broker next to the social team" in handreiking  # the section's English text
    assert "Tussenstudie" not in rapport and "Deel 1" not in handreiking
    # the sources are stored in the round's language (the Prefect summary lists them) and the
    # report still finds what it says of each: the logbook's explanation
    observed = stored_result(sqlite_store, ctx.ronde.id, Fase.OBSERVE)
    assert observed is not None
    assert [bron.bron for bron in observed.bronnen] == [  # type: ignore[attr-defined]
        "Social teams (settings)",
        "Social brokers' logbook",
    ]
    assert "read: social actions in the teams' wijken" in rapport
    # the surveys by their English titles, and whether their answers are linked to anyone
    assert "Action research reflection: social worker 28 of 36 invited answered" in rapport
    assert "invited answered (anonymous)" in rapport and "anoniem" not in rapport
