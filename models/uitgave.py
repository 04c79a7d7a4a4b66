"""A gemeente's own name, logo and contact for the handreiking it publishes (table gemeente_uitgave).

`stel_in` writes what `makelaar gemeente instellen` was given (what it was not given stays as it
was); `uitgave_van` reads it for an edition. The logo's bytes live in the table: an edition never
reads the file again, nor anything from the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from makelaar.models.schemas import Uitgave
from makelaar.models.tables import GemeenteUitgave


@dataclass(frozen=True)
class Wijziging:
    """What `stel_in` is given; None leaves a field as it was, "" clears it."""

    naam: str | None = None
    contact: str | None = None
    website: str | None = None
    logo: tuple[bytes, str] | None = None  # (bytes, type)
    logo_alt: str | None = None
    zonder_logo: bool = False


def stel_in(session: Session, gemeente_code: str, wijziging: Wijziging) -> Uitgave:
    """Store the gemeente's publication settings and return them as an edition reads them."""
    row = session.get(GemeenteUitgave, gemeente_code)
    if row is None:
        row = GemeenteUitgave(gemeente_code=gemeente_code)
        session.add(row)
    for field in ("naam", "contact", "website", "logo_alt"):
        value = getattr(wijziging, field)
        if value is not None:
            setattr(row, field, value or None)
    if wijziging.zonder_logo:
        row.logo = row.logo_type = row.logo_sha256 = None
    elif wijziging.logo is not None:
        data, type_ = wijziging.logo
        row.logo, row.logo_type = data, type_
        row.logo_sha256 = hashlib.sha256(data).hexdigest()
    row.bijgewerkt_op = dt.datetime.now(dt.UTC)
    session.flush()
    return _als_uitgave(row)


def _als_uitgave(row: GemeenteUitgave) -> Uitgave:
    return Uitgave(
        naam=row.naam,
        contact=row.contact,
        website=row.website,
        logo=row.logo,
        logo_type=row.logo_type,
        logo_alt=row.logo_alt,
    )


def uitgave_van(session: Session, gemeente_code: str) -> Uitgave | None:
    """The gemeente's publication settings, or None when none were set (the edition's defaults)."""
    row = session.get(GemeenteUitgave, gemeente_code)
    return None if row is None else _als_uitgave(row)
