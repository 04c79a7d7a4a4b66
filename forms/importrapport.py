"""What an import of responses did: counts, every refusal with its place, what was left out."""

from __future__ import annotations

from pydantic import Field

from intake.importeur import Rapport, Status

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


def als_tekst(rapport: Importrapport, locale: str = "nl") -> str:
    """The report as lines for the terminal."""
    en = locale == "en"
    status = {
        Status.INGELEZEN: "imported" if en else "ingelezen",
        Status.DEELS: "partly imported" if en else "deels ingelezen",
        Status.GEWEIGERD: "refused" if en else "geweigerd",
    }[rapport.status]
    regels = [
        f"{rapport.bestand}: {status} — "
        + (
            f"{rapport.gelezen} read, {rapport.nieuw} new, {rapport.al_aanwezig} already "
            f"present, {rapport.conflicten} conflicts, {rapport.geweigerd} refused"
            if en
            else f"{rapport.gelezen} gelezen, {rapport.nieuw} nieuw, {rapport.al_aanwezig} al "
            f"aanwezig, {rapport.conflicten} conflicten, {rapport.geweigerd} geweigerd"
        )
    ]
    if rapport.afgekeurd:
        regels.append(
            f"  skipped: {rapport.afgekeurd} submission(s) rejected in review"
            if en
            else f"  overgeslagen: {rapport.afgekeurd} inzending(en) afgekeurd bij de beoordeling"
        )
    if rapport.weggelaten_kolommen:
        kolommen = ", ".join(rapport.weggelaten_kolommen)
        regels.append(
            f"  not stored (metadata): {kolommen}"
            if en
            else f"  niet opgeslagen (metagegevens): {kolommen}"
        )
    regels.extend(f"  {'warning' if en else 'let op'}: {w}" for w in rapport.waarschuwingen)
    regels.extend(f"  {fout.tekst(locale)}" for fout in rapport.fouten)
    if rapport.aantal_fouten > len(rapport.fouten):
        rest = rapport.aantal_fouten - len(rapport.fouten)
        regels.append(f"  ... {rest} more errors" if en else f"  ... nog {rest} fouten")
    if rapport.weigeringen:
        regels.append(
            f"  refused rows: {rapport.weigeringen}"
            if en
            else f"  geweigerde rijen: {rapport.weigeringen}"
        )
    return "\n".join(regels)
