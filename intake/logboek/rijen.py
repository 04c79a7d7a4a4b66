"""From a sheet's header and rows to validated records: which column is which, and each row checked.

Cells are read by the parsers in `waarden`; the record as a whole is validated by a pydantic model
(`modellen`) built from the same column definitions the template uses (types, bounds, lengths,
required), plus the rules that tie columns together (a reason when an initiative did not go
ahead, ...). This is the logbook's row reader in the importer skeleton (intake.importeur).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from makelaar.intake.importeur import Fout
from makelaar.intake.logboek.kolommen import (
    HULPBLADEN,
    RECORDSOORTEN,
    Kolom,
    Recordsoort,
    Soort,
    normalise_header,
)
from makelaar.intake.logboek.modellen import MODELLEN, Regelfout
from makelaar.intake.logboek.waarden import (
    CellValueError,
    Getalstijl,
    Keuzelezer,
    Partnerlezer,
    datum,
    decimaal,
    geheel,
    korte_tekst,
    persoon,
    stijl_bewijs,
    tekst,
)
from makelaar.intake.tabular import Sheet, Value
from makelaar.intake.xlsx import Cell
from makelaar.models.domain import PartnerSoort
from makelaar.models.taal import in_taal

# --- which sheet holds what ---------------------------------------------------------------------


class Bladfout(Exception):
    """A whole sheet cannot be read (missing required columns, unknown kind, ...)."""

    def __init__(self, fout: Fout) -> None:
        super().__init__(fout.melding)
        self.fout = fout


@dataclass(frozen=True)
class Kolomplaats:
    index: int
    kop: str  # the header as written in the file
    kolom: Kolom


def _match(header: Sequence[str], soort: Recordsoort) -> dict[str, Kolomplaats]:
    names = {name: kolom for kolom in soort.kolommen for name in kolom.namen()}
    found: dict[str, Kolomplaats] = {}
    for index, kop in enumerate(header):
        kolom = names.get(normalise_header(kop))
        if kolom is not None and kolom.veld not in found:
            found[kolom.veld] = Kolomplaats(index, kop, kolom)
    return found


def herken(sheet: Sheet, locale: str = "nl") -> Recordsoort | None:
    """The record kind a sheet holds, by its name or else by its headers; None for helper sheets."""
    if sheet.name is not None:
        name = normalise_header(sheet.name)
        if name in {normalise_header(h) for h in HULPBLADEN}:
            return None
        for soort in RECORDSOORTEN:
            if name in soort.bladnamen():
                return soort
    complete = [
        (len(found), soort)
        for soort in RECORDSOORTEN
        if all(k.veld in (found := _match(sheet.header, soort)) for k in soort.verplichte())
    ]
    if complete:
        complete.sort(key=lambda item: -item[0])
        best = [s for n, s in complete if n == complete[0][0]]
        if len(best) == 1:
            return best[0]
        hint = normalise_header(sheet.file.rsplit(".", 1)[0])
        named = [s for s in best if any(n in hint for n in s.bladnamen())]
        if len(named) == 1:
            return named[0]
        raise Bladfout(
            Fout(
                bestand=sheet.file,
                blad=sheet.name,
                melding=in_taal(
                    locale,
                    "de kolommen passen bij meer dan één soort gegevens ("
                    + ", ".join(s.blad for s in best)
                    + "); geef het blad of bestand de naam van de soort, zoals 'Signalen'.",
                    "the columns fit more than one kind of record ("
                    + ", ".join(s.blad_en for s in best)
                    + "); name the sheet or file after the kind, like 'Signals'.",
                ),
            )
        )
    # Not recognised: name the kind whose required columns are closest, and what is missing.
    scored = sorted(RECORDSOORTEN, key=lambda s: -len(_match(sheet.header, s)))
    closest = scored[0]
    found = _match(sheet.header, closest)
    missing = [k for k in closest.verplichte() if k.veld not in found]
    if not found:
        raise Bladfout(
            Fout(
                bestand=sheet.file,
                blad=sheet.name,
                melding=in_taal(
                    locale,
                    "geen van de kolomkoppen is bekend ("
                    + ", ".join(repr(h) for h in sheet.header[:8] if h)
                    + "); gebruik het logboeksjabloon ('makelaar logboek sjabloon') of de "
                    "koppen daaruit, zoals 'Datum', 'Makelaar', 'Wijk', 'Soort actie'.",
                    "none of the column headers is known ("
                    + ", ".join(repr(h) for h in sheet.header[:8] if h)
                    + "); use the logbook template ('makelaar logboek sjabloon') or its headers, "
                    "like 'Datum', 'Makelaar', 'Wijk', 'Soort actie'.",
                ),
            )
        )
    raise Bladfout(
        Fout(
            bestand=sheet.file,
            blad=sheet.name,
            melding=in_taal(
                locale,
                f"dit lijkt een blad met {closest.blad.lower()}, maar verplichte kolommen "
                f"ontbreken: {', '.join(repr(k.kop) for k in missing)}.",
                f"this looks like {closest.blad_en.lower()}, but required columns are missing: "
                f"{', '.join(repr(k.kop_en) for k in missing)}.",
            ),
        )
    )


# --- reading the rows of one sheet --------------------------------------------------------------

#: the rows a file's decimal separator is judged on before its rows are read
PROEFRIJEN = 1000
#: distinct values remembered per column
CACHE_PER_KOLOM = 20_000
_MISSING = object()


@dataclass
class Rij:
    """One row read: its number, the validated record (or None) and what was wrong."""

    nummer: int
    cellen: list[Value]
    waarden: dict[str, Any] | None
    fouten: list[Fout]
    deels: dict[str, Any] = field(default_factory=dict)  # what could be read, when not all


class Rijlezer:
    """Reads the rows of one sheet of one record kind into validated dicts."""

    def __init__(
        self,
        sheet: Sheet,
        soort: Recordsoort,
        *,
        locale: str,
        vandaag: dt.date,
        waarschuw: Callable[[str], None],
    ) -> None:
        self.sheet = sheet
        self.soort = soort
        self.locale = locale
        self.vandaag = vandaag
        self.model = MODELLEN[soort.naam]
        self.plaatsen = self._plaatsen(waarschuw)
        self.stijl = Getalstijl.ONBEKEND
        self._keuzes = {
            k.veld: Keuzelezer(k.keuzes)
            for k in soort.kolommen
            if k.keuzes is not None and k.veld in self.plaatsen
        }
        self._partners = Partnerlezer(Keuzelezer(PartnerSoort))
        #: per column: where, its header, its field, its parser, and a cache of values read
        #: (logbook columns repeat few values: a dict lookup instead of parsing, but not notes)
        self._cellen: list[tuple[int, str, str, Callable[[Any], Any], dict[Any, Any] | None]] = [
            (
                p.index,
                p.kop,
                p.kolom.veld,
                self._lezer(p.kolom),
                None if p.kolom.soort in (Soort.VRIJE_TEKST, Soort.PERSOON, Soort.ID) else {},
            )
            for p in self.plaatsen.values()
        ]

    def _plaatsen(self, waarschuw: Callable[[str], None]) -> dict[str, Kolomplaats]:
        found = _match(self.sheet.header, self.soort)
        names = {n for k in self.soort.kolommen for n in k.namen()}
        by_field: dict[str, list[str]] = {}
        for kop in self.sheet.header:
            if not kop:
                continue
            normal = normalise_header(kop)
            if normal in names:
                veld = next(k.veld for k in self.soort.kolommen if normal in k.namen())
                by_field.setdefault(veld, []).append(kop)
                continue
            close = difflib.get_close_matches(normal, sorted(names), n=1, cutoff=0.75)
            hint = ""
            if close:
                hint = in_taal(
                    self.locale, f" (bedoelt u '{close[0]}'?)", f" (did you mean '{close[0]}'?)"
                )
            waarschuw(
                in_taal(
                    self.locale,
                    f"{self._waar()}: kolom '{kop}' is onbekend en wordt niet ingelezen{hint}.",
                    f"{self._waar()}: column '{kop}' is unknown and is not read{hint}.",
                )
            )
        doubled = {veld: koppen for veld, koppen in by_field.items() if len(koppen) > 1}
        if doubled:
            veld, koppen = next(iter(doubled.items()))
            raise Bladfout(
                Fout(
                    bestand=self.sheet.file,
                    blad=self.sheet.name,
                    melding=in_taal(
                        self.locale,
                        f"de kolommen {' en '.join(repr(k) for k in koppen)} betekenen allebei "
                        f"'{self.soort.kolom_per_veld[veld].kop}'; houd er één.",
                        f"columns {' and '.join(repr(k) for k in koppen)} both mean "
                        f"'{self.soort.kolom_per_veld[veld].kop_en}'; keep one.",
                    ),
                )
            )
        missing = [k for k in self.soort.verplichte() if k.veld not in found]
        if missing:
            raise Bladfout(
                Fout(
                    bestand=self.sheet.file,
                    blad=self.sheet.name,
                    melding=in_taal(
                        self.locale,
                        f"verplichte kolommen ontbreken: {', '.join(repr(k.kop) for k in missing)}.",
                        f"required columns are missing: {', '.join(repr(k.kop_en) for k in missing)}.",
                    ),
                )
            )
        return found

    def _waar(self) -> str:
        blad = f", {in_taal(self.locale, 'blad', 'sheet')} '{self.sheet.name}'"
        return f"{self.sheet.file}{blad if self.sheet.name else ''}"

    def _lezer(self, kolom: Kolom) -> Callable[[Cell], Any]:
        match kolom.soort:
            case Soort.GEHEEL:
                return lambda cell: geheel(cell, self.stijl)
            case Soort.DECIMAAL:
                return lambda cell: decimaal(cell, self.stijl)
            case Soort.DATUM:
                return self._dag
            case Soort.KEUZE:
                return self._keuzes[kolom.veld].een
            case Soort.KEUZES:
                return self._keuzes[kolom.veld].meer
            case Soort.PARTNERS:
                return self._partners.lees
            case Soort.PERSOON | Soort.MAKELAAR:
                limit, verplicht = kolom.max_lengte, kolom.verplicht
                return lambda cell: persoon(cell, limit, verplicht)
            case _:
                limit = kolom.max_lengte
                return lambda cell: korte_tekst(cell, limit)

    def _dag(self, cell: Cell) -> dt.date:
        return datum(cell, self.vandaag)

    def bepaal_stijl(self, proef: Sequence[tuple[int, list[Value]]]) -> Fout | None:
        """Judge the decimal separator on the first rows; a file that mixes both is refused."""
        numeric = [
            p.index
            for p in self.plaatsen.values()
            if p.kolom.soort in (Soort.GEHEEL, Soort.DECIMAAL)
        ]
        seen: dict[Getalstijl, tuple[int, str]] = {}
        for nummer, cells in proef:
            for index in numeric:
                if index < len(cells) and isinstance(cell := cells[index], str):
                    evidence = stijl_bewijs(cell)
                    if evidence is not None:
                        seen.setdefault(evidence, (nummer, cell.strip()))
        if len(seen) > 1:
            (r1, v1), (r2, v2) = seen[Getalstijl.KOMMA], seen[Getalstijl.PUNT]
            return Fout(
                bestand=self.sheet.file,
                blad=self.sheet.name,
                melding=in_taal(
                    self.locale,
                    f"het bestand gebruikt twee decimaaltekens door elkaar: '{v1}' (rij {r1}) met "
                    f"een komma en '{v2}' (rij {r2}) met een punt; kies er één (in Nederland de "
                    "komma).",
                    f"the file mixes decimal separators: '{v1}' (row {r1}) with a comma and "
                    f"'{v2}' (row {r2}) with a point; use one.",
                ),
            )
        if seen:
            self.stijl = next(iter(seen))
        return None

    def lees(self, nummer: int, cells: list[Value]) -> Rij:
        values: dict[str, Any] = {}
        fouten: list[Fout] = []
        width = len(cells)
        for index, kop, veld, lezer, cache in self._cellen:
            cell = cells[index] if index < width else None
            if cache is not None and cell.__hash__ is not None:
                found = cache.get(cell, _MISSING)
                if found is not _MISSING:
                    values[veld] = found
                    continue
            if cell is None or cell == "" or (isinstance(cell, str) and cell.isspace()):
                values[veld] = None
                continue
            if isinstance(cell, list):  # JSON lists of choices or partners
                cell = "; ".join(cell)
            try:
                values[veld] = value = lezer(cell)
                if cache is not None and len(cache) < CACHE_PER_KOLOM:
                    cache[cell] = value
            except CellValueError as exc:
                fouten.append(self._fout(nummer, kop, tekst(cell), exc.melding(self.locale)))
        partners = values.get("partners")
        if partners is not None:
            values["partners"], values["partner_organisaties"] = partners
        if fouten:
            # Also report what else is wrong in the row, leaving out the cells already refused.
            failed = {veld for _, _, veld, _, _ in self._cellen if veld not in values}
            present = {k: v for k, v in values.items() if k not in failed}
            try:
                self.model.model_validate(present)
            except ValidationError as exc:
                fouten += self._pydantic(nummer, cells, exc, overslaan=failed)
            return Rij(nummer, cells, None, fouten, present)
        try:
            record = self.model.model_validate(values)
        except ValidationError as exc:
            return Rij(nummer, cells, None, self._pydantic(nummer, cells, exc), values)
        return Rij(nummer, cells, record.__dict__, [])

    def _fout(self, nummer: int, kop: str | None, waarde: str | None, melding: str) -> Fout:
        return Fout(
            bestand=self.sheet.file,
            blad=self.sheet.name,
            rij=nummer,
            kolom=kop,
            waarde=waarde,
            melding=melding,
        )

    def kop(self, veld: str) -> str:
        plaats = self.plaatsen.get(veld)
        if plaats is not None:
            return plaats.kop
        kolom = self.soort.kolom_per_veld[veld]
        return in_taal(self.locale, kolom.kop, kolom.kop_en)

    def _cell(self, cells: list[Value], veld: str) -> str | None:
        plaats = self.plaatsen.get(veld)
        if plaats is None or plaats.index >= len(cells) or cells[plaats.index] is None:
            return None
        return tekst(cells[plaats.index])

    def _pydantic(
        self,
        nummer: int,
        cells: list[Value],
        exc: ValidationError,
        overslaan: Collection[str] = (),
    ) -> list[Fout]:
        fouten = []
        for error in exc.errors():
            original = error.get("ctx", {}).get("error")
            veld = str(error["loc"][0]) if error["loc"] else ""
            if (original.veld if isinstance(original, Regelfout) else veld) in overslaan:
                continue
            if isinstance(original, Regelfout):
                fouten.append(
                    self._fout(
                        nummer,
                        self.kop(original.veld),
                        self._cell(cells, original.veld),
                        in_taal(self.locale, original.nl, original.en),
                    )
                )
                continue
            kolom = self.soort.kolom_per_veld.get(veld)
            fouten.append(
                self._fout(
                    nummer,
                    self.kop(veld) if kolom else None,
                    self._cell(cells, veld),
                    _pydantic_melding(error, kolom, self.locale),
                )
            )
        return fouten


def _pydantic_melding(error: Any, kolom: Kolom | None, locale: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    if kind == "missing" or (value is None and kolom is not None and kolom.verplicht):
        return in_taal(locale, "is verplicht maar leeg.", "is required but empty.")
    if kind == "greater_than_equal":
        return in_taal(
            locale,
            f"{_num(value)} is te klein; verwacht {_num(ctx['ge'])} of meer.",
            f"{_num(value)} is too small; expected {_num(ctx['ge'])} or more.",
        )
    if kind == "less_than_equal":
        return in_taal(
            locale,
            f"{_num(value)} is te groot; verwacht hoogstens {_num(ctx['le'])}.",
            f"{_num(value)} is too large; expected at most {_num(ctx['le'])}.",
        )
    if kind == "string_too_long":
        return in_taal(
            locale,
            f"de tekst is {len(value)} tekens lang; hoogstens {ctx['max_length']} tekens.",
            f"the text is {len(value)} characters long; at most {ctx['max_length']}.",
        )
    return in_taal(
        locale, f"ongeldige waarde ({error['msg']}).", f"invalid value ({error['msg']})."
    )


def _num(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)
