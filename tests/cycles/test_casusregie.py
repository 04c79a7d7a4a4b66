"""The casusregie cycle end to end: the Woerden-like demo pilot through a whole round on SQLite
and PostgreSQL, ending in a pilot report whose text gives each criterion's verdict."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from makelaar.cycles.casusregie import CasusregieCycle, CasusregieObserved
from makelaar.cycles.casusregie.demo import generate_demo
from makelaar.cycles.casusregie.instellingen import instellingen_pad
from makelaar.cycles.casusregie.tabellen import casus
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import run_round, start_round, stored_indicators, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.models.domain import Fase, Trede
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Casus, Evaluatieronde, Gemeente, Makelaar, Wijk

WOERDEN = "GM0632"
VANDAAG = dt.date(2026, 12, 6)


def _nu() -> dt.datetime:
    return dt.datetime(2026, 12, 6, 11, 0, tzinfo=dt.UTC)


def run_pilot(store: Store, settings: Settings) -> tuple[str, str]:
    """The demo pilot of 2026 through a whole round; the report's PDF text and HTML."""
    cycle = load_cycles().get("casusregie")
    store.upgrade([CasusregieCycle.migraties])
    demo = generate_demo(store, WOERDEN, 2026, seed=7, settings=settings, vandaag=VANDAAG)
    assert (demo.casussen_nieuw, demo.tevredenheid_nieuw, demo.samenwerking_nieuw) == (12, 10, 14)
    assert demo.instellingen == str(instellingen_pad(settings, WOERDEN))
    again = generate_demo(store, WOERDEN, 2026, seed=7, vandaag=VANDAAG)
    assert again.casussen_nieuw == 0 and again.bestaand == 36  # idempotent
    ronde = start_round(store, gemeente_code=WOERDEN, cyclus="casusregie", periode="2026")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=_nu)

    outcome = run_round(ctx, cycle, leerbijeenkomst="demo")

    assert [p.fase.value for p in outcome.fasen] == ["observe", "reflect", "improve", "apply"]
    values = {(v.indicator, v.dimensie, v.sleutel): v for v in stored_indicators(store, ronde.id)}
    minder = values[("casusregie_aanbieders_minder", "gemeente", WOERDEN)]
    # paired: start minus closure of the 10 closed households, 3 3 2 4 3 2 4 1 4 2: mean 2.8,
    # sd sqrt(9.6 / 9), t(9) 2.262: 2.8 -+ 0.739
    assert minder.waarde == 2.8 and minder.basis == 10
    assert (minder.ondergrens, minder.bovengrens) == (2.06, 3.54)
    mediaan = values[("casusregie_dagen_contact_mediaan", "gemeente", WOERDEN)]
    assert (mediaan.waarde, mediaan.ondergrens, mediaan.bovengrens) == (2.0, 1.0, 4.0)
    # 7 of 12 with their own network: a share whose cells are under 10 is not published
    assert values[("casusregie_eigen_netwerk", "gemeente", WOERDEN)].onderdrukt
    # no breakdown below the smallest cell: every wijk and each role is hidden
    assert all(v.onderdrukt for k, v in values.items() if k[1] in ("wijk", "rol"))
    assert values[("casusregie_makelaars_werkwijze", "gemeente", WOERDEN)].waarde == 3
    applied = stored_result(store, ronde.id, Fase.APPLY, ApplyResult)
    assert isinstance(applied, ApplyResult) and applied.pdf is not None
    assert applied.pdf_sha256 == hashlib.sha256(applied.pdf.read_bytes()).hexdigest()
    # the demo's learning session decided every proposal: one per criterion not met, and one
    # to follow more households for those that cannot be said
    assert "casusregie-meer-huishoudens" in applied.aangenomen + applied.verworpen
    pdfs = sorted((settings.output_dir).rglob("casusregie-pilotrapport-2026.pdf"))
    assert pdfs == [applied.pdf]
    controle = pdfs[0].with_name("casusregie-pilotrapport-2026-onthullingscontrole.csv")
    assert applied.onthullingsrapport == controle
    assert "casusregie_eigen_netwerk" in controle.read_text(encoding="utf-8-sig")
    text = subprocess.run(
        ["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = pdfs[0].with_suffix(".html").read_text(encoding="utf-8")
    return " ".join(text.split()), html


@pytest.mark.cyclus("casusregie")
def test_the_demo_pilot_ends_in_a_report_with_a_verdict_per_criterion(
    store: Store, settings: Settings
) -> None:
    flat, html = run_pilot(store, settings)

    verdicts = {
        "minstens 1 lager dan bij de start": "gehaald",
        "snelheid van de hulp gemiddeld minstens 4 (schaal 1–5)": (
            "niet te zeggen met zo weinig huishoudens"
        ),
        "gemiddeld minstens 3,5 (schaal 1–5)": "niet gehaald",
        "huishoudens is het eigen netwerk betrokken": "niet te zeggen met zo weinig huishoudens",
        "hoogstens 5 dagen (mediaan)": "gehaald",
        "Minstens 4 makelaars werken volgens de afgesproken werkwijze": "niet gehaald",
    }
    for criterium, verdict in verdicts.items():
        assert f"{criterium} Uitkomst: {verdict} Bewijs:" in flat, criterium
    assert "gehaald: 2 niet gehaald: 2 niet te zeggen: 2" in flat
    assert "2,8 (95%-interval 2,1 tot 3,5; 10 huishoudens)" in flat
    assert "2,0 (95%-interval 1,0 tot 4,0; 12 huishoudens)" in flat  # the evidence, Dutch
    assert "3 van de 4 makelaars met casussen" in flat
    assert "Wat 12 huishoudens wel en niet kunnen laten zien" in flat
    assert "of casusregie de oorzaak is" in flat
    assert "Eén plan, minder aanbieders" not in flat  # met: no proposal
    assert "Werkwijze gedeeld door alle makelaars" in flat  # the adopted proposal
    assert "De werkwijze casusregie" in flat  # the cycle's own section
    assert "niet getoond (minder dan 10)" in flat
    assert 'lang="nl"' in html


def test_the_report_in_english(sqlite_store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", locale="en")

    flat, html = run_pilot(sqlite_store, settings)

    assert "Casusregie pilot report" in flat
    assert "than at the start, on average Result: met Evidence:" in flat
    assert "(median) Result: met Evidence:" in flat
    assert "of the households Result: cannot be said with so few households" in flat
    assert "by the agreed method Result: not met Evidence: 3 of the 4 brokers" in flat
    assert "2.8 (95% interval 2.1 to 3.5; 10 households)" in flat
    assert "The casusregie way of working" in flat
    assert 'lang="en"' in html
    # the round's summary in Prefect lists the sources by the names the observe phase stored
    with sqlite_store.session() as session:
        ronde_id = session.scalars(sa.select(Evaluatieronde.id)).one()
    observed = stored_result(sqlite_store, ronde_id, Fase.OBSERVE, CasusregieObserved)
    assert isinstance(observed, CasusregieObserved)
    assert [bron.bron for bron in observed.bronnen] == [
        "Case records",
        "Households' satisfaction survey",
        "Collaboration of volunteers and professionals",
    ]


def test_no_name_or_case_number_reaches_the_store(sqlite_store: Store, settings: Settings) -> None:
    sqlite_store.upgrade([CasusregieCycle.migraties])
    generate_demo(sqlite_store, WOERDEN, 2026, vandaag=VANDAAG)
    with sqlite_store.connection() as db:
        keys = db.execute(sa.select(casus.c.huishouden, casus.c.makelaar)).all()
    assert len(keys) == 12
    assert all(len(k) == 64 and int(k, 16) >= 0 for k, _ in keys)
    assert {m for _, m in keys} == {"WRD-01", "WRD-02", "WRD-03", "WRD-04"}


def test_the_logbook_cases_count_and_a_broker_without_a_recorded_method_leaves_it_open(
    sqlite_store: Store, settings: Settings
) -> None:
    """A case the brokers put in their logbook ("Casussen" sheet) is one of the pilot's; the
    logbook does not say whether the agreed method was followed, so with a fifth broker known
    only from it, "at least four brokers" cannot be said (three known, one unknown)."""
    with sqlite_store.session() as session:
        session.add(Gemeente(code=WOERDEN, naam="Woerden"))
        session.flush()
        session.add(Wijk(code="WK063201", gemeente_code=WOERDEN, naam="Zegveld"))
        makelaar = Makelaar(code="WRD-05", naam="M. Makelaar", gemeente_code=WOERDEN)
        session.add(makelaar)
        session.flush()
        session.add(
            Casus(
                sleutel="c" * 64,
                huishouden="d" * 64,
                makelaar_id=makelaar.id,
                wijk_code="WK063201",
                aangemeld_op=dt.date(2026, 3, 2),
                eerste_contact=dt.date(2026, 3, 4),
                aanbieders_start=None,
                treden=[Trede.EIGEN_NETWERK.value],
                bron="logboek.xlsx",
            )
        )

    flat, _ = run_pilot(sqlite_store, settings)

    assert "gemeld. gehaald: 2 niet gehaald: 1 niet te zeggen: 3" in flat
    assert (
        "Minstens 4 makelaars werken volgens de afgesproken werkwijze Uitkomst: niet te zeggen "
        "met zo weinig huishoudens Bewijs: 3 van de 5 makelaars met casussen Van 1 makelaar(s) "
        "is niet vastgelegd"
    ) in flat
    assert "Wat 13 huishoudens wel en niet kunnen laten zien" in flat
    assert "2,0 (95%-interval 1,0 tot 4,0; 13 huishoudens)" in flat  # its days count


def test_three_households_from_a_file_say_little_and_the_report_says_so(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    """A round given the case file imports it first; with three households and no answers, every
    criterion on households cannot be said, and no figure below ten is shown."""
    sqlite_store.upgrade([CasusregieCycle.migraties])
    with sqlite_store.session() as session:
        session.add(Gemeente(code=WOERDEN, naam="Woerden"))
    bestand = tmp_path / "casussen.csv"
    bestand.write_text(
        "huishouden;wijk;makelaar;gemeld op;eerste contact op;afgesloten op;aanbieders start;"
        "aanbieders einde;eigen netwerk;vrijwilligers;professionals;volgens werkwijze\n"
        "W-1;Molenvliet;WRD-01;03-02-2026;05-02-2026;20-04-2026;5;2;ja;nee;ja;ja\n"
        "W-2;Harmelen;WRD-02;10-02-2026;11-02-2026;30-05-2026;4;1;nee;ja;ja;ja\n"
        "W-3;Kamerik;WRD-03;12-03-2026;;;6;;ja;ja;ja;ja\n",
        encoding="utf-8",
    )
    ronde = start_round(sqlite_store, gemeente_code=WOERDEN, cyclus="casusregie", periode="2026")
    ctx = RoundContext(
        ronde=ronde, store=sqlite_store, settings=settings, bestanden={"casussen": bestand}, nu=_nu
    )

    run_round(ctx, load_cycles().get("casusregie"), leerbijeenkomst="demo")

    observed = stored_result(sqlite_store, ronde.id, Fase.OBSERVE, CasusregieObserved)
    assert isinstance(observed, CasusregieObserved)
    assert observed.bronnen[0].bron == "casussen.csv" and observed.bronnen[0].nieuw == 3
    assert not observed.eigen_instellingen  # no file: the defaults, said in the report
    pdf = settings.output_dir / "woerden" / "casusregie-pilotrapport-2026.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    assert "gehaald: 0 niet gehaald: 1 niet te zeggen: 4" in flat  # the default criteria
    assert "Wat 3 huishoudens wel en niet kunnen laten zien" in flat
    assert "Met 3 huishoudens kan dit rapport over de huishoudens niets laten zien" in flat
    assert "Bewijs: niet getoond: rust op minder dan 10 huishoudens of antwoorden" in flat
    assert "Bewijs: geen gegevens in deze periode" in flat  # no satisfaction answers
    assert "3 van de 3 makelaars met casussen" in flat
    assert "de standaardcriteria zijn gebruikt" in flat
