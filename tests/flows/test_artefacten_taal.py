"""A round's Prefect summary and waiting messages read in the configured language: Dutch by
default, English with MAKELAAR_LOCALE=en (Settings.locale), every heading, column and word."""

from __future__ import annotations

import datetime as dt

from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.rounds import RoundOutcome
from makelaar.flows.artefacten import (
    round_summary,
    survey_waiting_message,
    waiting_state_name,
)
from makelaar.flows.messages import say
from makelaar.flows.round import phase_line
from makelaar.models.domain import EnqueteModus, Fase, Publiek
from makelaar.models.schemas import PhaseOutcome, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store

NU = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
SLUIT = dt.datetime(2026, 12, 15, 16, 0, tzinfo=dt.UTC)
RONDE = RoundRef(
    id=1,
    gemeente_code="GM0513",
    gemeente_naam="Gouda",
    cyclus="buurtmeter",
    periode="2026-H2",
    begin=dt.date(2026, 7, 1),
    einde=dt.date(2026, 12, 31),
)
STAND = EnqueteStand(
    enquete_ronde_id=4,
    form_id="partnerenquete",
    titel="Partnerenquête",
    publiek=Publiek.PARTNERS,
    modus=EnqueteModus.ANONIEM,
    opent_op=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    sluit_op=SLUIT,
    gesloten_op=None,
    uitgenodigd=8,
    bezig=1,
    beantwoord=2,
)
OBSERVED = PhaseOutcome(fase=Fase.OBSERVE, hervat=True, duur_s=1.5)


def test_the_summary_of_a_round_waiting_for_decisions_reads_in_english(
    sqlite_store: Store, settings: Settings
) -> None:
    outcome = RoundOutcome(ronde=RONDE, fasen=[OBSERVED], wacht_op_besluiten=["b1", "b2"])
    engels = settings.model_copy(update={"locale": "en"})

    summary = round_summary(sqlite_store, outcome, now=NU, cycle=object(), settings=engels)

    lines = summary.splitlines()
    assert lines[:8] == [
        "# Evaluation round Gouda (GM0513)",
        "",
        "Cycle **buurtmeter**, period **2026-H2** (01-07-2026 to 31-12-2026), round 1.",
        "",
        "## Phases",
        "",
        "| phase | course | time (s) |",
        "|---|---|---:|",
    ]
    assert lines[8:12] == [
        "| observe | resumed from the store | 1.50 |",
        "| reflect | not run: waiting for decisions | – |",
        "| improve | not run: waiting for decisions | – |",
        "| apply | not run: waiting for decisions | – |",
    ]
    assert "## Outcomes" in lines
    assert "- Proposals: 0 — 0 adopted, 0 rejected, 0 postponed, 0 open" in lines
    assert lines[-1] == (
        "> **Waiting for the learning session.** Round 1 (GM0513, buurtmeter, 2026-H2) is "
        "waiting for the learning session's decisions on b1, b2. Record each decision with "
        "'makelaar round besluit 1 CODE aangenomen|verworpen|uitgesteld --reden \"...\"' and "
        "then run the round again; it then goes on to apply."
    )
    for dutch in ("Evaluatieronde", "Fasen", "waarnemen", "hervat", "Uitkomsten", "Voorstellen"):
        assert dutch not in summary

    # Dutch stays the default: the same round without a language setting
    dutch_summary = round_summary(sqlite_store, outcome, now=NU, cycle=object(), settings=settings)
    assert "# Evaluatieronde Gouda (GM0513)" in dutch_summary
    assert "| waarnemen | hervat uit de opslag | 1.50 |" in dutch_summary
    assert "- Voorstellen: 0 — 0 aangenomen, 0 verworpen, 0 uitgesteld, 0 open" in dutch_summary


def test_a_round_waiting_for_its_surveys_says_so_in_english() -> None:
    outcome = RoundOutcome(ronde=RONDE, fasen=[OBSERVED], wacht_op_besluiten=[])
    outcome.wacht_op_enquetes.append(STAND)

    assert survey_waiting_message(outcome, None, "en") == (
        "Round 1 (GM0513, buurtmeter, 2026-H2) is waiting for the surveys still open: partner "
        "organisations (partnerenquete, survey round 4) until 15-12-2026 17:00, 2 of 8 answered "
        "(25%). Run the round again after 15-12-2026 17:00 with 'makelaar round run --cycle "
        "buurtmeter --period 2026-H2 --gemeente GM0513'; it then goes on to reflect. If you "
        "close a survey earlier ('makelaar enquete sluit NUMMER'), it can go on earlier too."
    )
    assert survey_waiting_message(outcome, None, "nl").startswith(
        "Ronde 1 (GM0513, buurtmeter, 2026-H2) wacht op de enquêtes die nog open staan: "
        "partnerorganisaties (partnerenquete, enquêteronde 4) tot 15-12-2026 17:00, 2 van 8 "
        "beantwoord (25%)."
    )
    assert (waiting_state_name("en"), waiting_state_name("nl")) == (
        "Waiting for surveys",
        "Wacht op enquêtes",
    )


def test_the_rounds_closing_log_line_names_its_phases_in_the_users_language() -> None:
    outcome = RoundOutcome(
        ronde=RONDE,
        fasen=[OBSERVED, PhaseOutcome(fase=Fase.REFLECT, hervat=False, duur_s=2.34)],
        wacht_op_besluiten=[],
    )
    assert say("round_done", "en", ronde=1, fasen=phase_line(outcome, "en")) == (
        "Round 1 done: observe resumed, reflect 2.3 s"
    )
    assert say("round_done", "nl", ronde=1, fasen=phase_line(outcome, "nl")) == (
        "Ronde 1 afgerond: waarnemen hervat, reflecteren 2,3 s"
    )
