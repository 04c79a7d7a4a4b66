"""A programme's rounds in prefect.yaml, computed from the gemeente's settings file and checked.

The actieonderzoek plans one round per interim study (cycles/actieonderzoek/rooster.py). Rather
than copying its dates into prefect.yaml by hand, `makelaar planning rooster` prints the
`schedules:` entries of deployment `ronde-actieonderzoek` for a gemeente from its settings file,
and `makelaar planning` warns when a gemeente with a settings file has actieonderzoek schedules
that differ from its programme: a study without a schedule, a schedule for no study (or a study
twice), another date or another period. The time of day is the schedule's own (in what `rooster`
prints, one of the gemeente's own in 06:00-09:00: flows.spreiding); only the date and the period
are compared. A gemeente without actieonderzoek schedules is not warned about: its rounds may be
started by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.taal import Taal, in_taal

# Prefect's server schedules and the actieonderzoek cycle (whose package loads WeasyPrint) are
# imported where they are used: this module's names (CYCLUS, TIJDZONE, slug_van) are read when
# `makelaar` starts, for every command (flows.programma, flows.cli_programma).
if TYPE_CHECKING:
    from makelaar.cycles.actieonderzoek.instellingen import Instellingen
    from makelaar.cycles.actieonderzoek.rooster import Studierooster
    from makelaar.flows.planning import Gepland

__all__ = [
    "CYCLUS",
    "ProgrammaFout",
    "programma_verschillen",
    "programma_waarschuwingen",
    "schedule_regels",
    "slug_van",
]

#: the cycle whose rounds follow a programme's dates
CYCLUS = "actieonderzoek"
TIJDZONE = "Europe/Amsterdam"
_GEMEENTECODE = re.compile(r"GM\d{4}")


class ProgrammaFout(MakelaarError):
    """A programme's schedules cannot be made: no such cycle, or a settings file that is bad."""


def slug_van(naam: str, periode: str) -> str:
    """A schedule's slug, as prefect.yaml names them: gouda-2026-q1."""
    basis = re.sub(r"[^a-z0-9]+", "-", naam.lower()).strip("-") or "gemeente"
    return f"{basis}-{periode.lower()}"


def schedule_regels(
    instellingen: Instellingen, naam: str | None, taal: Taal = "nl", tijd: dt.time = dt.time(6)
) -> list[str]:
    """The `schedules:` entries of deployment ronde-actieonderzoek for the gemeente, one per
    interim study at `tijd` (flows.spreiding gives each gemeente its own), indented as in
    prefect.yaml; `naam` (the gemeente's name) starts each slug."""
    code = instellingen.gemeente
    p = instellingen.programma
    wie = f"{naam} ({code})" if naam else code
    kop = in_taal(
        taal,
        f"# {wie}: programma {p.start:%-d-%-m-%Y} t/m {p.einde:%-d-%-m-%Y}, om de "
        f"{p.tussenstudie_maanden} maanden",
        f"# {wie}: programme {p.start:%-d-%-m-%Y} to {p.einde:%-d-%-m-%Y}, every "
        f"{p.tussenstudie_maanden} months",
    )
    from makelaar.cycles.actieonderzoek.rooster import studieroosters

    regels = [kop]
    for rooster in studieroosters(instellingen, taal):
        regels += [
            f'      - rrule: "DTSTART:{rooster.datum:%Y%m%d}T{tijd:%H%M}00'
            '\\nRRULE:FREQ=DAILY;COUNT=1"',
            f"        timezone: {TIJDZONE}",
            f"        slug: {slug_van(naam or code, rooster.periode)}",
            "        active: true",
            f"        parameters: {{gemeente: {code}, periode: {rooster.periode}}}",
        ]
    return regels


@dataclass
class _Paar:
    rooster: Studierooster
    gepland: Gepland | None = None


def _data(item: Gepland) -> list[dt.date]:
    """The first two dates a schedule runs on (in its own time zone), or [] for a cron."""
    from prefect.server.schemas.schedules import RRuleSchedule

    if item.rrule is None:
        return []
    regel = RRuleSchedule(rrule=item.rrule, timezone=item.tijdzone).to_rrule()
    return [moment.date() for moment in itertools.islice(regel, 2)]


def _wie(item: Gepland) -> str:
    return item.slug or f"{item.deployment} ({item.periode or '-'})"


def programma_verschillen(
    gepland: Sequence[Gepland], instellingen: Instellingen, taal: Taal = "nl"
) -> list[str]:
    """How the gemeente's actieonderzoek schedules differ from its programme, one line each
    (naming the slug and what differs); [] when they agree."""
    from makelaar.cycles.actieonderzoek.rooster import studieroosters

    code = instellingen.gemeente
    eigen = [g for g in gepland if g.gemeente == code and g.cyclus == CYCLUS]
    paren = {r.periode: _Paar(r) for r in studieroosters(instellingen, taal)}
    regels: list[str] = []
    over: list[Gepland] = []
    for item in eigen:  # a schedule for a study's period belongs to that study
        paar = paren.get(item.periode or "")
        if paar is not None and paar.gepland is None:
            paar.gepland = item
        else:
            over.append(item)
    for item in over:  # one named after a study, or on its date, is that study in another period
        vrij = [p for p in paren.values() if p.gepland is None]
        naar_slug = [p for p in vrij if (item.slug or "").endswith(f"-{p.rooster.periode.lower()}")]
        naar_datum = [p for p in vrij if p.rooster.datum in _data(item)[:1]]
        kandidaten = naar_slug or naar_datum
        if not kandidaten:
            dubbel = item.periode in paren
            regels.append(
                in_taal(
                    taal,
                    f"{_wie(item)}: tussenstudie {item.periode} staat er twee keer in"
                    if dubbel
                    else f"{_wie(item)}: periode {item.periode or '(geen)'} is geen tussenstudie "
                    "van het programma; haal het schedule weg",
                    f"{_wie(item)}: interim study {item.periode} is in it twice"
                    if dubbel
                    else f"{_wie(item)}: period {item.periode or '(none)'} is no interim study "
                    "of the programme; remove the schedule",
                )
            )
            continue
        paar = kandidaten[0]
        paar.gepland = item
        regels.append(
            in_taal(
                taal,
                f"{_wie(item)}: periode {item.periode or '(geen)'}, volgens het programma "
                f"{paar.rooster.periode}",
                f"{_wie(item)}: period {item.periode or '(none)'}, the programme says "
                f"{paar.rooster.periode}",
            )
        )
    naam = next(
        (
            g.slug.removesuffix(f"-{g.periode.lower()}")
            for g in eigen
            if g.slug and g.periode and g.slug.endswith(f"-{g.periode.lower()}")
        ),
        code,
    )
    for paar in paren.values():
        r = paar.rooster
        if paar.gepland is None:
            slug = slug_van(naam, r.periode)
            regels.append(
                in_taal(
                    taal,
                    f"{slug}: tussenstudie {r.studie.nummer} ({r.periode}, {r.datum:%d-%m-%Y}) "
                    "heeft geen schedule",
                    f"{slug}: interim study {r.studie.nummer} ({r.periode}, {r.datum:%d-%m-%Y}) "
                    "has no schedule",
                )
            )
            continue
        item = paar.gepland
        data = _data(item)
        if item.rrule is None:
            regels.append(
                in_taal(
                    taal,
                    f"{_wie(item)}: cron {item.cron!r} in plaats van één datum, volgens het "
                    f"programma {r.datum:%d-%m-%Y}",
                    f"{_wie(item)}: cron {item.cron!r} instead of one date, the programme says "
                    f"{r.datum:%d-%m-%Y}",
                )
            )
        elif data[:1] != [r.datum] or len(data) > 1:
            gezien = ", ".join(f"{d:%d-%m-%Y}" for d in data) + (" …" if len(data) > 1 else "")
            regels.append(
                in_taal(
                    taal,
                    f"{_wie(item)}: datum {gezien or '(geen)'}, volgens het programma "
                    f"{r.datum:%d-%m-%Y}",
                    f"{_wie(item)}: date {gezien or '(none)'}, the programme says "
                    f"{r.datum:%d-%m-%Y}",
                )
            )
    return regels


def _instellingenbestanden(settings: Settings) -> list[tuple[str, Path]]:
    """(gemeente code, path) of every actieonderzoek settings file in the data directory."""
    from makelaar.cycles.actieonderzoek.instellingen import instellingen_pad

    map_ = instellingen_pad(settings, "GM0000").parent
    if not map_.is_dir():
        return []
    return sorted(
        (pad.stem, pad) for pad in map_.glob("*.yaml") if _GEMEENTECODE.fullmatch(pad.stem)
    )


def programma_waarschuwingen(
    gepland: Sequence[Gepland], settings: Settings, taal: Taal = "nl"
) -> list[str]:
    """A warning per gemeente with a settings file whose actieonderzoek schedules differ from
    its programme (or whose settings file cannot be read): the gemeente, then a line per
    difference and the command that prints the right schedules."""
    from makelaar.cycles.actieonderzoek.instellingen import laad_instellingen

    regels: list[str] = []
    for code, pad in _instellingenbestanden(settings):
        if not any(g.gemeente == code and g.cyclus == CYCLUS for g in gepland):
            continue
        try:
            verschillen = programma_verschillen(
                gepland, laad_instellingen(settings, code, pad), taal
            )
        except MakelaarError as fout:
            regels.append(
                in_taal(
                    taal,
                    f"Let op: de schedules van {code} zijn niet met het programma vergeleken: "
                    f"{fout}",
                    f"Warning: {code}'s schedules were not checked against its programme: {fout}",
                )
            )
            continue
        if not verschillen:
            continue
        regels.append(
            in_taal(
                taal,
                f"Let op: de actieonderzoek-schedules van {code} in prefect.yaml wijken af van "
                f"het programma in {pad}:",
                f"Warning: {code}'s actieonderzoek schedules in prefect.yaml differ from the "
                f"programme in {pad}:",
            )
        )
        regels += [f"  - {code}, {regel}" for regel in verschillen]
        regels.append(
            in_taal(
                taal,
                f"  De juiste schedules: makelaar planning rooster --cycle {CYCLUS} "
                f"--gemeente {code}",
                f"  The right schedules: makelaar planning rooster --cycle {CYCLUS} "
                f"--gemeente {code}",
            )
        )
    return regels
