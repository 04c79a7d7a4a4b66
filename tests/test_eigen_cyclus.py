"""The README's "Write your own cycle" works as written: its files are examples/huisbezoek's, the
package is installed with pip (a dist-info with the entry point, on the path),
`makelaar db upgrade` creates its table, and a round with it ends in an edition with its section,
its adopted change and its indicator."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import run_round, start_round, stored_indicators
from makelaar.cycles.spec import RoundContext
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.flows.cli_testing import run_makelaar

ROOT = Path(__file__).resolve().parents[1]
SECTION = "### Write your own cycle"
BLOCK = re.compile(r"^```(?:python|markdown) file=(?P<path>\S+)\n(?P<body>.*?)^```$", re.M | re.S)
ENTRY_POINT = re.compile(r'^\[project\.entry-points\."makelaar\.cycles"\]\n(?P<line>.+)$', re.M)


def readme_files() -> tuple[dict[str, str], str]:
    """The section's files (path -> text) and its entry-point line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    section = text[start : text.index("\n### ", start + len(SECTION))]
    files = {m["path"]: m["body"] for m in BLOCK.finditer(section)}
    entry = ENTRY_POINT.search(section)
    assert entry, "the section registers the cycle under makelaar.cycles"
    return files, entry["line"].strip()


EXAMPLE = ROOT / "examples" / "huisbezoek"


def test_the_readme_shows_the_example_package_as_it_is() -> None:
    """The README's blocks are the files of examples/huisbezoek, and its entry point is the one
    the example's pyproject.toml declares: the step-by-step cannot drift from the package."""
    files, entry = readme_files()
    shipped = {
        str(path.relative_to(EXAMPLE)): path.read_text(encoding="utf-8")
        for path in (EXAMPLE / "huisbezoek").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert shipped == files
    assert entry in (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """examples/huisbezoek installed with pip (offline, built with the hatchling makelaar's dev
    tools bring) into a folder of its own on sys.path and PYTHONPATH: its entry point is what pip
    wrote."""
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--no-index", "--no-build-isolation", "--target", str(site),
            str(EXAMPLE),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    entry_points = next(site.glob("huisbezoek-*.dist-info")) / "entry_points.txt"
    assert "huisbezoek = huisbezoek:HuisbezoekCycle" in entry_points.read_text(encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", str(site))
    yield site
    for name in [m for m in sys.modules if m == "huisbezoek" or m.startswith("huisbezoek.")]:
        sys.modules.pop(name)


def test_the_readme_cycle_is_under_a_hundred_lines() -> None:
    files, _ = readme_files()

    assert set(files) == {
        "huisbezoek/__init__.py",
        "huisbezoek/inhoud/nl/huisbezoek-werkwijze.md",
        "huisbezoek/migraties/huisbezoek_0001.py",
    }
    assert len(files["huisbezoek/__init__.py"].splitlines()) < 100


def test_the_readme_cycle_runs_a_round_with_its_table_indicator_and_section(
    installed: Path, tmp_path: Path
) -> None:
    upgraded = run_makelaar(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    listed = run_makelaar(tmp_path, "cycles", "list")
    assert "huisbezoek" in listed.stdout and "Huisbezoeken per wijk" in listed.stdout

    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out")
    store = Store(settings.resolved_database_url)
    try:
        store.require_current()  # the core schema is current next to the cycle's branch
        cycle = load_cycles().get("huisbezoek")
        table = sys.modules["huisbezoek"].bezoek  # the README cycle's own table
        with store.session() as session:
            session.add(Gemeente(code="GM9999", naam="Proefdorp"))
        with store.connection() as db:  # the table the plugin's migration created
            db.execute(
                sa.insert(table),
                [{"wijk_code": "WK999901", "datum": dt.date(2026, 3, d)} for d in range(1, 13)]
                + [{"wijk_code": "WK999902", "datum": dt.date(2026, 4, d)} for d in range(1, 4)]
                + [{"wijk_code": "WK999902", "datum": dt.date(2027, 1, 5)}],  # another period
            )
        ronde = start_round(store, gemeente_code="GM9999", cyclus="huisbezoek", periode="2026")
        ctx = RoundContext(ronde=ronde, store=store, settings=settings)

        outcome = run_round(ctx, cycle, leerbijeenkomst="demo")

        assert [p.fase.value for p in outcome.fasen] == ["observe", "reflect", "improve", "apply"]
        values = {(v.dimensie, v.sleutel): v for v in stored_indicators(store, ronde.id)}
        assert values[("gemeente", "GM9999")].waarde == 15
        # 3 visits in one wijk are too few to publish; the other wijk would give it away
        assert values[("wijk", "WK999902")].onderdrukt and values[("wijk", "WK999901")].onderdrukt
        pdf = sorted((tmp_path / "out").rglob("*.pdf"))
        assert len(pdf) == 1
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = " ".join(text.split())
        assert "De makelaar bezoekt bewoners thuis" in flat  # the cycle's own section
        assert "Nieuwe bewoners binnen een maand bezocht" in flat  # its adopted change
        assert "Huisbezoeken (gemeente GM9999) 15" in flat  # its indicator
        assert "De wijken in cijfers" not in flat  # no wijk pages: none announced
    finally:
        store.dispose()
