"""A programme of many gemeenten: its rounds' deployments made from one file, not by hand.

A national programme (ZonMw funds programmes across many municipalities) names its gemeenten and
the cycle each runs in one YAML file (`makelaar programma voorbeeld` writes a commented one):

    naam: Landelijk programma sociaal makelaar
    venster: {van: "06:00", tot: "09:00"}
    gemeenten:
      - {gemeente: GM0344, naam: Utrecht, cyclus: buurtmeter}
      - {gemeente: GM0632, naam: Woerden, cyclus: casusregie}
      - {gemeente: GM0513, naam: Gouda, cyclus: actieonderzoek}

From it, `programma_recept` makes the recipe `prefect deploy --all` takes: one round deployment
per cycle (`ronde-buurtmeter`, ...) with a schedule per gemeente, the same deployments as the
hand-written prefect.yaml (module entrypoints, no pull step, pool `makelaar`) so a worker runs
the installed release. A half-yearly round (buurtmeter, casusregie) runs on 15 June and 15
December for the closing half-year, at a time in the window that follows from the gemeente's
code (`starttijd`: a hash, so adding a gemeente moves no other's time, and 340 rounds do not
start in one minute); an actieonderzoek runs on its interim studies' dates from the gemeente's
settings file (cycles.actieonderzoek.rooster). `makelaar programma deploy` writes the recipe
to the data folder and runs Prefect's own `prefect deploy --all` on it; `makelaar planning
--bestand` on that recipe is the national calendar.

A bad file is refused before anything is deployed, with every problem: the key (gemeenten[3].cyclus),
the value as written and what is valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from makelaar.cycles.registry import load_cycles
from makelaar.flows.planning_programma import TIJDZONE, slug_van
from makelaar.models.errors import ConfigurationError
from makelaar.models.settings import Settings
from makelaar.models.taal import Taal, in_taal

__all__ = [
    "HALFJAARLIJKS",
    "Programma",
    "ProgrammaGemeente",
    "lees_programma",
    "programma_recept",
    "recept_pad",
    "starttijd",
]

#: the cycles whose rounds run each half-year, for the half-year that is closing
HALFJAARLIJKS = frozenset({"buurtmeter", "casusregie"})
ENTRYPOINT = "makelaar.flows.round:evaluation_round"
_TIJD = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class Venster(BaseModel):
    """The part of the day half-yearly rounds start in, spread by gemeente (Dutch time)."""

    model_config = ConfigDict(extra="forbid")

    van: str = "06:00"
    tot: str = "09:00"

    @field_validator("van", "tot")
    @classmethod
    def _tijd(cls, waarde: str) -> str:
        if not _TIJD.fullmatch(waarde):
            raise ValueError("een tijd als 06:00 (uu:mm)")
        return waarde

    def minuten(self) -> tuple[int, int]:
        def m(t: str) -> int:
            uur, minuut = t.split(":")
            return int(uur) * 60 + int(minuut)

        return m(self.van), m(self.tot)

    @model_validator(mode="after")
    def _volgorde(self) -> Venster:
        van, tot = self.minuten()
        if tot <= van:
            raise ValueError(f"'tot' ({self.tot}) moet na 'van' ({self.van}) liggen")
        return self


class ProgrammaGemeente(BaseModel):
    """One gemeente of the programme: its CBS code, name (for slugs) and cycle."""

    model_config = ConfigDict(extra="forbid")

    gemeente: str = Field(pattern=r"^GM\d{4}$")
    naam: str | None = Field(default=None, min_length=1, max_length=120)
    cyclus: str
    leerbijeenkomst: Literal["handmatig", "demo", "formulier"] = "handmatig"
    enquetes: Literal["wachten", "demo"] = "wachten"


class Programma(BaseModel):
    """A programme file: its name, the window, the work pool and its gemeenten."""

    model_config = ConfigDict(extra="forbid")

    naam: str = Field(min_length=1, max_length=120)
    werkpool: str = Field(default="makelaar", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
    venster: Venster = Field(default_factory=Venster)
    gemeenten: list[ProgrammaGemeente] = Field(min_length=1)

    @model_validator(mode="after")
    def _eenmaal(self) -> Programma:
        gezien: set[str] = set()
        for item in self.gemeenten:
            if item.gemeente in gezien:
                raise ValueError(f"{item.gemeente} staat meer dan eens in 'gemeenten'")
            gezien.add(item.gemeente)
        return self


def recept_pad(settings: Settings) -> Path:
    """Where `makelaar programma deploy` writes the recipe it deploys."""
    return settings.data_dir / "programma" / "prefect.yaml"


def lees_programma(pad: Path, taal: Taal = "nl") -> Programma:
    """The programme in `pad`; ConfigurationError naming every bad key, its value and what fits."""
    if not pad.is_file():
        raise ConfigurationError(
            in_taal(
                taal,
                f"Programmabestand {pad} bestaat niet; maak er een met 'makelaar programma "
                "voorbeeld BESTAND'.",
                f"Programme file {pad} does not exist; make one with 'makelaar programma "
                "voorbeeld FILE'.",
            )
        )
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            in_taal(
                taal,
                f"{pad} is geen leesbare YAML: {exc}",
                f"{pad} is not readable YAML: {exc}",
            )
        ) from exc
    try:
        programma = Programma.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise ConfigurationError(_fouten(pad, data, exc, taal)) from exc
    bekend = sorted(load_cycles().cycles)
    onbekend = [
        f"gemeenten[{i}].cyclus = {g.cyclus!r}"
        for i, g in enumerate(programma.gemeenten)
        if g.cyclus not in bekend
    ]
    if onbekend:
        raise ConfigurationError(
            in_taal(
                taal,
                f"{pad}: onbekende cyclus: {'; '.join(onbekend)}; geldig: {', '.join(bekend)}.",
                f"{pad}: unknown cycle: {'; '.join(onbekend)}; valid: {', '.join(bekend)}.",
            )
        )
    return programma


def _fouten(pad: Path, data: Any, exc: ValidationError, taal: Taal) -> str:
    regels = []
    for fout in exc.errors():
        sleutel = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in fout["loc"]).replace(
            ".[", "["
        )
        waarde = fout.get("input")
        geldig = _GELDIG.get(str(fout["loc"][-1]) if fout["loc"] else "")
        uitleg = in_taal(taal, geldig[0], geldig[1]) if geldig else fout["msg"]
        if fout["type"] == "missing":
            regels.append(
                in_taal(taal, f"{sleutel} ontbreekt ({uitleg})", f"{sleutel} is missing ({uitleg})")
            )
        else:
            regels.append(
                in_taal(
                    taal,
                    f"{sleutel or '(bestand)'} = {waarde!r}: {uitleg}",
                    f"{sleutel or '(file)'} = {waarde!r}: {uitleg}",
                )
            )
    return in_taal(taal, f"{pad} klopt niet:\n", f"{pad} is not valid:\n") + "\n".join(
        f"  - {r}" for r in regels
    )


#: what each key accepts, said in a refusal (Dutch, English)
_GELDIG: dict[str, tuple[str, str]] = {
    "gemeente": ("een CBS-gemeentecode zoals GM0344", "a CBS municipality code such as GM0344"),
    "naam": ("een naam van 1 tot 120 tekens", "a name of 1 to 120 characters"),
    "cyclus": ("de naam van een cyclus, zoals buurtmeter", "a cycle's name, such as buurtmeter"),
    "werkpool": (
        "de naam van een Prefect-werkpool, zoals makelaar",
        "a Prefect work pool's name, such as makelaar",
    ),
    "gemeenten": ("een lijst met minstens één gemeente", "a list of at least one gemeente"),
    "leerbijeenkomst": ("handmatig, demo of formulier", "handmatig, demo or formulier"),
    "enquetes": ("wachten of demo", "wachten or demo"),
    "van": ("een tijd als 06:00", "a time such as 06:00"),
    "tot": ("een tijd als 09:00, na 'van'", "a time such as 09:00, after 'van'"),
}


def starttijd(gemeente: str, venster: Venster) -> tuple[int, int]:
    """(hour, minute) a gemeente's half-yearly round starts: a fixed place in the window that
    follows from its code alone (SHA-256), so the times of other gemeenten never move."""
    van, tot = venster.minuten()
    plek = int.from_bytes(hashlib.sha256(gemeente.encode()).digest()[:4], "big") % (tot - van)
    return divmod(van + plek, 60)


def _schedules(
    item: ProgrammaGemeente, programma: Programma, settings: Settings, taal: Taal
) -> list[dict[str, Any]]:
    parameters: dict[str, Any] = {"gemeente": item.gemeente}
    if item.leerbijeenkomst != "handmatig":
        parameters["leerbijeenkomst"] = item.leerbijeenkomst
    if item.enquetes != "wachten":
        parameters["enquetes"] = item.enquetes
    naam = item.naam or item.gemeente
    if item.cyclus == "actieonderzoek":
        from makelaar.cycles.actieonderzoek.instellingen import laad_instellingen
        from makelaar.cycles.actieonderzoek.rooster import studieroosters

        instellingen = laad_instellingen(settings, item.gemeente)
        uur, minuut = starttijd(item.gemeente, programma.venster)
        return [
            {
                "rrule": f"DTSTART:{r.datum:%Y%m%d}T{uur:02d}{minuut:02d}00\n"
                "RRULE:FREQ=DAILY;COUNT=1",
                "timezone": TIJDZONE,
                "slug": slug_van(naam, r.periode),
                "active": True,
                "parameters": parameters | {"periode": r.periode},
            }
            for r in studieroosters(instellingen, taal)
        ]
    uur, minuut = starttijd(item.gemeente, programma.venster)
    # other cycles (a plugin's) run half-yearly too, for the half-year that is closing
    return [
        {
            "cron": f"{minuut} {uur} 15 6,12 *",
            "timezone": TIJDZONE,
            "slug": slug_van(naam, "halfjaar"),
            "active": True,
            "parameters": parameters,
        }
    ]


def programma_recept(
    programma: Programma, settings: Settings, bron: str, taal: Taal = "nl"
) -> dict[str, Any]:
    """The recipe `prefect deploy --all` takes: a round deployment per cycle of the programme."""
    cycli = load_cycles().cycles
    per_cyclus: dict[str, list[dict[str, Any]]] = {}
    aantal: dict[str, int] = {}
    for item in programma.gemeenten:
        per_cyclus.setdefault(item.cyclus, []).extend(_schedules(item, programma, settings, taal))
        aantal[item.cyclus] = aantal.get(item.cyclus, 0) + 1
    deployments = [
        {
            "name": f"ronde-{cyclus}",
            "description": in_taal(
                taal,
                f"{programma.naam}: {cycli[cyclus].title}; {aantal[cyclus]} gemeente(n), "
                f"gemaakt uit {bron}.",
                f"{programma.naam}: {cycli[cyclus].title}; {aantal[cyclus]} gemeente(n), "
                f"made from {bron}.",
            ),
            "entrypoint": ENTRYPOINT,
            "tags": ["makelaar", cyclus, "programma"],
            "parameters": {"cyclus": cyclus, "leerbijeenkomst": "handmatig"},
            "schedules": schedules,
            "work_pool": {
                "name": programma.werkpool,
                "work_queue_name": "default",
                "job_variables": {},
            },
        }
        for cyclus, schedules in sorted(per_cyclus.items())
    ]
    deployments += [
        {
            "name": naam,
            "description": beschrijving,
            "entrypoint": entrypoint,
            "tags": ["makelaar", tag, "programma"],
            "parameters": {},
            "schedules": [{"cron": cron, "timezone": TIJDZONE, "active": True}],
            "work_pool": {
                "name": programma.werkpool,
                "work_queue_name": "default",
                "job_variables": {},
            },
        }
        for naam, entrypoint, tag, cron, beschrijving in _VASTE_DEPLOYMENTS
    ]
    return {
        "name": "makelaar",
        "prefect-version": "3.8.8",
        "build": None,
        "push": None,
        "pull": [],
        "deployments": deployments,
    }


#: what runs for every gemeente alike, as in the repository's prefect.yaml: the logbook inbox
#: (hourly on working days) and the survey reminders (daily)
_VASTE_DEPLOYMENTS = (
    (
        "logboek-inbox",
        "makelaar.flows.logboek:logbook_inbox",
        "logboek",
        "0 7-18 * * 1-5",
        "Leest op werkdagen elk uur de logboekbestanden in de inbox (MAKELAAR_DATA_DIR/inbox) in.",
    ),
    (
        "enquete-herinneringen",
        "makelaar.flows.enquetes:enquete_herinneringen",
        "enquetes",
        "0 9 * * *",
        "Stuurt elke dag om 09:00 herinneringen voor de open enquêterondes.",
    ),
)


def recept_tekst(recept: dict[str, Any], bron: str, gemaakt: dt.datetime) -> str:
    """The recipe as YAML, with a header that says where it came from and not to edit it."""
    kop = (
        f"# Made by 'makelaar programma deploy' from {bron} on {gemaakt:%Y-%m-%d %H:%M} UTC.\n"
        "# Do not edit: change the programme file and deploy again.\n"
    )
    tekst: str = yaml.safe_dump(recept, allow_unicode=True, sort_keys=False, width=100)
    return kop + tekst
