"""Test data for answering: a small two-language form, a survey round and invitations with tokens."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from makelaar.forms.definitie import Formulier, Groep, Keuze, Vraag, VraagType
from makelaar.forms.tokens import add_token
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.store import Store
from makelaar.models.tables import Enquete, EnqueteRonde, Evaluatieronde, Gemeente, Uitnodiging
from tests.factories import make_gemeente_with_wijken

_sequence = itertools.count(1)


def _nl_en(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


def maak_formulier(titel: str = "Reflectie van de makelaar", **labels: str) -> Formulier:
    """Three pages: 'over' (a choice and a conditional text), 'cijfers' (numbers), 'slot'.

    `labels` overrides the Dutch label of a question or choice by name (e.g. for XSS payloads).
    """

    def label(name: str, nl: str, en: str) -> dict[str, str]:
        return _nl_en(labels.get(name, nl), en)

    over = Groep(
        name="over",
        path="/data/over",
        label=_nl_en("Over u", "About you"),
        children=[
            Vraag(
                name="rol",
                path="/data/over/rol",
                type=VraagType.SELECT_ONE,
                label=label("rol", "Wat is uw rol?", "What is your role?"),
                hint=_nl_en("Kies er één.", "Choose one."),
                required="true()",
                list_name="rollen",
            ),
            Vraag(
                name="rol_anders",
                path="/data/over/rol_anders",
                type=VraagType.TEXT,
                label=label("rol_anders", "Welke rol dan?", "Which role then?"),
                required="true()",
                relevant="/data/over/rol = 'anders'",
            ),
            Vraag(
                name="signalen",
                path="/data/over/signalen",
                type=VraagType.SELECT_MULTIPLE,
                label=label("signalen", "Welke signalen zag u?", "Which signals did you see?"),
                list_name="signalen",
            ),
        ],
    )
    cijfers = Groep(
        name="cijfers",
        path="/data/cijfers",
        label=_nl_en("Cijfers", "Figures"),
        children=[
            Vraag(
                name="uren",
                path="/data/cijfers/uren",
                type=VraagType.INTEGER,
                label=label("uren", "Hoeveel uur per week?", "How many hours a week?"),
                required="true()",
                constraint=". >= 0 and . <= 60",
                constraint_message=_nl_en("Tussen 0 en 60.", "Between 0 and 60."),
            ),
            Vraag(
                name="cijfer",
                path="/data/cijfers/cijfer",
                type=VraagType.DECIMAL,
                label=label("cijfer", "Welk rapportcijfer?", "Which mark?"),
            ),
        ],
    )
    slot = Groep(
        name="slot",
        path="/data/slot",
        label=_nl_en("Tot slot", "Finally"),
        children=[
            Vraag(
                name="toelichting",
                path="/data/slot/toelichting",
                type=VraagType.TEXT,
                label=label("toelichting", "Wilt u nog iets kwijt?", "Anything else?"),
            ),
        ],
    )
    return Formulier(
        form_id="test_reflectie",
        versie="1",
        titel=_nl_en(titel, "Broker reflection"),
        talen=["nl", "en"],
        standaardtaal="nl",
        children=[over, cijfers, slot],
        keuzelijsten={
            "rollen": [
                Keuze(name="makelaar", label=label("makelaar", "Makelaar", "Broker")),
                Keuze(name="anders", label=label("anders", "Iets anders", "Something else")),
            ],
            "signalen": [
                Keuze(name="eenzaam", label=_nl_en("Eenzaamheid", "Loneliness")),
                Keuze(name="schuld", label=_nl_en("Schulden", "Debts")),
            ],
        },
        bron="tests",
    )


@dataclass
class Ronde:
    """A survey round in the store with its invitations and one valid token each."""

    enquete_ronde_id: int
    uitnodiging_ids: list[int]
    tokens: list[str]
    wijk_codes: list[str]
    formulier: Formulier
    extra: dict[str, Any] = field(default_factory=dict)


def make_ronde(
    store: Store,
    formulier: Formulier | None = None,
    *,
    modus: EnqueteModus = EnqueteModus.IDENTIFICEERBAAR,
    publiek: Publiek = Publiek.MAKELAARS,
    uitnodigingen: int = 2,
    opent_op: dt.datetime | None = None,
    sluit_op: dt.datetime | None = None,
) -> Ronde:
    """A gemeente, an evaluation round, the form, a survey round open now, and invitations."""
    formulier = formulier or maak_formulier()
    now = dt.datetime.now(dt.UTC)
    n = next(_sequence)
    with store.session() as session:
        gemeente, enquete_ronde = open_enquete_ronde(
            session,
            formulier,
            wijken=2,
            sleutel=f"T{n}",
            publiek=publiek,
            modus=modus,
            opent_op=opent_op or now - dt.timedelta(days=1),
            sluit_op=sluit_op or now + dt.timedelta(days=14),
        )
        wijken = [f"WK{gemeente.code[2:]}01", f"WK{gemeente.code[2:]}02"]
        ids, tokens, wijk_codes = [], [], []
        for i in range(uitnodigingen):
            wijk_codes.append(wijken[i % 2])
            uitnodiging = _uitnodiging(session, enquete_ronde, modus, wijken[i % 2], n, i)
            ids.append(uitnodiging.id)
            tokens.append(add_token(session, uitnodiging.id))
    return Ronde(enquete_ronde.id, ids, tokens, wijk_codes, formulier)


def open_enquete_ronde(
    session: Session,
    formulier: Formulier,
    *,
    wijken: int,
    sleutel: str,
    publiek: Publiek,
    modus: EnqueteModus,
    opent_op: dt.datetime,
    sluit_op: dt.datetime,
) -> tuple[Gemeente, EnqueteRonde]:
    """A gemeente with `wijken` wijken, an evaluation round (period `sleutel`), the form stored
    (version suffixed with `sleutel`) and a survey round on it, flushed."""
    gemeente = make_gemeente_with_wijken(session, wijken, buurten_per_wijk=1)
    ronde = Evaluatieronde(gemeente_code=gemeente.code, cyclus="buurtmeter", periode=sleutel)
    enquete = Enquete(
        form_id=formulier.form_id,
        versie=f"{formulier.versie}.{sleutel}",
        titel=formulier.tekst(formulier.titel, "nl")[:300],
        bron="tests",
        sha256="0" * 64,
        definitie=formulier.model_dump(mode="json"),
    )
    session.add_all([ronde, enquete])
    session.flush()
    enquete_ronde = EnqueteRonde(
        ronde_id=ronde.id,
        enquete_id=enquete.id,
        publiek=publiek,
        modus=modus,
        opent_op=opent_op,
        sluit_op=sluit_op,
    )
    session.add(enquete_ronde)
    session.flush()
    return gemeente, enquete_ronde


def _uitnodiging(
    session: Session, enquete_ronde: EnqueteRonde, modus: EnqueteModus, wijk: str, n: int, i: int
) -> Uitnodiging:
    uitnodiging = Uitnodiging(
        enquete_ronde_id=enquete_ronde.id,
        contact=f"contact-{n}-{i}",
        respondent=f"mk-{n}-{i}" if modus == EnqueteModus.IDENTIFICEERBAAR else None,
        wijk_code=wijk,
        kanaal=Kanaal.EMAIL,
        email=f"persoon{i}@example.org",
    )
    session.add(uitnodiging)
    session.flush()
    return uitnodiging
