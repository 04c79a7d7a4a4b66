"""What a logbook import did, per file: counts, every refusal with its place, and what came in
per broker. The counts and errors every importer keeps are intake.importeur's `Rapport`."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from intake.importeur import Fout, Rapport, Status
from models.markdown import markdown_literal

__all__ = [
    "Aanvoer",
    "Bestandsrapport",
    "Fout",
    "Importrapport",
    "Status",
    "als_markdown",
    "als_tekst",
]


class Aanvoer(BaseModel):
    """How many records of one kind came in for one broker and wijk."""

    soort: str  # acties, signalen, initiatieven, casussen
    makelaar: str  # code or pseudonym label, never a name
    wijk: str  # wijk name
    aantal: int


class Bestandsrapport(Rapport):
    """What importing one logbook file did (intake.importeur.Rapport's counts, and the logbook's)."""

    status: Status
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    gemaskeerd: dict[str, int] = Field(default_factory=dict)  # kind → masked hits in free text
    pseudoniemen: int = 0  # person and household values turned into pseudonyms
    aanvoer: list[Aanvoer] = Field(default_factory=list)
    bladen: dict[str, str] = Field(default_factory=dict)  # sheet (or '') → record kind read

    @property
    def opgeslagen(self) -> int:
        return self.nieuw + self.bijgewerkt + self.ongewijzigd

    def niets_opgeslagen(self) -> None:
        super().niets_opgeslagen()
        self.bijgewerkt = self.ongewijzigd = 0
        self.aanvoer = []


class Importrapport(BaseModel):
    modus: str  # 'atomair' or 'sla_ongeldig_over'
    bestanden: list[Bestandsrapport] = Field(default_factory=list)

    @property
    def geslaagd(self) -> bool:
        """True when no file was refused (a partly stored file counts as done)."""
        return all(b.status != Status.GEWEIGERD for b in self.bestanden)

    def totaal(self, veld: str) -> int:
        return sum(int(getattr(b, veld)) for b in self.bestanden)


_KOPPEN = {
    "nl": ("Bestand", "Status", "Gelezen", "Nieuw", "Bijgewerkt", "Ongewijzigd", "Geweigerd"),
    "en": ("File", "Status", "Read", "New", "Updated", "Unchanged", "Refused"),
}
_STATUS_EN = {Status.INGELEZEN: "imported", Status.DEELS: "partly", Status.GEWEIGERD: "refused"}
_MASKERS = {
    "nl": {
        "naam": "namen",
        "postcode": "postcodes",
        "telefoon": "telefoonnummers",
        "email": "e-mailadressen",
        "adres": "adressen",
        "iban": "rekeningnummers",
    },
    "en": {
        "naam": "names",
        "postcode": "postcodes",
        "telefoon": "phone numbers",
        "email": "e-mail addresses",
        "adres": "addresses",
        "iban": "account numbers",
    },
}


def _status(status: Status, locale: str) -> str:
    return _STATUS_EN[status] if locale == "en" else status.value


def _gemaskeerd(counts: dict[str, int], locale: str) -> str:
    names = _MASKERS["en" if locale == "en" else "nl"]
    return ", ".join(f"{n} {names.get(kind, kind)}" for kind, n in sorted(counts.items()) if n)


def _per_makelaar(aanvoer: Iterable[Aanvoer]) -> list[tuple[str, str, str, int]]:
    return sorted((a.makelaar, a.wijk, a.soort, a.aantal) for a in aanvoer)


def als_tekst(rapport: Importrapport, locale: str = "nl", max_fouten: int = 50) -> str:
    """The report for a terminal: one block per file, errors first-come, capped at `max_fouten`."""
    en = locale == "en"
    lines: list[str] = []
    for b in rapport.bestanden:
        lines.append(
            f"{b.bestand}: {_status(b.status, locale)} — "
            + (
                f"{b.gelezen} rows read, {b.nieuw} new, {b.bijgewerkt} updated, "
                f"{b.ongewijzigd} unchanged, {b.geweigerd} refused"
                if en
                else f"{b.gelezen} rijen gelezen, {b.nieuw} nieuw, {b.bijgewerkt} bijgewerkt, "
                f"{b.ongewijzigd} ongewijzigd, {b.geweigerd} geweigerd"
            )
        )
        for fout in b.fouten[:max_fouten]:
            lines.append(f"  - {fout.tekst(locale)}")
        if b.aantal_fouten > min(max_fouten, len(b.fouten)):
            rest = b.aantal_fouten - min(max_fouten, len(b.fouten))
            lines.append(f"  … {'and' if en else 'en nog'} {rest} {'more' if en else 'meer'}")
        for waarschuwing in b.waarschuwingen:
            lines.append(f"  ! {waarschuwing}")
        if masked := _gemaskeerd(b.gemaskeerd, locale):
            lines.append(
                f"  {'masked in free text' if en else 'onleesbaar gemaakt in vrije tekst'}: {masked}"
            )
        if b.weigeringen:
            lines.append(f"  {'rejected rows' if en else 'geweigerde rijen'}: {b.weigeringen}")
        for makelaar, wijk, soort, aantal in _per_makelaar(b.aanvoer):
            lines.append(f"  {makelaar} · {wijk} · {soort}: {aantal}")
    return "\n".join(lines)


def als_markdown(rapport: Importrapport, locale: str = "nl", max_fouten: int = 100) -> str:
    """The report as a Prefect markdown artifact: a table of files, then details per file."""
    en = locale == "en"
    koppen = _KOPPEN["en" if en else "nl"]
    lines = [
        f"# {'Logbook import' if en else 'Logboekimport'}",
        "",
        "| " + " | ".join(koppen) + " |",
        "|" + "---|" * len(koppen),
    ]
    for b in rapport.bestanden:
        cells = (
            _md(b.bestand),
            _status(b.status, locale),
            b.gelezen,
            b.nieuw,
            b.bijgewerkt,
            b.ongewijzigd,
            b.geweigerd,
        )
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    for b in rapport.bestanden:
        if not (b.fouten or b.aanvoer or b.gemaskeerd or b.waarschuwingen):
            continue
        lines += ["", f"## {_md(b.bestand)}"]
        if b.fouten:
            lines.append("")
            for fout in b.fouten[:max_fouten]:
                lines.append(f"- {_md(fout.tekst(locale))}")
            if b.aantal_fouten > max_fouten:
                lines.append(f"- … {b.aantal_fouten - max_fouten} {'more' if en else 'meer'}")
        for waarschuwing in b.waarschuwingen:
            lines.append(f"- ⚠ {_md(waarschuwing)}")
        if masked := _gemaskeerd(b.gemaskeerd, locale):
            lines += ["", f"{'Masked in free text' if en else 'Onleesbaar gemaakt'}: {masked}"]
        if b.aanvoer:
            head = (
                ("Broker", "District", "Kind", "Count")
                if en
                else ("Makelaar", "Wijk", "Soort", "Aantal")
            )
            lines += ["", "| " + " | ".join(head) + " |", "|---|---|---|---:|"]
            for makelaar, wijk, soort, aantal in _per_makelaar(b.aanvoer):
                lines.append(f"| {_md(makelaar)} | {_md(wijk)} | {soort} | {aantal} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text from a file (a name, a cell, a message quoting it) as literal Markdown."""
    return markdown_literal(text)
