"""When a survey round's window closes, what only the open window needed is deleted.

While a window is open, makelaar keeps what answering and reminding need: e-mail addresses, drafts,
and in an anonymous round the keyed answered marks (forms.geheim). Once it has closed:

- every invitation's e-mail address is deleted (the counts stay: invitations, reminders sent,
  responses);
- every draft of the round is deleted (nobody can submit any more);
- in an anonymous round the answered marks are deleted and any per-person status older versions
  of makelaar kept ('bezig', 'beantwoord') is set back to 'open': nobody can tell any more who
  answered, not even with the server's key;
- on PostgreSQL the round's responses are rewritten in one transaction, so they all carry the same
  transaction id (a response's `xmin` no longer tells when it arrived, or that it arrived with a
  mark), and the tables are rewritten (VACUUM FULL) so no page holds an old row version;
- on SQLite the deleted rows were already overwritten with zeros (secure_delete, models.store) and
  the write-ahead log is checkpointed and truncated, so the file keeps no older page versions.

It runs when a window is closed early (`makelaar enquete sluit`), when the round's status is read
after the closing time (cycles.enquetes.survey_status, the round flow), and before reminders are
sent (forms.herinneringen). Each survey round is cleaned once (`enquete_ronde.opgeruimd_op`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, or_, select, text, update
from sqlalchemy.exc import OperationalError

from makelaar.models.domain import EnqueteModus, UitnodigingStatus
from makelaar.models.store import Store
from makelaar.models.tables import Antwoordmerk, Concept, EnqueteRonde, Respons, Uitnodiging, utcnow

log = logging.getLogger(__name__)
#: the tables whose old row versions could tie a response to a person, or hold an address
_HERSCHRIJVEN = ("respons", "antwoordmerk", "concept", "uitnodiging")


@dataclass(frozen=True)
class Opruiming:
    """What was deleted for one survey round whose window closed."""

    enquete_ronde_id: int
    adressen: int
    concepten: int
    merken: int


def ruim_op(
    store: Store, enquete_ronde_ids: Iterable[int] | None = None, now: dt.datetime | None = None
) -> list[Opruiming]:
    """Clean every survey round whose window has closed and that was not cleaned yet.

    `enquete_ronde_ids` limits it to those rounds. Returns what was deleted, per round.
    """
    moment = now or utcnow()
    with store.session() as session:
        query = select(EnqueteRonde.id, EnqueteRonde.modus).where(
            EnqueteRonde.opgeruimd_op.is_(None),
            or_(EnqueteRonde.gesloten_op.is_not(None), EnqueteRonde.sluit_op <= moment),
        )
        if enquete_ronde_ids is not None:
            query = query.where(EnqueteRonde.id.in_(list(enquete_ronde_ids)))
        due = session.execute(query.order_by(EnqueteRonde.id)).tuples().all()
    done = [_ruim_ronde_op(store, ident, modus, moment) for ident, modus in due]
    if done:
        _zonder_oude_versies(store)
    return done


def _ruim_ronde_op(
    store: Store, enquete_ronde_id: int, modus: EnqueteModus, moment: dt.datetime
) -> Opruiming:
    postgres = store.engine.dialect.name == "postgresql"
    with store.session() as session:
        # the round's row first: a second cleaner waits here (PostgreSQL) or before BEGIN
        # IMMEDIATE (SQLite), then finds it cleaned and does nothing
        claimed = session.execute(
            update(EnqueteRonde)
            .where(EnqueteRonde.id == enquete_ronde_id, EnqueteRonde.opgeruimd_op.is_(None))
            .values(opgeruimd_op=moment)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
            return Opruiming(enquete_ronde_id, 0, 0, 0)
        adressen = session.execute(
            update(Uitnodiging)
            .where(Uitnodiging.enquete_ronde_id == enquete_ronde_id, Uitnodiging.email.is_not(None))
            .values(email=None)
        ).rowcount  # type: ignore[attr-defined]
        concepten = session.execute(
            delete(Concept).where(Concept.enquete_ronde_id == enquete_ronde_id)
        ).rowcount  # type: ignore[attr-defined]
        merken = 0
        if modus == EnqueteModus.ANONIEM:
            merken = session.execute(
                delete(Antwoordmerk).where(Antwoordmerk.enquete_ronde_id == enquete_ronde_id)
            ).rowcount  # type: ignore[attr-defined]
            session.execute(
                update(Uitnodiging)
                .where(
                    Uitnodiging.enquete_ronde_id == enquete_ronde_id,
                    Uitnodiging.status.in_([UitnodigingStatus.BEZIG, UitnodigingStatus.BEANTWOORD]),
                )
                .values(status=UitnodigingStatus.OPEN)
            )
            if postgres:
                # one transaction id for every response of the round
                session.execute(
                    update(Respons)
                    .where(Respons.enquete_ronde_id == enquete_ronde_id)
                    .values(taal=Respons.taal)
                )
    return Opruiming(enquete_ronde_id, int(adressen), int(concepten), int(merken))


#: what may still see a row version the cleaning replaced: another session's transaction in this
#: database that began before the cleaning committed, a prepared transaction, a replication slot
_OUDERE_TRANSACTIES = text(
    """
    SELECT 'sessie ' || pid || ' (' || coalesce(nullif(application_name, ''), backend_type)
           || ', ' || coalesce(state, '?') || ', sinds ' || to_char(xact_start, 'HH24:MI:SS') || ')'
      FROM pg_stat_activity
     WHERE pid <> pg_backend_pid()
       AND (datname = current_database() OR datid IS NULL)
       AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
       AND xact_start < :sinds
    UNION ALL
    SELECT 'voorbereide transactie ' || gid FROM pg_prepared_xacts
     WHERE database = current_database() AND prepared < :sinds
    UNION ALL
    SELECT 'replicatieslot ' || slot_name FROM pg_replication_slots
     WHERE xmin IS NOT NULL AND (database = current_database() OR database IS NULL)
    """
)
#: how long closing waits for those to end before it rewrites the tables anyway
WACHTTIJD_S = 5.0


def _wacht_op_oudere_transacties(conn: Connection) -> None:
    """Wait (at most WACHTTIJD_S) until nothing in this database can still see the old versions.

    VACUUM FULL copies a dead row version as long as any transaction in the same database might
    still see it (PostgreSQL's xmin horizon), so rewriting while, say, a report's long query that
    began before the cleaning is still running would keep the deleted addresses in the new file.
    If they do not end in time the tables are rewritten anyway and the warning names them.
    """
    sinds = conn.execute(text("SELECT statement_timestamp()")).scalar_one()
    deadline = time.monotonic() + WACHTTIJD_S
    while houders := conn.execute(_OUDERE_TRANSACTIES, {"sinds": sinds}).scalars().all():
        if time.monotonic() >= deadline:
            log.warning(
                "Oude rijversies kunnen blijven staan: %s begon voor het opruimen en loopt nog "
                "(na %s s); draai later 'VACUUM FULL' op %s (README: privacy)",
                "; ".join(houders),
                f"{WACHTTIJD_S:g}",
                ", ".join(_HERSCHRIJVEN),
            )
            return
        time.sleep(0.05)


#: what VACUUM VERBOSE says of the row versions it had to keep (PostgreSQL's English messages)
_BEHOUDEN = re.compile(r"(\d+) dead row versions cannot be removed yet")
#: every session anywhere on the server that holds a transaction id or a snapshot
_HOUDERS = text(
    """
    SELECT pid || ' ' || coalesce(datname, '-') || ' ' || backend_type || ' '
           || coalesce(state, '?') || ' xmin=' || coalesce(backend_xmin::text, '-')
           || ' xid=' || coalesce(backend_xid::text, '-') || ' sinds '
           || coalesce(to_char(xact_start, 'HH24:MI:SS.MS'), '-')
      FROM pg_stat_activity
     WHERE pid <> pg_backend_pid() AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
    UNION ALL
    SELECT 'voorbereid ' || gid || ' ' || database FROM pg_prepared_xacts
    UNION ALL
    SELECT 'slot ' || slot_name FROM pg_replication_slots WHERE xmin IS NOT NULL
    """
)


def _herschrijf(conn: Connection, table: str) -> None:
    """VACUUM FULL `table`, again while it had to keep old row versions (at most WACHTTIJD_S);
    if it still keeps some, the warning names every session on the server that may hold them."""
    deadline = time.monotonic() + WACHTTIJD_S
    meldingen: list[str] = []

    def noteer(diagnostic: Any) -> None:
        meldingen.append(f"{diagnostic.message_primary} {diagnostic.message_detail or ''}")

    while True:
        meldingen.clear()
        driver = conn.connection.driver_connection
        handler = getattr(driver, "add_notice_handler", None)
        if handler is not None:
            handler(noteer)
        try:
            conn.execute(text(f"VACUUM (FULL, VERBOSE) {table}"))
        finally:
            if handler is not None:
                driver.remove_notice_handler(noteer)  # type: ignore[union-attr]
        behouden = sum(int(m[1]) for melding in meldingen for m in _BEHOUDEN.finditer(melding))
        if not behouden:
            return
        if time.monotonic() >= deadline:
            houders = conn.execute(_HOUDERS).scalars().all()
            log.warning(
                "VACUUM FULL %s moest %s oude rijversies houden; mogelijk houdt een van deze "
                "sessies ze vast: %s; draai later 'VACUUM FULL %s' (README: privacy)",
                table,
                behouden,
                "; ".join(houders) or "geen gevonden",
                table,
            )
            return
        time.sleep(0.2)


def _zonder_oude_versies(store: Store) -> None:
    """Remove the older row and page versions the deletions and rewrites left behind."""
    if store.engine.dialect.name == "postgresql":
        # VACUUM FULL, not VACUUM: a plain vacuum marks old row versions free but leaves their
        # bytes in the pages; FULL writes each table and its indexes anew, holding only the rows
        # that are live, and drops the old files. It locks the table while it copies (for a
        # municipality's responses, well under a second), so it waits at most `lock_timeout`
        # for work in progress and otherwise tells the operator to run it.
        with store.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("SET lock_timeout = '30s'"))
            _wacht_op_oudere_transacties(conn)
            for table in _HERSCHRIJVEN:
                try:
                    _herschrijf(conn, table)
                except OperationalError as exc:
                    log.warning(
                        "VACUUM FULL %s kon niet binnen 30 s (%s); oude rijversies blijven tot "
                        "iemand 'VACUUM FULL %s' draait (README: privacy)",
                        table,
                        type(exc.orig).__name__,
                        table,
                    )
        return
    if store.engine.dialect.name == "sqlite":
        # outside any transaction (the pool's connections run without pysqlite's own BEGIN)
        raw = store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            busy, log_frames, checkpointed = cursor.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
            cursor.close()
        finally:
            raw.close()
        if busy:
            # a reader held an older snapshot: the log is emptied at the next cleaning, or when
            # the last connection closes (SQLite checkpoints then)
            log.info(
                "WAL niet geleegd: een lezer was bezig (%s van %s pagina's overgezet)",
                checkpointed,
                log_frames,
            )
