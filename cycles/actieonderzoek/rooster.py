"""The actieonderzoek programme's rounds on the calendar: one per interim study, with its date and
period, as prefect.yaml's deployment `ronde-actieonderzoek` schedules them.

A study's round starts halfway the last month of the study (the 15th, or the study's own first
or last day when the 15th falls outside it), so its reflection forms and partner survey still
close within the study; its period is the study's quarter, half-year, month or year (2026-Q3),
the form a round's period takes. A programme whose studies are no such period (a study of 4
months, or quarters that start in February) is refused naming the study and what would fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from makelaar.cycles.actieonderzoek.instellingen import Instellingen, Tussenstudie
from makelaar.cycles.rounds import period_bounds
from makelaar.models.errors import ConfigurationError
from makelaar.models.taal import Taal, in_taal

__all__ = ["STARTDAG", "Studierooster", "studieroosters"]

#: the day of a study's last month its round starts on
STARTDAG = 15


@dataclass(frozen=True)
class Studierooster:
    """One interim study's round: the study, its period (2026-Q3) and the day it starts."""

    studie: Tussenstudie
    periode: str
    datum: dt.date


def _periode(maanden: int, begin: dt.date) -> str | None:
    """The period of `maanden` months that `begin` falls in, in a round's notation."""
    if maanden == 1:
        return f"{begin:%Y-%m}"
    if maanden == 3:
        return f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
    if maanden == 6:
        return f"{begin.year}-H{1 if begin.month <= 6 else 2}"
    if maanden == 12:
        return f"{begin.year}"
    return None


def studieroosters(instellingen: Instellingen, taal: Taal = "nl") -> list[Studierooster]:
    """Every interim study of the programme with its round's period and start day;
    ConfigurationError when a study cannot be written as a round's period."""
    maanden = instellingen.programma.tussenstudie_maanden
    roosters: list[Studierooster] = []
    for studie in instellingen.tussenstudies():
        periode = _periode(maanden, studie.begin)
        if periode is None:
            raise ConfigurationError(
                in_taal(
                    taal,
                    f"{instellingen.gemeente}: programma.tussenstudie_maanden is {maanden}; een "
                    "ronde heeft een maand, kwartaal, halfjaar of jaar als periode, dus geldig: "
                    "1, 3, 6 of 12.",
                    f"{instellingen.gemeente}: programma.tussenstudie_maanden is {maanden}; a "
                    "round's period is a month, quarter, half-year or year, so valid: 1, 3, 6 "
                    "or 12.",
                )
            )
        begin, einde = period_bounds(periode)
        if not (begin <= studie.begin and studie.einde <= einde):
            raise ConfigurationError(
                in_taal(
                    taal,
                    f"{instellingen.gemeente}: tussenstudie {studie.nummer} "
                    f"({studie.begin:%d-%m-%Y} t/m {studie.einde:%d-%m-%Y}) valt niet binnen één "
                    f"periode ({periode} loopt t/m {einde:%d-%m-%Y}); laat programma.start op de "
                    "eerste dag van een maand, kwartaal, halfjaar of jaar vallen, zoals "
                    f"{begin:%Y-%m-%d}.",
                    f"{instellingen.gemeente}: interim study {studie.nummer} "
                    f"({studie.begin:%d-%m-%Y} to {studie.einde:%d-%m-%Y}) is not within one "
                    f"period ({periode} ends on {einde:%d-%m-%Y}); let programma.start fall on "
                    f"the first day of a month, quarter, half-year or year, such as "
                    f"{begin:%Y-%m-%d}.",
                )
            )
        dag = studie.einde.replace(day=STARTDAG)
        roosters.append(Studierooster(studie, periode, min(max(dag, studie.begin), studie.einde)))
    return roosters
