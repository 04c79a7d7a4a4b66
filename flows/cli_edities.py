"""`makelaar edities`: the editions of a gemeente's handreiking, one edition, and the diff of two.

`edities [--gemeente CODE]` lists every recorded edition (number, round, period, date, language,
PDF, and whether the PDF on disk still has the sha256 its row records); `edities toon N` shows one
edition: its round, the proposals the learning session decided with their decision and reason,
and its files; `edities verschil N` writes the diff of edition N against edition N−1 of the same
gemeente (handreiking.verschil) beside the edition and prints where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import typer
from sqlalchemy import select

from makelaar.flows.cli_app import app, current_taal, migrated_store, out, shown, tijd
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, Taal, catalogus, taal_van, vertaal

Bestandsstaat = Literal["klopt", "gewijzigd", "ontbreekt"]

_TEKSTEN: Catalogus = catalogus(
    "cli_edities",
    {
        "geen_edities": {
            "nl": "Er zijn nog geen edities van de handreiking; een ronde maakt er een in haar "
            "fase 'toepassen' (makelaar round run ...).",
            "en": "There are no editions of the handreiking yet; a round makes one in its "
            "'apply' phase (makelaar round run ...).",
        },
        "onbekende_gemeente": {
            "nl": "Gemeente '{gemeente}' heeft geen edities; gemeenten met edities: {bekend}.",
            "en": "Municipality '{gemeente}' has no editions; municipalities with editions: "
            "{bekend}.",
        },
        "gemeente_kop": {
            "nl": "{naam} ({code}): {aantal} editie(s)",
            "en": "{naam} ({code}): {aantal} edition(s)",
        },
        "kol_editie": {"nl": "editie", "en": "edition"},
        "kol_ronde": {"nl": "ronde", "en": "round"},
        "kol_periode": {"nl": "periode", "en": "period"},
        "kol_datum": {"nl": "datum", "en": "date"},
        "kol_taal": {"nl": "taal", "en": "language"},
        "kol_pdf": {"nl": "PDF", "en": "PDF"},
        "kol_controle": {"nl": "sha256", "en": "sha256"},
        "staat_klopt": {"nl": "klopt", "en": "matches"},
        "staat_gewijzigd": {"nl": "GEWIJZIGD", "en": "CHANGED"},
        "staat_ontbreekt": {"nl": "ONTBREEKT", "en": "MISSING"},
        "taal_nl": {"nl": "Nederlands", "en": "Dutch"},
        "taal_en": {"nl": "Engels", "en": "English"},
        "afwijking": {
            "nl": "Let op: {aantal} PDF('s) wijken af van de vastgelegde sha256 of ontbreken; "
            "render de editie opnieuw met 'makelaar handreiking render RONDE'.",
            "en": "Note: {aantal} PDF(s) differ from the recorded sha256 or are missing; "
            "render the edition again with 'makelaar handreiking render ROUND'.",
        },
        "onbekende_editie": {
            "nl": "Editie {nummer} bestaat niet voor {waar}; bestaande edities: {bekend}.",
            "en": "Edition {nummer} does not exist for {waar}; existing editions: {bekend}.",
        },
        "alle_gemeenten": {"nl": "geen enkele gemeente", "en": "any municipality"},
        "kies_gemeente": {
            "nl": "Editie {nummer} bestaat voor meer gemeenten ({bekend}); kies er een met "
            "--gemeente.",
            "en": "Edition {nummer} exists for more than one municipality ({bekend}); choose one "
            "with --gemeente.",
        },
        "toon_kop": {
            "nl": "Editie {nummer} van de handreiking voor {naam} ({code})",
            "en": "Edition {nummer} of the handreiking for {naam} ({code})",
        },
        "toon_ronde": {
            "nl": "Ronde {ronde}: cyclus {cyclus}, periode {periode}; gemaakt op {op}; {taalnaam}",
            "en": "Round {ronde}: cycle {cyclus}, period {periode}; made on {op}; {taalnaam}",
        },
        "toon_wijzigingen": {
            "nl": "Besluiten van de leerbijeenkomst ({aangenomen} aangenomen, {overig} niet):",
            "en": "Decisions of the learning session ({aangenomen} adopted, {overig} not):",
        },
        "toon_geen_besluiten": {
            "nl": "Geen voorstellen in deze ronde: de tekst is die van de vorige editie.",
            "en": "No proposals in this round: the text is the previous edition's.",
        },
        "toon_besluit": {
            "nl": "  - {titel} ({sectie}): {besluit}{door}. {reden}",
            "en": "  - {titel} ({sectie}): {besluit}{door}. {reden}",
        },
        "besloten_door": {"nl": " door {wie}", "en": " by {wie}"},
        "besluit_aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "besluit_verworpen": {"nl": "verworpen", "en": "rejected"},
        "besluit_open": {"nl": "nog open", "en": "still open"},
        "besluit_uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "toon_bestanden": {"nl": "Bestanden:", "en": "Files:"},
        "bestand_pdf": {
            "nl": "  PDF:      {pad} ({staat})",
            "en": "  PDF:      {pad} ({staat})",
        },
        "pdf_klopt": {
            "nl": "sha256 klopt met de vastgelegde {sha}…",
            "en": "sha256 matches the recorded {sha}…",
        },
        "pdf_gewijzigd": {
            "nl": "GEWIJZIGD: de sha256 is niet de vastgelegde {sha}…",
            "en": "CHANGED: its sha256 is not the recorded {sha}…",
        },
        "pdf_ontbreekt": {"nl": "ONTBREEKT", "en": "MISSING"},
        "bestand_html": {"nl": "  HTML:     {pad}{staat}", "en": "  HTML:     {pad}{staat}"},
        "html_ontbreekt": {"nl": " (ONTBREEKT)", "en": " (MISSING)"},
        "bestand_verschil": {
            "nl": "  Verschil met editie {vorige}: {pad}",
            "en": "  Diff against edition {vorige}: {pad}",
        },
        "verschil_nog_niet": {
            "nl": "  Verschil met editie {vorige}: nog niet gemaakt (makelaar edities verschil "
            "{nummer}{optie})",
            "en": "  Diff against edition {vorige}: not made yet (makelaar edities verschil "
            "{nummer}{optie})",
        },
        "bestand_rapport": {
            "nl": "  Onthullingscontrole (niet voor publicatie): {pad}",
            "en": "  Disclosure report (not for publication): {pad}",
        },
        "geen_vorige": {
            "nl": "Editie {nummer} van {naam} is de eerste (er is geen editie {vorige}); een "
            "verschil heeft een vorige editie nodig. Edities: {bekend}.",
            "en": "Edition {nummer} of {naam} is the first (there is no edition {vorige}); a diff "
            "needs a previous edition. Editions: {bekend}.",
        },
        "html_weg": {
            "nl": "De HTML van editie {nummer} ({pad}) ontbreekt; render die editie opnieuw met "
            "'makelaar handreiking render {ronde}'.",
            "en": "The HTML of edition {nummer} ({pad}) is missing; render that edition again "
            "with 'makelaar handreiking render {ronde}'.",
        },
        "verschil_klaar": {
            "nl": "Verschil van editie {nummer} met editie {vorige} van {naam}: {pad}",
            "en": "Diff of edition {nummer} against edition {vorige} of {naam}: {pad}",
        },
    },
)

GEMEENTE_HELP = "CBS-code van de gemeente, bv. GM0344; standaard alle gemeenten."


def _tekst(key: str, taal: Taal, **values: object) -> str:
    return vertaal(_TEKSTEN, key, taal, **values)


@dataclass(frozen=True)
class EditieRij:
    """One recorded edition with its round and gemeente, as the commands show it."""

    nummer: int
    gemeente_code: str
    gemeente_naam: str
    ronde_id: int
    cyclus: str
    periode: str
    taal: str
    pdf: Path
    html: Path
    pdf_sha256: str
    aangemaakt_op: dt.datetime


def edities(store: Store, gemeente: str | None = None) -> list[EditieRij]:
    """Every recorded edition (of one gemeente when given), by gemeente code and number."""
    from makelaar.models.tables import Editie, Evaluatieronde, Gemeente

    query = (
        select(Editie, Evaluatieronde, Gemeente.naam)
        .join(Evaluatieronde, Evaluatieronde.id == Editie.ronde_id)
        .join(Gemeente, Gemeente.code == Editie.gemeente_code)
        .order_by(Editie.gemeente_code, Editie.nummer)
    )
    if gemeente is not None:
        query = query.where(Editie.gemeente_code == gemeente)
    with store.session() as session:
        return [
            EditieRij(
                nummer=editie.nummer,
                gemeente_code=editie.gemeente_code,
                gemeente_naam=naam,
                ronde_id=ronde.id,
                cyclus=ronde.cyclus,
                periode=ronde.periode,
                taal=editie.taal,
                pdf=Path(editie.pdf_pad),
                html=Path(editie.html_pad),
                pdf_sha256=editie.pdf_sha256,
                aangemaakt_op=editie.aangemaakt_op,
            )
            for editie, ronde, naam in session.execute(query)
        ]


def file_state(path: Path, sha256: str) -> Bestandsstaat:
    """Whether the file at `path` still has the recorded sha256 (read in blocks)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError):
        return "ontbreekt"
    return "klopt" if digest.hexdigest() == sha256 else "gewijzigd"


def _datum(moment: dt.datetime) -> str:
    return tijd(moment).split(" ")[0]


def _tabel(kop: list[str], rijen: list[list[str]]) -> list[str]:
    breedtes = [max(len(r[i]) for r in [kop, *rijen]) for i in range(len(kop))]
    return [
        "  ".join(cel.ljust(breedtes[i]) for i, cel in enumerate(rij)).rstrip()
        for rij in [kop, *rijen]
    ]


def list_lines(store: Store, gemeente: str | None, taal: Taal) -> list[str]:
    """What `makelaar edities` prints: per gemeente a table of its editions."""
    rijen = edities(store, gemeente)
    if not rijen:
        if gemeente is None:
            return [_tekst("geen_edities", taal)]
        bekend = sorted({r.gemeente_code for r in edities(store)})
        raise MakelaarError(
            _tekst(
                "onbekende_gemeente",
                taal,
                gemeente=gemeente,
                bekend=", ".join(bekend) or _tekst("alle_gemeenten", taal),
            )
        )
    lines: list[str] = []
    afwijkend = 0
    for code in sorted({r.gemeente_code for r in rijen}):
        eigen = [r for r in rijen if r.gemeente_code == code]
        if lines:
            lines.append("")
        lines.append(
            _tekst("gemeente_kop", taal, naam=eigen[0].gemeente_naam, code=code, aantal=len(eigen))
        )
        cellen: list[list[str]] = []
        for rij in eigen:
            staat = file_state(rij.pdf, rij.pdf_sha256)
            afwijkend += staat != "klopt"
            cellen.append(
                [
                    str(rij.nummer),
                    str(rij.ronde_id),
                    rij.periode,
                    _datum(rij.aangemaakt_op),
                    _tekst(f"taal_{taal_van(rij.taal)}", taal),
                    shown(rij.pdf),
                    _tekst(f"staat_{staat}", taal),
                ]
            )
        kop = ["editie", "ronde", "periode", "datum", "taal", "pdf", "controle"]
        lines += _tabel([_tekst(f"kol_{k}", taal) for k in kop], cellen)
    if afwijkend:
        lines += ["", _tekst("afwijking", taal, aantal=afwijkend)]
    return lines


def find_edition(store: Store, nummer: int, gemeente: str | None, taal: Taal) -> EditieRij:
    """Edition `nummer` (of `gemeente`); a clear error naming the editions that exist."""
    rijen = edities(store, gemeente)
    gevonden = [r for r in rijen if r.nummer == nummer]
    if len(gevonden) == 1:
        return gevonden[0]
    if gevonden:
        codes = ", ".join(r.gemeente_code for r in gevonden)
        raise MakelaarError(_tekst("kies_gemeente", taal, nummer=nummer, bekend=codes))
    if gemeente is not None and not rijen:
        return _unknown_gemeente(store, gemeente, taal)
    waar = rijen[0].gemeente_naam if gemeente is not None else _tekst("alle_gemeenten", taal)
    bekend = ", ".join(f"{r.nummer} ({r.gemeente_code})" for r in rijen) or "–"
    raise MakelaarError(_tekst("onbekende_editie", taal, nummer=nummer, waar=waar, bekend=bekend))


def _unknown_gemeente(store: Store, gemeente: str, taal: Taal) -> EditieRij:
    bekend = sorted({r.gemeente_code for r in edities(store)})
    raise MakelaarError(
        _tekst(
            "onbekende_gemeente",
            taal,
            gemeente=gemeente,
            bekend=", ".join(bekend) or _tekst("alle_gemeenten", taal),
        )
    )


def diff_path(rij: EditieRij) -> Path:
    """Where the diff of edition N against N−1 lies: beside the edition's HTML."""
    return rij.html.with_name(f"handreiking-editie-{rij.nummer}-verschil.html")


def show_lines(store: Store, nummer: int, gemeente: str | None, taal: Taal) -> list[str]:
    """What `makelaar edities toon N` prints: the edition, its decisions and its files."""
    from makelaar.cycles.leerbijeenkomst import decisions

    rij = find_edition(store, nummer, gemeente, taal)
    besluiten = decisions(store, rij.ronde_id)
    taalnaam = _tekst(f"taal_{taal_van(rij.taal)}", taal)
    lines = [
        _tekst("toon_kop", taal, nummer=rij.nummer, naam=rij.gemeente_naam, code=rij.gemeente_code),
        _tekst(
            "toon_ronde",
            taal,
            ronde=rij.ronde_id,
            cyclus=rij.cyclus,
            periode=rij.periode,
            op=tijd(rij.aangemaakt_op),
            taalnaam=taalnaam,
        ),
        "",
    ]
    titels = _section_titles(rij.taal)
    if besluiten:
        aangenomen = sum(d.besluit.value == "aangenomen" for d in besluiten)
        lines.append(
            _tekst(
                "toon_wijzigingen", taal, aangenomen=aangenomen, overig=len(besluiten) - aangenomen
            )
        )
        # adopted first (they are the edition's changes), then the others, each in code order
        for d in sorted(besluiten, key=lambda d: (d.besluit.value != "aangenomen", d.code)):
            lines.append(
                _tekst(
                    "toon_besluit",
                    taal,
                    titel=d.titel,
                    sectie="; ".join(titels.get(s, s) for s in d.alle_secties),
                    besluit=_verdict(d.besluit.value, taal),
                    door=_tekst("besloten_door", taal, wie=d.besloten_door)
                    if d.besloten_door
                    else "",
                    reden=d.besluit_reden or "",
                ).rstrip()
            )
    else:
        lines.append(_tekst("toon_geen_besluiten", taal))
    lines += ["", _tekst("toon_bestanden", taal)]
    staat = file_state(rij.pdf, rij.pdf_sha256)
    lines.append(
        _tekst(
            "bestand_pdf",
            taal,
            pad=shown(rij.pdf),
            staat=_tekst(f"pdf_{staat}", taal, sha=rij.pdf_sha256[:12]),
        )
    )
    html_staat = "" if rij.html.is_file() else _tekst("html_ontbreekt", taal)
    lines.append(_tekst("bestand_html", taal, pad=shown(rij.html), staat=html_staat))
    if rij.nummer > 1:
        verschil = diff_path(rij)
        if verschil.is_file():
            lines.append(
                _tekst("bestand_verschil", taal, vorige=rij.nummer - 1, pad=shown(verschil))
            )
        else:
            optie = f" --gemeente {rij.gemeente_code}" if gemeente else ""
            lines.append(
                _tekst(
                    "verschil_nog_niet", taal, vorige=rij.nummer - 1, nummer=rij.nummer, optie=optie
                )
            )
    rapport = rij.pdf.with_name(f"{rij.pdf.stem}-onthullingscontrole.csv")
    if rapport.is_file():
        lines.append(_tekst("bestand_rapport", taal, pad=shown(rapport)))
    return lines


def _verdict(besluit: str, taal: Taal) -> str:
    key = f"besluit_{besluit}"
    return _tekst(key, taal) if key in _TEKSTEN else besluit


def _section_titles(taal: str) -> dict[str, str]:
    """Section id → title in the edition's language, for the sections a change names."""
    from makelaar.handreiking.content import load_sections

    return {section.id: section.title for section in load_sections(taal_van(taal))}


edities_app = typer.Typer(
    help=(
        "De edities van de handreiking. Zonder commando: de lijst per gemeente, met de controle "
        "van elke PDF (sha256)."
    ),
    invoke_without_command=True,
)
app.add_typer(edities_app, name="edities")


@edities_app.callback(invoke_without_command=True)
def edities_lijst(
    ctx: typer.Context,
    gemeente: Annotated[str | None, typer.Option(help=GEMEENTE_HELP)] = None,
) -> None:
    """Toon de edities van de handreiking per gemeente, met de controle van elke PDF (sha256)."""
    ctx.obj = gemeente
    if ctx.invoked_subcommand is not None:
        return
    store = migrated_store()
    try:
        lines = list_lines(store, gemeente, current_taal())
    finally:
        store.dispose()
    for line in lines:
        out(line)


@edities_app.command("toon")
def edities_toon(
    ctx: typer.Context,
    nummer: Annotated[int, typer.Argument(help="Nummer van de editie.")],
    gemeente: Annotated[str | None, typer.Option(help=GEMEENTE_HELP)] = None,
) -> None:
    """Toon één editie: haar ronde, de besluiten over de voorstellen en haar bestanden."""
    store = migrated_store()
    try:
        lines = show_lines(store, nummer, gemeente or ctx.obj, current_taal())
    finally:
        store.dispose()
    for line in lines:
        out(line)


@edities_app.command("verschil")
def edities_verschil(
    ctx: typer.Context,
    nummer: Annotated[int, typer.Argument(help="Nummer van de editie.")],
    gemeente: Annotated[str | None, typer.Option(help=GEMEENTE_HELP)] = None,
) -> None:
    """Schrijf het verschil van editie N met editie N−1 (HTML) naast de editie."""
    taal = current_taal()
    store = migrated_store()
    try:
        rij = find_edition(store, nummer, gemeente or ctx.obj, taal)
        alle = edities(store, rij.gemeente_code)
    finally:
        store.dispose()
    out(_tekst("verschil_klaar", taal, **write_edition_diff(rij, alle, taal)))


def write_edition_diff(rij: EditieRij, alle: list[EditieRij], taal: Taal) -> dict[str, object]:
    """Write edition `rij`'s diff against its predecessor among `alle`; what the answer names."""
    from makelaar.handreiking.verschil import write_diff

    vorige = next((r for r in alle if r.nummer == rij.nummer - 1), None)
    if vorige is None:
        raise MakelaarError(
            _tekst(
                "geen_vorige",
                taal,
                nummer=rij.nummer,
                naam=rij.gemeente_naam,
                vorige=rij.nummer - 1,
                bekend=", ".join(str(r.nummer) for r in alle),
            )
        )
    for editie in (vorige, rij):
        if not editie.html.is_file():
            raise MakelaarError(
                _tekst(
                    "html_weg",
                    taal,
                    nummer=editie.nummer,
                    pad=shown(editie.html),
                    ronde=editie.ronde_id,
                )
            )
    target = write_diff(vorige.html, rij.html, diff_path(rij), taal_van(rij.taal))
    return {
        "nummer": rij.nummer,
        "vorige": vorige.nummer,
        "naam": rij.gemeente_naam,
        "pad": shown(target),
    }
