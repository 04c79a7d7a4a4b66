"""The whole-form check of a draft, remembered by its answers' hash between the review and submit.

The review page (GET) and the submit (POST) check the same stored answers: the second check is
looked up. The key holds the form, the answers' canonical hash and the language, and for a form
that reads the clock (today(), now()) the minute too, so no result outlives what it checked.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from forms import engine
from forms.antwoorden import inhoud_sha256
from forms.definitie import Formulier

#: how many checked drafts are remembered (a few hundred bytes each)
GROOTTE = 4096


class Controles:
    """engine.controleer_alles with a bounded, thread-safe memory of recent results."""

    def __init__(self, grootte: int = GROOTTE) -> None:
        self._grootte = grootte
        self._uitslagen: OrderedDict[tuple[Any, ...], tuple[Formulier, dict[str, str]]] = (
            OrderedDict()
        )
        self._klok: dict[int, tuple[Formulier, bool]] = {}
        self._lock = threading.Lock()

    def controleer(
        self, formulier: Formulier, antwoorden: Mapping[str, Any], taal: str
    ) -> dict[str, str]:
        """The messages per question across the whole form (engine.controleer_alles)."""
        key = self._sleutel(formulier, antwoorden, taal)
        with self._lock:
            bekend = self._uitslagen.get(key)
            if bekend is not None and bekend[0] is formulier:
                self._uitslagen.move_to_end(key)
                return dict(bekend[1])
        fouten = engine.controleer_alles(formulier, antwoorden, taal)
        with self._lock:
            self._uitslagen[key] = (formulier, dict(fouten))
            while len(self._uitslagen) > self._grootte:
                self._uitslagen.popitem(last=False)
        return fouten

    def _sleutel(
        self, formulier: Formulier, antwoorden: Mapping[str, Any], taal: str
    ) -> tuple[Any, ...]:
        bekend = self._klok.get(id(formulier))
        if bekend is None or bekend[0] is not formulier:
            bron = formulier.model_dump_json()
            bekend = (formulier, "now(" in bron or "today(" in bron)
            self._klok[id(formulier)] = bekend
        minuut = dt.datetime.now(dt.UTC).isoformat(timespec="minutes") if bekend[1] else ""
        # keyed by the form's id (hashing a form is slow); the stored form object is compared too
        return (id(formulier), inhoud_sha256(dict(antwoorden)), taal, minuut)
