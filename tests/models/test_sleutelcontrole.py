"""One pseudonym key per database (models.sleutelcontrole, migration 0014), on SQLite and
PostgreSQL: the first key is recorded as a fingerprint that reveals nothing of it; the same key
passes; another key is refused with what to do, before a logbook import or a round writes
anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text

from makelaar.intake.logboek import importeer
from makelaar.models.errors import ConfigurationError
from makelaar.models.settings import Settings
from makelaar.models.sleutelcontrole import controleer_sleutel, vingerafdruk
from makelaar.models.store import Store, alembic_config
from makelaar.models.tables import Sleutelcontrole, SocialeActie
from tests.factories import make_gemeente_with_wijken, make_makelaar

EERSTE, ANDERE = bytes.fromhex("ab" * 32), bytes.fromhex("cd" * 32)


def test_the_first_key_is_recorded_and_another_is_refused(store: Store) -> None:
    controleer_sleutel(store, EERSTE)
    controleer_sleutel(store, EERSTE)  # the same key, again: fine
    with store.session() as session:
        [rij] = session.scalars(select(Sleutelcontrole)).all()
    assert rij.vingerafdruk == vingerafdruk(EERSTE) and len(rij.vingerafdruk) == 64
    assert EERSTE.hex() not in rij.vingerafdruk and vingerafdruk(ANDERE) != rij.vingerafdruk
    with pytest.raises(ConfigurationError) as fout:
        controleer_sleutel(store, ANDERE)
    assert "is niet de sleutel waarmee deze database" in str(fout.value)
    assert "MAKELAAR_PSEUDONYM_KEY_BLOCK" in str(fout.value)
    with pytest.raises(ConfigurationError, match="is not the key this database has made"):
        controleer_sleutel(store, ANDERE, "en")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Sleutelcontrole)) == 1


def test_a_logbook_import_with_another_key_stores_nothing(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 1, code="GM9999")
        make_makelaar(session, gemeente.code, ["WK999901"], code="UT-MK-01", naam="Team Noord")
    controleer_sleutel(store, EERSTE)  # a first worker used its key here
    pad = tmp_path / "acties.csv"
    pad.write_text(
        "Datum;Makelaar;Wijk;Soort actie;Aantal bereikt;Resultaat\n"
        "02-02-2026;UT-MK-01;WK999901;Huisbezoek;3;Informatie gedeeld\n",
        encoding="utf-8",
    )
    tweede_worker = Settings(data_dir=tmp_path / "worker2", pseudonym_key=ANDERE.hex())
    with pytest.raises(ConfigurationError, match="Er is niets opgeslagen"):
        importeer(store, tweede_worker, [pad], vandaag=dt.date(2026, 3, 1))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SocialeActie)) == 0
    eerste_worker = Settings(data_dir=tmp_path / "worker1", pseudonym_key=EERSTE.hex())
    rapport = importeer(store, eerste_worker, [pad], vandaag=dt.date(2026, 3, 1))
    assert [b.fouten for b in rapport.bestanden] == [[]]
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SocialeActie)) == 1


def test_0014_adds_the_table_and_a_downgrade_drops_it(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0013")
    with store.engine.connect() as connection:
        tabellen = set(
            connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    if store.engine.dialect.name == "sqlite"
                    else "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalars()
        )
    assert "sleutelcontrole" not in tabellen and "linkfout" in tabellen
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
    controleer_sleutel(store, EERSTE)
    with store.session() as session:
        assert session.scalar(select(Sleutelcontrole.vingerafdruk)) == vingerafdruk(EERSTE)


def test_the_answering_pages_with_another_key_do_not_start(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """create_app (every worker process of `forms serve`, or uvicorn --factory) checks its key."""
    from makelaar.forms.web.app import create_app
    from makelaar.models.settings import get_settings

    controleer_sleutel(sqlite_store, EERSTE)
    monkeypatch.setenv("MAKELAAR_DATABASE_URL", str(sqlite_store.engine.url))
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "pagina"))
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", ANDERE.hex())
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="is niet de sleutel waarmee deze database"):
            create_app()
        monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", EERSTE.hex())
        get_settings.cache_clear()
        app = create_app()
        assert app.routes
    finally:
        get_settings.cache_clear()
