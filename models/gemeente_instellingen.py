"""A gemeente's own settings over the global MAKELAAR_* ones (table gemeente_instelling, issue 16).

A national programme runs many gemeenten from the same workers. Where a gemeente differs, it
has its own value of six settings (VELDEN), stored in the shared database so every worker sees
the same: the language of its guide, letters and mails (locale), the minimum cell size of its
published figures, and the sender, public address and contact lines of its survey invitations
and reminders. Everything else (database, SMTP server, keys, folders) stays global.

`controleer` validates what `makelaar gemeente instellen` was given with the Settings class's
own validators, so a gemeente's value is valid exactly when the same value in the environment
would be. A gemeente may only make disclosure control stricter: a min_cell_size under the global
one is refused, and `instellingen_voor` never applies one (the global wins when it was raised
after the gemeente's was stored). A gemeente with a contact of its own and no English one has
its Dutch contact in English too (Settings.contactregel), never the global English one.
`instellingen_voor` gives the Settings of one gemeente: the
global ones with the gemeente's values over them, for everything done for that gemeente.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import EnqueteRonde, Evaluatieronde, GemeenteInstelling

#: the settings a gemeente may have its own value of, as Settings and the table name them
VELDEN: tuple[str, ...] = (
    "locale",
    "min_cell_size",
    "mail_from",
    "public_url",
    "contact",
    "contact_en",
)

Herkomst = Literal["gemeente", "landelijk"]


class OngeldigeInstelling(ValueError):
    """A value Settings refuses (`reden` "ongeldig") or a min_cell_size under the global one
    ("te_laag"); nothing was stored."""

    def __init__(self, veld: str, waarde: str, reden: Literal["ongeldig", "te_laag"]) -> None:
        super().__init__(f"{veld}={waarde!r}: {reden}")
        self.veld, self.waarde, self.reden = veld, waarde, reden


def controleer(settings: Settings, waarden: Mapping[str, str]) -> dict[str, Any]:
    """The given values (setting name -> text) as Settings reads them; "" resets to global (None).

    Each value goes through Settings' own validation of that field (its type, bounds and field
    validators), so a gemeente's value is valid exactly when the same value in MAKELAAR_* would
    be; a min_cell_size must also be at least the global one. The first invalid value raises
    OngeldigeInstelling.
    """
    result: dict[str, Any] = {}
    for veld, waarde in waarden.items():
        if veld not in VELDEN:
            raise KeyError(veld)
        if not waarde.strip():
            result[veld] = None
            continue
        kopie = settings.model_copy()
        try:
            Settings.__pydantic_validator__.validate_assignment(kopie, veld, waarde)
        except ValidationError:
            raise OngeldigeInstelling(veld, waarde, "ongeldig") from None
        gelezen = getattr(kopie, veld)
        if veld == "min_cell_size" and gelezen < settings.min_cell_size:
            raise OngeldigeInstelling(veld, waarde, "te_laag")
        result[veld] = gelezen
    return result


def stel_in(session: Session, gemeente_code: str, waarden: Mapping[str, Any]) -> None:
    """Store the gemeente's values from `controleer` (None: back to the global value); settings
    not in `waarden` keep what they were."""
    row = session.get(GemeenteInstelling, gemeente_code)
    if row is None:
        row = GemeenteInstelling(gemeente_code=gemeente_code)
        session.add(row)
    for veld, waarde in waarden.items():
        if veld not in VELDEN:
            raise KeyError(veld)
        setattr(row, veld, waarde)
    row.bijgewerkt_op = dt.datetime.now(dt.UTC)
    session.flush()


def eigen_waarden(session: Session, gemeente_code: str) -> dict[str, Any]:
    """The values the gemeente has of its own (set, not NULL), by setting name."""
    row = session.get(GemeenteInstelling, gemeente_code)
    if row is None:
        return {}
    return {veld: getattr(row, veld) for veld in VELDEN if getattr(row, veld) is not None}


@dataclass(frozen=True)
class Instelling:
    """One setting as it applies to a gemeente: its value and where that value comes from."""

    veld: str
    waarde: Any
    herkomst: Herkomst
    eigen: Any = None  # the gemeente's own value where it is not applied (a lower min cell size)


def toepassen(settings: Settings, eigen: Mapping[str, Any]) -> Settings:
    """`settings` with the gemeente's own values `eigen` over them (a lower min_cell_size not)."""
    update = dict(eigen)
    if update.get("min_cell_size", settings.min_cell_size) < settings.min_cell_size:
        del update["min_cell_size"]
    if "contact" in update and "contact_en" not in update:
        update["contact_en"] = None  # English: the gemeente's own contact, not the global one's
    return settings.model_copy(update=update) if update else settings


def overzicht(settings: Settings, eigen: Mapping[str, Any]) -> list[Instelling]:
    """Every setting of VELDEN as it applies to the gemeente, with where its value comes from."""
    geldend = toepassen(settings, eigen)
    result = []
    for veld in VELDEN:
        waarde = getattr(geldend, veld)
        van_gemeente = veld in eigen and eigen[veld] == waarde
        if van_gemeente or (veld == "contact_en" and "contact" in eigen):
            result.append(Instelling(veld, waarde, "gemeente"))
        else:
            result.append(Instelling(veld, waarde, "landelijk", eigen.get(veld)))
    return result


def instellingen_voor(bron: Store | Session, settings: Settings, gemeente_code: str) -> Settings:
    """The settings for work of one gemeente: the global `settings` with its own values over them.

    `settings` itself when the gemeente has none (or is unknown). Reads one row.
    """
    if isinstance(bron, Session):
        return toepassen(settings, eigen_waarden(bron, gemeente_code))
    with bron.session() as session:
        return toepassen(settings, eigen_waarden(session, gemeente_code))


def instellingen_voor_enquete(
    bron: Store | Session, settings: Settings, enquete_ronde_id: int
) -> Settings:
    """The settings of the gemeente a survey round belongs to (through its evaluation round);
    the global `settings` for a survey round that does not exist (its caller says so)."""

    def lees(session: Session) -> Settings:
        gemeente_code = session.scalar(
            select(Evaluatieronde.gemeente_code)
            .join(EnqueteRonde, EnqueteRonde.ronde_id == Evaluatieronde.id)
            .where(EnqueteRonde.id == enquete_ronde_id)
        )
        if gemeente_code is None:
            return settings
        return instellingen_voor(session, settings, gemeente_code)

    if isinstance(bron, Session):
        return lees(bron)
    with bron.session() as session:
        return lees(session)
