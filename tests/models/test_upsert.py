"""Bulk upserts on natural keys, on SQLite and PostgreSQL: counts, unchanged rows, JSON columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, select

from makelaar.models.store import Store
from makelaar.models.tables import Editie, Evaluatieronde, Gemeente
from makelaar.models.upsert import insert_missing, upsert

EDITIE: Table = Editie.__table__  # type: ignore[assignment]  # a declarative table is a Table
RONDE: Table = Evaluatieronde.__table__  # type: ignore[assignment]  # a declarative table is a Table


def _ronde(store: Store) -> int:
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
        session.flush()
        row = {
            "gemeente_code": "GM9999",
            "cyclus": "c",
            "periode": "2026",
            "aangemaakt_op": dt.datetime.now(dt.UTC),
        }
        assert (
            insert_missing(session, RONDE, [row], key=("gemeente_code", "cyclus", "periode")) == 1
        )
        assert (
            insert_missing(session, RONDE, [row], key=("gemeente_code", "cyclus", "periode")) == 0
        )
        return session.scalars(select(Evaluatieronde.id)).one()


def _editie(ronde_id: int, secties: dict[str, str], sha: str = "a" * 64) -> dict[str, object]:
    return {
        "gemeente_code": "GM9999",
        "nummer": 1,
        "ronde_id": ronde_id,
        "taal": "nl",
        "pdf_pad": "e.pdf",
        "html_pad": "e.html",
        "pdf_sha256": sha,
        "secties": secties,
        "aangemaakt_op": dt.datetime.now(dt.UTC),
    }


def test_upsert_counts_new_changed_and_unchanged_rows_including_json_columns(store: Store) -> None:
    ronde_id = _ronde(store)
    columns = ("pdf_sha256", "secties")
    with store.session() as session:
        first = upsert(
            session, EDITIE, [_editie(ronde_id, {"a": "x"})], key=("ronde_id",), update=columns
        )
        same = upsert(
            session, EDITIE, [_editie(ronde_id, {"a": "x"})], key=("ronde_id",), update=columns
        )
        changed = upsert(
            session, EDITIE, [_editie(ronde_id, {"a": "y"})], key=("ronde_id",), update=columns
        )
    assert (first.nieuw, first.bijgewerkt, first.ongewijzigd) == (1, 0, 0)
    assert (same.nieuw, same.bijgewerkt, same.ongewijzigd) == (0, 0, 1)
    assert (changed.nieuw, changed.bijgewerkt, changed.ongewijzigd) == (0, 1, 0)
    with store.session() as session:
        [editie] = session.scalars(select(Editie)).all()
        assert editie.secties == {"a": "y"}
