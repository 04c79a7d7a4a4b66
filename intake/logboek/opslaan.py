"""Writing logbook records in batches: new ones inserted, changed ones updated, blank cells kept.

A record is found by its natural key (`sleutel`). A cell left blank in a re-import keeps the stored
value; only a record whose values really change counts (and is written) as updated.

New records, by far the most rows of a first import, go through the driver's `executemany` with
values already in the form the column stores (JSON text, enum codes, ISO days on SQLite): the
general bind processing of SQLAlchemy costs more per row than SQLite's own insert.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Date, Table, bindparam, select, update
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from makelaar.models.upsert import UpsertCount

#: records per round trip; a SELECT of this many keys stays under SQLite's parameter limit
BATCH = 900


class Batchschrijver:
    """Collects records of one table and writes them a batch at a time."""

    def __init__(
        self,
        session: Session,
        table: Table,
        velden: Sequence[str],
        standaard: Mapping[str, Any],
        *,
        niet_vergelijken: Sequence[str] = ("bron",),
    ) -> None:
        self.session = session
        self.table = table
        self.velden = list(velden)
        self.standaard = dict(standaard)
        self.vergelijk = [v for v in self.velden if v not in niet_vergelijken]
        self.telling = UpsertCount()
        self._rijen: list[dict[str, Any]] = []
        self._select = select(table.c.id, table.c.sleutel, *(table.c[v] for v in self.vergelijk))
        dialect = session.get_bind().dialect
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self._insert_sql = (
            f"INSERT INTO {table.name} ({', '.join(self.velden)}) "
            f"VALUES ({', '.join([marker] * len(self.velden))})"
        )
        self._update = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({v: bindparam(v) for v in self.velden})
        )
        self._waarden = itemgetter(*self.velden)
        self._omzetten = [
            (i, convert)
            for i, veld in enumerate(self.velden)
            if (convert := _converter(table.c[veld].type, dialect.name)) is not None
        ]

    def _driverrij(self, row: dict[str, Any]) -> tuple[Any, ...]:
        values = list(self._waarden(row))
        for i, convert in self._omzetten:
            if (value := values[i]) is not None:
                values[i] = convert(value)
        return tuple(values)

    def voeg_toe(self, rij: dict[str, Any]) -> None:
        self._rijen.append(rij)
        if len(self._rijen) >= BATCH:
            self.schrijf()

    def schrijf(self) -> None:
        rows, self._rijen = self._rijen, []
        if not rows:
            return
        connection = self.session.connection()
        stored = {
            found.sleutel: found
            for found in connection.execute(
                self._select.where(self.table.c.sleutel.in_([r["sleutel"] for r in rows]))
            )
        }
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        standaard = self.standaard
        for row in rows:
            old = stored.get(row["sleutel"])
            if old is None:
                for veld, value in standaard.items():
                    if row[veld] is None:
                        row[veld] = value() if callable(value) else value
                inserts.append(row)
                continue
            old_values = old._mapping
            merged = {
                veld: old_values[veld] if row[veld] is None and veld in old_values else row[veld]
                for veld in self.velden
            }
            if any(merged[v] != old_values[v] for v in self.vergelijk):
                merged["_id"] = old.id
                updates.append(merged)
            else:
                self.telling.ongewijzigd += 1
        if inserts:
            connection.exec_driver_sql(self._insert_sql, [self._driverrij(r) for r in inserts])
            self.telling.nieuw += len(inserts)
        if updates:
            connection.execute(self._update, updates)
            self.telling.bijgewerkt += len(updates)


_JSON_TEXT: dict[tuple[str, ...], str] = {}


def _json_list(value: list[str]) -> str:
    key = tuple(value)
    text = _JSON_TEXT.get(key)
    if text is None:
        text = json.dumps(value)
        if len(_JSON_TEXT) < 10_000:
            _JSON_TEXT[key] = text
    return text


def _converter(kind: Any, dialect: str) -> Callable[[Any], Any] | None:
    """How a value of this column type goes to the driver; None: as it is."""
    if isinstance(kind, JSON):
        return _json_list
    if isinstance(kind, SAEnum):
        # sqlite3 binds a StrEnum member as its text value; psycopg would bind an Enum's name
        return None if dialect == "sqlite" else _code
    if isinstance(kind, Date) and dialect == "sqlite":
        return dt.date.isoformat
    return None


def _code(value: Enum | str) -> str:
    return value.value if isinstance(value, Enum) else value
