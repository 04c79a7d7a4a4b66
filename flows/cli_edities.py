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
from makelaar.flows.cli_edities_teksten import TEKSTEN as _TEKSTEN
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import Taal, taal_van, vertaal

#: a PDF against its row: the recorded sha256, another, none; or the edition is not finished
#: (its number claimed, cycles.edities, but its files not written yet: no damage)
Bestandsstaat = Literal["klopt", "gewijzigd", "ontbreekt", "niet_af"]

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

    @property
    def af(self) -> bool:
        """Whether the edition is made: a row without a sha256 is a claimed number whose files are
        not written yet (a round rendering it now, or a run that stopped before it was done)."""
        return bool(self.pdf_sha256)


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


def edition_state(rij: EditieRij) -> Bestandsstaat:
    """An edition's PDF against its row; 'niet_af' for an edition whose files are not written."""
    return file_state(rij.pdf, rij.pdf_sha256) if rij.af else "niet_af"


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
    niet_af: list[str] = []
    for code in sorted({r.gemeente_code for r in rijen}):
        eigen = [r for r in rijen if r.gemeente_code == code]
        if lines:
            lines.append("")
        lines.append(
            _tekst("gemeente_kop", taal, naam=eigen[0].gemeente_naam, code=code, aantal=len(eigen))
        )
        cellen: list[list[str]] = []
        for rij in eigen:
            staat = edition_state(rij)
            afwijkend += staat in ("gewijzigd", "ontbreekt")
            if staat == "niet_af":
                niet_af.append(_niet_af(rij, taal))
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
    if niet_af:
        lines += ["", *niet_af]
    if afwijkend:
        lines += ["", _tekst("afwijking", taal, aantal=afwijkend)]
    return lines


def _niet_af(rij: EditieRij, taal: Taal) -> str:
    """What an edition that is not finished means, and how it is finished."""
    return _tekst(
        "niet_af_uitleg",
        taal,
        nummer=rij.nummer,
        naam=rij.gemeente_naam,
        ronde=rij.ronde_id,
        cyclus=rij.cyclus,
        periode=rij.periode,
        code=rij.gemeente_code,
    )


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
    from makelaar.cycles.rounds import get_round
    from makelaar.cycles.voorstellen import sectie_titels

    rij = find_edition(store, nummer, gemeente, taal)
    besluiten = decisions(store, rij.ronde_id)
    # the guide's section titles in the reader's language, the cycle's own sections included
    titels = sectie_titels(get_round(store, rij.ronde_id), taal)
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
    if besluiten:
        telling = [
            _tekst(f"telling_{soort}", taal, aantal=aantal)
            for soort in ("aangenomen", "verworpen", "uitgesteld", "open")
            if (aantal := sum(d.besluit.value == soort for d in besluiten))
        ]
        lines.append(_tekst("toon_wijzigingen", taal, telling=", ".join(telling)))
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
    staat = edition_state(rij)
    lines.append(
        _tekst(
            "bestand_pdf",
            taal,
            pad=shown(rij.pdf),
            staat=_tekst(f"pdf_{staat}", taal, sha=rij.pdf_sha256[:12], ronde=rij.ronde_id),
        )
    )
    if not rij.af:
        html_staat = _tekst("html_niet_af", taal)
    else:
        html_staat = "" if rij.html.is_file() else _tekst("html_ontbreekt", taal)
    lines.append(_tekst("bestand_html", taal, pad=shown(rij.html), staat=html_staat))
    if not rij.af:
        lines += ["", _niet_af(rij, taal)]
    elif rij.nummer > 1:
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
        if not editie.af:
            raise MakelaarError(_niet_af(editie, taal))
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
