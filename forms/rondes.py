"""Forms in the store and survey rounds: import a form, open, list and close survey rounds.

A survey round puts one imported form to one audience in a window, tied to an evaluation round.
Brokers and partners answer identified by default (panels across rounds), social workers and
residents anonymously; the mode is fixed once anyone has started answering. Opening the same
(round, audience, form) again returns the round that exists; different settings for it are
refused, never applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from makelaar.forms.definitie import Formulier
from makelaar.forms.opruimen import ruim_op
from makelaar.forms.tijden import lokaal, lokaal_einde
from makelaar.models.domain import EnqueteModus, Publiek, modus_label
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import (
    Concept,
    Enquete,
    EnqueteRonde,
    Evaluatieronde,
    Respons,
    Uitnodiging,
    utcnow,
)

#: the mode each audience gets unless the researcher chooses otherwise
STANDAARD_MODUS: dict[Publiek, EnqueteModus] = {
    Publiek.MAKELAARS: EnqueteModus.IDENTIFICEERBAAR,
    Publiek.SOCIAAL_WERKERS: EnqueteModus.ANONIEM,  # colleagues in a team: reflect freely
    Publiek.PARTNERS: EnqueteModus.IDENTIFICEERBAAR,
    Publiek.BEWONERS: EnqueteModus.ANONIEM,
}


class Staat(StrEnum):
    """Where a survey round's window stands at a moment."""

    GEPLAND = "gepland"  # not yet open
    OPEN = "open"
    GESLOTEN = "gesloten"  # closed early, or past its closing time


class EnqueteInfo(BaseModel):
    """An imported form as stored, and whether this import added it."""

    id: int
    form_id: str
    versie: str
    titel: str
    bron: str
    sha256: str
    nieuw: bool


class EnqueteRondeInfo(BaseModel):
    """A survey round with its form and the state of its window."""

    id: int
    ronde_id: int
    enquete_id: int
    form_id: str
    versie: str
    titel: str
    publiek: Publiek
    modus: EnqueteModus
    opent_op: dt.datetime
    sluit_op: dt.datetime
    gesloten_op: dt.datetime | None
    max_herinneringen: int
    herinnering_na_uren: int
    staat: Staat
    nieuw: bool = False


def staat(ronde: EnqueteRonde, now: dt.datetime) -> Staat:
    """The window's state at `now`."""
    if ronde.gesloten_op is not None or now >= ronde.sluit_op:
        return Staat.GESLOTEN
    if now < ronde.opent_op:
        return Staat.GEPLAND
    return Staat.OPEN


# --- forms ---------------------------------------------------------------------------------------


def importeer_formulier(store: Store, path: Path) -> EnqueteInfo:
    """Read an XLSForm file (forms.xlsform) and store it; the same version twice adds nothing."""
    from makelaar.forms.xlsform import lees_formulier  # the XLSForm reader is another module's job

    formulier = lees_formulier(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return bewaar_formulier(store, formulier, sha256=digest, bron=path.name)


def bewaar_formulier(store: Store, formulier: Formulier, *, sha256: str, bron: str) -> EnqueteInfo:
    """Store a parsed form under (form_id, versie); refused when that version differs in content."""
    with store.session() as session:
        found = _formulier_versie(session, formulier.form_id, formulier.versie)
        if found is None:
            found = Enquete(
                form_id=formulier.form_id,
                versie=formulier.versie,
                titel=formulier.tekst(formulier.titel, formulier.standaardtaal)[:300],
                bron=bron[:300],
                sha256=sha256,
                definitie=formulier.model_dump(mode="json"),
            )
            try:
                with session.begin_nested():
                    session.add(found)
                    session.flush()
            except IntegrityError:  # another import stored it at the same moment
                found = _formulier_versie(session, formulier.form_id, formulier.versie)
                assert found is not None
            else:
                return _enquete_info(found, nieuw=True)
        if found.sha256 != sha256:
            raise MakelaarError(
                f"Formulier {formulier.form_id!r} versie {formulier.versie!r} is al ingelezen "
                f"uit {found.bron} met andere inhoud ({bron} verschilt). Verhoog de versie in het "
                "blad 'settings' (kolom version) en lees het formulier opnieuw in; een "
                "ingelezen versie verandert nooit, zodat antwoorden bij hun vragen blijven passen.",
                en=f"Form {formulier.form_id!r} version {formulier.versie!r} was already imported "
                f"from {found.bron} with different content ({bron} differs). Raise the version in "
                "the sheet 'settings' (column version) and import the form again; an imported "
                "version never changes, so that answers keep fitting their questions.",
            )
        return _enquete_info(found, nieuw=False)


def _formulier_versie(session: Session, form_id: str, versie: str) -> Enquete | None:
    return session.scalars(
        select(Enquete).where(Enquete.form_id == form_id, Enquete.versie == versie)
    ).one_or_none()


def _enquete_info(enquete: Enquete, *, nieuw: bool) -> EnqueteInfo:
    return EnqueteInfo(
        id=enquete.id,
        form_id=enquete.form_id,
        versie=enquete.versie,
        titel=enquete.titel,
        bron=enquete.bron,
        sha256=enquete.sha256,
        nieuw=nieuw,
    )


def formulier(session: Session, enquete_id: int) -> Formulier:
    """The parsed form stored with an imported form."""
    enquete = session.get(Enquete, enquete_id)
    if enquete is None:
        raise MakelaarError(
            f"Formulier {enquete_id} bestaat niet.", en=f"There is no form {enquete_id}."
        )
    return Formulier.model_validate(enquete.definitie)


def _zoek_formulier(session: Session, naam: str | int) -> Enquete:
    """A form by its id number, or by form_id (its newest imported version)."""
    if isinstance(naam, int) or str(naam).isdigit():
        enquete = session.get(Enquete, int(naam))
        if enquete is not None:
            return enquete
    found = session.scalars(
        select(Enquete).where(Enquete.form_id == str(naam)).order_by(Enquete.id.desc()).limit(1)
    ).first()
    if found is not None:
        return found
    known = session.scalars(select(Enquete.form_id).distinct().order_by(Enquete.form_id)).all()
    raise MakelaarError(
        f"Formulier {naam!r} is niet ingelezen; ingelezen zijn: {', '.join(known) or '(geen)'}. "
        "Lees het in met 'makelaar enquete formulier PAD'.",
        en=f"Form {naam!r} has not been imported; imported are: {', '.join(known) or '(none)'}. "
        "Import it with 'makelaar enquete formulier PATH'.",
    )


# --- survey rounds -------------------------------------------------------------------------------


def open_enquete(
    store: Store,
    *,
    ronde_id: int,
    formulier: str | int,
    publiek: Publiek,
    opent_op: dt.datetime | None,
    sluit_op: dt.datetime,
    modus: EnqueteModus | None = None,
    max_herinneringen: int = 2,
    herinnering_na_uren: int = 168,
    now: dt.datetime | None = None,
) -> EnqueteRondeInfo:
    """Open a survey round (or return the one that exists for this round, audience and form).

    `opent_op` None means now for a new round, and whatever it opened at for an existing one.
    """
    moment = now or utcnow()
    for name, value in (("opent_op", opent_op), ("sluit_op", sluit_op)):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name} {value!r} has no timezone; pass an aware datetime")
    if sluit_op <= (opent_op or moment):
        raise MakelaarError(
            f"Het venster sluit ({lokaal(sluit_op)}) voor of op het moment dat het opent "
            f"({lokaal(opent_op or moment)}); kies een sluitdatum na de openingsdatum.",
            en=f"The window closes ({lokaal(sluit_op)}) before or at the moment it opens "
            f"({lokaal(opent_op or moment)}); choose a closing date after the opening date.",
        )
    if max_herinneringen < 0 or herinnering_na_uren <= 0:
        raise MakelaarError(
            f"Herinneringen: maximaal {max_herinneringen} met {herinnering_na_uren} uur "
            "ertussen kan niet; kies 0 of meer herinneringen en minstens 1 uur.",
            en=f"Reminders: at most {max_herinneringen} with {herinnering_na_uren} hour(s) "
            "between them cannot work; choose 0 or more reminders and at least 1 hour.",
        )
    gekozen = modus or STANDAARD_MODUS[publiek]
    with store.session() as session:
        if session.get(Evaluatieronde, ronde_id) is None:
            raise MakelaarError(
                f"Evaluatieronde {ronde_id} bestaat niet; start er een met 'makelaar round start' "
                "en zie de nummers met 'makelaar round status'.",
                en=f"There is no evaluation round {ronde_id}; start one with 'makelaar round "
                "start' and see the numbers with 'makelaar round status'.",
            )
        enquete = _zoek_formulier(session, formulier)
        bestaand = _bestaande(session, ronde_id, publiek, enquete.id)
        if bestaand is None:
            nieuw = EnqueteRonde(
                ronde_id=ronde_id,
                enquete_id=enquete.id,
                publiek=publiek,
                modus=gekozen,
                opent_op=opent_op or moment,
                sluit_op=sluit_op,
                max_herinneringen=max_herinneringen,
                herinnering_na_uren=herinnering_na_uren,
            )
            try:
                with session.begin_nested():
                    session.add(nieuw)
                    session.flush()
            except IntegrityError:  # opened by another process at the same moment
                bestaand = _bestaande(session, ronde_id, publiek, enquete.id)
                assert bestaand is not None
            else:
                return _ronde_info(nieuw, enquete, moment, nieuw=True)
        wens = {
            "modus": gekozen,
            "opent_op": opent_op or bestaand.opent_op,
            "sluit_op": sluit_op,
            "max_herinneringen": max_herinneringen,
            "herinnering_na_uren": herinnering_na_uren,
        }
        verschil = [
            veld for veld, waarde in wens.items() if not _zelfde(getattr(bestaand, veld), waarde)
        ]
        anders = [
            f"{_VELDEN[veld]} is {_toon(getattr(bestaand, veld))}, gevraagd {_toon(wens[veld])}"
            for veld in verschil
        ]
        anders_en = [
            f"{_VELDEN_EN[veld]} is {_toon(getattr(bestaand, veld), 'en')}, asked "
            f"{_toon(wens[veld], 'en')}"
            for veld in verschil
        ]
        if anders:
            raise MakelaarError(
                f"Enquêteronde {bestaand.id} ({enquete.form_id}, {publiek.value}) bestaat al in "
                f"evaluatieronde {ronde_id} met andere instellingen: {'; '.join(anders)}. "
                "Open haar met dezelfde instellingen, of sluit of wijzig die ronde eerst.",
                en=f"Survey round {bestaand.id} ({enquete.form_id}, {publiek.value}) already "
                f"exists in evaluation round {ronde_id} with other settings: "
                f"{'; '.join(anders_en)}. Open it with the same settings, or close or change that "
                "round first.",
            )
        return _ronde_info(bestaand, enquete, moment)


_VELDEN = {
    "modus": "de modus",
    "opent_op": "het venster opent",
    "sluit_op": "het venster sluit",
    "max_herinneringen": "het maximum aantal herinneringen",
    "herinnering_na_uren": "de minimale tijd tussen herinneringen (uren)",
}
_VELDEN_EN = {
    "modus": "the mode",
    "opent_op": "the window opens",
    "sluit_op": "the window closes",
    "max_herinneringen": "the maximum number of reminders",
    "herinnering_na_uren": "the minimum time between reminders (hours)",
}


def _zelfde(bestaand: object, gevraagd: object) -> bool:
    """Equal as the conflict message shows them: moments to the minute. A window is set in
    minutes at most; two runs that each computed it from their own clock differ in seconds."""
    if isinstance(bestaand, dt.datetime) and isinstance(gevraagd, dt.datetime):
        return bestaand.replace(second=0, microsecond=0) == gevraagd.replace(
            second=0, microsecond=0
        )
    return bestaand == gevraagd


def _toon(value: object, taal: str | None = None) -> str:
    if isinstance(value, dt.datetime):
        return lokaal_einde(value)
    if isinstance(value, EnqueteModus):
        return in_taal(taal, value.value, modus_label(value, taal))
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


def _bestaande(
    session: Session, ronde_id: int, publiek: Publiek, enquete_id: int
) -> EnqueteRonde | None:
    return session.scalars(
        select(EnqueteRonde).where(
            EnqueteRonde.ronde_id == ronde_id,
            EnqueteRonde.publiek == publiek,
            EnqueteRonde.enquete_id == enquete_id,
        )
    ).one_or_none()


def _ronde_info(
    ronde: EnqueteRonde, enquete: Enquete, now: dt.datetime, *, nieuw: bool = False
) -> EnqueteRondeInfo:
    return EnqueteRondeInfo(
        id=ronde.id,
        ronde_id=ronde.ronde_id,
        enquete_id=enquete.id,
        form_id=enquete.form_id,
        versie=enquete.versie,
        titel=enquete.titel,
        publiek=ronde.publiek,
        modus=ronde.modus,
        opent_op=ronde.opent_op,
        sluit_op=ronde.sluit_op,
        gesloten_op=ronde.gesloten_op,
        max_herinneringen=ronde.max_herinneringen,
        herinnering_na_uren=ronde.herinnering_na_uren,
        staat=staat(ronde, now),
        nieuw=nieuw,
    )


def get_enquete_ronde(
    session: Session, enquete_ronde_id: int, now: dt.datetime | None = None
) -> EnqueteRondeInfo:
    """One survey round; a clear error when there is none with that number."""
    ronde, enquete = ronde_met_enquete(session, enquete_ronde_id)
    return _ronde_info(ronde, enquete, now or utcnow())


def ronde_met_enquete(session: Session, enquete_ronde_id: int) -> tuple[EnqueteRonde, Enquete]:
    """The survey round and its form's row; a clear error when there is no such round."""
    ronde = session.get(EnqueteRonde, enquete_ronde_id)
    if ronde is None:
        raise MakelaarError(
            f"Enquêteronde {enquete_ronde_id} bestaat niet; zie de nummers met "
            "'makelaar enquete lijst'.",
            en=f"There is no survey round {enquete_ronde_id}; see the numbers with "
            "'makelaar enquete lijst'.",
        )
    enquete = session.get(Enquete, ronde.enquete_id)
    assert enquete is not None, "enquete_ronde.enquete_id is a foreign key"
    return ronde, enquete


def heeft_antwoorden(session: Session, enquete_ronde_id: int) -> bool:
    """True once the round has a response or anyone has saved a draft."""
    respons = session.scalar(select(exists().where(Respons.enquete_ronde_id == enquete_ronde_id)))
    concept = session.scalar(select(exists().where(Concept.enquete_ronde_id == enquete_ronde_id)))
    return bool(respons or concept)


def zet_modus(store: Store, enquete_ronde_id: int, modus: EnqueteModus) -> EnqueteRondeInfo:
    """Switch a round between identified and anonymous; refused once anyone has answered."""
    with store.session() as session:
        ronde = session.get(EnqueteRonde, enquete_ronde_id)
        info = get_enquete_ronde(session, enquete_ronde_id)
        assert ronde is not None
        if ronde.modus is modus:
            return info
        if heeft_antwoorden(session, enquete_ronde_id):
            raise MakelaarError(
                f"Enquêteronde {enquete_ronde_id} is {ronde.modus.value} en heeft al antwoorden "
                f"of begonnen concepten; {modus.value} maken kan niet meer, omdat wie antwoordde "
                f"dat deed onder de belofte '{ronde.modus.value}'. Open een nieuwe enquêteronde "
                "als het anders moet.",
                en=f"Survey round {enquete_ronde_id} is {modus_label(ronde.modus, 'en')} and "
                "already has answers or started drafts; it can no longer be made "
                f"{modus_label(modus, 'en')}, because whoever answered did so under the promise "
                f"'{modus_label(ronde.modus, 'en')}'. Open a new survey round if it has to be "
                "different.",
            )
        uitnodigingen = session.scalars(
            select(Uitnodiging).where(Uitnodiging.enquete_ronde_id == enquete_ronde_id)
        ).all()
        if modus is EnqueteModus.IDENTIFICEERBAAR and uitnodigingen:
            raise MakelaarError(
                f"Enquêteronde {enquete_ronde_id} heeft al {len(uitnodigingen)} anonieme "
                "uitnodiging(en) zonder respondentcode; identificeerbaar maken kan dan niet. Open "
                "een nieuwe, identificeerbare enquêteronde en nodig daarvoor uit.",
                en=f"Survey round {enquete_ronde_id} already has {len(uitnodigingen)} anonymous "
                "invitation(s) without a respondent code; it cannot be made identifiable. Open a "
                "new, identifiable survey round and invite people to that one.",
            )
        for uitnodiging in uitnodigingen:  # anonymous from now on: no link to a person
            uitnodiging.respondent = None
        ronde.modus = modus
        session.flush()
        return get_enquete_ronde(session, enquete_ronde_id)


def sluit_enquete(
    store: Store, enquete_ronde_id: int, now: dt.datetime | None = None
) -> EnqueteRondeInfo:
    """Close a round's window now (early); closing a closed round changes nothing."""
    moment = now or utcnow()
    with store.session() as session:
        ronde = session.get(EnqueteRonde, enquete_ronde_id)
        get_enquete_ronde(session, enquete_ronde_id)  # the clear error for an unknown number
        assert ronde is not None
        if ronde.gesloten_op is None:
            ronde.gesloten_op = min(moment, ronde.sluit_op)
            session.flush()
        info = get_enquete_ronde(session, enquete_ronde_id, moment)
    ruim_op(store, [enquete_ronde_id], moment)  # what only the open window needed goes now
    return info


def lijst_enquetes(
    store: Store, ronde_id: int | None = None, now: dt.datetime | None = None
) -> list[EnqueteRondeInfo]:
    """The survey rounds (of one evaluation round, or all), oldest first, with their state."""
    moment = now or utcnow()
    with store.session() as session:
        query = select(EnqueteRonde, Enquete).join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
        if ronde_id is not None:
            query = query.where(EnqueteRonde.ronde_id == ronde_id)
        rows = session.execute(query.order_by(EnqueteRonde.id)).all()
        return [_ronde_info(ronde, enquete, moment) for ronde, enquete in rows]


def aantal_uitnodigingen(session: Session, enquete_ronde_id: int) -> int:
    """How many invitations a round has."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Uitnodiging)
            .where(Uitnodiging.enquete_ronde_id == enquete_ronde_id)
        )
        or 0
    )
