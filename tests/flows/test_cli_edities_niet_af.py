"""`makelaar edities` on an edition whose number is claimed but whose files are not written yet:
a round busy rendering it, or a render that failed and kept its claim. It reads "niet af" (or "not
finished"), says what that means and how to finish it, and does not count as damage; `edities toon`
says the same, `edities verschil` refuses it. On SQLite and PostgreSQL, with the real edition
chain (cycles.edities) of the edition tests' cycle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import makelaar.cycles.edities as edities_module
from makelaar.flows.cli_edities import edities, list_lines, show_lines, write_edition_diff
from makelaar.models.errors import MakelaarError, RenderError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.cycles.edities_testing import context, run

GM = "GM9999"
NOTE_NL = (
    "Editie 2 van Proefdorp is niet af: ronde {ronde} schrijft haar bestanden nu, of haar run "
    "stopte voordat ze er waren. Draait die ronde niet meer, maak de editie dan af met 'makelaar "
    "round run --cycle tekstcyclus --period 2026-H2 --gemeente GM9999'."
)
NOTE_EN = (
    "Edition 2 of Proefdorp is not finished: round {ronde} is writing its files now, or its run "
    "stopped before they were there. If that round is no longer running, finish the edition with "
    "'makelaar round run --cycle tekstcyclus --period 2026-H2 --gemeente GM9999'."
)


@pytest.fixture
def proefdorp(store: Store) -> str:
    with store.session() as session:
        session.add(Gemeente(code=GM, naam="Proefdorp"))
    return GM


def _states(lines: list[str]) -> list[str]:
    """The last column of the table's rows (the check of each edition)."""
    return [line.split("  ")[-1].strip() for line in lines[2:] if line[:1].isdigit()]


def test_an_edition_being_rendered_is_not_finished_not_missing(
    store: Store, settings: Settings, proefdorp: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(context(store, settings, proefdorp, "2026-H1"))
    second = context(store, settings, proefdorp, "2026-H2")
    seen: dict[str, list[str]] = {}
    render = edities_module._render_and_record

    def looking(*args: Any, **kwargs: Any) -> object:
        # the round has claimed edition 2 and is about to write its files: a user looks now
        seen["nl"] = list_lines(store, None, "nl")
        seen["en"] = list_lines(store, proefdorp, "en")
        seen["toon"] = show_lines(store, 2, None, "en")
        return render(*args, **kwargs)

    monkeypatch.setattr(edities_module, "_render_and_record", looking)
    run(second)

    nl, en = seen["nl"], seen["en"]
    assert _states(nl) == ["klopt", "niet af"]
    assert nl[-1] == NOTE_NL.format(ronde=second.ronde.id)
    assert not any(line.startswith("Let op") or "ONTBREEKT" in line for line in nl)
    assert _states(en) == ["matches", "not finished"]
    assert en[-1] == NOTE_EN.format(ronde=second.ronde.id)
    assert not any(line.startswith("Note:") or "MISSING" in line for line in en)
    toon = seen["toon"]
    assert toon[0] == "Edition 2 of the handreiking for Proefdorp (GM9999)"
    pdf = next(line for line in toon if line.startswith("  PDF:"))
    assert pdf.endswith(
        f"(not finished: its number is recorded for round {second.ronde.id}, which has not "
        "written its files yet)"
    )
    assert next(line for line in toon if line.startswith("  HTML:")).endswith(" (not finished)")
    assert toon[-1] == NOTE_EN.format(ronde=second.ronde.id)
    assert "MISSING" not in "\n".join(toon) and "Diff against" not in "\n".join(toon)

    # made: both editions match their sha256, no note
    after = list_lines(store, None, "nl")
    assert _states(after) == ["klopt", "klopt"] and after[-1].split()[-1] == "klopt"


def test_a_claim_a_failed_render_kept_is_not_finished_and_has_no_diff(
    store: Store, settings: Settings, proefdorp: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(context(store, settings, proefdorp, "2026-H1"))
    second = context(store, settings, proefdorp, "2026-H2")

    def fails(*args: Any, **kwargs: Any) -> object:
        raise RenderError("De PDF van editie 2 kon niet worden gemaakt.")

    # a run killed while rendering cannot give its claim back: as if giving it back failed
    monkeypatch.setattr(edities_module, "_render_and_record", fails)
    monkeypatch.setattr(edities_module, "_give_back", lambda ctx: None)
    with pytest.raises(RenderError):
        run(second)
    monkeypatch.undo()

    lines = list_lines(store, proefdorp, "nl")
    assert _states(lines) == ["klopt", "niet af"]
    assert lines[-1] == NOTE_NL.format(ronde=second.ronde.id)
    rijen = edities(store, proefdorp)
    assert [r.af for r in rijen] == [True, False]
    assert not Path(rijen[1].pdf).exists()
    with pytest.raises(MakelaarError) as refused:
        write_edition_diff(rijen[1], rijen, "nl")
    assert str(refused.value) == NOTE_NL.format(ronde=second.ronde.id)

    # the round's next run makes it, with the same number
    run(second)
    assert _states(list_lines(store, proefdorp, "nl")) == ["klopt", "klopt"]
