"""Proposals from researchers, and every proposal as the learning session reads it before deciding.

A researcher's proposal (`makelaar voorstel nieuw`, or several from a YAML file with `makelaar
voorstel laad`) is validated as a whole first (`VoorstelInvoer`, pydantic: title, Markdown text,
the sections it changes by id or title, optional grounds and evidence), then screened like every
other free text (models.privacy.Screener: postcodes, phone numbers, e-mail addresses, IBANs,
addresses and names masked) and only then stored, all entries in one transaction: a file with one
bad entry writes nothing.

`weergave` gathers what `makelaar voorstellen` and the agenda show of each proposal: its text,
the titles of the sections it changes, its evidence (the findings it rests on with their figures
and 95% intervals as the round stored them, the brokers' screened quotes those findings carry,
a researcher's own screened evidence) and its decision history.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from sqlalchemy import select

from makelaar.cycles.leerbijeenkomst import Decision, HistoryEntry, decisions, history
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import get_round, stored_result
from makelaar.cycles.spec import INHOUD_ATTRIBUTE
from makelaar.handreiking.content import edition_sections
from makelaar.models.domain import Besluit, Fase
from makelaar.models.errors import MakelaarError
from makelaar.models.privacy import Pseudonymiser, Screener, load_key
from makelaar.models.schemas import ApplyResult, Finding, ReflectResult, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal, in_taal
from makelaar.models.tables import BekendeNaam, Makelaar, Voorstel

CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: the fields an entry may have, as a YAML file names them
VELDEN = ("code", "titel", "tekst", "secties", "onderbouwing", "bewijs")
VERPLICHT = ("titel", "tekst", "secties")


def code_uit_titel(titel: str) -> str:
    """A proposal code made from its title: 'Buurtkamer ’s avonds open' → 'buurtkamer-s-avonds-open'."""
    ascii_name = unicodedata.normalize("NFKD", titel).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-") or "voorstel"


def _taal(info: ValidationInfo) -> Taal:
    context = info.context or {}
    taal: Taal = context.get("taal", "nl")
    return taal


class VoorstelInvoer(BaseModel):
    """One researcher's proposal as typed or written in a YAML file, before it is screened.

    Validate with `context={"secties": {id: title}, "taal": ...}`: a section may be named by its id
    or its title (any case) and is stored by id.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    code: str | None = None
    titel: str = Field(min_length=1, max_length=200)
    tekst: str = Field(min_length=1, max_length=20_000)
    secties: list[str] = Field(min_length=1)
    onderbouwing: str | None = Field(default=None, max_length=2_000)
    bewijs: str | None = Field(default=None, max_length=5_000)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or value == "":
            return None
        if len(value) > 80 or not CODE.fullmatch(value):
            raise ValueError(
                in_taal(
                    _taal(info),
                    "een code bestaat uit kleine letters, cijfers en streepjes (bv. "
                    "buurtkamer-avond), ten hoogste 80 tekens",
                    "a code is lower-case letters, digits and dashes (e.g. buurtkamer-avond), at "
                    "most 80 characters",
                )
            )
        return value

    @field_validator("secties")
    @classmethod
    def _secties(cls, values: list[str], info: ValidationInfo) -> list[str]:
        known: Mapping[str, str] = (info.context or {}).get("secties", {})
        if not known:
            return values
        by_title = {title.casefold(): key for key, title in known.items()}
        result: list[str] = []
        for value in values:
            key = value.strip()
            found = key if key in known else by_title.get(key.casefold())
            if found is None:
                valid = "; ".join(f"{k} ({t})" for k, t in known.items())
                raise ValueError(
                    in_taal(
                        _taal(info),
                        f"sectie {value!r} bestaat niet in de handreiking; noem een sectie met "
                        f"haar id of titel: {valid}",
                        f"section {value!r} does not exist in the handreiking; name a section by "
                        f"its id or title: {valid}",
                    )
                )
            if found not in result:
                result.append(found)
        return result

    @property
    def voorstelcode(self) -> str:
        return self.code or code_uit_titel(self.titel)


@dataclass(frozen=True)
class Opgeslagen:
    """What storing one researcher's proposal did: new or replaced, and what screening masked."""

    code: str
    titel: str
    nieuw: bool
    #: per kind of personal data (naam, telefoon, ...), how often it was masked in the proposal
    gemaskeerd: dict[str, int]


_MELDINGEN: dict[str, tuple[str, str]] = {
    "missing": ("ontbreekt; verplicht zijn {verplicht}", "is missing; required are {verplicht}"),
    "extra_forbidden": (
        "is geen veld van een voorstel; velden zijn {velden}",
        "is not a field of a proposal; fields are {velden}",
    ),
    "string_type": ("moet tekst zijn", "must be text"),
    "list_type": (
        "moet een lijst van secties zijn (ids of titels)",
        "must be a list of sections (ids or titles)",
    ),
    "string_too_short": ("mag niet leeg zijn", "may not be empty"),
    "too_short": (
        "noemt geen enkele sectie; noem er minstens één",
        "names no section; name at least one",
    ),
    "string_too_long": (
        "is te lang: ten hoogste {max_length} tekens",
        "is too long: at most {max_length} characters",
    ),
}


def _melding(error: Mapping[str, Any], taal: Taal) -> str:
    soort = str(error.get("type", ""))
    if soort == "value_error":
        return str(error.get("ctx", {}).get("error", error.get("msg", "")))
    nl, en = _MELDINGEN.get(soort, (str(error.get("msg", "")), str(error.get("msg", ""))))
    context = {"verplicht": ", ".join(VERPLICHT), "velden": ", ".join(VELDEN)}
    context |= {k: v for k, v in dict(error.get("ctx") or {}).items() if isinstance(v, int)}
    return in_taal(taal, nl, en).format(**context)


def fouten(
    exc: ValidationError, *, bron: str, nummer: int | None, titel: object, taal: Taal
) -> list[str]:
    """One Dutch (or English) line per problem: where (file, entry), which field, the bad value,
    what would be valid."""
    lines = []
    waar = bron
    if nummer is not None:
        label = in_taal(taal, f"voorstel {nummer}", f"proposal {nummer}")
        waar += f", {label}" + (f" ({titel!r})" if isinstance(titel, str) and titel else "")
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        veld = loc[0] if loc else "?"
        if error["type"] == "missing":
            lines.append(
                in_taal(taal, f"{waar}, veld '{veld}' ", f"{waar}, field '{veld}' ")
                + _melding(error, taal)
            )
            continue
        waarde = error.get("input")
        shown = (
            repr(waarde)
            if not isinstance(waarde, str) or len(waarde) < 80
            else (repr(waarde[:77] + "..."))
        )
        lines.append(
            in_taal(
                taal, f"{waar}, veld '{veld}' = {shown}: ", f"{waar}, field '{veld}' = {shown}: "
            )
            + _melding(error, taal)
        )
    return lines


def valideer(
    entry: object, *, secties: Mapping[str, str], taal: Taal, bron: str, nummer: int | None
) -> VoorstelInvoer:
    """One entry validated, or MakelaarError naming where, the field, the value and what is valid."""
    if not isinstance(entry, dict):
        raise MakelaarError(
            in_taal(
                taal,
                f"{bron}, voorstel {nummer}: {entry!r} is geen voorstel; een voorstel heeft de "
                f"velden {', '.join(VELDEN)} (verplicht: {', '.join(VERPLICHT)}).",
                f"{bron}, proposal {nummer}: {entry!r} is not a proposal; a proposal has the "
                f"fields {', '.join(VELDEN)} (required: {', '.join(VERPLICHT)}).",
            )
        )
    try:
        return VoorstelInvoer.model_validate(entry, context={"secties": secties, "taal": taal})
    except ValidationError as exc:
        lines = fouten(exc, bron=bron, nummer=nummer, titel=entry.get("titel"), taal=taal)
        raise MakelaarError("\n".join(lines)) from None


def lees_bestand(pad: Path, secties: Mapping[str, str], taal: Taal) -> list[VoorstelInvoer]:
    """Every proposal in a YAML file (a list, or a mapping with `voorstellen:`), all validated;
    MakelaarError listing each problem with file, entry, field, value and what is valid."""
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MakelaarError(
            in_taal(taal, f"{pad}: niet te lezen ({exc}).", f"{pad}: cannot be read ({exc}).")
        ) from None
    except yaml.YAMLError as exc:
        waar = getattr(exc, "problem_mark", None)
        regel = f" (regel {waar.line + 1})" if waar is not None else ""
        line = f" (line {waar.line + 1})" if waar is not None else ""
        raise MakelaarError(
            in_taal(
                taal,
                f"{pad}{regel}: geen geldige YAML: {getattr(exc, 'problem', exc)}.",
                f"{pad}{line}: not valid YAML: {getattr(exc, 'problem', exc)}.",
            )
        ) from None
    if isinstance(data, dict) and set(data) == {"voorstellen"}:
        data = data["voorstellen"]
    if not isinstance(data, list) or not data:
        raise MakelaarError(
            in_taal(
                taal,
                f"{pad}: verwacht een lijst van voorstellen (of 'voorstellen:' met een lijst), "
                f"gevonden {type(data).__name__}; elk voorstel heeft {', '.join(VELDEN)}.",
                f"{pad}: expected a list of proposals (or 'voorstellen:' with a list), found "
                f"{type(data).__name__}; each proposal has {', '.join(VELDEN)}.",
            )
        )
    problems: list[str] = []
    result: list[VoorstelInvoer] = []
    for nummer, entry in enumerate(data, start=1):
        try:
            result.append(valideer(entry, secties=secties, taal=taal, bron=str(pad), nummer=nummer))
        except MakelaarError as exc:
            problems.append(str(exc))
    codes = [v.voorstelcode for v in result]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(
            in_taal(
                taal,
                f"{pad}: code {code!r} staat er {codes.count(code)} keer in; geef elk voorstel "
                "een eigen code (of titel).",
                f"{pad}: code {code!r} occurs {codes.count(code)} times; give each proposal its "
                "own code (or title).",
            )
        )
    if problems:
        raise MakelaarError("\n".join(problems))
    return result


def sectie_titels(ronde: RoundRef, taal: Taal) -> dict[str, str]:
    """Section id → title of the round's handreiking: the guide's sections and its cycle's own."""
    cycle = load_cycles().cycles.get(ronde.cyclus)
    folder = getattr(cycle, INHOUD_ATTRIBUTE, None) if cycle is not None else None
    return {s.id: s.title for s in edition_sections(taal, [Path(folder)] if folder else [])}


def screener(store: Store, settings: Settings) -> Screener:
    """The screener free text passes before it is stored: the names the store knows (as hashes)
    and the brokers' names are masked too."""
    with store.session() as session:
        known = session.scalars(select(BekendeNaam.hash)).all()
        brokers = session.scalars(select(Makelaar.naam)).all()
    result = Screener(Pseudonymiser(load_key(settings)[0]), known_name_hashes=known)
    result.add_names(brokers)
    return result


def voeg_toe(
    store: Store,
    ronde_id: int,
    invoer: Sequence[VoorstelInvoer],
    zeef: Screener,
    taal: Taal,
) -> list[Opgeslagen]:
    """Screen and store researchers' proposals in one transaction (all or none).

    Refused: a round whose edition is made, a code the cycle's rules use in this round, a code of a
    proposal already decided. A researcher's open proposal with the same code is replaced.
    """
    ronde = get_round(store, ronde_id)
    if isinstance(stored_result(store, ronde.id, Fase.APPLY), ApplyResult):
        raise MakelaarError(
            in_taal(
                taal,
                f"Ronde {ronde.id} heeft haar editie al gemaakt; een nieuw voorstel hoort bij de "
                "volgende ronde (makelaar round start ...).",
                f"Round {ronde.id} has already made its edition; a new proposal belongs to the "
                "next round (makelaar round start ...).",
            )
        )
    result: list[Opgeslagen] = []
    with store.session() as session:
        bestaand = {
            row.code: row
            for row in session.scalars(select(Voorstel).where(Voorstel.ronde_id == ronde.id))
        }
        for voorstel in invoer:
            code = voorstel.voorstelcode
            row = bestaand.get(code)
            if row is not None and row.bron != "onderzoeker":
                raise MakelaarError(
                    in_taal(
                        taal,
                        f"Voorstel {code!r}: die code heeft al een voorstel van de cyclus in ronde "
                        f"{ronde.id}; kies een andere code (--code of 'code:').",
                        f"Proposal {code!r}: that code already has a proposal of the cycle in "
                        f"round {ronde.id}; choose another code (--code or 'code:').",
                    )
                )
            if row is not None and row.besluit is not Besluit.OPEN:
                raise MakelaarError(
                    in_taal(
                        taal,
                        f"Voorstel {code!r} in ronde {ronde.id} is al {row.besluit.value}; een "
                        "genomen besluit blijft bij de tekst waarover het ging. Kies een andere "
                        "code.",
                        f"Proposal {code!r} in round {ronde.id} is already decided "
                        f"({row.besluit.value}); a decision stays with the text it was about. "
                        "Choose another code.",
                    )
                )
            hits: dict[str, int] = {}
            screened = partial(_screened, zeef, hits)
            titel = screened(voorstel.titel) or voorstel.titel
            bewijs = screened(voorstel.bewijs)
            fields: dict[str, Any] = {
                "sectie_id": voorstel.secties[0],
                "secties": list(voorstel.secties),
                "titel": titel[:200],
                "tekst": screened(voorstel.tekst) or "",
                "onderbouwing": screened(voorstel.onderbouwing) or bewijs or titel,
                "bewijs": bewijs,
                "bevindingen": [],
                "bron": "onderzoeker",
            }
            nieuw = row is None
            if row is None:
                row = Voorstel(ronde_id=ronde.id, code=code, besluit=Besluit.OPEN, **fields)
                session.add(row)
                bestaand[code] = row
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
            result.append(Opgeslagen(code, titel, nieuw=nieuw, gemaskeerd=hits))
    return result


def _screened(zeef: Screener, hits: dict[str, int], text: str | None) -> str | None:
    """`text` screened, adding what was masked to `hits`."""
    if text is None:
        return None
    outcome = zeef.screen(text)
    for kind, count in outcome.hits.items():
        hits[kind] = hits.get(kind, 0) + count
    return outcome.text


# What the learning session reads of each proposal.


@dataclass(frozen=True)
class Bevindingbewijs:
    """A finding a proposal rests on: its title and text (quotes included) and its figures."""

    titel: str
    tekst: str
    cijfers: tuple[str, ...]


@dataclass(frozen=True)
class VoorstelWeergave:
    """One proposal as `makelaar voorstellen` and the agenda show it."""

    voorstel: Decision
    #: the titles of the sections it changes, the one its text is added to first
    secties: tuple[str, ...]
    bevindingen: tuple[Bevindingbewijs, ...]
    geschiedenis: tuple[HistoryEntry, ...]

    @property
    def open(self) -> bool:
        return self.voorstel.besluit is Besluit.OPEN


def _matching_findings(voorstel: Decision, findings: Sequence[Finding]) -> list[Finding]:
    """The findings a proposal names (by code), else those its grounds list by title or code."""
    by_code = {f.code: f for f in findings}
    if voorstel.bevindingen:
        return [by_code[c] for c in voorstel.bevindingen if c in by_code]
    parts = {part.strip() for part in voorstel.onderbouwing.split(";")}
    return [f for f in findings if f.titel in parts or f.code in parts]


def weergave(store: Store, ronde: RoundRef, taal: Taal) -> list[VoorstelWeergave]:
    """The round's proposals, open ones first, each with its sections, evidence and history."""
    from makelaar.cycles.indicatorweergave import ronde_indicatoren

    titels = sectie_titels(ronde, taal)
    reflected = stored_result(store, ronde.id, Fase.REFLECT)
    findings = reflected.bevindingen if isinstance(reflected, ReflectResult) else []
    regels = {}
    if isinstance(reflected, ReflectResult):
        regels = {r.sleutel_pad: r for r in ronde_indicatoren(store, ronde.id, taal).regels}
    per_code = history(store, ronde.id)
    result = []
    for voorstel in decisions(store, ronde.id):
        bewijs = []
        for finding in _matching_findings(voorstel, findings):
            cijfers = tuple(
                figure_line(regels[pad], taal) for pad in finding.bewijs if pad in regels
            )
            bewijs.append(Bevindingbewijs(finding.titel, finding.tekst, cijfers))
        result.append(
            VoorstelWeergave(
                voorstel=voorstel,
                secties=tuple(titels.get(s, s) for s in voorstel.alle_secties),
                bevindingen=tuple(bewijs),
                geschiedenis=tuple(per_code.get(voorstel.code, [])),
            )
        )
    return sorted(result, key=lambda v: (not v.open, v.voorstel.code))


def figure_line(regel: Any, taal: Taal) -> str:
    """An indicator value as the evidence shows it: name, where, value, its 95% interval and basis;
    a suppressed value only as suppressed, with its reason."""
    from makelaar.cycles.indicatorweergave import getal, reden_tekst

    waarde = regel.waarde
    waar = f"{regel.naam}, {regel.sleutel_naam}" if regel.sleutel_naam else regel.naam
    if waarde.onderdrukt or waarde.waarde is None:
        return f"{waar}: {reden_tekst(waarde, taal)}"
    eenheid = regel.eenheid

    def met_eenheid(text: str) -> str:
        if eenheid == "%":
            return f"{text}%"
        if eenheid == "per 1.000":
            return in_taal(taal, f"{text} per 1.000", f"{text} per 1,000")
        return text

    line = f"{waar}: {met_eenheid(getal(waarde.waarde, taal))}"
    extra = []
    if waarde.ondergrens is not None and waarde.bovengrens is not None:
        interval = f"{getal(waarde.ondergrens, taal)}–{getal(waarde.bovengrens, taal)}"
        extra.append(in_taal(taal, "95%-interval ", "95% interval ") + met_eenheid(interval))
    if waarde.basis is not None:
        extra.append(f"n\u00a0=\u00a0{getal(waarde.basis, taal)}")  # kept on one line
    return f"{line} ({'; '.join(extra)})" if extra else line


#: a backslash before ASCII punctuation: how Markdown makes a character literal
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def platte_tekst(markdown: str) -> str:
    """A proposal's Markdown as a terminal shows it: literal characters without their escapes."""
    return _ESCAPE.sub(r"\1", markdown)
