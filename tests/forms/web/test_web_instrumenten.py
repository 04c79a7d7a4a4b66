"""The instruments shipped with makelaar render on the answering pages, page by page, in nl and en."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from makelaar.forms import engine
from makelaar.forms.xlsform import lees_formulier
from makelaar.models.domain import EnqueteModus
from makelaar.models.store import Store
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import open_link

INSTRUMENTEN = Path(__file__).parents[3] / "forms" / "instrumenten"
_ID = re.compile(r'\sid="([^"]+)"')
_FOR = re.compile(r'\sfor="([^"]+)"')


def _instrumenten() -> list[Path]:
    found = sorted(p for p in INSTRUMENTEN.glob("*.md") if p.name != "README.md")
    assert found, f"no instruments in {INSTRUMENTEN}"
    return found


@pytest.mark.parametrize("pad", _instrumenten(), ids=lambda p: p.stem)
def test_every_page_renders_with_unique_ids_and_labelled_inputs(
    pad: Path, nieuwe_browser: NieuweBrowser, sqlite_store: Store
) -> None:
    formulier = lees_formulier(pad)
    ronde = make_ronde(sqlite_store, formulier, modus=EnqueteModus.ANONIEM, uitnodigingen=1)
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    for index, pagina in enumerate(engine.paginas(formulier)):
        for taal in ("nl", "en"):
            response = browser.get("/formulier", params={"pagina": str(index), "taal": taal})
            assert response.status_code == 200, (pad.name, index, taal)
            page = response.text
            assert f'<html lang="{taal}">' in page
            ids = Counter(_ID.findall(page))
            assert [i for i, n in ids.items() if n > 1] == [], (pad.name, index)
            assert set(_FOR.findall(page)) <= set(ids), "a label points at no input"
            for vraag in pagina.vragen:
                assert f'id="vraag-{vraag.name}"' in page, (pad.name, vraag.name)
                label = formulier.tekst(vraag.label, taal)
                if label:
                    assert _escaped(label) in page, (pad.name, vraag.name, taal)


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
