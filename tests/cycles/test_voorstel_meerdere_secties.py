"""A proposal that changes several sections puts its text into each of them: a researcher's
proposal from a YAML file naming two sections (one by title, one by id), adopted, is in both
sections of the next edition, in its HTML, in its list of changes and in its diff against the
edition before. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from makelaar.cycles.leerbijeenkomst import decide, decisions
from makelaar.cycles.rounds import run_round, stored_result
from makelaar.cycles.voorstellen import lees_bestand, screener, sectie_titels, voeg_toe
from makelaar.handreiking.edition import apply_changes
from makelaar.models.domain import Besluit, Fase
from makelaar.models.schemas import ApplyResult, Change
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.cycles.edities_testing import (
    TERUGKEREND,
    TekstCyclus,
    context,
    editions,
    run,
    terugkerend,
)

#: the two sections the researcher's proposal changes; neither is the cycle's own section
EERSTE, TWEEDE = "organisatie-leerbijeenkomst", "wijk-werken-met-signalen"
ZIN = "Open de buurtkamer twee avonden per week voor wie overdag werkt."

VOORSTEL = f"""\
voorstellen:
  - code: buurtkamer-avond
    titel: Buurtkamer ook in de avond open
    secties: [De leerbijeenkomst, {TWEEDE}]
    tekst: |
      {ZIN}
    bewijs: Bewoners komen 's avonds vaker langs.
"""


def test_an_adopted_proposal_for_two_sections_changes_both(
    store: Store, settings: Settings, gemeente: str, tmp_path: Path
) -> None:
    assert TWEEDE == TERUGKEREND  # the cycle's recurring proposal changes that section too
    first = context(store, settings, gemeente, "2026-H1")
    run(first)
    second = context(store, settings, gemeente, "2026-H2")
    waiting = TekstCyclus()
    outcome = run_round(second, waiting, leerbijeenkomst="handmatig", lock_wait_s=120)
    assert stored_result(store, second.ronde.id, Fase.APPLY) is None, outcome

    titels = sectie_titels(second.ronde, "nl")
    bestand = tmp_path / "voorstel.yaml"
    bestand.write_text(VOORSTEL, encoding="utf-8")
    invoer = lees_bestand(bestand, titels, "nl")
    assert invoer[0].secties == [EERSTE, TWEEDE]
    voeg_toe(store, second.ronde.id, invoer, screener(store, settings), "nl")
    for d in decisions(store, second.ronde.id):
        decide(store, second.ronde.id, d.code, Besluit.AANGENOMEN, "Past bij de praktijk.")
    run_round(second, waiting, leerbijeenkomst="handmatig", lock_wait_s=120)

    applied = stored_result(store, second.ronde.id, Fase.APPLY)
    assert isinstance(applied, ApplyResult) and applied.editie == 2
    assert "buurtkamer-avond" in applied.aangenomen
    eerste, tweede = editions(store, gemeente)
    # the edition's content: both sections carry the proposal's heading and text, once each,
    # after what edition 1 had there (its recurring change there reworded in place)
    for sectie in (EERSTE, TWEEDE):
        assert ZIN not in eerste.secties[sectie]
        assert tweede.secties[sectie].count(ZIN) == 1, sectie
        assert tweede.secties[sectie].count("## Buurtkamer ook in de avond open") == 1, sectie
    assert sum(ZIN in tekst for tekst in tweede.secties.values()) == 2
    assert tweede.secties[EERSTE].startswith(eerste.secties[EERSTE].rstrip())
    assert terugkerend("2026-H1") in eerste.secties[TWEEDE]
    assert terugkerend("2026-H2") in tweede.secties[TWEEDE]
    assert tweede.secties[TWEEDE].index(terugkerend("2026-H2")) < tweede.secties[TWEEDE].index(ZIN)

    # the rendered HTML: the text in both sections; the list of changes names both sections
    html = lxml.html.document_fromstring(Path(tweede.html_pad).read_bytes())
    secties_met_zin = [
        s.get("id") for s in html.iter("section") if ZIN in s.text_content() and s.get("id")
    ]
    wijziging = next(
        a
        for a in html.iter("article")
        if "wijziging" in (a.get("class") or "") and "Buurtkamer" in a.text_content()
    )
    genoemd = [link.text_content() for link in wijziging.iter("a")]
    assert genoemd == [titels[EERSTE], titels[TWEEDE]]
    assert {f"s-{EERSTE}", f"s-{TWEEDE}"} <= set(secties_met_zin), secties_met_zin

    # the diff against edition 1 marks the text inserted in both sections
    assert applied.verschil is not None
    diff = lxml.html.document_fromstring(applied.verschil.read_bytes())
    inserted = [ins for ins in diff.iter("ins") if ZIN[:30] in ins.text_content()]
    in_sections = {
        next((a.get("id") for a in ins.iterancestors("section") if a.get("id")), None)
        for ins in inserted
    }
    assert in_sections == {f"s-{EERSTE}", f"s-{TWEEDE}", "wijzigingen"}, in_sections


def _change(tekst: str, *secties: str) -> Change:
    return Change(
        code="buurtkamer-avond",
        sectie_id=secties[0],
        sectie_titel=secties[0].upper(),
        titel="Buurtkamer ook in de avond open",
        tekst=tekst,
        onderbouwing="Bewoners komen in de avond.",
        besluit_reden="Aangenomen.",
        secties={s: s.upper() for s in secties},
    )


def test_a_change_taken_again_replaces_its_text_in_each_section_it_named() -> None:
    base = {"a": "# A\n", "b": "# B\n", "c": "# C\n"}
    eerste = _change("Twee avonden.", "a", "b")
    assert list(eerste.alle_secties.items()) == [("a", "A"), ("b", "B")]
    editie1 = apply_changes(base, [eerste])
    assert editie1 == {
        "a": "# A\n\n## Buurtkamer ook in de avond open\n\nTwee avonden.\n",
        "b": "# B\n\n## Buurtkamer ook in de avond open\n\nTwee avonden.\n",
        "c": "# C\n",
    }
    # adopted again for sections b and c: replaced in b, added to c, a keeps the earlier wording
    editie2 = apply_changes(editie1, [_change("Drie avonden.", "b", "c")], {eerste.code: eerste})
    assert editie2["a"] == editie1["a"]
    assert editie2["b"] == editie1["b"].replace("Twee", "Drie")
    assert editie2["c"] == "# C\n\n## Buurtkamer ook in de avond open\n\nDrie avonden.\n"
