"""Bulk upserts on natural keys, on SQLite and PostgreSQL: counts, unchanged rows, JSON columns."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Table, event, select
from sqlalchemy.exc import DataError

from makelaar.models import upsert as upsert_module
from makelaar.models.domain import Niveau
from makelaar.models.store import Store
from makelaar.models.tables import Editie, Evaluatieronde, Gemeente, Kerncijfers
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


def _kerncijfers(code: str, inwoners: int | None, pct: float | None) -> dict[str, object]:
    return {
        "regiocode": code,
        "niveau": Niveau.BUURT,
        "jaar": 2024,
        "bron": "kwb-2024.xlsx",
        "inwoners": inwoners,
        "pct_huishoudens_laag_inkomen": pct,
        "wmo_clienten": None,  # None in every row: the column's array has no value to type it
    }


def test_upsert_of_plain_columns_in_batches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several batches of rows with an enum, None and floats: counted and stored exactly; on
    PostgreSQL sent as arrays through unnest(), one statement per batch."""
    monkeypatch.setattr(upsert_module, "BATCH_SIZE", 3)
    table: Table = Kerncijfers.__table__  # type: ignore[assignment]  # a declarative table
    rows = [_kerncijfers(f"BU0000000{i}", 100 * i, 2.5 * i) for i in range(7)]
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    update = ["niveau", "bron", "inwoners", "pct_huishoudens_laag_inkomen", "wmo_clienten"]
    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.session() as session:
            first = upsert(session, table, rows, key=["regiocode", "jaar"], update=update)
        rows[2] = _kerncijfers("BU00000002", None, 5.0)  # a value cleared
        rows[5] = _kerncijfers("BU00000005", 500, None)
        rows[6] = _kerncijfers("BU00000006", 601, 15.0)  # a value changed
        with store.session() as session:
            second = upsert(session, table, rows, key=["regiocode", "jaar"], update=update)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)

    assert (first.nieuw, first.bijgewerkt, first.ongewijzigd) == (7, 0, 0)
    assert (second.nieuw, second.bijgewerkt, second.ongewijzigd) == (0, 3, 4)
    with store.session() as session:
        stored = {
            k.regiocode: (k.niveau, k.inwoners, k.pct_huishoudens_laag_inkomen, k.wmo_clienten)
            for k in session.scalars(select(Kerncijfers))
        }
    assert stored == {
        r["regiocode"]: (Niveau.BUURT, r["inwoners"], r["pct_huishoudens_laag_inkomen"], None)
        for r in rows
    }
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 6  # 3 batches, twice
    if store.engine.dialect.name == "postgresql":
        assert all("unnest(" in s for s in inserts)


def test_a_value_too_long_is_refused_not_cut_short(postgres_store: Store) -> None:
    """PostgreSQL cuts a value cast to VARCHAR(n) short; the arrays are cast without a length, so
    the column itself refuses it, as an INSERT ... VALUES does."""
    table: Table = Gemeente.__table__  # type: ignore[assignment]  # a declarative table
    rows = [{"code": "GM0001", "naam": "N" * 101}]

    with pytest.raises(DataError, match="value too long"), postgres_store.session() as session:
        upsert(session, table, rows, key=["code"], update=["naam"])

    with postgres_store.session() as session:
        assert session.scalars(select(Gemeente)).all() == []
