"""What an import of responses did: counts, every refusal with its place, what was left out."""

from __future__ import annotations

from pydantic import Field

from makelaar.intake.importeur import Rapport, Status
from makelaar.models.taal import Catalogus, catalogus, vertaal

__all__ = ["Importrapport", "als_tekst"]


class Importrapport(Rapport):
    """What one import did: intake.importeur.Rapport's counts and errors, and what was left out."""

    enquete_ronde_id: int
    modus: str  # the round's mode: 'identificeerbaar' or 'anoniem'
    al_aanwezig: int = 0
    conflicten: int = 0  # stored with other answers (also counted in geweigerd)
    afgekeurd: int = 0  # rejected in KoboToolbox/ODK Central's review: skipped, not stored
    weggelaten_kolommen: list[str] = Field(default_factory=list)  # metadata, never stored
    kopteksten: str = "namen"  # 'namen' or 'labels'

    @property
    def geslaagd(self) -> bool:
        return self.status is not Status.GEWEIGERD

    @property
    def opgeslagen(self) -> int:
        return self.nieuw + self.al_aanwezig

    def niets_opgeslagen(self) -> None:
        super().niets_opgeslagen()
        self.geweigerd = self.gelezen - self.afgekeurd  # skipped in review: not refused
        self.al_aanwezig = 0


KOBO_RAPPORT: Catalogus = catalogus(
    "koborapport",
    {
        "status_ingelezen": {"nl": "ingelezen", "en": "imported"},
        "status_deels": {"nl": "deels ingelezen", "en": "partly imported"},
        "status_geweigerd": {"nl": "geweigerd", "en": "refused"},
        "tellingen": {
            "nl": (
                "{gelezen} gelezen, {nieuw} nieuw, {al_aanwezig} al aanwezig, "
                "{conflicten} conflicten, {geweigerd} geweigerd"
            ),
            "en": (
                "{gelezen} read, {nieuw} new, {al_aanwezig} already present, "
                "{conflicten} conflicts, {geweigerd} refused"
            ),
        },
        "afgekeurd": {
            "nl": "overgeslagen: {aantal} inzending(en) afgekeurd bij de beoordeling",
            "en": "skipped: {aantal} submission(s) rejected in review",
        },
        "weggelaten": {
            "nl": "niet opgeslagen (metagegevens): {kolommen}",
            "en": "not stored (metadata): {kolommen}",
        },
        "waarschuwing": {"nl": "let op: {waarschuwing}", "en": "warning: {waarschuwing}"},
        "meer_fouten": {"nl": "... nog {aantal} fouten", "en": "... {aantal} more errors"},
        "weigeringen": {"nl": "geweigerde rijen: {pad}", "en": "refused rows: {pad}"},
    },
)
"""The words of a Kobo/ODK import's report for the terminal."""


def als_tekst(rapport: Importrapport, locale: str = "nl") -> str:
    """The report as lines for the terminal."""

    def woord(key: str, **waarden: object) -> str:
        return vertaal(KOBO_RAPPORT, key, locale, **waarden)

    status = woord(f"status_{rapport.status.value}")
    tellingen = woord(
        "tellingen",
        gelezen=rapport.gelezen,
        nieuw=rapport.nieuw,
        al_aanwezig=rapport.al_aanwezig,
        conflicten=rapport.conflicten,
        geweigerd=rapport.geweigerd,
    )
    regels = [f"{rapport.bestand}: {status} — {tellingen}"]
    if rapport.afgekeurd:
        regels.append(f"  {woord('afgekeurd', aantal=rapport.afgekeurd)}")
    if rapport.weggelaten_kolommen:
        kolommen = ", ".join(rapport.weggelaten_kolommen)
        regels.append(f"  {woord('weggelaten', kolommen=kolommen)}")
    regels.extend(f"  {woord('waarschuwing', waarschuwing=w)}" for w in rapport.waarschuwingen)
    regels.extend(f"  {fout.tekst(locale)}" for fout in rapport.fouten)
    if rapport.aantal_fouten > len(rapport.fouten):
        rest = rapport.aantal_fouten - len(rapport.fouten)
        regels.append(f"  {woord('meer_fouten', aantal=rest)}")
    if rapport.weigeringen:
        regels.append(f"  {woord('weigeringen', pad=rapport.weigeringen)}")
    return "\n".join(regels)
