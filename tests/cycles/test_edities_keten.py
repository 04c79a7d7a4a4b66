"""The chain of editions: edition N is edition N−1 plus the changes adopted since, whatever the
periods; a failed render changes nothing; a damaged edition is rendered again when its round
resumes, an unchanged one is not."""

from __future__ import annotations

from pathlib import Path

import pytest

import makelaar.handreiking.render as render_module
from makelaar.cycles.editieketen import Editieplan, plan_edition
from makelaar.cycles.edities import write_edition
from makelaar.cycles.rounds import stored_result
from makelaar.models.domain import Fase
from makelaar.models.errors import RenderError
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.cycles.edities_testing import (
    SECTIE,
    TERUGKEREND,
    context,
    editions,
    run,
    sha256,
    temporaries,
    terugkerend,
    wijziging,
)

GM = "GM9999"


@pytest.fixture
def gemeente(sqlite_store: Store) -> str:
    with sqlite_store.session() as session:
        session.add(Gemeente(code=GM, naam="Proefdorp"))
    return GM


def _applied(store: Store, ronde_id: int) -> ApplyResult:
    result = stored_result(store, ronde_id, Fase.APPLY)
    assert isinstance(result, ApplyResult)
    return result


def _section_changes(text: str) -> list[str]:
    """The changes in a section's text, in the order they were added."""
    return [line for line in text.splitlines() if line.startswith("Afspraak uit de leerbij")]


def test_each_edition_is_the_previous_one_plus_its_changes_whatever_the_periods(
    sqlite_store: Store, settings: Settings, gemeente: str
) -> None:
    # a year, then a half-year inside it, then a quarter before that half-year: the periods
    # overlap and the last round's period comes first, yet each edition builds on the one before
    periods = ["2026", "2026-H2", "2026-Q1"]
    rounds = [context(sqlite_store, settings, gemeente, periode) for periode in periods]
    for ctx in rounds:
        run(ctx)

    rows = editions(sqlite_store, gemeente)
    assert [(row.nummer, row.ronde_id) for row in rows] == [
        (number, ctx.ronde.id) for number, ctx in enumerate(rounds, start=1)
    ]
    for count, row in enumerate(rows, start=1):
        assert _section_changes(row.secties[SECTIE]) == [wijziging(p) for p in periods[:count]]
        # the proposal every round adopts again stands once, in the latest round's words
        assert row.secties[TERUGKEREND].count("## Elk signaal een vervolg") == 1
        assert terugkerend(periods[count - 1]) in row.secties[TERUGKEREND]
        assert row.secties[TERUGKEREND].startswith(rows[0].secties[TERUGKEREND].split("## Elk")[0])
        assert sha256(Path(row.pdf_pad)) == row.pdf_sha256
        html = Path(row.html_pad).read_text(encoding="utf-8")
        assert all(wijziging(p) in html for p in periods[:count])
    first, second, third = (_applied(sqlite_store, r.ronde.id) for r in rounds)
    assert (first.voortgebouwd_op, first.melding) == (None, None)
    assert second.voortgebouwd_op == 1
    assert second.melding == (
        f"Editie 2 bouwt voort op editie 1, gemaakt door ronde {rounds[0].ronde.id} (tekstcyclus, "
        "2026) waarvan de periode niet vóór die van deze ronde ligt; editie 2 bevat dus de tekst "
        "van editie 1 met de wijzigingen die die ronde aannam, plus die van ronde "
        f"{rounds[1].ronde.id} (2026-H2)."
    )
    assert third.voortgebouwd_op == 2
    assert third.melding is not None and "gemaakt door ronde" in third.melding
    assert temporaries(Path(rows[0].pdf_pad).parent) == []


def test_writing_an_earlier_edition_again_keeps_its_number_and_the_text_later_ones_built_on(
    sqlite_store: Store, settings: Settings, gemeente: str
) -> None:
    first, second = (context(sqlite_store, settings, gemeente, p) for p in ("2026-H1", "2026-H2"))
    run(first)
    run(second)
    before = editions(sqlite_store, gemeente)
    pdf = Path(before[0].pdf_pad)
    stat = pdf.stat()

    plan = plan_edition(first)
    assert plan == Editieplan(
        nummer=1,
        vorige=None,
        vaste_secties=before[0].secties,
        vastgelegd_sha256=before[0].pdf_sha256,
        bestaat=True,
    )
    again = write_edition(first)
    assert again.editie == 1
    after = editions(sqlite_store, gemeente)
    assert [(r.nummer, r.secties, r.pdf_sha256) for r in after] == [
        (r.nummer, r.secties, r.pdf_sha256) for r in before
    ]
    # unchanged: the same HTML and a PDF with the recorded sha256 are not rendered again
    assert (pdf.stat().st_ino, pdf.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_a_failed_render_leaves_the_previous_edition_and_gives_its_number_back(
    sqlite_store: Store,
    settings: Settings,
    gemeente: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = (context(sqlite_store, settings, gemeente, p) for p in ("2026-H1", "2026-H2"))
    run(first)
    [edition_1] = editions(sqlite_store, gemeente)
    pdf_1, html_1 = Path(edition_1.pdf_pad), Path(edition_1.html_pad)
    kept = (pdf_1.read_bytes(), html_1.read_bytes())

    def crash(html: str, target: Path) -> object:
        target.write_bytes(b"%PDF-1.7\n half")
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(render_module, "write_pdf", crash)
    with pytest.raises(RenderError, match="De PDF van editie 2 kon niet worden gemaakt"):
        run(second)
    assert [(r.nummer, r.pdf_sha256) for r in editions(sqlite_store, gemeente)] == [
        (1, edition_1.pdf_sha256)
    ]
    assert (pdf_1.read_bytes(), html_1.read_bytes()) == kept
    assert sorted(p.name for p in pdf_1.parent.iterdir()) == sorted(
        [pdf_1.name, html_1.name, f"{pdf_1.stem}-onthullingscontrole.csv"]
    )

    monkeypatch.undo()
    run(second)
    rows = editions(sqlite_store, gemeente)
    assert [(r.nummer, r.ronde_id) for r in rows] == [(1, first.ronde.id), (2, second.ronde.id)]
    assert _section_changes(rows[1].secties[SECTIE]) == [wijziging("2026-H1"), wijziging("2026-H2")]
    assert (pdf_1.read_bytes(), html_1.read_bytes()) == kept
    assert sha256(Path(rows[1].pdf_pad)) == rows[1].pdf_sha256


def test_a_damaged_edition_is_rendered_again_when_its_round_resumes(
    sqlite_store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = context(sqlite_store, settings, gemeente, "2026")
    run(ctx)
    [row] = editions(sqlite_store, gemeente)
    pdf, html = Path(row.pdf_pad), Path(row.html_pad)

    resumed = run(ctx)  # intact: every phase resumed from the store, nothing rendered
    assert [o.hervat for o in resumed.fasen] == [True, True, True, True]

    for damage in ("truncated", "pdf missing", "html missing"):
        if damage == "truncated":
            with pdf.open("r+b") as stream:
                stream.truncate(pdf.stat().st_size // 3)
        else:
            (pdf if damage == "pdf missing" else html).unlink()
        again = run(ctx)
        assert [o.hervat for o in again.fasen] == [True, True, True, False], damage
        [after] = editions(sqlite_store, gemeente)
        assert (after.nummer, after.ronde_id, after.secties) == (1, ctx.ronde.id, row.secties)
        assert sha256(pdf) == after.pdf_sha256 == _applied(sqlite_store, ctx.ronde.id).pdf_sha256
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), damage
        assert html.read_text(encoding="utf-8").count(wijziging("2026")) >= 1, damage
        assert temporaries(pdf.parent) == []


def test_a_later_edition_gets_its_diff_and_every_cycle_the_gemeentes_own_name(
    sqlite_store: Store, settings: Settings, gemeente: str
) -> None:
    """Edition 2 of any cycle (here one without figures) has the diff against edition 1 beside
    it, with the change it adopted marked as inserted, and its cover and colophon carry the
    name and contact the gemeente set (`makelaar gemeente instellen`)."""
    from makelaar.models.uitgave import Wijziging, stel_in

    with sqlite_store.session() as session:
        stel_in(session, gemeente, Wijziging(naam="Gemeente Proefdorp", contact="Team Sociaal"))
    first, second = (context(sqlite_store, settings, gemeente, p) for p in ("2026-H1", "2026-H2"))
    run(first)
    run(second)

    assert _applied(sqlite_store, first.ronde.id).verschil is None
    applied = _applied(sqlite_store, second.ronde.id)
    assert applied.voortgebouwd_op == 1 and applied.verschil is not None
    assert applied.verschil == Path(applied.html or "").with_name(
        "handreiking-editie-2-verschil.html"
    )
    diff = applied.verschil.read_text(encoding="utf-8")
    inserted = " ".join(diff.split("<ins")[1:])
    assert wijziging("2026-H2")[:40] in inserted
    html = Path(applied.html or "").read_text(encoding="utf-8")
    assert "Gemeente Proefdorp" in html and "Team Sociaal" in html
