"""A round's input files, checked against the kinds its cycle declares (`invoerbestanden`).

`makelaar round run --bestand SOORT=PAD` and the flow's parameter `bestanden` hand a round files
by kind ("casussen", "vragen", "cbs", ...). Before the round starts, every kind must be one the
cycle declares and every path an existing file; otherwise one line names the option (or the
parameter), the kind or the file, and what is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from makelaar.cycles.spec import INVOERBESTANDEN_ATTRIBUTE
from makelaar.models.errors import CycleLoadError, RoundError
from makelaar.models.taal import Catalogus, catalogus, vertaal

__all__ = ["checked_input_files", "declared_input_files", "file_problem"]

_TEKSTEN: Catalogus = catalogus(
    "invoerbestanden",
    {
        "waar": {
            "nl": "{optie} {soort}={pad}: {probleem}",
            "en": "{optie} {soort}={pad}: {probleem}",
        },
        "onbekende_soort": {
            "nl": "de cyclus {cyclus} leest geen bestand van de soort '{soort}'; geldig: {geldig}.",
            "en": "the cycle {cyclus} reads no file of the kind '{soort}'; valid: {geldig}.",
        },
        "geen_soorten": {
            "nl": "de cyclus {cyclus} leest geen invoerbestanden; laat {optie} weg.",
            "en": "the cycle {cyclus} reads no input files; leave out {optie}.",
        },
        "ontbreekt": {
            "nl": "het bestand {pad} bestaat niet.",
            "en": "the file {pad} does not exist.",
        },
        "geen_bestand": {
            "nl": "{pad} is een map, geen bestand; geef een bestand.",
            "en": "{pad} is a folder, not a file; give a file.",
        },
        "verklaring": {
            "nl": "invoerbestanden moet soort -> omschrijving zijn (tekst -> tekst), niet {waarde!r}",
            "en": "invoerbestanden must map kind -> description (text -> text), not {waarde!r}",
        },
    },
)


def declared_input_files(cycle: object) -> Mapping[str, str]:
    """The kinds of input file the cycle declares, with what each holds (empty without any)."""
    declared = getattr(cycle, INVOERBESTANDEN_ATTRIBUTE, None)
    if declared is None:
        return {}
    if not isinstance(declared, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in declared.items()
    ):
        name = str(getattr(cycle, "name", type(cycle).__name__))
        problem = vertaal(_TEKSTEN, "verklaring", "nl", waarde=declared)
        problem_en = vertaal(_TEKSTEN, "verklaring", "en", waarde=declared)
        raise CycleLoadError(name, type(cycle).__module__, problem, en=problem_en)
    return declared


def file_problem(pad: str | Path, taal: str) -> str | None:
    """Why `pad` cannot be read as an input file (missing, a folder); None when it can."""
    path = Path(pad).expanduser()
    if not path.exists():
        return vertaal(_TEKSTEN, "ontbreekt", taal, pad=pad)
    if not path.is_file():
        return vertaal(_TEKSTEN, "geen_bestand", taal, pad=pad)
    return None


def checked_input_files(
    cycle: object, bestanden: Mapping[str, str | Path], taal: str, *, optie: str
) -> dict[str, Path]:
    """`bestanden` (kind -> path) as absolute paths, once every kind is one the cycle declares
    and every path an existing file; else a RoundError naming `optie`, the kind and what is
    valid, or the missing file."""
    declared = declared_input_files(cycle)
    cyclus = str(getattr(cycle, "name", "?"))
    checked: dict[str, Path] = {}
    for soort, pad in bestanden.items():
        if soort not in declared:
            key = "onbekende_soort" if declared else "geen_soorten"
            geldig = ", ".join(sorted(declared))
            probleem: str | None = vertaal(
                _TEKSTEN, key, taal, cyclus=cyclus, soort=soort, geldig=geldig, optie=optie
            )
        else:
            probleem = file_problem(pad, taal)
        if probleem is not None:
            raise RoundError(
                vertaal(
                    _TEKSTEN, "waar", taal, optie=optie, soort=soort, pad=pad, probleem=probleem
                )
            )
        checked[soort] = Path(pad).expanduser().resolve()
    return checked
