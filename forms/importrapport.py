"""What an import of responses did: counts, every refusal with its place, what was left out."""

from __future__ import annotations

from pydantic import BaseModel, Field

from intake.logboek.rapport import MAX_FOUTEN, Fout, Status

__all__ = ["Importrapport", "als_tekst"]


class Importrapport(BaseModel):
    """What one import did: counts, every refusal with its place, and what was left out."""

    bestand: str
    enquete_ronde_id: int
    modus: str  # the round's mode: 'identificeerbaar' or 'anoniem'
    sha256: str | None = None
    status: Status = Status.INGELEZEN
    gelezen: int = 0  # data rows read
    nieuw: int = 0
    al_aanwezig: int = 0
    conflicten: int = 0  # stored with other answers (also counted in geweigerd)
    afgekeurd: int = 0  # rejected in KoboToolbox/ODK Central's review: skipped, not stored
    geweigerd: int = 0
    aantal_fouten: int = 0
    fouten: list[Fout] = Field(default_factory=list)  # the first MAX_FOUTEN
    waarschuwingen: list[str] = Field(default_factory=list)
    weggelaten_kolommen: list[str] = Field(default_factory=list)  # metadata, never stored
    kopteksten: str = "namen"  # 'namen' or 'labels'
    weigeringen: str | None = None  # the rejects file, when one was written
    encoding: str | None = None
    scheidingsteken: str | None = None

    @property
    def geslaagd(self) -> bool:
        return self.status is not Status.GEWEIGERD

    def voeg_fout_toe(self, fout: Fout) -> None:
        self.aantal_fouten += 1
        if len(self.fouten) < MAX_FOUTEN:
            self.fouten.append(fout)


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
