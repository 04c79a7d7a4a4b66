"""SQLAlchemy 2 tables of the project store; every row has a natural key so imports are idempotent.

Over 500 lines because the file is declarative table definitions, one class per table: one
place that shows the whole store, its keys and its foreign keys, reads better than the tables
spread over modules, and a migration is written against this one file.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from makelaar.models.domain import (
    ActieType,
    Besluit,
    CasusAfsluiting,
    EnqueteModus,
    Fase,
    FaseStatus,
    InitiatiefStatus,
    Kanaal,
    Melder,
    Niveau,
    Publiek,
    ResponsBron,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
    UitnodigingStatus,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _enum(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint, the same on SQLite and PostgreSQL."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Gemeente(Base):
    __tablename__ = "gemeente"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)  # GM0344
    naam: Mapped[str] = mapped_column(String(100))

    wijken: Mapped[list[Wijk]] = relationship(back_populates="gemeente", order_by="Wijk.code")


class Wijk(Base):
    __tablename__ = "wijk"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # WK034401
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"), index=True)
    naam: Mapped[str] = mapped_column(String(100))

    gemeente: Mapped[Gemeente] = relationship(back_populates="wijken")
    buurten: Mapped[list[Buurt]] = relationship(back_populates="wijk", order_by="Buurt.code")


class Buurt(Base):
    __tablename__ = "buurt"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # BU03440111
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), index=True)
    naam: Mapped[str] = mapped_column(String(100))

    wijk: Mapped[Wijk] = relationship(back_populates="buurten")


class Kerncijfers(Base):
    """CBS Kerncijfers wijken en buurten for one region and year; None where CBS shows '.'."""

    __tablename__ = "kerncijfers"
    __table_args__ = (UniqueConstraint("regiocode", "jaar"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regiocode: Mapped[str] = mapped_column(String(10), index=True)
    niveau: Mapped[Niveau] = mapped_column(_enum(Niveau, "niveau"))
    jaar: Mapped[int] = mapped_column(Integer)
    inwoners: Mapped[int | None]
    leeftijd_0_14: Mapped[int | None]
    leeftijd_15_24: Mapped[int | None]
    leeftijd_25_44: Mapped[int | None]
    leeftijd_45_64: Mapped[int | None]
    leeftijd_65_plus: Mapped[int | None]
    huishoudens: Mapped[int | None]
    eenpersoonshuishoudens: Mapped[int | None]
    pct_huishoudens_laag_inkomen: Mapped[float | None] = mapped_column(Float)
    wmo_clienten: Mapped[int | None]
    herkomst_buiten_europa: Mapped[int | None]  # CBS a_neu_al: migration background outside Europe
    geboren_buiten_europa: Mapped[int | None]  # CBS a_geb_ne: born outside Europe
    bron: Mapped[str] = mapped_column(String(200))
    bijgewerkt_op: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Makelaar(Base):
    """A registered broker (`makelaar makelaars import`): code, name and when they work here.

    A code is unique within its gemeente (each gemeente numbers its own brokers, UT-MK-01 …);
    the register compares codes case-insensitively."""

    __tablename__ = "makelaar"
    __table_args__ = (
        UniqueConstraint("gemeente_code", "code"),
        CheckConstraint(
            "einddatum IS NULL OR startdatum IS NULL OR einddatum >= startdatum",
            name="einde_na_start",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    naam: Mapped[str] = mapped_column(String(100))
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"), index=True)
    startdatum: Mapped[dt.date | None] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)

    wijken: Mapped[list[MakelaarWijk]] = relationship(back_populates="makelaar")


class MakelaarWijk(Base):
    """Which broker works in which wijk (a broker may work in more than one)."""

    __tablename__ = "makelaar_wijk"

    makelaar_id: Mapped[int] = mapped_column(ForeignKey("makelaar.id"), primary_key=True)
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), primary_key=True)

    makelaar: Mapped[Makelaar] = relationship(back_populates="wijken")


class Evaluatieronde(Base):
    """One run of a cycle for a gemeente and period; (gemeente, cyclus, periode) is unique."""

    __tablename__ = "evaluatieronde"
    __table_args__ = (UniqueConstraint("gemeente_code", "cyclus", "periode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"))
    cyclus: Mapped[str] = mapped_column(String(60))
    periode: Mapped[str] = mapped_column(String(20))  # 2026-H2, 2026-Q3, 2026
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)

    fasen: Mapped[list[FaseRun]] = relationship(back_populates="ronde", order_by="FaseRun.id")


class FaseRun(Base):
    """The state and stored result of one phase of a round; its result is what resume reuses."""

    __tablename__ = "fase"
    __table_args__ = (UniqueConstraint("ronde_id", "fase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ronde_id: Mapped[int] = mapped_column(ForeignKey("evaluatieronde.id"))
    fase: Mapped[Fase] = mapped_column(_enum(Fase, "fase"))
    status: Mapped[FaseStatus] = mapped_column(_enum(FaseStatus, "fase_status"))
    gestart_op: Mapped[dt.datetime] = mapped_column(default=utcnow)
    afgerond_op: Mapped[dt.datetime | None]
    resultaat: Mapped[dict[str, Any] | None]
    fout: Mapped[str | None] = mapped_column(Text)
    pogingen: Mapped[int] = mapped_column(Integer, default=1)

    ronde: Mapped[Evaluatieronde] = relationship(back_populates="fasen")


class SocialeActie(Base):
    """One logged broker activity (the logbook's first table)."""

    __tablename__ = "sociale_actie"
    __table_args__ = (
        CheckConstraint("bereikt >= 0", name="bereikt_niet_negatief"),
        CheckConstraint("bewoners_organisator >= 0", name="organisator_niet_negatief"),
        CheckConstraint("bewoners_deelnemer >= 0", name="deelnemer_niet_negatief"),
        CheckConstraint("uren >= 0", name="uren_niet_negatief"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)  # natural key from the source
    datum: Mapped[dt.date] = mapped_column(Date, index=True)
    makelaar_id: Mapped[int] = mapped_column(ForeignKey("makelaar.id"), index=True)
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), index=True)
    buurt_code: Mapped[str | None] = mapped_column(ForeignKey("buurt.code"))
    actietype: Mapped[ActieType] = mapped_column(_enum(ActieType, "actietype"))
    actietype_anders: Mapped[str | None] = mapped_column(String(200))
    partners: Mapped[list[str]] = mapped_column(default=list)  # PartnerSoort values, sorted
    partner_organisaties: Mapped[list[str]] = mapped_column(default=list)  # organisation names
    bereikt: Mapped[int] = mapped_column(Integer, default=0)
    bewoners_organisator: Mapped[int] = mapped_column(Integer, default=0)
    bewoners_deelnemer: Mapped[int] = mapped_column(Integer, default=0)
    doelgroepen: Mapped[list[str]] = mapped_column(default=list)
    resultaat: Mapped[Resultaat] = mapped_column(_enum(Resultaat, "resultaat"))
    uren: Mapped[float] = mapped_column(Float, default=0.0)
    notitie: Mapped[str | None] = mapped_column(Text)
    bron: Mapped[str] = mapped_column(String(200))


class Signaal(Base):
    """A problem or strength noticed in the neighbourhood, and its follow-up."""

    __tablename__ = "signaal"

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)
    datum: Mapped[dt.date] = mapped_column(Date, index=True)
    makelaar_id: Mapped[int] = mapped_column(ForeignKey("makelaar.id"), index=True)
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), index=True)
    buurt_code: Mapped[str | None] = mapped_column(ForeignKey("buurt.code"))
    soort: Mapped[SignaalSoort] = mapped_column(_enum(SignaalSoort, "signaal_soort"))
    categorie: Mapped[SignaalCategorie] = mapped_column(_enum(SignaalCategorie, "signaal_cat"))
    omschrijving: Mapped[str] = mapped_column(Text)
    opvolging: Mapped[str | None] = mapped_column(Text)
    status: Mapped[SignaalStatus] = mapped_column(_enum(SignaalStatus, "signaal_status"))
    melder: Mapped[Melder | None] = mapped_column(_enum(Melder, "melder"))
    bron: Mapped[str] = mapped_column(String(200))


class Bewonersinitiatief(Base):
    """A resident initiative through its life cycle; a reason whenever it did not go ahead."""

    __tablename__ = "bewonersinitiatief"
    __table_args__ = (
        CheckConstraint(
            "status NOT IN ('niet_ondersteund', 'gestrand') OR reden IS NOT NULL",
            name="reden_bij_geen_doorgang",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)
    titel: Mapped[str] = mapped_column(String(200))
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), index=True)
    buurt_code: Mapped[str | None] = mapped_column(ForeignKey("buurt.code"))
    makelaar_id: Mapped[int | None] = mapped_column(ForeignKey("makelaar.id"))
    status: Mapped[InitiatiefStatus] = mapped_column(_enum(InitiatiefStatus, "initiatief_status"))
    reden: Mapped[str | None] = mapped_column(Text)
    ondersteuning: Mapped[str | None] = mapped_column(Text)
    bewoners_betrokken: Mapped[int] = mapped_column(Integer, default=0)
    contactpersoon: Mapped[str | None] = mapped_column(String(64))  # keyed pseudonym, never a name
    gestart_op: Mapped[dt.date] = mapped_column(Date)
    bijgewerkt_op: Mapped[dt.date] = mapped_column(Date)
    bron: Mapped[str] = mapped_column(String(200))

    historie: Mapped[list[InitiatiefStatusWijziging]] = relationship(
        back_populates="initiatief", order_by="InitiatiefStatusWijziging.datum"
    )


class InitiatiefStatusWijziging(Base):
    """One step in an initiative's life cycle, as the logbook reported it (first report wins)."""

    __tablename__ = "initiatief_status"
    __table_args__ = (UniqueConstraint("initiatief_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiatief_id: Mapped[int] = mapped_column(ForeignKey("bewonersinitiatief.id"), index=True)
    status: Mapped[InitiatiefStatus] = mapped_column(_enum(InitiatiefStatus, "initiatief_status"))
    datum: Mapped[dt.date] = mapped_column(Date)
    reden: Mapped[str | None] = mapped_column(Text)
    bron: Mapped[str] = mapped_column(String(200))

    initiatief: Mapped[Bewonersinitiatief] = relationship(back_populates="historie")


class Casus(Base):
    """A household supported with multiple problems (casusregie); the household only as pseudonym."""

    __tablename__ = "casus"
    __table_args__ = (
        CheckConstraint(
            "eerste_contact IS NULL OR eerste_contact >= aangemeld_op", name="contact_na_aanmelding"
        ),
        CheckConstraint(
            "afgesloten_op IS NULL OR afgesloten_op >= aangemeld_op", name="sluiting_na_aanmelding"
        ),
        CheckConstraint(
            "(afgesloten_op IS NULL) = (afsluiting IS NULL)", name="afsluiting_met_datum"
        ),
        CheckConstraint("aanbieders_start >= 0", name="aanbieders_start_niet_negatief"),
        CheckConstraint("aanbieders_afsluiting >= 0", name="aanbieders_afsluiting_niet_negatief"),
        CheckConstraint("tevredenheid BETWEEN 1 AND 10", name="tevredenheid_1_10"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)
    huishouden: Mapped[str] = mapped_column(String(64), index=True)  # keyed pseudonym
    makelaar_id: Mapped[int] = mapped_column(ForeignKey("makelaar.id"), index=True)
    wijk_code: Mapped[str] = mapped_column(ForeignKey("wijk.code"), index=True)
    aangemeld_op: Mapped[dt.date] = mapped_column(Date)
    eerste_contact: Mapped[dt.date | None] = mapped_column(Date)
    aanbieders_start: Mapped[int | None] = mapped_column(Integer)
    aanbieders_afsluiting: Mapped[int | None] = mapped_column(Integer)
    treden: Mapped[list[str]] = mapped_column(default=list)  # Trede values used, in ladder order
    afgesloten_op: Mapped[dt.date | None] = mapped_column(Date)
    afsluiting: Mapped[CasusAfsluiting | None] = mapped_column(
        _enum(CasusAfsluiting, "casus_afsluiting")
    )
    tevredenheid: Mapped[int | None] = mapped_column(Integer)  # 1-10, as the household rated it
    notitie: Mapped[str | None] = mapped_column(Text)
    bron: Mapped[str] = mapped_column(String(200))


class BekendeNaam(Base):
    """A keyed hash of one token of a person's name, to screen later free text without clear names."""

    __tablename__ = "bekende_naam"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)


class LogboekImport(Base):
    """One imported logbook file: what came in and what was done with it (an audit line)."""

    __tablename__ = "logboek_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    bestand: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    geimporteerd_op: Mapped[dt.datetime] = mapped_column(default=utcnow)
    modus: Mapped[str] = mapped_column(String(20))  # 'atomair' or 'sla_ongeldig_over'
    gelezen: Mapped[int] = mapped_column(Integer)
    nieuw: Mapped[int] = mapped_column(Integer)
    bijgewerkt: Mapped[int] = mapped_column(Integer)
    ongewijzigd: Mapped[int] = mapped_column(Integer)
    geweigerd: Mapped[int] = mapped_column(Integer)
    rapport: Mapped[dict[str, Any]]


class Indicatorwaarde(Base):
    """One computed indicator value for a round; `basis` is the count it rests on."""

    __tablename__ = "indicatorwaarde"
    __table_args__ = (UniqueConstraint("ronde_id", "indicator", "dimensie", "sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ronde_id: Mapped[int] = mapped_column(ForeignKey("evaluatieronde.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(64))
    dimensie: Mapped[str] = mapped_column(String(20))  # gemeente, wijk, doelgroep, actietype
    sleutel: Mapped[str] = mapped_column(String(64))  # e.g. WK034401, ouderen; '' for totals
    waarde: Mapped[float | None] = mapped_column(Float)
    basis: Mapped[int | None] = mapped_column(Integer)
    onderdrukt: Mapped[bool] = mapped_column(default=False)
    # what the interval and the disclosure check rest on (models.schemas.IndicatorValue)
    teller: Mapped[float | None] = mapped_column(Float)
    noemer: Mapped[float | None] = mapped_column(Float)
    spreiding: Mapped[float | None] = mapped_column(Float)
    ondergrens: Mapped[float | None] = mapped_column(Float)
    bovengrens: Mapped[float | None] = mapped_column(Float)
    reden: Mapped[str | None] = mapped_column(String(32))


class Voorstel(Base):
    """A proposed change to the handreiking and the leerbijeenkomst's decision on it."""

    __tablename__ = "voorstel"
    __table_args__ = (
        UniqueConstraint("ronde_id", "code"),
        CheckConstraint("besluit = 'open' OR besluit_reden IS NOT NULL", name="reden_bij_besluit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ronde_id: Mapped[int] = mapped_column(ForeignKey("evaluatieronde.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    sectie_id: Mapped[str] = mapped_column(String(80))
    titel: Mapped[str] = mapped_column(String(200))
    tekst: Mapped[str] = mapped_column(Text)
    onderbouwing: Mapped[str] = mapped_column(Text)
    bron: Mapped[str] = mapped_column(String(40))  # 'cyclus' or 'onderzoeker'
    besluit: Mapped[Besluit] = mapped_column(_enum(Besluit, "besluit"), default=Besluit.OPEN)
    besluit_reden: Mapped[str | None] = mapped_column(Text)
    besloten_op: Mapped[dt.datetime | None]
    #: who took the decision in force (a name or a body, e.g. 'leerbijeenkomst 12-1')
    besloten_door: Mapped[str | None] = mapped_column(String(200))
    #: every section the proposal changes, its text added to the first (sectie_id); None: only that
    secties: Mapped[list[str] | None]
    #: codes of the round's findings the proposal rests on (its numbers with their intervals)
    bevindingen: Mapped[list[str] | None]
    #: a researcher's own evidence, screened for personal data before it was stored
    bewijs: Mapped[str | None] = mapped_column(Text)


class BesluitHistorie(Base):
    """Every decision taken on a proposal, in order: a changed decision keeps the earlier one."""

    __tablename__ = "besluit_historie"
    __table_args__ = (UniqueConstraint("voorstel_id", "volgnummer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    voorstel_id: Mapped[int] = mapped_column(ForeignKey("voorstel.id"), index=True)
    volgnummer: Mapped[int] = mapped_column(Integer)  # 1 for the first decision, then 2, ...
    besluit: Mapped[Besluit] = mapped_column(_enum(Besluit, "besluit"))
    reden: Mapped[str] = mapped_column(Text)
    besloten_op: Mapped[dt.datetime]
    besloten_door: Mapped[str | None] = mapped_column(String(200))


class Editie(Base):
    """A rendered edition of the handreiking; one per round, numbered per gemeente."""

    __tablename__ = "editie"
    __table_args__ = (UniqueConstraint("gemeente_code", "nummer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"))
    nummer: Mapped[int] = mapped_column(Integer)
    ronde_id: Mapped[int] = mapped_column(ForeignKey("evaluatieronde.id"), unique=True)
    taal: Mapped[str] = mapped_column(String(5))
    pdf_pad: Mapped[str] = mapped_column(String(500))
    html_pad: Mapped[str] = mapped_column(String(500))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    secties: Mapped[dict[str, Any]]  # id -> markdown body, the base for the next edition
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class GemeenteUitgave(Base):
    """How a gemeente publishes its handreiking: its own name, logo and contact on cover and colophon.

    The logo's bytes are kept here (copied in by `makelaar gemeente instellen`), so an edition never
    reads a file that may since have moved, nor anything from the network.
    """

    __tablename__ = "gemeente_uitgave"
    __table_args__ = (
        CheckConstraint(
            "logo IS NULL OR (logo_type IS NOT NULL AND logo_sha256 IS NOT NULL)",
            name="logo_compleet",
        ),
    )

    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"), primary_key=True)
    naam: Mapped[str | None] = mapped_column(String(200))  # "Gemeente Utrecht"
    contact: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(40))  # image/png or image/svg+xml
    logo_alt: Mapped[str | None] = mapped_column(String(300))
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    bijgewerkt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class GemeenteInstelling(Base):
    """A gemeente's own values of settings that otherwise come from MAKELAAR_* (one row at most).

    NULL is the global value. Written by `makelaar gemeente instellen`, validated as Settings
    validates the environment; read by models.gemeente_instellingen.instellingen_voor. A
    min_cell_size under the global one is refused when written and never applied.
    """

    __tablename__ = "gemeente_instelling"
    __table_args__ = (
        CheckConstraint("locale IS NULL OR locale IN ('nl', 'en')", name="locale"),
        CheckConstraint("min_cell_size IS NULL OR min_cell_size >= 3", name="min_cell_size"),
    )

    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.code"), primary_key=True)
    locale: Mapped[str | None] = mapped_column(String(2))
    min_cell_size: Mapped[int | None] = mapped_column(Integer)
    mail_from: Mapped[str | None] = mapped_column(Text)
    public_url: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    contact_en: Mapped[str | None] = mapped_column(String(200))
    bijgewerkt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Enquete(Base):
    """An imported XLSForm definition (one per form id and version), with its parsed definition."""

    __tablename__ = "enquete"
    __table_args__ = (UniqueConstraint("form_id", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(100))
    versie: Mapped[str] = mapped_column(String(50))
    titel: Mapped[str] = mapped_column(String(300))
    bron: Mapped[str] = mapped_column(String(300))  # the file it was imported from
    sha256: Mapped[str] = mapped_column(String(64))  # of that file: the same version, same content
    definitie: Mapped[dict[str, Any]]  # forms.definitie.Formulier as JSON
    geimporteerd_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EnqueteRonde(Base):
    """A survey round: one form put to one audience in a window, tied to an evaluation round."""

    __tablename__ = "enquete_ronde"
    __table_args__ = (
        UniqueConstraint("ronde_id", "publiek", "enquete_id"),
        CheckConstraint("sluit_op > opent_op", name="venster_sluit_na_opening"),
        CheckConstraint("max_herinneringen >= 0", name="max_herinneringen_niet_negatief"),
        CheckConstraint("herinnering_na_uren > 0", name="herinnering_na_uren_positief"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ronde_id: Mapped[int] = mapped_column(ForeignKey("evaluatieronde.id"), index=True)
    enquete_id: Mapped[int] = mapped_column(ForeignKey("enquete.id"), index=True)
    publiek: Mapped[Publiek] = mapped_column(_enum(Publiek, "publiek"))
    modus: Mapped[EnqueteModus] = mapped_column(_enum(EnqueteModus, "enquete_modus"))
    opent_op: Mapped[dt.datetime]
    sluit_op: Mapped[dt.datetime]
    max_herinneringen: Mapped[int] = mapped_column(Integer, default=2)
    herinnering_na_uren: Mapped[int] = mapped_column(Integer, default=168)  # minimum gap
    gesloten_op: Mapped[dt.datetime | None]  # set when the window was closed (early or on time)
    # set when what only the open window needed was deleted (forms.opruimen): addresses, drafts,
    # answered marks; on PostgreSQL the responses rewritten in one transaction
    opgeruimd_op: Mapped[dt.datetime | None]
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Uitnodiging(Base):
    """One person invited to one survey round; never linked to an anonymous response."""

    __tablename__ = "uitnodiging"
    __table_args__ = (
        UniqueConstraint("enquete_ronde_id", "contact"),
        CheckConstraint("herinneringen >= 0", name="herinneringen_niet_negatief"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enquete_ronde_id: Mapped[int] = mapped_column(ForeignKey("enquete_ronde.id"), index=True)
    contact: Mapped[str] = mapped_column(String(64))  # keyed pseudonym of the contact: natural key
    respondent: Mapped[str | None] = mapped_column(String(80))  # identified rounds only
    wijk_code: Mapped[str | None] = mapped_column(ForeignKey("wijk.code"), index=True)
    kanaal: Mapped[Kanaal] = mapped_column(_enum(Kanaal, "kanaal"))
    email: Mapped[str | None] = mapped_column(String(254))  # for invitations and reminders only
    status: Mapped[UitnodigingStatus] = mapped_column(
        _enum(UitnodigingStatus, "uitnodiging_status"), default=UitnodigingStatus.OPEN
    )
    herinneringen: Mapped[int] = mapped_column(Integer, default=0)
    laatst_benaderd_op: Mapped[dt.datetime | None]  # the invitation or the latest reminder
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)


class UitnodigingToken(Base):
    """A personal link's token, stored only as its SHA-256; an invitation may hold several.

    A letter's short code is a row of its own: its hash, and the letter's full token sealed with a
    key derived from the code (`code_token`), so typing the code opens what the link opens while
    the store cannot read the token.
    """

    __tablename__ = "uitnodiging_token"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    uitnodiging_id: Mapped[int] = mapped_column(ForeignKey("uitnodiging.id"), index=True)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ingetrokken: Mapped[bool] = mapped_column(default=False)
    code_token: Mapped[bytes | None] = mapped_column(LargeBinary)


class Verzending(Base):
    """One message sent (or tried) for an invitation: the invitation itself or a reminder."""

    __tablename__ = "verzending"

    id: Mapped[int] = mapped_column(primary_key=True)
    uitnodiging_id: Mapped[int] = mapped_column(ForeignKey("uitnodiging.id"), index=True)
    soort: Mapped[str] = mapped_column(String(20))  # 'uitnodiging' or 'herinnering'
    kanaal: Mapped[Kanaal] = mapped_column(_enum(Kanaal, "kanaal"))
    verstuurd_op: Mapped[dt.datetime] = mapped_column(default=utcnow)
    gelukt: Mapped[bool] = mapped_column(default=True)
    fout: Mapped[str | None] = mapped_column(Text)


class Concept(Base):
    """Answers saved page by page while a person is answering, so they can resume elsewhere.

    The row names no invitation: its key and the key sealing its answers are derived from a secret
    the store never holds (forms.geheim): in an anonymous round from the link's token, in an
    identified round from the server's key and the invitation. No time is kept.
    """

    __tablename__ = "concept"

    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    enquete_ronde_id: Mapped[int] = mapped_column(ForeignKey("enquete_ronde.id"), index=True)
    instance_id: Mapped[str] = mapped_column(String(64))  # the submission id the review page posts
    antwoorden: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON (AES-GCM)
    pagina: Mapped[int] = mapped_column(Integer, default=0)
    taal: Mapped[str] = mapped_column(String(5))


class Antwoordmerk(Base):
    """That an invitation of an anonymous round has answered, as a keyed hash of its id.

    Reminders need it while the window is open; without the server's key it names nobody, and it
    is deleted when the window closes (forms.opruimen). No rowid: the rows keep no insert order.
    """

    __tablename__ = "antwoordmerk"
    __table_args__ = ({"sqlite_with_rowid": False},)

    enquete_ronde_id: Mapped[int] = mapped_column(ForeignKey("enquete_ronde.id"), primary_key=True)
    merk: Mapped[str] = mapped_column(String(64), primary_key=True)


class Respons(Base):
    """A submitted response. Anonymous ones hold no token, invitation, address or time."""

    __tablename__ = "respons"
    __table_args__ = (
        UniqueConstraint("enquete_ronde_id", "instance_id"),
        UniqueConstraint("enquete_ronde_id", "respondent"),
        # no rowid on SQLite: the rows are stored in the order of their random id, not of arrival
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, not in insert order
    enquete_ronde_id: Mapped[int] = mapped_column(ForeignKey("enquete_ronde.id"), index=True)
    instance_id: Mapped[str] = mapped_column(String(100))  # submission id (ODK meta/instanceID)
    respondent: Mapped[str | None] = mapped_column(String(80))  # identified rounds only
    wijk_code: Mapped[str | None] = mapped_column(ForeignKey("wijk.code"), index=True)
    taal: Mapped[str] = mapped_column(String(5))
    antwoorden: Mapped[dict[str, Any]]
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    inhoud_sha256: Mapped[str] = mapped_column(String(64))  # canonical answers: resubmit check
    bron: Mapped[ResponsBron] = mapped_column(_enum(ResponsBron, "respons_bron"))
    ontvangen_op: Mapped[dt.datetime | None]  # identified rounds only; NULL when anonymous


class Linkfout(Base):
    """A failed link or code opening, counted by the throttle of every server process together.

    `adres` is a keyed hash of the client's address (its throttle key: an IPv4 address or an
    IPv6 /64), with a key derived from the server's key, which the database never holds;
    `moment` is seconds since the epoch. Rows older than the throttle's window are deleted
    (forms.web.remboek). A valid opening writes nothing here.
    """

    __tablename__ = "linkfout"
    __table_args__ = (Index("ix_linkfout_adres_moment", "adres", "moment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    adres: Mapped[str] = mapped_column(String(32))
    moment: Mapped[float] = mapped_column(Float, index=True)


class Sleutelcontrole(Base):
    """The fingerprint of the pseudonym key this database's pseudonyms were made with (one row).

    `vingerafdruk` is an HMAC-SHA256 of a fixed label with the key: it tells two keys apart and
    reveals nothing of the key. Written by the first process that uses a key against the
    database; a process with another key is refused (models.sleutelcontrole).
    """

    __tablename__ = "sleutelcontrole"
    __table_args__ = (CheckConstraint("id = 1", name="een_rij"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vingerafdruk: Mapped[str] = mapped_column(String(64))
    vastgelegd_op: Mapped[dt.datetime] = mapped_column(default=utcnow)
