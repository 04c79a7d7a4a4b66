"""Letters: one PDF/UA page per person with the link in full and its QR code; values stay inert."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest

from makelaar.forms.brieven import Aanschrijving, Brief, brieven_html, schrijf_brieven
from makelaar.models.domain import Publiek
from makelaar.models.errors import MakelaarError

SLUIT = dt.datetime(2026, 12, 15, 23, 0, tzinfo=dt.UTC)
LINKS = [f"https://enquete.example.nl/t/{c * 43}" for c in "ABC"]
XSS = '"><img src=x onerror=alert(1)> {{7*7}}'


def _aanschrijving(**overrides: object) -> Aanschrijving:
    values: dict[str, object] = {
        "titel": "Buurtmeter Utrecht",
        "publiek": Publiek.BEWONERS,
        "anoniem": True,
        "sluit_op": SLUIT,
    }
    values.update(overrides)
    return Aanschrijving(**values)  # type: ignore[arg-type]  # a mapping of mixed types


def _brieven() -> list[Brief]:
    return [
        Brief(
            link=link, naam=f"Fam. Jansen {i}", adresregels=(f"Hoofdstraat {i}", "3511 AB Utrecht")
        )
        for i, link in enumerate(LINKS, start=1)
    ]


def _root(reader: pypdf.PdfReader) -> pypdf.generic.DictionaryObject:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, pypdf.generic.DictionaryObject)
    return root


def test_one_tagged_page_per_resident_with_the_link_and_a_qr_code(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pad = schrijf_brieven(_aanschrijving(), _brieven(), tmp_path / "brieven.pdf")
    reader = pypdf.PdfReader(pad)
    assert len(reader.pages) == 3
    for page, link in zip(reader.pages, LINKS, strict=True):
        text = page.extract_text()
        assert link in text.replace("\n", "")
        assert "Typ dit adres in de browser" in text
        assert "U kunt antwoorden tot 15 december 2026 om 23:59" in text
        assert "Uw antwoorden zijn anoniem" in text
        assert "Hoofdstraat" in text and "3511 AB Utrecht" in text
        content = page.get_contents()
        assert content is not None and len(content.get_data()) > 5000  # the QR modules' paths
    root = _root(reader)
    mark_info = root["/MarkInfo"].get_object()
    assert "/StructTreeRoot" in root
    assert isinstance(mark_info, pypdf.generic.DictionaryObject) and mark_info["/Marked"]
    assert str(root["/Lang"]) == "nl"
    assert (
        reader.metadata is not None and reader.metadata.title == "Uitnodigingen: Buurtmeter Utrecht"
    )
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= 30]
    assert [p.name for p in tmp_path.iterdir()] == ["brieven.pdf"]


def test_the_html_has_an_inline_svg_qr_code_per_letter() -> None:
    html = brieven_html(_aanschrijving(), _brieven(), dt.date(2026, 11, 2))
    assert html.count("<svg") == 3
    assert html.count('role="img" aria-label="QR-code met de link hierboven"') == 3
    assert "2 november 2026" in html


def test_values_are_escaped_and_templates_are_not_evaluated(tmp_path: Path) -> None:
    brief = Brief(link=LINKS[0], naam=XSS, adresregels=(XSS,))
    html = brieven_html(_aanschrijving(titel=XSS), [brief])
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{7*7}}" in html and "49" not in html.replace("2049", "")
    text = (
        pypdf.PdfReader(schrijf_brieven(_aanschrijving(titel=XSS), [brief], tmp_path / "x.pdf"))
        .pages[0]
        .extract_text()
    )
    assert '"><img src=x onerror=alert(1)>' in text.replace("\n", " ")


def test_reminder_letters_in_english(tmp_path: Path) -> None:
    aanschrijving = _aanschrijving(taal="en", herinnering=True, anoniem=False)
    pad = schrijf_brieven(aanschrijving, _brieven()[:1], tmp_path / "herinnering.pdf")
    reader = pypdf.PdfReader(pad)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Reminder: Buurtmeter Utrecht" in text
    assert "We have not yet received your answers" in text
    assert "stored under a code instead of your name" in text
    assert str(_root(reader)["/Lang"]) == "en"


def test_an_anonymous_reminder_thanks_whoever_took_part_and_fits_one_page(
    tmp_path: Path,
) -> None:
    aanschrijving = _aanschrijving(herinnering=True, anoniem=True)
    pad = schrijf_brieven(aanschrijving, _brieven()[:1], tmp_path / "herinnering.pdf")
    reader = pypdf.PdfReader(pad)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    # everyone invited gets it: it cannot say "we have not received your answers"
    assert "Heeft u al meegedaan? Hartelijk dank; u hoeft niets meer te doen." in text
    assert "nog niet ontvangen" not in text
    assert "krijgt iedereen die we uitnodigden deze herinnering" in text
    assert "met de link hieronder begint u opnieuw" in text


def test_no_letters_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MakelaarError, match="geen brieven"):
        schrijf_brieven(_aanschrijving(), [], tmp_path / "leeg.pdf")
    assert not (tmp_path / "leeg.pdf").exists()


def test_a_window_that_opens_later_is_named_and_an_afternoon_end_is_kept() -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    opens = later.replace(hour=7, minute=0, second=0, microsecond=0)
    closes = opens + dt.timedelta(days=10, hours=9)
    html = brieven_html(_aanschrijving(opent_op=opens, sluit_op=closes), _brieven()[:1])
    assert f"U kunt antwoorden van {opens.day} " in html
    local_end = closes.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert f"tot {local_end.day} " in html and f"om {local_end:%H}:00" in html
    now_open = brieven_html(_aanschrijving(opent_op=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), [])
    assert "antwoorden van" not in now_open


CODE = "K7Q9M3XF8D2NWH5R"


def test_a_letter_without_a_name_greets_the_household_and_shows_its_code_and_contact(
    tmp_path: Path,
) -> None:
    aanschrijving = _aanschrijving(
        minuten=6,
        contact="Team Wijkonderzoek, 030 286 0000 of wijkonderzoek@example.nl",
        codepagina="https://enquete.example.nl/code",
    )
    brief = Brief(link=LINKS[0], adresregels=("Hoofdstraat 1", "3511 AB Utrecht"), code=CODE)
    pad = schrijf_brieven(aanschrijving, [brief], tmp_path / "brieven.pdf")
    [page] = pypdf.PdfReader(pad).pages
    text = " ".join(page.extract_text().split())
    assert "Beste bewoner(s)," in text
    assert "Het invullen duurt ongeveer 6 minuten." in text and "tien minuten" not in text
    assert (
        "Of ga naar https://enquete.example.nl/code en typ deze code: K7Q9-M3XF-8D2N-WH5R" in text
    )
    assert "De link en de code zijn persoonlijk" in text
    assert (
        "Vragen? Neem contact op met Team Wijkonderzoek, 030 286 0000 of "
        "wijkonderzoek@example.nl." in text
    )
    english = _aanschrijving(taal="en", minuten=3, contact="Team Wijkonderzoek, 030 286 0000")
    html = brieven_html(english, [Brief(link=LINKS[1], code=CODE)])
    assert "Dear resident(s)," in html and "It takes about 3 minutes." in html
    assert "and type this code:" in html and "K7Q9-M3XF-8D2N-WH5R" in html
    assert "Questions? Please contact Team Wijkonderzoek, 030 286 0000." in html
    named = brieven_html(_aanschrijving(), _brieven()[:1])
    assert "Beste Fam. Jansen 1," in named and "bewoner(s)" not in named
    assert "typ deze code" not in named and "Vragen?" not in named and "ongeveer" not in named


def test_a_contact_line_stays_text() -> None:
    html = brieven_html(_aanschrijving(contact=XSS), [Brief(link=LINKS[0], code=CODE)])
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; {{7*7}}." in html


def test_an_anonymous_reminder_letter_says_that_its_link_and_code_start_afresh() -> None:
    brief = Brief(link=LINKS[0], code=CODE)
    anoniem = brieven_html(_aanschrijving(herinnering=True), [brief])
    assert (
        "Bent u al begonnen? Ga dan verder met de link of code uit de eerdere brief; met de link "
        "en code hieronder begint u opnieuw." in anoniem
    )
    english = brieven_html(_aanschrijving(herinnering=True, taal="en"), [brief])
    assert "Have you already started? Then continue with the link or code" in english
    for zonder in (_aanschrijving(herinnering=True, anoniem=False), _aanschrijving()):
        assert "Bent u al begonnen" not in brieven_html(zonder, [brief])
