"""Set-up for bench/forms_load.py: a store with an open survey round and invitations, valid answers.

Nothing here is timed. The answers are generated from the form itself and then walked through the
form engine exactly as the server will check them, so a respondent of the load never posts a page
the server refuses (a refused page would measure the error path, not answering).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select, text

from makelaar.cycles.rounds import start_round
from makelaar.forms import engine
from makelaar.forms.definitie import Formulier, Vraag, VraagType
from makelaar.forms.rondes import formulier as stored_formulier
from makelaar.forms.rondes import importeer_formulier, open_enquete
from makelaar.forms.tokens import add_token
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging, Wijk

GEMEENTE, CYCLUS, PERIODE = "GM0344", "buurtmeter", "2026"
INSTRUMENT = Path(__file__).resolve().parent.parent / "forms" / "instrumenten" / "buurtmeter.md"
#: distinct answer profiles; respondents take them in turn (each is checked with the engine)
PROFIELEN = 64
TEKSTEN = (
    "Meer bankjes op het plein zou fijn zijn.",
    "De buurt is de laatste tijd rustiger geworden.",
    "Graag vaker een koffieochtend in het buurthuis.",
)

#: the fields a browser posts for one page: name → values (several for a select_multiple)
Velden = dict[str, list[str]]


@dataclass(frozen=True)
class Opzet:
    """The store the server runs on, its survey round, and the respondents' links and answers."""

    url: str
    enquete_ronde_id: int
    tokens: list[str]  # raw link tokens, in memory only (the store keeps their hashes)
    profielen: list[dict[int, Velden]]  # page index → fields, one profile per kind of respondent
    paginas: int

    def profiel(self, respondent: int) -> dict[int, Velden]:
        return self.profielen[respondent % len(self.profielen)]


def maak_opzet(url: str, respondenten: int, *, seed: int = 20261201) -> Opzet:
    """Migrate the store at `url`, load CBS Utrecht, open a buurtmeter round, invite everyone."""
    store = Store(url)
    try:
        store.upgrade()
        import_kerncijfers(store, cbs_file())
        ronde = start_round(store, gemeente_code=GEMEENTE, cyclus=CYCLUS, periode=PERIODE)
        info = importeer_formulier(store, INSTRUMENT)
        now = dt.datetime.now(dt.UTC)
        enquete = open_enquete(
            store,
            ronde_id=ronde.id,
            formulier=info.id,
            publiek=Publiek.BEWONERS,
            modus=EnqueteModus.ANONIEM,
            opent_op=now - dt.timedelta(days=1),
            sluit_op=now + dt.timedelta(days=14),
        )
        tokens: list[str] = []
        with store.session() as session:
            formulier = stored_formulier(session, enquete.enquete_id)
            wijken = sorted(
                session.scalars(select(Wijk.code).where(Wijk.gemeente_code == GEMEENTE))
            )
            for i in range(respondenten):
                uitnodiging = Uitnodiging(
                    enquete_ronde_id=enquete.id,
                    contact=f"bench-{i:07d}",
                    wijk_code=wijken[i % len(wijken)],
                    kanaal=Kanaal.LIJST,
                )
                session.add(uitnodiging)
                session.flush()
                tokens.append(add_token(session, uitnodiging.id))
    finally:
        store.dispose()
    rng = random.Random(seed)
    profielen = [geldig_profiel(formulier, rng) for _ in range(PROFIELEN)]
    return Opzet(url, enquete.id, tokens, profielen, len(engine.paginas(formulier)))


def geldig_profiel(formulier: Formulier, rng: random.Random) -> dict[int, Velden]:
    """One respondent's answers for every page, checked by walking the form with the engine."""
    profiel = {
        pagina.index: velden_voor(formulier, pagina.vragen, rng)
        for pagina in engine.paginas(formulier)
    }
    doorloop(formulier, profiel)
    return profiel


def velden_voor(formulier: Formulier, vragen: tuple[Vraag, ...], rng: random.Random) -> Velden:
    """Plausible answers for a page's questions (conditional ones too: they count once shown)."""
    velden: Velden = {}
    for vraag in vragen:
        if vraag.readonly or vraag.calculation:
            continue
        keuzes = [keuze.name for keuze in formulier.keuzelijsten.get(vraag.list_name or "", [])]
        if vraag.type == VraagType.SELECT_ONE:
            velden[vraag.name] = [rng.choice(keuzes)]
        elif vraag.type == VraagType.SELECT_MULTIPLE:
            velden[vraag.name] = rng.sample(keuzes, k=min(len(keuzes), rng.randint(1, 2)))
        elif vraag.type == VraagType.INTEGER:
            velden[vraag.name] = [str(rng.randint(1, 10))]
        elif vraag.type == VraagType.DECIMAL:
            velden[vraag.name] = [f"{rng.randint(1, 9)},5"]
        elif vraag.type == VraagType.DATE:
            velden[vraag.name] = ["2026-06-01"]
        elif vraag.type == VraagType.TEXT and (vraag.required or rng.random() < 0.5):
            velden[vraag.name] = [rng.choice(TEKSTEN)]
    return velden


def doorloop(formulier: Formulier, profiel: Mapping[int, Velden]) -> int:
    """Walk the pages as the server does (a page is posted again when questions appeared on it).

    Returns the number of page posts; raises ValueError when the server would refuse a page.
    """
    antwoorden: engine.Antwoorden = {}
    index: int | None = 0
    posts = 0
    while index is not None:
        uitslag = engine.controleer_pagina(formulier, index, profiel[index], antwoorden, "nl")
        posts += 1
        if uitslag.fouten:
            raise ValueError(f"page {index} of {formulier.form_id} refused: {uitslag.fouten}")
        antwoorden = uitslag.antwoorden
        if uitslag.gewijzigd:
            if posts > 100:
                raise ValueError(f"page {index} of {formulier.form_id} keeps changing")
            continue
        index = engine.volgende_pagina(formulier, index, antwoorden)
    fouten = engine.controleer_alles(formulier, antwoorden, "nl")
    if fouten:
        raise ValueError(f"{formulier.form_id}: the final check refuses {fouten}")
    return posts


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh schema in the PostgreSQL database of `server_url` (as the tests use), dropped after.

    Yields the URL of a store in that schema (search_path set through libpq's options).
    """
    schema = f"mk_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            separator = "&" if "?" in server_url else "?"
            yield f"{server_url}{separator}options=-csearch_path%3D{schema}"
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()
