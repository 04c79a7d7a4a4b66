"""Variable names every statistics package accepts, and SPSS `.sav` files written with their labels.

`spss_namen` turns column names (`signalen/eenzaam`, `pct 2026`, `Tevredenheid (0-10)`) into
names SPSS accepts, and R, Stata and pandas with it: ASCII letters, digits and `_`, starting with
a letter, at most 64 bytes, not one of SPSS's reserved words (ALL AND BY EQ GE GT LE LT NE NOT OR
TO WITH), not ending in `_` (SPSS reserves those for its own procedures) and unique without regard
to case (SPSS does not tell `Wijk` from `wijk`). Accents are dropped (`ë` → `e`), every other
character becomes `_`. SPSS itself would also accept `.`, `@`, `#` and `$` and non-ASCII letters;
they are left out because Stata and older SPSS versions do not, and a researcher moves data between
them. A name that repeats gets `_2`, `_3`, ... in the order given, so the mapping is deterministic.

`write_sav` writes a `.sav` through pyreadstat with a label per variable and value labels, numbers
as numeric variables (None as system-missing), text as string variables, atomically and readable
by its owner only, like the CSV and XLSX writers (forms.export).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from makelaar.models.files import sync_directory

__all__ = ["MAX_BYTES", "RESERVED", "is_spss_naam", "spss_naam", "spss_namen", "write_sav"]

#: the words SPSS reserves: never a variable name
RESERVED = frozenset(
    {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
)
#: the longest variable name SPSS accepts, in bytes
MAX_BYTES = 64
_NIET_TOEGESTAAN = re.compile(r"[^A-Za-z0-9_]+")
_GELDIG = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def is_spss_naam(naam: str) -> bool:
    """True when `naam` is a name as `spss_naam` makes them (so SPSS, R and Stata accept it)."""
    return (
        _GELDIG.fullmatch(naam) is not None
        and len(naam.encode()) <= MAX_BYTES
        and naam.upper() not in RESERVED
        and not naam.endswith("_")
    )


def spss_naam(tekst: str) -> str:
    """`tekst` as a valid variable name (not yet made unique: see `spss_namen`)."""
    ascii_ = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    naam = _NIET_TOEGESTAAN.sub("_", ascii_).strip("_")
    naam = re.sub(r"_{2,}", "_", naam)
    if not naam or not naam[0].isalpha():
        naam = f"v_{naam}" if naam else "v"
    if naam.upper() in RESERVED:
        naam = f"v_{naam}"
    return naam[:MAX_BYTES].rstrip("_")


def spss_namen(kandidaten: Iterable[str]) -> list[str]:
    """Each candidate as a valid name, unique regardless of case; a repeat gets `_2`, `_3`, ..."""
    result: list[str] = []
    gezien: set[str] = set()
    for kandidaat in kandidaten:
        basis = spss_naam(kandidaat)
        naam, volgnummer = basis, 1
        while naam.upper() in gezien:
            volgnummer += 1
            staart = f"_{volgnummer}"
            naam = basis[: MAX_BYTES - len(staart)].rstrip("_") + staart
        gezien.add(naam.upper())
        result.append(naam)
    return result


def _numeriek(values: Sequence[object]) -> bool:
    return all(
        v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values
    )


def write_sav(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    labels: Mapping[str, str],
    value_labels: Mapping[str, Mapping[Any, str]] | None = None,
) -> Path:
    """Write an SPSS `.sav` at `path` (replaced only when complete); returns `path`.

    `header` must be valid, unique names (`spss_namen`); `labels` gives each its variable label,
    `value_labels` the labels of a variable's values. A column of numbers and None is numeric
    (None is system-missing), any other column text ('' for None).
    """
    import pandas as pd
    import pyreadstat

    ongeldig = [naam for naam in header if not is_spss_naam(naam)]
    dubbel = len({naam.upper() for naam in header}) != len(header)
    if ongeldig or dubbel:
        raise ValueError(f"not valid, unique SPSS names: {ongeldig or list(header)}")
    rijen = [list(row) for row in rows]
    kolommen: dict[str, object] = {}
    for index, naam in enumerate(header):
        waarden = [row[index] for row in rijen]
        if _numeriek(waarden):
            kolommen[naam] = pd.Series(
                [float("nan") if v is None else float(v) for v in waarden],  # type: ignore[arg-type]
                dtype="float64",
            )
        else:
            kolommen[naam] = pd.Series(["" if v is None else str(v) for v in waarden], dtype=object)
    frame = pd.DataFrame(kolommen, columns=list(header))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        pyreadstat.write_sav(
            frame,
            str(temporary),
            column_labels=[labels.get(naam, "") for naam in header],
            variable_value_labels={k: dict(v) for k, v in (value_labels or {}).items()},
        )
        os.chmod(temporary, 0o600)  # like every export: readable by its owner only
        os.replace(temporary, path)
        sync_directory(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return path
