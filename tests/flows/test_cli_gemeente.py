"""`makelaar gemeente instellen|toon`: a municipality's own name, logo and contact for its guide,
checked before anything is stored, the logo copied into the database; in a process of its own."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import GemeenteUitgave
from tests.factories import make_gemeente_with_wijken
from tests.flows.cli_testing import in_process, run_main, run_makelaar


def png(width: int = 4, height: int = 2) -> bytes:
    """A real PNG of `width`×`height` red pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\xc8\x10\x2e" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def run(tmp_path: Path, *args: str, taal: str = "nl") -> subprocess.CompletedProcess[str]:
    return run_makelaar(tmp_path, "gemeente", *args, locale=taal)


@pytest.fixture
def regio(tmp_path: Path) -> Path:
    store = Store.from_settings(Settings(data_dir=tmp_path / "data"))
    store.upgrade()
    with store.session() as session:
        make_gemeente_with_wijken(session, 2, code="GM9995", naam="Logostad")
    store.dispose()
    return tmp_path


def stored(regio: Path) -> GemeenteUitgave | None:
    store = Store.from_settings(Settings(data_dir=regio / "data"))
    try:
        with store.session() as session:
            row = session.get(GemeenteUitgave, "GM9995")
            if row is not None:
                session.expunge(row)
            return row
    finally:
        store.dispose()


def test_set_show_and_change_the_publication(regio: Path) -> None:
    (regio / "logo.png").write_bytes(png())
    nieuw = run(
        regio,
        "instellen",
        "GM9995",
        "--naam",
        "Gemeente  Logostad",
        "--logo",
        "logo.png",
        "--contact",
        "Team Wijken, 14 030",
        "--website",
        "https://www.logostad.nl",
    )
    assert nieuw.returncode == 0, nieuw.stderr
    assert nieuw.stdout.splitlines() == [
        "Uitgave van Logostad (GM9995) ingesteld; de volgende editie toont op omslag en in het "
        "colofon:",
        "  naam       Gemeente Logostad",
        "  logo       PNG, 1 kB (opgeslagen in de database)",
        "  alt-tekst  Logo van Gemeente Logostad",
        "  contact    Team Wijken, 14 030",
        "  website    https://www.logostad.nl",
    ]
    row = stored(regio)
    assert row is not None and row.logo == png() and row.logo_type == "image/png"
    assert row.logo_sha256 == hashlib.sha256(png()).hexdigest()

    # the file may go: the database holds the logo; an option not given keeps its value
    (regio / "logo.png").unlink()
    gewijzigd = run(
        regio, "instellen", "GM9995", "--contact", "", "--logo-alt", "Wapen van Logostad"
    )
    assert gewijzigd.returncode == 0, gewijzigd.stderr
    row = stored(regio)
    assert row is not None and row.logo == png() and row.contact is None
    assert (row.naam, row.logo_alt) == ("Gemeente Logostad", "Wapen van Logostad")

    toon = run(regio, "toon", "GM9995", taal="en")
    assert toon.stdout.splitlines()[:6] == [
        "  name      Gemeente Logostad",
        "  logo      PNG, 1 kB (stored in the database)",
        "  alt text  Wapen van Logostad",
        "  contact   (none)",
        "  website   https://www.logostad.nl",
        # then the settings that apply (tests/flows/test_cli_gemeente_instellingen.py)
        "Settings of Logostad (GM9995) for rounds, surveys, letters and mails:",
    ]
    weg = run(regio, "instellen", "GM9995", "--zonder-logo")
    assert weg.returncode == 0, weg.stderr
    row = stored(regio)
    assert row is not None and (row.logo, row.logo_type, row.logo_sha256) == (None, None, None)


def test_nothing_set_says_what_the_guide_shows(regio: Path) -> None:
    toon = run(regio, "toon", "GM9995")
    assert toon.returncode == 0, toon.stderr
    assert toon.stdout.startswith(
        "Logostad (GM9995) heeft geen eigen uitgave ingesteld; de handreiking toont "
        "'Gemeente Logostad' zonder logo of contact."
    )


SVG_MET_AFBEELDING = (
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/logo.png"/></svg>'
)


@pytest.mark.parametrize(
    ("bestand", "inhoud", "melding"),
    [
        (
            "logo.gif",
            b"GIF89a",
            "Fout: Het logo logo.gif heeft de extensie .gif; geef een PNG- of SVG-bestand (.png "
            "of .svg) van hoogstens 2 MB.",
        ),
        (
            "nep.png",
            b"geen plaatje",
            "Fout: Het logo nep.png heet .png maar is geen PNG-bestand; geef een PNG- of "
            "SVG-bestand (.png of .svg) van hoogstens 2 MB.",
        ),
        (
            "extern.svg",
            SVG_MET_AFBEELDING.encode(),
            "Fout: Het logo extern.svg kan niet in de handreiking: element <image> is niet "
            "toegestaan in een logo. Geef een SVG die alleen tekent",
        ),
        (
            "script.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Fout: Het logo script.svg kan niet in de handreiking: element <script> is niet "
            "toegestaan in een logo.",
        ),
        (
            "entiteit.svg",
            b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "Fout: Het logo entiteit.svg kan niet in de handreiking: de SVG bevat een DOCTYPE, "
            "ENTITY of stylesheet-instructie.",
        ),
        (
            "groot.png",
            png(7000, 1),
            "Fout: Het logo groot.png is 7000×1 pixels; geef een PNG van hoogstens 6000×6000 "
            "pixels.",
        ),
    ],
)
def test_a_bad_logo_is_refused_naming_the_file(
    regio: Path,
    bestand: str,
    inhoud: bytes,
    melding: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (regio / bestand).write_bytes(inhoud)
    in_process(monkeypatch, regio)
    monkeypatch.chdir(regio)
    code, stderr = run_main(
        monkeypatch,
        capsys,
        "gemeente",
        "instellen",
        "GM9995",
        "--naam",
        "Gemeente Logostad",
        "--logo",
        bestand,
    )
    assert code == 1
    assert "\n".join(stderr).startswith(melding), stderr
    assert stored(regio) is None  # nothing stored, not even the name


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (
            ["GM0001", "--naam", "x"],
            "Fout: Gemeente 'GM0001' staat niet in de database; bekende gemeenten: GM9995.",
        ),
        (
            ["GM9995", "--website", "www.logostad.nl"],
            "Fout: --website 'www.logostad.nl' is geen webadres; geef een adres dat begint met "
            "https:// of http://",
        ),
        (
            ["GM9995", "--naam", "Gemeente\nLogostad"],
            "Fout: --naam loopt over meer regels ('Gemeente\\nLogostad'); geef één regel tekst.",
        ),
        (
            ["GM9995", "--contact", "x" * 301],
            "Fout: --contact is 301 tekens lang; geef hoogstens 300",
        ),
        (["GM9995", "--logo", "ontbreekt.png"], "Fout: Het logo ontbreekt.png bestaat niet"),
        (
            ["GM9995", "--logo", "a.png", "--zonder-logo"],
            "Fout: Geef --logo of --zonder-logo, niet allebei.",
        ),
    ],
)
def test_bad_settings_are_refused(
    regio: Path,
    args: list[str],
    melding: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    in_process(monkeypatch, regio)
    monkeypatch.chdir(regio)
    code, stderr = run_main(monkeypatch, capsys, "gemeente", "instellen", *args)
    assert code == 1
    assert "\n".join(stderr).startswith(melding), stderr
    assert stored(regio) is None
