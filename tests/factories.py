"""Test data in one place: regions with CBS figures, brokers, logbook rows, and small xlsx files."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from python_calamine import CalamineWorkbook
from sqlalchemy.orm import Session

from makelaar.cycles.spec import Indicator, RoundContext
from makelaar.intake.makelaars import Inschrijving, registreer
from makelaar.models.domain import (
    ActieType,
    InitiatiefStatus,
    Niveau,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
)
from makelaar.models.schemas import ApplyResult, ImproveResult, Proposal
from makelaar.models.tables import (
    Bewonersinitiatief,
    Buurt,
    Gemeente,
    Kerncijfers,
    Makelaar,
    Signaal,
    SocialeActie,
    Wijk,
)

_sequence = itertools.count(1)


#: the one indicator the small test cycles compute: actions, for the gemeente and per wijk
ACTIES = Indicator("acties", "Sociale acties", "Social actions", "aantal", optelbaar=True)


def _next() -> int:
    return next(_sequence)


def kerncijfers_for(
    regiocode: str, niveau: Niveau, inwoners: int, *, jaar: int = 2024, **overrides: Any
) -> Kerncijfers:
    """Plausible CBS figures for a region of `inwoners` people; override any field by name."""
    values: dict[str, Any] = {
        "regiocode": regiocode,
        "niveau": niveau,
        "jaar": jaar,
        "inwoners": inwoners,
        "leeftijd_0_14": round(inwoners * 0.15),
        "leeftijd_15_24": round(inwoners * 0.14),
        "leeftijd_25_44": round(inwoners * 0.33),
        "leeftijd_45_64": round(inwoners * 0.24),
        "leeftijd_65_plus": round(inwoners * 0.14),
        "herkomst_buiten_europa": round(inwoners * 0.16),
        "geboren_buiten_europa": round(inwoners * 0.09),
        "huishoudens": round(inwoners / 1.9),
        "eenpersoonshuishoudens": round(inwoners / 1.9 * 0.45),
        "pct_huishoudens_laag_inkomen": None,
        "wmo_clienten": None,
        "bron": "factories",
    }
    values.update(overrides)
    return Kerncijfers(**values)


def _sum(values: Iterable[int | None]) -> int | None:
    """A total of CBS counts, unknown when one of them is."""
    known = list(values)
    return None if any(v is None for v in known) else sum(v or 0 for v in known)


def make_gemeente_with_wijken(
    session: Session,
    n: int = 3,
    *,
    code: str | None = None,
    naam: str = "Teststad",
    buurten_per_wijk: int = 2,
    inwoners_per_wijk: int = 12_000,
    jaar: int = 2024,
    wijk_cijfers: Sequence[Mapping[str, Any]] | None = None,
) -> Gemeente:
    """A gemeente with `n` wijken ("Wijk 01 Noord", ...) and their buurten, all with CBS figures.

    `wijk_cijfers[i]` overrides figures of wijk i (e.g. {"pct_huishoudens_laag_inkomen": 25.0});
    the gemeente's own row is the sum of its wijken (percentages: their mean; None if one is None).
    """
    code = code or f"GM9{_next() % 1000:03d}"
    gemeente = Gemeente(code=code, naam=naam)
    session.add(gemeente)
    wijk_rows: list[Kerncijfers] = []
    for i in range(1, n + 1):
        wijk_code = f"WK{code[2:]}{i:02d}"
        session.add(Wijk(code=wijk_code, gemeente_code=code, naam=f"Wijk {i:02d} Deel {i}"))
        overrides = dict(wijk_cijfers[i - 1]) if wijk_cijfers and i <= len(wijk_cijfers) else {}
        wijk_inwoners = int(overrides.pop("inwoners", inwoners_per_wijk))
        row = kerncijfers_for(wijk_code, Niveau.WIJK, wijk_inwoners, jaar=jaar, **overrides)
        wijk_rows.append(row)
        session.add(row)
        for j in range(1, buurten_per_wijk + 1):
            buurt_code = f"BU{code[2:]}{i:02d}{j:02d}"
            session.add(Buurt(code=buurt_code, wijk_code=wijk_code, naam=f"Buurt {i}.{j}"))
            session.add(
                kerncijfers_for(
                    buurt_code, Niveau.BUURT, wijk_inwoners // buurten_per_wijk, jaar=jaar
                )
            )
    counts = [f"leeftijd_{band}" for band in ("0_14", "15_24", "25_44", "45_64", "65_plus")]
    counts += ["huishoudens", "eenpersoonshuishoudens"]
    counts += ["herkomst_buiten_europa", "geboren_buiten_europa"]
    totals: dict[str, Any] = {c: _sum(getattr(r, c) for r in wijk_rows) for c in counts}
    percentages = [r.pct_huishoudens_laag_inkomen for r in wijk_rows]
    if percentages and all(p is not None for p in percentages):
        totals["pct_huishoudens_laag_inkomen"] = sum(p or 0.0 for p in percentages) / len(
            percentages
        )
    session.add(
        kerncijfers_for(
            code, Niveau.GEMEENTE, sum(r.inwoners or 0 for r in wijk_rows), jaar=jaar, **totals
        )
    )
    session.flush()
    return gemeente


def make_makelaar(
    session: Session,
    gemeente_code: str,
    wijk_codes: Sequence[str],
    *,
    code: str | None = None,
    naam: str = "Test M.",
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
) -> Makelaar:
    """A broker working in the given wijken, registered the way `makelaar makelaars import` does."""
    inschrijving = Inschrijving(
        code=code or f"TEST-MK-{_next():04d}",
        gemeente_code=gemeente_code,
        naam=naam,
        wijken=tuple(wijk_codes),
        startdatum=startdatum,
        einddatum=einddatum,
    )
    ids = registreer(session, [inschrijving]).ids
    makelaar = session.get(Makelaar, ids[inschrijving.code])
    assert makelaar is not None
    return makelaar


def make_actie(
    session: Session, makelaar: Makelaar, wijk_code: str, **overrides: Any
) -> SocialeActie:
    """One logged huisbezoek (override any field by name)."""
    values: dict[str, Any] = {
        "sleutel": f"test-actie-{_next():06d}",
        "datum": dt.date(2026, 3, 2),
        "makelaar_id": makelaar.id,
        "wijk_code": wijk_code,
        "actietype": ActieType.HUISBEZOEK,
        "partners": [],
        "bereikt": 1,
        "doelgroepen": [],
        "resultaat": Resultaat.INFORMATIE,
        "uren": 1.0,
        "bron": "test",
    }
    values.update(overrides)
    actie = SocialeActie(**values)
    session.add(actie)
    session.flush()
    return actie


def make_signaal(session: Session, makelaar: Makelaar, wijk_code: str, **overrides: Any) -> Signaal:
    """One new signal about loneliness (override any field by name)."""
    values: dict[str, Any] = {
        "sleutel": f"test-signaal-{_next():06d}",
        "datum": dt.date(2026, 3, 2),
        "makelaar_id": makelaar.id,
        "wijk_code": wijk_code,
        "soort": SignaalSoort.PROBLEEM,
        "categorie": SignaalCategorie.EENZAAMHEID,
        "omschrijving": "Oudere bewoners hebben weinig contact met buren.",
        "status": SignaalStatus.NIEUW,
        "bron": "test",
    }
    values.update(overrides)
    signaal = Signaal(**values)
    session.add(signaal)
    session.flush()
    return signaal


def make_initiatief(
    session: Session, wijk_code: str, makelaar: Makelaar | None = None, **overrides: Any
) -> Bewonersinitiatief:
    """One resident initiative at the idea stage (override any field by name)."""
    values: dict[str, Any] = {
        "sleutel": f"test-initiatief-{_next():06d}",
        "titel": "Buurtmoestuin",
        "wijk_code": wijk_code,
        "makelaar_id": makelaar.id if makelaar else None,
        "status": InitiatiefStatus.IDEE,
        "bewoners_betrokken": 2,
        "gestart_op": dt.date(2026, 3, 2),
        "bijgewerkt_op": dt.date(2026, 3, 2),
        "bron": "test",
    }
    values.update(overrides)
    initiatief = Bewonersinitiatief(**values)
    session.add(initiatief)
    session.flush()
    return initiatief


def two_proposals(sectie_id: str) -> ImproveResult:
    """A test cycle's improve result: proposals voorstel-1 and voorstel-2 for section `sectie_id`."""
    return ImproveResult(
        voorstellen=[
            Proposal(
                code=f"voorstel-{i}",
                sectie_id=sectie_id,
                titel=f"Voorstel {i}",
                tekst="Tekst.",
                onderbouwing="Cijfers.",
            )
            for i in (1, 2)
        ]
    )


def unwritten_edition(ctx: RoundContext) -> ApplyResult:
    """A test cycle's apply result for edition 1 whose files no test reads (they are not written)."""
    return ApplyResult(
        editie=1,
        pdf=ctx.settings.output_dir / "e.pdf",
        html=ctx.settings.output_dir / "e.html",
        pdf_sha256="0" * 64,
        aangenomen=[],
        verworpen=[],
    )


def read_xlsx(path: Path, sheet: int = 0) -> list[list[Any]]:
    """All rows of one sheet as Python values ('' for empty cells)."""
    with CalamineWorkbook.from_path(str(path)) as workbook:
        return [list(row) for row in workbook.get_sheet_by_index(sheet).to_python()]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """Write a minimal .xlsx (inline strings, no styles) with one sheet per entry; None = no cell."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    main_ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_ct}"/>'
        for i in range(1, len(names) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main_ct}"/>{overrides}</Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg_ns}">'
        f'<Relationship Id="rId1" Type="{rel_ns}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel_ns}"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg_ns}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{rel_ns}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, name in enumerate(names, start=1):
            rows = "".join(
                f'<row r="{r}">'
                + "".join(_cell(f"{_column_letter(c)}{r}", v) for c, v in enumerate(row))
                + "</row>"
                for r, row in enumerate(sheets[name], start=1)
            )
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{rows}'
                "</sheetData></worksheet>",
            )
    return path
