"""The validating models of logbook rows: one pydantic model per record kind, built from the column
definitions the template uses (types, bounds, lengths, required), plus the rules that tie columns
together (a reason when an initiative did not go ahead, ...). intake.logboek.rijen reads the cells
and validates a row's values with `MODELLEN`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from makelaar.intake.logboek.kolommen import RECORDSOORTEN, Kolom, Recordsoort, Soort
from makelaar.models.domain import INITIATIEF_ZONDER_DOORGANG, ActieType, CasusAfsluiting

__all__ = ["MODELLEN", "Regelfout"]


class Regelfout(ValueError):
    """A rule across columns is broken; `kolom` is the field the message is about."""

    def __init__(self, veld: str, nl: str, en: str) -> None:
        super().__init__(nl)
        self.veld = veld
        self.nl = nl
        self.en = en


def _python_type(kolom: Kolom) -> Any:
    match kolom.soort:
        case Soort.GEHEEL:
            return int
        case Soort.DECIMAAL:
            return float
        case Soort.DATUM:
            return dt.date
        case Soort.KEUZE:
            assert kolom.keuzes is not None
            return kolom.keuzes
        case Soort.KEUZES | Soort.PARTNERS:
            return list[str]
        case _:
            return str


def _field(kolom: Kolom) -> tuple[Any, Any]:
    kind = _python_type(kolom)
    constraints: dict[str, Any] = {}
    if kolom.minimum is not None:
        constraints["ge"] = kolom.minimum
    if kolom.maximum is not None:
        constraints["le"] = kolom.maximum
    if kolom.max_lengte is not None and kind is str:
        constraints["max_length"] = kolom.max_lengte
    if kolom.verplicht:
        return kind, Field(..., **constraints)
    return kind | None, Field(None, **constraints)


class _Rij(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Actie(_Rij):
    @model_validator(mode="after")
    def _anders(self) -> _Actie:
        data = self.__dict__
        if data["actietype"] == ActieType.ANDERS and not data["actietype_anders"]:
            raise Regelfout(
                "actietype_anders",
                "bij soort actie 'Anders' is 'Anders, namelijk' verplicht: zeg wat voor actie "
                "het was.",
                "with type 'Other', 'Other, namely' is required: say what kind of action it was.",
            )
        reached = data["bereikt"]
        for veld, rol, rollen, role in (
            ("bewoners_organisator", "organisator", "organisatoren", "organiser"),
            ("bewoners_deelnemer", "deelnemer", "deelnemers", "participant"),
        ):
            count = data[veld]
            if reached is not None and count is not None and count > reached:
                raise Regelfout(
                    veld,
                    f"{count} bewoners als {rol} is meer dan de {reached} bereikte mensen; "
                    f"{rollen} tellen mee in 'Aantal bereikt'.",
                    f"{count} residents as {role} exceeds the {reached} people reached.",
                )
        return self


class _Initiatief(_Rij):
    @model_validator(mode="after")
    def _reden(self) -> _Initiatief:
        data = self.__dict__
        if data["status"] in INITIATIEF_ZONDER_DOORGANG and not data["reden"]:
            raise Regelfout(
                "reden",
                "een initiatief dat niet ondersteund is of gestrand is, heeft een reden nodig: "
                "waarom ging het niet door?",
                "an initiative that was not supported or stranded needs a reason: why did it "
                "not go ahead?",
            )
        started = data["gestart_op"]
        if started is not None and started > data["datum"]:
            raise Regelfout(
                "gestart_op",
                f"'Gestart op' ({started:%d-%m-%Y}) ligt na de datum van deze status "
                f"({data['datum']:%d-%m-%Y}).",
                f"'Started on' ({started:%d-%m-%Y}) is after this status's date.",
            )
        return self


class _Casus(_Rij):
    @model_validator(mode="after")
    def _volgorde(self) -> _Casus:
        data = self.__dict__
        aangemeld, contact, gesloten = (
            data["aangemeld_op"],
            data["eerste_contact"],
            data["afgesloten_op"],
        )
        if contact is not None and contact < aangemeld:
            raise Regelfout(
                "eerste_contact",
                f"het eerste contact ({contact:%d-%m-%Y}) ligt voor de aanmelding "
                f"({aangemeld:%d-%m-%Y}).",
                f"first contact ({contact:%d-%m-%Y}) is before the request ({aangemeld:%d-%m-%Y}).",
            )
        if gesloten is not None and gesloten < aangemeld:
            raise Regelfout(
                "afgesloten_op",
                f"de afsluiting ({gesloten:%d-%m-%Y}) ligt voor de aanmelding "
                f"({aangemeld:%d-%m-%Y}).",
                f"closing ({gesloten:%d-%m-%Y}) is before the request ({aangemeld:%d-%m-%Y}).",
            )
        afsluiting: CasusAfsluiting | None = data["afsluiting"]
        if (gesloten is None) != (afsluiting is None):
            veld = "afsluiting" if gesloten is not None else "afgesloten_op"
            raise Regelfout(
                veld,
                "'Datum afsluiting' en 'Afsluiting' horen bij elkaar: vul ze allebei in als de "
                "casus is afgesloten, of laat ze allebei leeg.",
                "'Date closed' and 'Closure' go together: fill in both when the case is closed, "
                "or leave both empty.",
            )
        return self


_BASES: dict[str, type[_Rij]] = {
    "acties": _Actie,
    "initiatieven": _Initiatief,
    "casussen": _Casus,
}


def _model(soort: Recordsoort) -> type[_Rij]:
    fields: dict[str, Any] = {k.veld: _field(k) for k in soort.kolommen}
    if soort.naam == "acties":
        fields["partner_organisaties"] = (list[str] | None, None)
    return create_model(
        f"{soort.naam.capitalize()}Rij", __base__=_BASES.get(soort.naam, _Rij), **fields
    )


MODELLEN: dict[str, type[_Rij]] = {soort.naam: _model(soort) for soort in RECORDSOORTEN}
