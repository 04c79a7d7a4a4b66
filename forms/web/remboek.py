"""Where the throttle counts failed link openings: in this process's memory, or in the database,
shared by every server process and machine (the table `linkfout`, forms.web.beveiliging).

Both answer the same question about a window ending at a moment: which failure puts the address
at its limit (the `maximum`-th most recent of the address) and which puts the service at its
global limit (the `globaal_maximum`-th most recent of all); None where there are fewer. The
throttle turns those moments into seconds to wait.

In the database an address is a keyed hash (HMAC-SHA256 with a key derived from the server's
key, truncated to 128 bits): the store holds no address, and without the key cannot test one.
A valid opening only reads (one statement); a failed one inserts one row and deletes the rows
that left the window, and so does each process's first opening, so the table holds no failure
older than one window for longer than until the next failure or server start.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import ColumnElement, Connection, ScalarSelect, delete, insert, select

from makelaar.models.store import Store
from makelaar.models.tables import Linkfout

#: the moments that put an address and the service at their limits (None: below the limit)
Stand = tuple[float | None, float | None]


@dataclass(frozen=True)
class Grenzen:
    """The throttle's limits: failures per address and in all per `venster_s` seconds."""

    maximum: int
    globaal_maximum: int
    venster_s: float


class Boek(Protocol):
    """A ledger of failed openings (in memory or in the database)."""

    def stand(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        """The failures that put `adres` and the service at their limits (None: below)."""

    def mislukt(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        """Count one failure of `adres` at `moment`; returns the stand including it."""


class Geheugenboek:
    """Failures per address and in total, in sliding windows, in this process's memory only.

    At most `max_adressen` addresses are kept: when full, those whose failures all left the
    window are forgotten, and if it is still full the oldest half.
    """

    def __init__(self, max_adressen: int = 50_000) -> None:
        self.max_adressen = max_adressen
        self._fouten: dict[str, deque[float]] = {}
        self._globaal: deque[float] = deque()
        self._lock = threading.Lock()  # a Rem may be used from threads as well as the loop

    def stand(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        with self._lock:
            return self._stand(adres, moment, grenzen)

    def _stand(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        fouten = self._opgeschoond(adres, moment, grenzen.venster_s)
        eigen = fouten[0] if fouten is not None and len(fouten) >= grenzen.maximum else None
        while self._globaal and self._globaal[0] <= moment - grenzen.venster_s:
            self._globaal.popleft()
        globaal = self._globaal[0] if len(self._globaal) >= grenzen.globaal_maximum else None
        return eigen, globaal

    def mislukt(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        with self._lock:
            return self._mislukt(adres, moment, grenzen)

    def _mislukt(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        fouten = self._opgeschoond(adres, moment, grenzen.venster_s)
        if fouten is None:
            if len(self._fouten) >= self.max_adressen:
                self._veeg(moment, grenzen.venster_s)
            fouten = self._fouten.setdefault(adres, deque())
        fouten.append(moment)
        while len(fouten) > grenzen.maximum:
            fouten.popleft()
        self._globaal.append(moment)
        while len(self._globaal) > grenzen.globaal_maximum:
            self._globaal.popleft()
        return self._stand(adres, moment, grenzen)

    def _opgeschoond(self, adres: str, moment: float, venster_s: float) -> deque[float] | None:
        fouten = self._fouten.get(adres)
        if fouten is None:
            return None
        while fouten and fouten[0] <= moment - venster_s:
            fouten.popleft()
        if not fouten:
            del self._fouten[adres]
            return None
        return fouten

    def _veeg(self, moment: float, venster_s: float) -> None:
        for adres in list(self._fouten):
            self._opgeschoond(adres, moment, venster_s)
        if len(self._fouten) >= self.max_adressen:
            oudste = sorted(self._fouten, key=lambda a: self._fouten[a][-1])
            for adres in oudste[: len(oudste) // 2]:
                del self._fouten[adres]


class Databaseboek:
    """Failures in the table `linkfout`, counted together by every process on the same store."""

    def __init__(self, store: Store, sleutel: bytes) -> None:
        self.store = store
        self.sleutel = sleutel
        self.geveegd = False  # whether this process swept what an earlier run left behind

    def merk(self, adres: str) -> str:
        """The keyed hash `adres` is stored under."""
        return hmac.new(self.sleutel, adres.encode(), hashlib.sha256).hexdigest()[:32]

    def stand(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        with self.store.connection() as db:
            if not self.geveegd:  # once per process: rows a quiet spell or a restart left
                self._veeg(db, moment, grenzen)
            return self._stand(db, self.merk(adres), moment, grenzen)

    def mislukt(self, adres: str, moment: float, grenzen: Grenzen) -> Stand:
        merk = self.merk(adres)
        with self.store.connection() as db:
            self._veeg(db, moment, grenzen)
            db.execute(insert(Linkfout).values(adres=merk, moment=moment))
            return self._stand(db, merk, moment, grenzen)

    def _veeg(self, db: Connection, moment: float, grenzen: Grenzen) -> None:
        db.execute(delete(Linkfout).where(Linkfout.moment <= moment - grenzen.venster_s))
        self.geveegd = True

    @staticmethod
    def _stand(db: Connection, merk: str, moment: float, grenzen: Grenzen) -> Stand:
        begin = moment - grenzen.venster_s

        def nde(n: int, *waar: ColumnElement[bool]) -> ScalarSelect[float]:
            return (
                select(Linkfout.moment)
                .where(Linkfout.moment > begin, *waar)
                .order_by(Linkfout.moment.desc())
                .limit(1)
                .offset(max(n, 1) - 1)
                .scalar_subquery()
            )

        eigen = nde(grenzen.maximum, Linkfout.adres == merk)
        globaal = nde(grenzen.globaal_maximum)
        rij = db.execute(select(eigen, globaal)).one()
        return rij[0], rij[1]
