"""The disclosure report an edition ships: each table, each cell, each suppressed cell's rule,
as a CSV the researcher signs off (`;`, UTF-8 with BOM), written next to the edition's PDF."""

from __future__ import annotations

import csv
from pathlib import Path

from makelaar.cycles.edities import write_edition
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import Indicator, RoundContext
from makelaar.intake.disclosure import (
    DOMINANTIE_NK,
    DREMPEL_TELLER,
    SECUNDAIR,
    suppress,
)
from makelaar.intake.disclosure_report import report, write_report
from makelaar.models.domain import Fase
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    ReflectResult,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente


def _count(indicator: str, dimensie: str, sleutel: str, n: int) -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator, dimensie=dimensie, sleutel=sleutel, waarde=n, basis=n, teller=n
    )


def _published() -> list[IndicatorValue]:
    uren = [
        IndicatorValue(
            indicator="uren", dimensie="wijk", sleutel=k, waarde=sum(b), teller=sum(b), noemer=12
        )
        for k, b in (("WK01", [500.0] + [1.0] * 11), ("WK02", [2.0] * 12))
    ]
    return suppress(
        [
            _count("bezoeken", "gemeente", "GM9999", 70),
            _count("bezoeken", "wijk", "WK01", 3),
            _count("bezoeken", "wijk", "WK02", 25),
            _count("bezoeken", "wijk", "WK03", 42),
            *uren,
            _count("bezoeken_per_soort", "soort", '=HYPERLINK("x")', 30),
        ],
        10,
        additive={"bezoeken"},
        soorten={"bezoeken": "aantal", "uren": "som", "bezoeken_per_soort": "aantal"},
        bijdragen={
            ("uren", "wijk", "WK01"): [500.0] + [1.0] * 11,
            ("uren", "wijk", "WK02"): [2.0] * 12,
        },
    )


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads it as UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_the_report_lists_every_table_and_cell_with_each_suppressed_cells_rule() -> None:
    rapport = report(_published(), 10, additive={"bezoeken"})

    assert [t.indicator for t in rapport.tabellen] == ["bezoeken", "uren", "bezoeken_per_soort"]
    assert [t.optelbaar for t in rapport.tabellen] == [True, False, False]
    assert {(c.indicator, c.sleutel, c.reden) for c in rapport.onderdrukt} == {
        ("bezoeken", "WK01", DREMPEL_TELLER),
        ("bezoeken", "WK02", SECUNDAIR),
        ("uren", "WK01", DOMINANTIE_NK),
    }


def test_the_csv_a_researcher_signs_off_in_dutch(tmp_path: Path) -> None:
    path = write_report(report(_published(), 10, additive={"bezoeken"}), tmp_path / "r.csv")
    rows = _rows(path)

    assert list(rows[0]) == [
        "tabel",
        "indicator",
        "uitsplitsing",
        "sleutel",
        "gepubliceerd",
        "waarde",
        "teller",
        "noemer",
        "regel",
        "toelichting",
    ]
    by_key = {(r["indicator"], r["sleutel"]): r for r in rows}
    hidden = by_key["bezoeken", "WK01"]
    assert hidden["tabel"] == "bezoeken: de wijken tellen op tot de gemeente"
    assert (hidden["gepubliceerd"], hidden["regel"]) == ("nee", DREMPEL_TELLER)
    assert hidden["toelichting"] == "minder dan 10 personen of registraties in de teller"
    # a suppressed cell's numbers are not in the report either: it travels with the PDF
    assert (hidden["waarde"], hidden["teller"], hidden["noemer"]) == ("", "", "")
    assert by_key["bezoeken", "WK02"]["toelichting"].startswith("verborgen zodat een verborgen")
    assert by_key["uren", "WK01"]["toelichting"] == (
        "de 2 grootste bijdragen vormen 90% of meer van de som (NK-regel)"
    )
    shown = by_key["bezoeken", "WK03"]
    assert (shown["gepubliceerd"], shown["waarde"], shown["teller"], shown["regel"]) == (
        "ja",
        "42",
        "42",
        "",
    )
    assert by_key["uren", "WK02"]["waarde"] == "24"
    # a key that looks like a formula is written as text
    assert ("bezoeken_per_soort", '\'=HYPERLINK("x")') in by_key


def test_the_report_in_english(tmp_path: Path) -> None:
    path = write_report(report(_published(), 10), tmp_path / "r.csv", taal="en")
    rows = _rows(path)
    assert list(rows[0])[:5] == ["table", "indicator", "breakdown", "key", "published"]
    by_key = {(r["indicator"], r["key"]): r for r in rows}
    assert by_key["bezoeken", "WK01"]["explanation"] == (
        "fewer than 10 persons or records in the numerator"
    )
    assert by_key["bezoeken", "WK01"]["published"] == "no"


BEZOEKEN = Indicator("bezoeken", "Bezoeken", "Visits", "aantal", optelbaar=True)


class _Bezoeken:
    """A small cycle with one additive count per wijk, and an edition of text only."""

    name = "bezoektelling"
    title = "Bezoeken per wijk"
    indicatoren = (BEZOEKEN,)

    def observe(self, ctx: RoundContext) -> ObserveResult:
        return ObserveResult(bronnen=[])

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        values = [
            _count("bezoeken", "gemeente", ctx.ronde.gemeente_code, 40),
            _count("bezoeken", "wijk", "WK999901", 4),
            _count("bezoeken", "wijk", "WK999902", 16),
            _count("bezoeken", "wijk", "WK999903", 20),
        ]
        published = suppress(
            values,
            ctx.settings.min_cell_size,
            additive={"bezoeken"},
            soorten={"bezoeken": "aantal"},
        )
        return ReflectResult(indicatoren=published, bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        return ImproveResult(voorstellen=[])

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        return write_edition(ctx, cycle=self)


def test_an_edition_ships_its_disclosure_report_next_to_the_pdf(
    store: Store, settings: Settings
) -> None:
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
    ronde = start_round(store, gemeente_code="GM9999", cyclus="bezoektelling", periode="2026")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings)

    outcome = run_round(ctx, _Bezoeken())

    assert [p.fase for p in outcome.fasen][-1] is Fase.APPLY
    applied = stored_result(store, ronde.id, Fase.APPLY, ApplyResult)
    assert isinstance(applied, ApplyResult) and applied.pdf is not None
    assert applied.onthullingsrapport == applied.pdf.with_name(
        "handreiking-editie-1-onthullingscontrole.csv"
    )
    rows = _rows(applied.onthullingsrapport)
    assert [(r["sleutel"], r["gepubliceerd"], r["regel"]) for r in rows] == [
        ("GM9999", "ja", ""),
        ("WK999901", "nee", DREMPEL_TELLER),
        ("WK999902", "nee", SECUNDAIR),
        ("WK999903", "ja", ""),
    ]
    assert {r["tabel"] for r in rows} == {"bezoeken: de wijken tellen op tot de gemeente"}
