"""How a decision of the learning session reads on the command line: its verdict, who took it,
one entry of its history; shared by `round besluit|besluiten` and `voorstellen`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from makelaar.flows.cli_app import tijd
from makelaar.flows.messages import say
from makelaar.models.domain import Besluit
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

if TYPE_CHECKING:
    from makelaar.cycles.leerbijeenkomst import HistoryEntry

_TEKSTEN: Catalogus = catalogus(
    "besluitweergave",
    {
        "verdict_uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "door": {"nl": " (door {door})", "en": " (by {door})"},
        "uitgesteld_aantal": {
            "nl": "; {aantal} uitgesteld naar de volgende ronde",
            "en": "; {aantal} postponed to the next round",
        },
        "uitgesteld_volgt": {
            "nl": "Het voorstel komt open terug bij de volgende ronde van deze gemeente en cyclus.",
            "en": "The proposal comes back, open, in the next round of this municipality and "
            "cycle.",
        },
    },
)


def verdict(besluit: Besluit, taal: Taal) -> str:
    """'aangenomen' / 'verworpen' / 'uitgesteld' in the user's language."""
    key = f"verdict_{besluit.value}"
    return vertaal(_TEKSTEN, key, taal) if key in _TEKSTEN else say(key, taal)


def by_whom(door: str | None, taal: Taal) -> str:
    """' (door X)' after a decision that says who took it; '' when it does not."""
    return vertaal(_TEKSTEN, "door", taal, door=door) if door else ""


def postponed_count(aantal: int, taal: Taal) -> str:
    """What `round status` adds to its line on the decisions when some were postponed."""
    return vertaal(_TEKSTEN, "uitgesteld_aantal", taal, aantal=aantal) if aantal else ""


def uitgesteld_volgt(taal: Taal) -> str:
    """What a postponement means for the next round."""
    return vertaal(_TEKSTEN, "uitgesteld_volgt", taal)


def entry_line(entry: HistoryEntry, in_force: bool, taal: Taal) -> str:
    """One decision of a proposal's history, marked when it is the one in force."""
    return say(
        "history_entry",
        taal,
        nummer=entry.volgnummer,
        besluit=verdict(entry.besluit, taal),
        op=tijd(entry.besloten_op),
        reden=entry.reden + by_whom(entry.besloten_door, taal),
        geldt=say("history_in_force", taal) if in_force else "",
    )
