"""`makelaar enquete formulier` on a file that is no form: one Dutch line saying what it is."""

from __future__ import annotations

import re
from pathlib import Path

from makelaar.models.store import Store
from tests.flows.cli_testing import one_line_error
from tests.flows.test_cli_enquete import cli_store, run

__all__ = ["cli_store"]  # the fixture, imported for pytest


def test_a_choices_list_is_refused_as_no_form_and_the_help_names_every_format(
    tmp_path: Path, cli_store: Store
) -> None:
    keuzes = tmp_path / "keuzes.csv"
    keuzes.write_text("list_name,name,label\nja_nee,ja,Ja\nja_nee,nee,Nee\n", encoding="utf-8")
    line = one_line_error(run(tmp_path, "formulier", str(keuzes)))
    assert "Onverwachte fout" not in line
    assert "dit bestand is een keuzelijst (kolommen list_name, name, label) zonder vragen" in line
    assert (
        "Een formulier (XLSForm) heeft een blad survey met minstens de kolommen type en name"
        in (line)
    )
    shown = run(tmp_path, "formulier", "--help")
    assert "(.xlsx, .xlsm, .xls, .csv of .md)" in re.sub(r"[\s│]+", " ", shown.stdout)
