"""Turns buurtmeter findings into proposed changes to the handreiking, one per theme."""

from __future__ import annotations

from collections.abc import Sequence

from models.schemas import Finding, Proposal


def _bullets(findings: Sequence[Finding]) -> str:
    return "\n".join(f"- {f.tekst}" for f in findings)


def _evidence(findings: Sequence[Finding]) -> str:
    return "; ".join(f.titel for f in findings)


def propose(findings: Sequence[Finding], *, periode: str) -> list[Proposal]:
    """One proposal per theme the findings touch; the text is what the section gains if adopted."""
    by_theme: dict[str, list[Finding]] = {}
    for finding in findings:
        theme = finding.code.rsplit("-", 1)[0] if finding.wijk_code else finding.code
        by_theme.setdefault(theme, []).append(finding)

    proposals: list[Proposal] = []
    ouderen = by_theme.get("ouderen-onderbereik", [])
    if ouderen:
        proposals.append(
            Proposal(
                code="ouderen-gericht-bereiken",
                sectie_id=ouderen[0].sectie_id,
                titel="Ouderen gericht bereiken waar veel ouderen wonen",
                tekst=(
                    f"In de ronde {periode} bleek dat ouderen in een aantal wijken minder worden "
                    "bereikt dan hun aandeel in de bevolking doet verwachten:\n\n"
                    f"{_bullets(ouderen)}\n\n"
                    "Spreek in deze wijken met de ouderenadviseur, de huisartsenpraktijk en de "
                    "woningcorporatie af hoe je ouderen die weinig buiten komen samen opzoekt, "
                    "bijvoorbeeld met een huisbezoekronde of een vaste koffieochtend in de buurt."
                ),
                onderbouwing=_evidence(ouderen),
            )
        )
    inzet = by_theme.get("inzet-onder-opgave", [])
    if inzet:
        proposals.append(
            Proposal(
                code="inzet-naar-opgave",
                sectie_id=inzet[0].sectie_id,
                titel="Inzet van makelaars afstemmen op de opgave per wijk",
                tekst=(
                    "De wijkanalyse laat wijken zien waar de sociaaleconomische opgave groter is "
                    f"dan de inzet die in de ronde {periode} is vastgelegd:\n\n{_bullets(inzet)}\n\n"
                    "Bespreek met de uitvoerende organisatie of de uren van de makelaars in deze "
                    "wijken passen bij de opgave, en leg vast wat er verandert."
                ),
                onderbouwing=_evidence(inzet),
            )
        )
    daling = by_theme.get("daling-acties", [])
    if daling:
        proposals.append(
            Proposal(
                code="daling-acties-verklaren",
                sectie_id=daling[0].sectie_id,
                titel="Een daling in sociale acties verklaren voordat je bijstuurt",
                tekst=(
                    f"In de ronde {periode} daalde het aantal sociale acties in:\n\n"
                    f"{_bullets(daling)}\n\nVraag eerst de makelaars in deze wijken wat er "
                    "veranderde (bezetting, andere taken, registratie) voordat je conclusies trekt."
                ),
                onderbouwing=_evidence(daling),
            )
        )
    organiseren = by_theme.get("bewoners-organiseren", [])
    if organiseren:
        proposals.append(
            Proposal(
                code="voorbeeld-bewoners-organiseren",
                sectie_id=organiseren[0].sectie_id,
                titel="Voorbeeld uit de praktijk: bewoners als organisator",
                tekst=(
                    f"{_bullets(organiseren)}\n\nDe makelaars in deze wijk lieten bewoners zelf "
                    "de uitnodiging, de locatie en de taakverdeling regelen en bleven zelf op de "
                    "achtergrond. Vraag hen in de leerbijeenkomst hoe zij dat aanpakten, zodat "
                    "collega's in andere wijken het kunnen overnemen."
                ),
                onderbouwing=_evidence(organiseren),
            )
        )
    initiatieven = by_theme.get("initiatieven-zonder-doorgang", [])
    if initiatieven:
        proposals.append(
            Proposal(
                code="initiatieven-vroeg-toetsen",
                sectie_id=initiatieven[0].sectie_id,
                titel="Vroeg toetsen waarom initiatieven stranden",
                tekst=(
                    f"{_bullets(initiatieven)}\n\nLoop bij elk nieuw idee samen met de "
                    "initiatiefnemers na of deze redenen ook voor hen kunnen gelden, en leg de "
                    "reden altijd vast als een initiatief niet doorgaat."
                ),
                onderbouwing=_evidence(initiatieven),
            )
        )
    signalen = by_theme.get("signalen-blijven-liggen", [])
    if signalen:
        proposals.append(
            Proposal(
                code="signalen-opvolgen",
                sectie_id=signalen[0].sectie_id,
                titel="Elk signaal binnen vier weken een vervolg",
                tekst=(
                    f"{_bullets(signalen)}\n\nSpreek af dat elk signaal binnen vier weken is "
                    "opgepakt, doorgezet of bewust afgesloten, en bespreek de openstaande signalen "
                    "maandelijks in het sociaal team."
                ),
                onderbouwing=_evidence(signalen),
            )
        )
    return proposals
