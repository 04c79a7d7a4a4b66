"""Migration 0011 on SQLite and PostgreSQL: a database with survey rounds from 0010 upgrades with
every row and reference kept, then takes the audience 'sociaal_werkers' and still refuses an
unknown one; the table's other constraints survive the rebuild; a downgrade asks them as partners
again."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from makelaar.models.store import Store, alembic_config

NU = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
LATER = NU + dt.timedelta(days=14)


def _survey_round(store: Store, id_: int, publiek: str, *, sluit: dt.datetime = LATER) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO enquete_ronde (id, ronde_id, enquete_id, publiek, modus, opent_op, "
                "sluit_op, max_herinneringen, herinnering_na_uren, aangemaakt_op) VALUES "
                "(:id, 1, :enquete, :publiek, 'anoniem', :opent, :sluit, 2, 168, :nu)"
            ),
            {"id": id_, "enquete": id_, "publiek": publiek, "opent": NU, "sluit": sluit, "nu": NU},
        )


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT e.id, e.publiek, e.modus, r.instance_id FROM enquete_ronde e "
                    "LEFT JOIN respons r ON r.enquete_ronde_id = e.id ORDER BY e.id"
                )
            )
        ]


def _seed_at_0010(store: Store) -> None:
    """A project database at 0010: an evaluation round, three forms, two survey rounds (the
    social workers' form asked as partners, as before 0011) and a response to one of them."""
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO gemeente (code, naam) VALUES ('GM0513', 'Gouda')"))
        connection.execute(
            text(
                "INSERT INTO evaluatieronde (id, gemeente_code, cyclus, periode, aangemaakt_op) "
                "VALUES (1, 'GM0513', 'actieonderzoek', '2025-Q1', :nu)"
            ),
            {"nu": NU},
        )
        for id_, form_id in ((1, "ao_reflectie_sociaal_werker"), (2, "partnerenquete"), (3, "x")):
            connection.execute(
                text(
                    "INSERT INTO enquete (id, form_id, versie, titel, bron, sha256, definitie, "
                    "geimporteerd_op) VALUES (:id, :form_id, '1', :form_id, 'test', :sha, '{}', "
                    ":nu)"
                ),
                {"id": id_, "form_id": form_id, "sha": str(id_) * 64, "nu": NU},
            )
    _survey_round(store, 1, "partners")
    _survey_round(store, 2, "makelaars")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO respons (id, enquete_ronde_id, instance_id, taal, antwoorden, scores, "
                "inhoud_sha256, bron) VALUES ('r1', 1, 'uuid:1', 'nl', '{}', '{}', :sha, 'demo')"
            ),
            {"sha": "0" * 64},
        )


def test_0011_upgrades_a_database_with_survey_rounds_and_takes_social_workers(
    store: Store,
) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0010")
    _seed_at_0010(store)
    with pytest.raises(IntegrityError):  # 0010 knows no social workers
        _survey_round(store, 3, "sociaal_werkers")
    before = _rows(store)

    command.upgrade(config, "0011")

    assert store.current_revision() == "0011"
    assert _rows(store) == before  # rows and the response's reference kept
    _survey_round(store, 3, "sociaal_werkers")
    with pytest.raises(IntegrityError):
        _survey_round(store, 4, "vrijwilligers")  # the CHECK is still there, wider
    with pytest.raises(IntegrityError):
        _survey_round(store, 4, "partners", sluit=NU)  # so is the window's own CHECK
    assert _rows(store)[-1] == (3, "sociaal_werkers", "anoniem", None)
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    command.downgrade(config, "0010")  # social workers are asked as partners again

    assert [row[:2] for row in _rows(store)] == [(1, "partners"), (2, "makelaars"), (3, "partners")]
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
