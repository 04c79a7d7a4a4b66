"""The whitelist check of an XLSForm's raw sheets: every sheet, column, type and expression that
makelaar does not support is refused with its sheet, row and column."""

from __future__ import annotations

import re
from typing import Any

from makelaar.forms.xlsform.regels import (
    APPEARANCE,
    CHOICES_REFUSED,
    COSMETIC,
    EXPRESSION_COLUMNS,
    FEATURES,
    FEATURES_EN,
    GROUP,
    NO_FEATURES,
    NO_FEATURES_EN,
    REFUSED_SHEETS,
    REFUSED_SHEETS_EN,
    SELECT,
    SETTINGS_COLUMNS,
    SURVEY_COLUMNS,
    TRANSLATED,
    TYPES,
    YES_NO,
    kolom,
    taalcode,
)
from makelaar.models.errors import ImportFileError


class Controle:
    """Checks the raw sheets (pyxform's reading of them) against what makelaar supports."""

    def __init__(self, raw: Any, bron: str) -> None:
        self.raw = raw
        self.bron = bron
        self.survey: list[dict[str, str]] = list(raw.survey or [])
        self.choices: list[dict[str, str]] = list(raw.choices or [])
        self.settings: dict[str, str] = {
            kolom(key)[0]: str(value) for key, value in (raw.settings or [{}])[0].items()
        }
        self.rijen: dict[str, int] = {}
        language = self.setting("default_language")
        self.standaardtaal = taalcode(language) if language else "nl"

    def setting(self, name: str) -> str | None:
        value = self.settings.get(name)
        return value.strip() if value and value.strip() else None

    def fout(
        self,
        message: str,
        en: str,
        *,
        sheet: str = "survey",
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> ImportFileError:
        """What makelaar does not support in the form, in Dutch (`message`) and English."""
        return ImportFileError(
            message, en, file=self.bron, sheet=sheet, row=row, column=column, value=value
        )

    def controleer(self) -> None:
        """Refuse every sheet, column, type and expression makelaar does not support."""
        for sheet in self.raw.sheet_names:
            feature = REFUSED_SHEETS.get(str(sheet).lower())
            rows = getattr(self.raw, str(sheet).lower(), None)
            if feature and rows:
                raise self.fout(
                    f"het blad {sheet!r} ({feature}) wordt niet ondersteund; makelaar leest "
                    "alleen de bladen survey, choices en settings.",
                    f"the sheet {sheet!r} ({REFUSED_SHEETS_EN[str(sheet).lower()]}) is not "
                    "supported; makelaar reads only the sheets survey, choices and settings.",
                    sheet=str(sheet),
                )
        self._controleer_kolommen(self.survey, "survey", self._survey_kolom_ok)
        self._controleer_kolommen(self.choices, "choices", self._keuze_kolom_ok)
        self._controleer_kolommen(
            (self.raw.settings or [])[:1], "settings", lambda base, _: base in SETTINGS_COLUMNS
        )
        for index, row in enumerate(self.survey):
            if row:
                self._controleer_rij({kolom(k)[0]: v for k, v in row.items()}, index + 2, row)

    def _survey_kolom_ok(self, base: str, language: str | None) -> bool:
        if base in COSMETIC:
            return True
        known = SURVEY_COLUMNS.get(base)
        return known is not None and (language is None or known in TRANSLATED)

    @staticmethod
    def _keuze_kolom_ok(base: str, language: str | None) -> bool:
        if base in CHOICES_REFUSED:
            return False
        return language is None or base == "label"

    def _controleer_kolommen(self, rows: list[dict[str, str]], sheet: str, ok: Any) -> None:
        for index, row in enumerate(rows):
            for header, value in row.items():
                base, language = kolom(header)
                if value in (None, "") or ok(base, language):
                    continue
                raise self.fout(
                    f"de kolom {header!r} wordt niet ondersteund (waarde {value!r}); makelaar "
                    "kan niet garanderen dat wat gevraagd of bewaard wordt klopt zonder die "
                    "kolom. Verwijder de kolom of laat hem leeg.",
                    f"the column {header!r} is not supported (value {value!r}); makelaar cannot "
                    "guarantee that what is asked or stored is right without that column. Delete "
                    "the column or leave it empty.",
                    sheet=sheet,
                    row=index + 2,
                    column=header,
                    value=value,
                )

    def _controleer_rij(self, row: dict[str, str], rij: int, raw_row: dict[str, str]) -> None:
        raw_type = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
        kind = raw_type.lower()
        name = str(row.get("name", "")).strip()
        if not kind:
            return
        if kind not in TYPES and kind not in GROUP and not SELECT.match(kind):
            first = kind.split(" ")[0]
            feature = FEATURES.get(kind) or FEATURES.get(first) or FEATURES.get(raw_type)
            what = f" ({feature})" if feature else ""
            feature_en = (
                FEATURES_EN.get(kind) or FEATURES_EN.get(first) or FEATURES_EN.get(raw_type)
            )
            what_en = f" ({feature_en})" if feature_en else ""
            raise self.fout(
                f"het vraagtype {raw_type!r}{what} wordt niet ondersteund. Ondersteund: text, "
                "integer, decimal, select_one, select_multiple, date, note, calculate, "
                "phone number, begin group/end group.",
                f"the question type {raw_type!r}{what_en} is not supported. Supported: text, "
                "integer, decimal, select_one, select_multiple, date, note, calculate, "
                "phone number, begin group/end group.",
                row=rij,
                column="type",
                value=raw_type,
            )
        select = SELECT.match(kind)
        keyword = select.group(1) if select else kind
        if not raw_type.startswith(keyword):
            raise self.fout(
                f"het vraagtype {raw_type!r} moet in kleine letters ({keyword!r}); pyxform, "
                "ODK en KoboToolbox kennen het anders niet.",
                f"the question type {raw_type!r} must be in lower case ({keyword!r}); pyxform, "
                "ODK and KoboToolbox do not know it otherwise.",
                row=rij,
                column="type",
                value=raw_type,
            )
        if name and kind not in ("end group", "end_group"):
            if name in self.rijen:
                raise self.fout(
                    f"de naam {name!r} komt twee keer voor (ook op rij {self.rijen[name]}); "
                    "makelaar bewaart antwoorden per naam, dus elke naam moet uniek zijn.",
                    f"the name {name!r} occurs twice (also in row {self.rijen[name]}); makelaar "
                    "stores answers by name, so every name must be unique.",
                    row=rij,
                    column="name",
                    value=name,
                )
            self.rijen[name] = rij
        for header, value in raw_row.items():
            base = SURVEY_COLUMNS.get(kolom(header)[0])
            text = str(value)
            if base in EXPRESSION_COLUMNS or base == "default":
                for needle, feature in NO_FEATURES.items():
                    if needle in text.replace(" (", "("):
                        raise self.fout(
                            f"{feature} wordt niet ondersteund in {text!r}.",
                            f"{NO_FEATURES_EN[needle]} is not supported in {text!r}.",
                            row=rij,
                            column=header,
                            value=text,
                        )
            if base == "default" and ("${" in text or "(" in text):
                raise self.fout(
                    f"een berekende standaardwaarde ({text!r}) wordt niet ondersteund; "
                    "gebruik een vaste waarde of een calculate-rij.",
                    f"a calculated default value ({text!r}) is not supported; use a fixed value "
                    "or a calculate row.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base == "readonly" and text.strip().lower() not in YES_NO:
                raise self.fout(
                    f"readonly moet yes of no zijn, niet {text!r}.",
                    f"readonly must be yes or no, not {text!r}.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base == "appearance" and "search(" in text.replace(" (", "("):
                raise self.fout(
                    f"de weergave search() (keuzes uit een extern bestand) wordt niet "
                    f"ondersteund: {text!r}.",
                    "the appearance search() (choices from an external file) is not supported: "
                    f"{text!r}.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base == "appearance" and "search(" not in text.replace(" (", "("):
                unknown = [part for part in text.split() if not APPEARANCE.fullmatch(part)]
                if unknown:
                    raise self.fout(
                        f"de weergave {unknown[0]!r} wordt niet ondersteund (ondersteund: "
                        "minimal, compact, horizontal, likert, field-list, table-list, label, "
                        "list-nolabel, multiline, quick, no-calendar, columns, numbers, w1–w10).",
                        f"the appearance {unknown[0]!r} is not supported (supported: minimal, "
                        "compact, horizontal, likert, field-list, table-list, label, "
                        "list-nolabel, multiline, quick, no-calendar, columns, numbers, w1–w10).",
                        row=rij,
                        column=header,
                        value=text,
                    )
            if base in ("label", "hint", "required_message", "constraint_message") and "${" in text:
                raise self.fout(
                    f"een verwijzing naar een antwoord in een tekst wordt niet ondersteund: "
                    f"{text!r}. Laat ${{…}} weg uit labels, hints en meldingen.",
                    f"a reference to an answer in a text is not supported: {text!r}. Leave "
                    "${…} out of labels, hints and messages.",
                    row=rij,
                    column=header,
                    value=text,
                )
