"""The attacker's tools for test_anonimiteit_aanval: copies of a store, its history, and the joins.

A copy is what an attacker holds: on SQLite the files (`makelaar.db`, `-wal`, `-shm`) copied with
plain file copies while the app keeps its connections open, as a backup tool would; on PostgreSQL
every row of the schema (with `xmin`/`xmax`) and every page of every relation read raw with
`pageinspect` (live and dead tuples alike). From a copied `-wal` every committed state it still
holds is rebuilt (the database file plus the log cut just after each commit frame), so the
attacker sees the store's history, commit by commit, not only its last state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import shutil
import sqlite3
import struct
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

Rij = dict[str, Any]
#: a state of the store: every table's rows
Staat = dict[str, list[Rij]]

#: the response columns an anonymous response may share with other rows: its categories
TOEGESTAAN = frozenset({"enquete_ronde_id", "wijk_code", "taal", "bron"})
#: columns whose values name an invitation or a person wherever they stand
NAAM_KOLOMMEN = frozenset({"uitnodiging_id", "contact", "email", "respondent"})
#: tables about invitations whatever their columns
UITNODIGING_TABELLEN = frozenset({"uitnodiging", "uitnodiging_token", "verzending"})
WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass
class Kopie:
    """What the attacker holds of the store at one moment."""

    label: str
    #: every committed state it can rebuild, oldest first (the last one is the copy's own state)
    staten: list[Staat]
    #: raw bytes by file (SQLite) or by relation (PostgreSQL: every page of it)
    ruw: dict[str, bytes]
    #: PostgreSQL only: the transaction ids per table, live rows and dead tuples
    xids: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    #: PostgreSQL only: each table's columns (a table without live rows still has them)
    kolommen: dict[str, list[str]] = field(default_factory=dict)

    @property
    def laatste(self) -> Staat:
        return self.staten[-1]

    @cached_property
    def alle_bytes(self) -> bytes:
        """Every byte of the copy (its files, or its relations' pages), in one string."""
        return b"\x00".join(self.ruw.values())

    @cached_property
    def buiten_respons(self) -> bytes:
        """PostgreSQL: the pages of every relation but the responses' own (heap, TOAST, indexes)."""
        return b"\x00".join(
            data for naam, data in self.ruw.items() if naam.split(":")[1:2] != ["respons"]
        )

    @cached_property
    def hex_waarden(self) -> set[str]:
        """Every run of 64 hex digits in the copy's bytes (each window of a longer run too)."""
        uit: set[str] = set()
        for run in re.findall(rb"[0-9a-f]{64,}", self.alle_bytes):
            uit.update(run[i : i + 64].decode() for i in range(len(run) - 63))
        return uit


# -- SQLite: file copies and the history in a copied -wal -----------------------------------------


def kopieer_bestanden(db: Path, doel: Path) -> Path:
    """Copy the database and its -wal and -shm with plain file copies (the app stays connected)."""
    doel.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        bron = db.with_name(db.name + suffix)
        if bron.exists():
            shutil.copyfile(bron, doel / (db.name + suffix))
    return doel / db.name


def lees_sqlite(path: Path) -> Staat:
    """Every table's rows of the SQLite file at `path` (with its -wal, if any)."""
    connection = sqlite3.connect(path)
    try:
        tabellen = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        staat: Staat = {}
        for tabel in tabellen:
            cursor = connection.execute(f'SELECT * FROM "{tabel}"')
            kolommen = [d[0] for d in cursor.description]
            staat[tabel] = [dict(zip(kolommen, rij, strict=True)) for rij in cursor]
        return staat
    finally:
        connection.close()


def wal_commits(wal: bytes) -> list[int]:
    """The length of the log up to and including each commit frame, oldest first.

    The format (sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header (big-endian;
    page size at offset 8, salts at 16 and 20), then frames of a 24-byte header and one page; a
    frame belongs to the log while its salts equal the header's, and a commit frame holds the
    database size after the commit (non-zero) at offset 4.
    """
    if len(wal) < WAL_HEADER:
        return []
    pagina = struct.unpack(">I", wal[8:12])[0]
    pagina = 65536 if pagina == 1 else pagina
    salts = wal[16:24]
    frame = FRAME_HEADER + pagina
    einden = []
    offset = WAL_HEADER
    while offset + frame <= len(wal):
        if wal[offset + 8 : offset + 16] != salts:
            break
        commit = struct.unpack(">I", wal[offset + 4 : offset + 8])[0]
        offset += frame
        if commit:
            einden.append(offset)
    return einden


def _teruggeschreven(shm: Path, wal: bytes) -> int:
    """How many frames of the log a checkpoint already copied into the database file.

    From the -shm: after two copies of the 48-byte index header, the checkpoint info begins with
    nBackfill (native byte order). States before that frame cannot be rebuilt: the database file
    holds newer pages.
    """
    if not shm.exists() or len(wal) < WAL_HEADER:
        return 0
    data = shm.read_bytes()
    if len(data) < 100:
        return 0
    return int(struct.unpack("=I", data[96:100])[0])


def sqlite_kopie(db: Path, doel: Path, label: str, cache: dict[str, Staat] | None = None) -> Kopie:
    """Copy the store's files now and rebuild every committed state the copied log still holds."""
    kopie = kopieer_bestanden(db, doel / label)
    wal_pad = kopie.with_name(kopie.name + "-wal")
    wal = wal_pad.read_bytes() if wal_pad.exists() else b""
    ruw = {p.name: p.read_bytes() for p in sorted(kopie.parent.iterdir())}
    pagina = struct.unpack(">I", wal[8:12])[0] if len(wal) >= WAL_HEADER else 0
    frame = FRAME_HEADER + (65536 if pagina == 1 else pagina)
    klaar = _teruggeschreven(kopie.with_name(kopie.name + "-shm"), wal)
    staten: list[Staat] = []
    basis = kopie.read_bytes()
    einden = [e for e in wal_commits(wal) if (e - WAL_HEADER) // frame >= klaar]
    cache = {} if cache is None else cache
    for i, einde in enumerate(einden):
        vingerafdruk = hashlib.sha256(basis + wal[:einde]).hexdigest()
        if vingerafdruk in cache:
            staten.append(cache[vingerafdruk])
            continue
        plek = doel / f"{label}-staat-{i:03d}"
        plek.mkdir()
        (plek / "s.db").write_bytes(basis)
        (plek / "s.db-wal").write_bytes(wal[:einde])
        cache[vingerafdruk] = lees_sqlite(plek / "s.db")
        staten.append(cache[vingerafdruk])
        shutil.rmtree(plek)
    # the copy as a whole (its -shm removed: SQLite rebuilds the index from the log)
    plek = doel / f"{label}-geheel"
    plek.mkdir()
    shutil.copyfile(kopie, plek / "s.db")
    if wal:
        (plek / "s.db-wal").write_bytes(wal)
    staten.append(lees_sqlite(plek / "s.db"))
    shutil.rmtree(plek)
    return Kopie(label, staten, ruw)


# -- PostgreSQL: rows with their transaction ids, and every page raw ------------------------------


def pg_kopie(connection: Connection, schema: str, label: str) -> Kopie:
    """Every row of `schema` and every page of its relations (heap, TOAST, indexes), raw."""
    tabellen = [
        r[0]
        for r in connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        )
    ]
    staat: Staat = {}
    xids: dict[str, list[tuple[str, int, int]]] = {}
    kolommen: dict[str, list[str]] = {}
    for tabel in tabellen:
        result = connection.execute(
            text(
                'SELECT *, xmin::text::bigint AS "_xmin", xmax::text::bigint AS "_xmax" '
                f'FROM "{schema}"."{tabel}"'
            )
        )
        kolommen[tabel] = [k for k in result.keys() if k not in ("_xmin", "_xmax")]  # noqa: SIM118
        rijen = [dict(r._mapping) for r in result]
        xids[tabel] = [("levend", r.pop("_xmin"), r.pop("_xmax")) for r in rijen]
        staat[tabel] = rijen
    # every page of every relation of the schema (tables, their TOAST tables, indexes), one
    # query for all: pageinspect's get_raw_page per block, joined in block order
    blokken = "generate_series(0, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int - 1)"
    relaties = connection.execute(
        text(
            "SELECT c.relname, c.relkind, coalesce(t.relname, i.relname) AS eigenaar, "
            "(SELECT string_agg(public.get_raw_page(c.oid::regclass::text, b), ''::bytea "
            f"ORDER BY b) FROM {blokken} AS b) AS paginas "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_class t ON t.reltoastrelid = c.oid "
            "LEFT JOIN pg_index x ON x.indexrelid = c.oid "
            "LEFT JOIN pg_class i ON i.oid = x.indrelid "
            "WHERE (n.nspname = :s OR t.relnamespace = (SELECT oid FROM pg_namespace "
            "WHERE nspname = :s)) AND c.relkind IN ('r', 't', 'i')"
        ),
        {"s": schema},
    ).all()
    ruw = {
        f"{soort}:{eigenaar or naam}:{naam}": bytes(paginas or b"")
        for naam, soort, eigenaar, paginas in relaties
    }
    # every tuple still on a heap page (live or dead, until vacuum), with its transaction ids
    for naam, xmin, xmax in connection.execute(
        text(
            "SELECT c.relname, h.t_xmin::text::bigint, coalesce(h.t_xmax::text::bigint, 0) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"CROSS JOIN LATERAL {blokken} AS b "
            "CROSS JOIN LATERAL public.heap_page_items(public.get_raw_page(c.oid::regclass::text, b)) h "
            "WHERE n.nspname = :s AND c.relkind = 'r' AND h.lp_flags = 1"
        ),
        {"s": schema},
    ):
        xids.setdefault(naam, []).append(("tupel", xmin, xmax))
    return Kopie(label, [staat], ruw, xids, kolommen)


# -- values, rows and tables ----------------------------------------------------------------------


def tekst(waarde: Any) -> str | None:
    """A value as the attacker compares it: text (JSON canonical), or None for NULL and bytes."""
    if waarde is None or isinstance(waarde, bool):
        return None
    if isinstance(waarde, (dict, list)):
        return json.dumps(waarde, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if isinstance(waarde, (bytes, memoryview)):
        return None
    if isinstance(waarde, str) and waarde[:1] in "{[":
        try:
            return tekst(json.loads(waarde))
        except ValueError:
            return waarde
    if isinstance(waarde, dt.datetime):
        return waarde.isoformat()
    return str(waarde)


def noemt_uitnodiging(tabel: str, kolommen: Iterable[str]) -> bool:
    """A table whose rows name an invitation or a person (the responses themselves excepted)."""
    if tabel == "respons":
        return False
    return tabel in UITNODIGING_TABELLEN or bool(NAAM_KOLOMMEN & set(kolommen))


def anonieme_responsen(staat: Staat, ronde_id: int) -> list[Rij]:
    return [r for r in staat.get("respons", []) if r["enquete_ronde_id"] == ronde_id]


def _sleutel(rij: Rij) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in rij.items()))


def verschil(voor: Staat, na: Staat) -> dict[str, tuple[list[Rij], list[Rij]]]:
    """Per table the rows that went (first) and came (second) between two states."""
    uit: dict[str, tuple[list[Rij], list[Rij]]] = {}
    for tabel in set(voor) | set(na):
        oud = Counter(_sleutel(r) for r in voor.get(tabel, []))
        nieuw = Counter(_sleutel(r) for r in na.get(tabel, []))
        weg, erbij = oud - nieuw, nieuw - oud
        if weg or erbij:
            uit[tabel] = ([dict(k) for k in weg.elements()], [dict(k) for k in erbij.elements()])
    return uit


def geraakte_uitnodigingen(tabel: str, rijen: Iterable[Mapping[str, str]]) -> set[str]:
    """The invitations rows of a table name (their id, as repr text from `verschil`)."""
    kolom = "id" if tabel == "uitnodiging" else "uitnodiging_id"
    return {r.get(kolom, f"onbekend:{tabel}:{i}") for i, r in enumerate(rijen)}


def waarden_buiten(staten: Iterable[Staat], uitgezonderd: str = "respons") -> set[str]:
    """Every value in every other table's rows, as text (JSON values also as their parts)."""
    uit: set[str] = set()
    for staat in staten:
        for tabel, rijen in staat.items():
            if tabel == uitgezonderd:
                continue
            for rij in rijen:
                for waarde in rij.values():
                    t = tekst(waarde)
                    if t is not None:
                        uit.add(t)
                    if isinstance(waarde, (bytes, memoryview)):
                        uit.add(bytes(waarde).hex())
    return uit


def respons_waarden(rij: Rij) -> dict[str, str]:
    """The values of a response row an attacker may try to find elsewhere (not its categories)."""
    return {k: t for k, v in rij.items() if k not in TOEGESTAAN and (t := tekst(v)) is not None}


def vrije_teksten(antwoorden: Any) -> list[str]:
    """The free texts (of 16 characters or more: no choice name) in a response's answers."""
    if isinstance(antwoorden, str):
        antwoorden = json.loads(antwoorden)
    if not isinstance(antwoorden, dict):
        return []
    return [v for v in antwoorden.values() if isinstance(v, str) and len(v) >= 16]


# -- the joins ------------------------------------------------------------------------------------


def _tijd(waarde: Any) -> dt.datetime | None:
    if isinstance(waarde, dt.datetime):
        return waarde if waarde.tzinfo else waarde.replace(tzinfo=dt.UTC)
    if isinstance(waarde, str) and re.fullmatch(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d.*", waarde):
        moment = dt.datetime.fromisoformat(waarde)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None


def bekend_beantwoord(staat: Staat, ronde_id: int) -> set[Any]:
    """The invitations the attacker knows had answered: skipped by a reminder run that reached
    others while they were due (invited or reminded at least the gap before, below the maximum,
    not withdrawn): reminders go only to who has not answered.

    A run is read from the mail log (`verzending`, soort 'herinnering', one time) and from the
    invitations themselves (those with `herinneringen` > 0 last reached at one time).
    """
    rondes = [r for r in staat.get("enquete_ronde", []) if r.get("id") == ronde_id]
    if not rondes:
        return set()
    gap = dt.timedelta(hours=int(rondes[0].get("herinnering_na_uren") or 0))
    maximum = rondes[0].get("max_herinneringen")
    alle = [u for u in staat.get("uitnodiging", []) if u.get("enquete_ronde_id") == ronde_id]
    ids = {u["id"] for u in alle}
    log = [v for v in staat.get("verzending", []) if v.get("uitnodiging_id") in ids]
    runs: dict[dt.datetime, set[Any]] = {}
    for v in log:
        if v.get("soort") == "herinnering" and (t := _tijd(v.get("verstuurd_op"))) is not None:
            runs.setdefault(t, set()).add(v["uitnodiging_id"])
    for u in alle:
        if int(u.get("herinneringen") or 0) > 0 and (t := _tijd(u.get("laatst_benaderd_op"))):
            runs.setdefault(t, set()).add(u["id"])
    bekend: set[Any] = set()
    for moment, bereikt in runs.items():
        for u in alle:
            if u["id"] in bereikt or str(u.get("status")).lower().endswith("ingetrokken"):
                continue
            eerder = [
                (v.get("soort"), t)
                for v in log
                if v["uitnodiging_id"] == u["id"]
                and (t := _tijd(v.get("verstuurd_op"))) is not None
                and t < moment
            ]
            laatst = max((t for _, t in eerder), default=None)
            if laatst is None and (t := _tijd(u.get("laatst_benaderd_op"))) and t < moment:
                laatst = t  # the invitation's own view: its last contact before the run
            if laatst is None or moment - laatst < gap:
                continue
            herinnerd = sum(1 for soort, _ in eerder if soort == "herinnering")
            if maximum is not None and herinnerd >= int(maximum):
                continue
            bekend.add(u["id"])
    return bekend


def verenigbaar(staat: Staat, respons: Rij) -> list[Rij]:
    """The invitations of the response's round that the attacker cannot rule out as its author.

    The joins tried (each only when both sides carry the attribute):
    - the round (`enquete_ronde_id`), and every other column both rows carry by name (`wijk_code`,
      `taal` if the invitation side has one, ...), NULL on either side ruling nothing out;
    - the per-person status: when any invitation of the round says 'beantwoord', statuses are
      taken as truthful and only 'beantwoord' ones remain; withdrawn ones drop out;
    - reminders (the mail log and the invitations' reminder count and last contact): who a
      reminder run skipped while due had answered (`bekend_beantwoord`); when those known
      answerers among the compatible invitations are as many as the responses of the same
      attributes in this state, the responses are theirs and only they remain;
    - times: a response carrying a time rules out invitations made, or reminded, after it;
    - a draft still naming an invitation (`concept.uitnodiging_id`) rules that invitation out
      (it has not submitted).
    """
    ronde_id = respons["enquete_ronde_id"]
    alle = [u for u in staat.get("uitnodiging", []) if u["enquete_ronde_id"] == ronde_id]
    gedeeld = (set(respons) & set(alle[0]) if alle else set()) - {"id", "status", "aangemaakt_op"}
    kandidaten = []
    for u in alle:
        if any(
            respons[k] is not None and u[k] is not None and tekst(respons[k]) != tekst(u[k])
            for k in gedeeld
        ):
            continue
        kandidaten.append(u)
    if any(str(u.get("status")).lower().endswith("beantwoord") for u in alle):
        kandidaten = [u for u in kandidaten if str(u.get("status")).lower().endswith("beantwoord")]
    kandidaten = [u for u in kandidaten if not str(u.get("status")).lower().endswith("ingetrokken")]
    met_concept = {c.get("uitnodiging_id") for c in staat.get("concept", [])}
    kandidaten = [u for u in kandidaten if u["id"] not in met_concept]
    bekend = bekend_beantwoord(staat, ronde_id)
    # the attributes the invitation side carries (a column NULL on every invitation tells nothing)
    bepalend = [k for k in gedeeld if any(u.get(k) is not None for u in alle)]
    if bekend and all(respons.get(k) is not None for k in bepalend):
        # every invitation of these attributes answers into this class of responses: when the
        # known answerers among them are as many as its responses, the responses are theirs
        klasse = [
            r
            for r in staat.get("respons", [])
            if r["enquete_ronde_id"] == ronde_id
            and all(tekst(r.get(k)) == tekst(respons.get(k)) for k in bepalend)
        ]
        zeker = [u for u in kandidaten if u["id"] in bekend]
        if zeker and len(zeker) >= len(klasse):
            kandidaten = zeker
    tijden = [t for k, v in respons.items() if k not in TOEGESTAAN and (t := _tijd(v))]
    if tijden:
        moment = max(tijden)
        later = {
            v["uitnodiging_id"]
            for v in staat.get("verzending", [])
            if (t := _tijd(v.get("verstuurd_op"))) is not None and t > moment
        }
        kandidaten = [
            u
            for u in kandidaten
            if u["id"] not in later
            and all(
                (t := _tijd(u.get(k))) is None or t <= moment
                for k in ("aangemaakt_op", "laatst_benaderd_op")
            )
        ]
    return kandidaten


# -- what a holder of the pseudonym key can compute -----------------------------------------------


def labels_in_bron(mappen: Sequence[Path]) -> set[str]:
    """The derivation labels in the product's source ("makelaar ..." string literals): the
    attacker has the code."""
    labels: set[str] = set()
    for map_ in mappen:
        for pad in map_.rglob("*.py"):
            for match in re.finditer(r"""b?["'](makelaar [^"'\n]{3,80})["']""", pad.read_text()):
                labels.add(match.group(1))
    return labels


def sleutel_afleidingen(
    sleutel: bytes, labels: Iterable[str], berichten: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    """Every keyed hash (hex) the key holder can make of each invitation's identifiers.

    HMAC-SHA256 with the key itself and with each key derived from it over a label
    (HMAC(key, label)), over each message; also HMAC(key, label + message); and one level
    further: each of those digests used as a key over each label (a secret per invitation from
    which a row key is derived). Maps hash -> what it is made of.
    """
    labels = list(labels)
    sleutels = {"sleutel": sleutel}
    for label in labels:
        sleutels[label] = hmac.new(sleutel, label.encode(), hashlib.sha256).digest()
    uit: dict[str, str] = {}
    for wie, lijst in berichten.items():
        for bericht in lijst:
            for naam, k in sleutels.items():
                digest = hmac.new(k, bericht.encode(), hashlib.sha256).digest()
                uit[digest.hex()] = f"{naam}({wie})"
                for label in labels:
                    verder = hmac.new(digest, label.encode(), hashlib.sha256).hexdigest()
                    uit[verder] = f"{label}({naam}({wie}))"
            for label in labels:
                mac = hmac.new(sleutel, (label + bericht).encode(), hashlib.sha256).hexdigest()
                uit[mac] = f"{label}+({wie})"
    return uit
