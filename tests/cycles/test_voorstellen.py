"""Researchers' proposals (YAML and one at a time), screened before they are stored, all or nothing;
decisions that postpone and say who decided; postponed proposals back in the next round; the
evidence a proposal shows (figures with their 95% interval). On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from makelaar.cycles.leerbijeenkomst import decide, decisions, history, record_proposals
from makelaar.cycles.rounds import start_round
from makelaar.cycles.voorstellen import (
    figure_line,
    lees_bestand,
    platte_tekst,
    screener,
    valideer,
    voeg_toe,
)
from makelaar.models.domain import Besluit
from makelaar.models.errors import MakelaarError
from makelaar.models.schemas import IndicatorValue, Proposal, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente, Voorstel

SECTIES = {
    "wijk-werken-met-signalen": "Werken met signalen",
    "organisatie-leerbijeenkomst": "De leerbijeenkomst",
}

GOED = """\
voorstellen:
  - titel: Buurtkamer ook 's avonds open
    secties: [Werken met signalen, organisatie-leerbijeenkomst]
    tekst: |
      Open de buurtkamer **twee avonden per week**.
      <script>alert(1)</script>
    bewijs: Jan de Vries (06-12345678) zag dat bewoners 's avonds vaker langskomen.
  - code: vaste-koffieochtend
    titel: Een vaste koffieochtend per wijk
    secties: [wijk-werken-met-signalen]
    tekst: Elke wijk heeft een vaste koffieochtend.
"""

FOUT = """\
- titel: Goed voorstel
  secties: [wijk-werken-met-signalen]
  tekst: Iets.
- titel: Fout voorstel
  secties: [bestaat-niet]
  tekst: Iets anders.
  kleur: rood
- secties: []
  tekst: ""
"""


def rounds(store: Store, *periodes: str) -> list[RoundRef]:
    with store.session() as session:
        session.add(Gemeente(code="GM0344", naam="Utrecht"))
    return [
        start_round(store, gemeente_code="GM0344", cyclus="buurtmeter", periode=p, vooruit=True)
        for p in periodes
    ]


def count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Voorstel)) or 0)


def test_a_yaml_file_is_screened_and_stored(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    (ronde,) = rounds(store, "2026")
    bestand = tmp_path / "voorstellen.yaml"
    bestand.write_text(GOED, encoding="utf-8")

    invoer = lees_bestand(bestand, SECTIES, "nl")
    opgeslagen = voeg_toe(store, ronde.id, invoer, screener(store, settings), "nl")

    assert [(o.code, o.nieuw) for o in opgeslagen] == [
        ("buurtkamer-ook-s-avonds-open", True),
        ("vaste-koffieochtend", True),
    ]
    assert opgeslagen[0].gemaskeerd == {"naam": 1, "telefoon": 1}
    stored = {d.code: d for d in decisions(store, ronde.id)}
    buurtkamer = stored["buurtkamer-ook-s-avonds-open"]
    assert buurtkamer.bron == "onderzoeker"
    assert buurtkamer.besluit is Besluit.OPEN
    # sections named by title are stored by id, the text goes into the first
    assert buurtkamer.alle_secties == ["wijk-werken-met-signalen", "organisatie-leerbijeenkomst"]
    assert buurtkamer.sectie_id == "wijk-werken-met-signalen"
    assert buurtkamer.bewijs is not None
    assert "Jan" not in buurtkamer.bewijs and "06-12345678" not in buurtkamer.bewijs
    assert "[naam]" in buurtkamer.bewijs and "[telefoonnummer]" in buurtkamer.bewijs
    # Markdown stays the researcher's text: nothing is turned into markup here
    assert "<script>alert(1)</script>" in buurtkamer.tekst

    # the same file again replaces the open proposals, it does not add them twice
    again = voeg_toe(store, ronde.id, invoer, screener(store, settings), "nl")
    assert [o.nieuw for o in again] == [False, False]
    assert count(store) == 2


def test_a_bad_file_names_file_entry_field_value_and_what_is_valid(
    store: Store, tmp_path: Path
) -> None:
    rounds(store, "2026")
    bestand = tmp_path / "fout.yaml"
    bestand.write_text(FOUT, encoding="utf-8")

    with pytest.raises(MakelaarError) as raised:
        lees_bestand(bestand, SECTIES, "nl")

    lines = str(raised.value).splitlines()
    assert lines[0].startswith(
        f"{bestand}, voorstel 2 ('Fout voorstel'), veld 'secties' = ['bestaat-niet']: sectie "
        "'bestaat-niet' bestaat niet in de handreiking; noem een sectie met haar id of titel: "
        "wijk-werken-met-signalen (Werken met signalen)"
    )
    assert lines[1:] == [
        f"{bestand}, voorstel 2 ('Fout voorstel'), veld 'kleur' = 'rood': is geen veld van een "
        "voorstel; velden zijn code, titel, tekst, secties, onderbouwing, bewijs",
        f"{bestand}, voorstel 3, veld 'titel' ontbreekt; verplicht zijn titel, tekst, secties",
        f"{bestand}, voorstel 3, veld 'tekst' = '': mag niet leeg zijn",
        f"{bestand}, voorstel 3, veld 'secties' = []: noemt geen enkele sectie; noem er minstens "
        "één",
    ]
    assert count(store) == 0  # the good first entry is not written either


def test_the_errors_in_english(tmp_path: Path) -> None:
    bestand = tmp_path / "fout.yaml"
    bestand.write_text(FOUT, encoding="utf-8")
    with pytest.raises(MakelaarError) as raised:
        lees_bestand(bestand, SECTIES, "en")
    assert (
        f"{bestand}, proposal 3, field 'titel' is missing; required are titel, tekst, secties"
        in str(raised.value).splitlines()
    )


def test_broken_yaml_and_wrong_shapes(tmp_path: Path) -> None:
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text("- titel: [open\n  tekst: x\n", encoding="utf-8")
    with pytest.raises(MakelaarError, match=r"kapot\.yaml \(regel \d+\): geen geldige YAML"):
        lees_bestand(kapot, SECTIES, "nl")
    leeg = tmp_path / "leeg.yaml"
    leeg.write_text("titel: los\n", encoding="utf-8")
    with pytest.raises(MakelaarError, match="verwacht een lijst van voorstellen"):
        lees_bestand(leeg, SECTIES, "nl")
    dubbel = tmp_path / "dubbel.yaml"
    entry = "- titel: Zelfde\n  secties: [wijk-werken-met-signalen]\n  tekst: x\n"
    dubbel.write_text(entry * 2, encoding="utf-8")
    with pytest.raises(MakelaarError, match="code 'zelfde' staat er 2 keer in"):
        lees_bestand(dubbel, SECTIES, "nl")
    with pytest.raises(MakelaarError, match="veld 'code' = 'Met Hoofdletters'"):
        valideer(
            {
                "code": "Met Hoofdletters",
                "titel": "t",
                "tekst": "x",
                "secties": ["De leerbijeenkomst"],
            },
            secties=SECTIES,
            taal="nl",
            bron="voorstel nieuw",
            nummer=None,
        )


def test_a_researcher_cannot_take_a_cycle_code_or_rewrite_a_decided_proposal(
    store: Store, settings: Settings
) -> None:
    (ronde,) = rounds(store, "2026")
    record_proposals(
        store,
        ronde.id,
        [
            Proposal(
                code="signalen-opvolgen",
                sectie_id="wijk-werken-met-signalen",
                titel="S",
                tekst="t",
                onderbouwing="o",
            )
        ],
    )
    zeef = screener(store, settings)

    def entry(code: str) -> list:  # type: ignore[type-arg]
        return [
            valideer(
                {"code": code, "titel": "T", "tekst": "x", "secties": ["wijk-werken-met-signalen"]},
                secties=SECTIES,
                taal="nl",
                bron="test",
                nummer=None,
            )
        ]

    with pytest.raises(MakelaarError, match="al een voorstel van de cyclus"):
        voeg_toe(store, ronde.id, entry("signalen-opvolgen"), zeef, "nl")
    voeg_toe(store, ronde.id, entry("eigen"), zeef, "nl")
    decide(store, ronde.id, "eigen", Besluit.VERWORPEN, "Niet nu.", door="leerbijeenkomst")
    with pytest.raises(MakelaarError, match="is al verworpen"):
        voeg_toe(store, ronde.id, entry("eigen"), zeef, "nl")
    # the cycle's rules never overwrite a researcher's proposal
    record_proposals(
        store,
        ronde.id,
        [
            Proposal(
                code="eigen",
                sectie_id="wijk-werken-met-signalen",
                titel="Van de cyclus",
                tekst="t",
                onderbouwing="o",
            )
        ],
    )
    assert {d.code: d.titel for d in decisions(store, ronde.id)}["eigen"] == "T"


def test_postponed_comes_back_open_in_the_next_round_with_who_decided(store: Store) -> None:
    eerste, tweede = rounds(store, "2026-H1", "2026-H2")
    proposal = Proposal(
        code="signalen-opvolgen",
        sectie_id="wijk-werken-met-signalen",
        titel="Signalen",
        tekst="Elk signaal een vervolg.",
        onderbouwing="o",
        secties=["wijk-werken-met-signalen"],
    )
    record_proposals(store, eerste.id, [proposal])
    decide(store, eerste.id, "signalen-opvolgen", Besluit.AANGENOMEN, "Eerst ja.", door="Team A")
    recorded = decide(
        store,
        eerste.id,
        "signalen-opvolgen",
        Besluit.UITGESTELD,
        "Eerst de cijfers van H2.",
        door="leerbijeenkomst 12 januari",
    )

    assert recorded.nog_open == []  # postponed is decided for this round
    entries = history(store, eerste.id)["signalen-opvolgen"]
    assert [(e.besluit, e.besloten_door) for e in entries] == [
        (Besluit.AANGENOMEN, "Team A"),
        (Besluit.UITGESTELD, "leerbijeenkomst 12 januari"),
    ]

    record_proposals(store, tweede.id, [])
    (terug,) = decisions(store, tweede.id)
    assert (terug.code, terug.besluit, terug.tekst) == (
        "signalen-opvolgen",
        Besluit.OPEN,
        "Elk signaal een vervolg.",
    )
    assert history(store, tweede.id) == {"signalen-opvolgen": []}


def test_a_figure_shows_its_interval_and_a_suppressed_one_only_why() -> None:
    class Regel:
        naam = "Signalen opgepakt of doorgezet"
        sleutel_naam = "Utrecht"
        eenheid = "%"
        waarde = IndicatorValue(
            indicator="pct",
            dimensie="gemeente",
            waarde=72.8,
            ondergrens=67.0,
            bovengrens=77.8,
            basis=1257,
        )

    assert figure_line(Regel(), "nl") == (
        "Signalen opgepakt of doorgezet, Utrecht: 72,8% (95%-interval 67–77,8%; n\u00a0=\u00a01.257)"
    )
    assert figure_line(Regel(), "en") == (
        "Signalen opgepakt of doorgezet, Utrecht: 72.8% (95% interval 67–77.8%; n\u00a0=\u00a01,257)"
    )
    Regel.waarde = IndicatorValue(
        indicator="pct", dimensie="gemeente", waarde=None, onderdrukt=True, reden="n<10"
    )
    assert (
        figure_line(Regel(), "nl") == "Signalen opgepakt of doorgezet, Utrecht: onderdrukt (n<10)"
    )


def test_plain_text_drops_markdown_escapes_only() -> None:
    assert platte_tekst(r"33\,3\% \(n \= 12\) en a\\b") == r"33,3% (n = 12) en a\b"
