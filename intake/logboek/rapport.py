"""What a logbook import did, per file: counts, every refusal with its place, and what came in
per broker. The counts and errors every importer keeps are intake.importeur's `Rapport`."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from makelaar.intake.importeur import Fout, Rapport, Status
from makelaar.models.markdown import markdown_literal
from makelaar.models.taal import Catalogus, catalogus, vertaal

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


RAPPORT: Catalogus = catalogus(
    "logboekrapport",
    {
        "titel": {"nl": "Logboekimport", "en": "Logbook import"},
        "kop_bestand": {"nl": "Bestand", "en": "File"},
        "kop_status": {"nl": "Status", "en": "Status"},
        "kop_gelezen": {"nl": "Gelezen", "en": "Read"},
        "kop_nieuw": {"nl": "Nieuw", "en": "New"},
        "kop_bijgewerkt": {"nl": "Bijgewerkt", "en": "Updated"},
        "kop_ongewijzigd": {"nl": "Ongewijzigd", "en": "Unchanged"},
        "kop_geweigerd": {"nl": "Geweigerd", "en": "Refused"},
        "status_ingelezen": {"nl": "ingelezen", "en": "imported"},
        "status_deels": {"nl": "deels", "en": "partly"},
        "status_geweigerd": {"nl": "geweigerd", "en": "refused"},
        "masker_naam": {"nl": "namen", "en": "names"},
        "masker_postcode": {"nl": "postcodes", "en": "postcodes"},
        "masker_telefoon": {"nl": "telefoonnummers", "en": "phone numbers"},
        "masker_email": {"nl": "e-mailadressen", "en": "e-mail addresses"},
        "masker_adres": {"nl": "adressen", "en": "addresses"},
        "masker_iban": {"nl": "rekeningnummers", "en": "account numbers"},
        "tellingen": {
            "nl": (
                "{gelezen} rijen gelezen, {nieuw} nieuw, {bijgewerkt} bijgewerkt, "
                "{ongewijzigd} ongewijzigd, {geweigerd} geweigerd"
            ),
            "en": (
                "{gelezen} rows read, {nieuw} new, {bijgewerkt} updated, "
                "{ongewijzigd} unchanged, {geweigerd} refused"
            ),
        },
        "nog_meer": {"nl": "en nog {aantal} meer", "en": "and {aantal} more"},
        "meer": {"nl": "{aantal} meer", "en": "{aantal} more"},
        "gemaskeerd_tekst": {
            "nl": "onleesbaar gemaakt in vrije tekst",
            "en": "masked in free text",
        },
        "gemaskeerd_md": {"nl": "Onleesbaar gemaakt", "en": "Masked in free text"},
        "weigeringen": {"nl": "geweigerde rijen", "en": "rejected rows"},
        "aanvoer_makelaar": {"nl": "Makelaar", "en": "Broker"},
        "aanvoer_wijk": {"nl": "Wijk", "en": "District"},
        "aanvoer_soort": {"nl": "Soort", "en": "Kind"},
        "aanvoer_aantal": {"nl": "Aantal", "en": "Count"},
    },
)
"""The words of a logbook import's report, for the terminal and for Prefect."""

_KOPPEN = ("bestand", "status", "gelezen", "nieuw", "bijgewerkt", "ongewijzigd", "geweigerd")


def _status(status: Status, locale: str) -> str:
    return vertaal(RAPPORT, f"status_{status.value}", locale)


def _gemaskeerd(counts: dict[str, int], locale: str) -> str:
    def name(kind: str) -> str:
        key = f"masker_{kind}"
        return vertaal(RAPPORT, key, locale) if key in RAPPORT else kind

    return ", ".join(f"{n} {name(kind)}" for kind, n in sorted(counts.items()) if n)


def _per_makelaar(aanvoer: Iterable[Aanvoer]) -> list[tuple[str, str, str, int]]:
    return sorted((a.makelaar, a.wijk, a.soort, a.aantal) for a in aanvoer)


def als_tekst(rapport: Importrapport, locale: str = "nl", max_fouten: int = 50) -> str:
    """The report for a terminal: one block per file, errors first-come, capped at `max_fouten`."""

    def woord(key: str, **waarden: object) -> str:
        return vertaal(RAPPORT, key, locale, **waarden)

    lines: list[str] = []
    for b in rapport.bestanden:
        tellingen = woord(
            "tellingen",
            gelezen=b.gelezen,
            nieuw=b.nieuw,
            bijgewerkt=b.bijgewerkt,
            ongewijzigd=b.ongewijzigd,
            geweigerd=b.geweigerd,
        )
        lines.append(f"{b.bestand}: {_status(b.status, locale)} — {tellingen}")
        for fout in b.fouten[:max_fouten]:
            lines.append(f"  - {fout.tekst(locale)}")
        if b.aantal_fouten > min(max_fouten, len(b.fouten)):
            rest = b.aantal_fouten - min(max_fouten, len(b.fouten))
            lines.append(f"  … {woord('nog_meer', aantal=rest)}")
        for waarschuwing in b.waarschuwingen:
            lines.append(f"  ! {waarschuwing}")
        if masked := _gemaskeerd(b.gemaskeerd, locale):
            lines.append(f"  {woord('gemaskeerd_tekst')}: {masked}")
        if b.weigeringen:
            lines.append(f"  {woord('weigeringen')}: {b.weigeringen}")
        for makelaar, wijk, soort, aantal in _per_makelaar(b.aanvoer):
            lines.append(f"  {makelaar} · {wijk} · {soort}: {aantal}")
    return "\n".join(lines)


def als_markdown(rapport: Importrapport, locale: str = "nl", max_fouten: int = 100) -> str:
    """The report as a Prefect markdown artifact: a table of files, then details per file."""

    def woord(key: str, **waarden: object) -> str:
        return vertaal(RAPPORT, key, locale, **waarden)

    koppen = [woord(f"kop_{kop}") for kop in _KOPPEN]
    lines = [
        f"# {woord('titel')}",
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
                lines.append(f"- … {woord('meer', aantal=b.aantal_fouten - max_fouten)}")
        for waarschuwing in b.waarschuwingen:
            lines.append(f"- ⚠ {_md(waarschuwing)}")
        if masked := _gemaskeerd(b.gemaskeerd, locale):
            lines += ["", f"{woord('gemaskeerd_md')}: {masked}"]
        if b.aanvoer:
            head = [woord(f"aanvoer_{kop}") for kop in ("makelaar", "wijk", "soort", "aantal")]
            lines += ["", "| " + " | ".join(head) + " |", "|---|---|---|---:|"]
            for makelaar, wijk, soort, aantal in _per_makelaar(b.aanvoer):
                lines.append(f"| {_md(makelaar)} | {_md(wijk)} | {soort} | {aantal} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text from a file (a name, a cell, a message quoting it) as literal Markdown."""
    return markdown_literal(text)
