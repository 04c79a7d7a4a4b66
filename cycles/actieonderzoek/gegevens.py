"""What the actieonderzoek reads for a round: teams, team questions and initiatives, the logbook's
actions in the teams' wijken, and the reflection forms and partner survey of the round."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from makelaar.cycles.actieonderzoek.instellingen import Instellingen
from makelaar.cycles.actieonderzoek.tabellen import inbreng, team
from makelaar.models.privacy import Pseudonymiser, Screener
from makelaar.models.tables import (
    BekendeNaam,
    Enquete,
    EnqueteRonde,
    Makelaar,
    Respons,
    SocialeActie,
)
from makelaar.models.upsert import upsert

__all__ = [
    "FORM_MAKELAAR",
    "FORM_PARTNER",
    "FORM_WERKER",
    "Citaat",
    "Inbreng",
    "Reflectie",
    "Waarnemingen",
    "lees",
    "schrijf_teams",
    "themas_in",
]

FORM_MAKELAAR = "ao_reflectie_makelaar"
FORM_WERKER = "ao_reflectie_sociaal_werker"
FORM_PARTNER = "partnerenquete"
#: the reflection forms' free-text answers the codebook's themes are counted in
VRIJE_TEKST = ("wat_werkte", "wat_geleerd", "wat_anders", "voorbeeld")


@dataclass(frozen=True)
class Inbreng:
    team: str
    soort: str
    thema: str
    collectief: bool


@dataclass(frozen=True)
class Reflectie:
    team: str | None
    rol: str  # "makelaar" or "sociaal_werker"
    samenwerking: int | None
    themas: frozenset[str]


@dataclass(frozen=True)
class Citaat:
    """An example its writer agreed to have quoted, after screening."""

    tekst: str
    rol: str
    gemaskeerd: bool


@dataclass
class Waarnemingen:
    inbreng: list[Inbreng] = field(default_factory=list)
    acties: dict[str, int] = field(default_factory=dict)  # team -> logbook actions
    reflecties: list[Reflectie] = field(default_factory=list)
    partnercijfers: list[int] = field(default_factory=list)
    citaten: list[Citaat] = field(default_factory=list)


def schrijf_teams(session: Session, instellingen: Instellingen) -> int:
    """Store the settings' teams (by gemeente and code); returns how many there are."""
    rows = [
        {
            "gemeente_code": instellingen.gemeente,
            "code": t.code,
            "naam": t.naam,
            "wijken": list(t.wijken),
            "makelaar": t.makelaar,
        }
        for t in instellingen.teams
    ]
    upsert(
        session, team, rows, key=("gemeente_code", "code"), update=("naam", "wijken", "makelaar")
    )
    return len(rows)


def _woorden(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ]+", text.casefold()))


def themas_in(text: str, instellingen: Instellingen) -> frozenset[str]:
    """The codebook's themes a text names: one of a theme's words as a whole word (a word of
    several parts, such as 'betalingsachterstand', also as the start of a longer word)."""
    words = _woorden(text)
    found = set()
    for thema, spec in instellingen.codeboek.items():
        for woord in spec.woorden:
            w = woord.casefold()
            if w in words or (len(w) >= 6 and any(x.startswith(w) for x in words)):
                found.add(thema)
                break
    return frozenset(found)


def lees(
    session: Session,
    instellingen: Instellingen,
    ronde_id: int,
    begin: dt.date,
    einde: dt.date,
    pseudo: Pseudonymiser,
) -> Waarnemingen:
    """The round's data, per team."""
    result = Waarnemingen()
    rows = session.execute(
        select(inbreng.c.team_code, inbreng.c.soort, inbreng.c.thema, inbreng.c.collectief_aanbod)
        .where(
            inbreng.c.gemeente_code == instellingen.gemeente,
            inbreng.c.datum.between(begin, einde),
        )
        .order_by(inbreng.c.id)
    ).all()
    result.inbreng = [Inbreng(t, s, th, bool(c)) for t, s, th, c in rows]
    per_wijk: dict[str, int] = {
        wijk: int(n)
        for wijk, n in session.execute(
            select(SocialeActie.wijk_code, func.count())
            .where(
                SocialeActie.datum.between(begin, einde),
                SocialeActie.wijk_code.in_(list(instellingen.team_van_wijk())),
            )
            .group_by(SocialeActie.wijk_code)
        ).tuples()
    }
    for t in instellingen.teams:
        result.acties[t.code] = sum(per_wijk.get(w, 0) for w in t.wijken)
    _reflecties(session, instellingen, ronde_id, pseudo, result)
    return result


def _reflecties(
    session: Session,
    instellingen: Instellingen,
    ronde_id: int,
    pseudo: Pseudonymiser,
    result: Waarnemingen,
) -> None:
    team_van = instellingen.team_van_wijk()
    antwoorden: Sequence[tuple[str, str | None, dict[str, object]]] = (
        session.execute(
            select(Enquete.form_id, Respons.wijk_code, Respons.antwoorden)
            .join(EnqueteRonde, EnqueteRonde.id == Respons.enquete_ronde_id)
            .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
            .where(EnqueteRonde.ronde_id == ronde_id)
            .order_by(Respons.enquete_ronde_id, Respons.instance_id)
        )
        .tuples()
        .all()
    )
    screener = Screener(pseudo, known_name_hashes=session.scalars(select(BekendeNaam.hash)).all())
    screener.add_names(session.scalars(select(Makelaar.naam)).all())
    for form_id, wijk, raw in antwoorden:
        answers = raw or {}
        if form_id == FORM_PARTNER:
            cijfer = answers.get("rapportcijfer_samenwerking")
            if isinstance(cijfer, int | float | str) and str(cijfer).strip().isdigit():
                result.partnercijfers.append(int(str(cijfer).strip()))
            continue
        if form_id not in (FORM_MAKELAAR, FORM_WERKER):
            continue
        rol = "makelaar" if form_id == FORM_MAKELAAR else "sociaal_werker"
        tekst = " ".join(str(answers.get(k) or "") for k in VRIJE_TEKST)
        score = answers.get("samenwerking")
        samenwerking = int(str(score)) if str(score or "").strip() in "12345" and score else None
        result.reflecties.append(
            Reflectie(
                team=team_van.get(wijk) if wijk else None,
                rol=rol,
                samenwerking=samenwerking,
                themas=themas_in(tekst, instellingen),
            )
        )
        voorbeeld = answers.get("voorbeeld")
        if answers.get("voorbeeld_citeren") == "ja" and isinstance(voorbeeld, str):
            screened = screener.screen(voorbeeld.strip())
            if screened.text:
                result.citaten.append(Citaat(screened.text, rol, bool(screened.hits)))


def team_namen(session: Session, gemeente_code: str) -> dict[str, str]:
    """team code -> name, as stored."""
    rows = session.execute(
        sa.select(team.c.code, team.c.naam).where(team.c.gemeente_code == gemeente_code)
    ).tuples()
    return {str(code): str(naam) for code, naam in rows}
