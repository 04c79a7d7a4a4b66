"""Writing logbook records in batches: new ones inserted, changed ones updated, blank cells kept.

A record is found by its natural key (`sleutel`). A cell left blank in a re-import keeps the stored
value; only a record whose values really change counts (and is written) as updated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from models.upsert import UpsertCount

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
        self._insert = insert(table)
        self._update = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({v: bindparam(v) for v in self.velden})
        )

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
            connection.execute(self._insert, inserts)
            self.telling.nieuw += len(inserts)
        if updates:
            connection.execute(self._update, updates)
            self.telling.bijgewerkt += len(updates)
