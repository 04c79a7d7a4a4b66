"""The round's Markdown artifact shows names from data as text: a gemeente name from a CBS file
with markup in it makes no link, script or image in the Prefect UI."""

from __future__ import annotations

import datetime as dt

from markdown_it import MarkdownIt

from makelaar.cycles.rounds import RoundOutcome
from makelaar.flows.round import round_summary
from makelaar.models.schemas import RoundRef
from makelaar.models.store import Store
from tests.markup_testing import ParsedHtml, flat, poisoned

NAAM = poisoned("gemeente:")


def test_the_round_summary_shows_a_gemeente_name_with_markup_as_written(
    sqlite_store: Store,
) -> None:
    ronde = RoundRef(
        id=1,
        gemeente_code="GM9999",
        gemeente_naam=NAAM,
        cyclus="buurtmeter",
        periode="2026-H2",
        begin=dt.date(2026, 7, 1),
        einde=dt.date(2026, 12, 31),
    )
    outcome = RoundOutcome(ronde=ronde, fasen=[], wacht_op_besluiten=["p"])

    summary = round_summary(sqlite_store, outcome, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))

    # rendered as a renderer that lets HTML through would: the worst case for a Markdown viewer
    parsed = ParsedHtml.of(MarkdownIt("commonmark", {"html": True}).enable("table").render(summary))
    assert f"Evaluatieronde {NAAM} (GM9999)" in flat(parsed.text)
    assert parsed.markup_from_data() == []
