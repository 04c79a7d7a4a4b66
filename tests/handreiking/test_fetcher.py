"""The URL fetcher serves files inside handreiking/static/ and refuses everything else."""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

import pytest

from makelaar.handreiking.charts import bar_chart
from makelaar.handreiking.fetcher import STATIC_DIR, SVG_URL, StaticFetcher, static_url


def test_a_static_file_is_served_with_its_type() -> None:
    fetcher = StaticFetcher()
    response = fetcher.fetch(static_url("print.css"))
    assert response.read() == (STATIC_DIR / "print.css").read_bytes()
    assert response.content_type == "text/css"
    assert fetcher.served == [(STATIC_DIR / "print.css").resolve()]
    assert fetcher.refused == []


def test_a_chart_as_svg_data_url_is_served_and_other_svg_refused() -> None:
    chart = bar_chart(["Noord", "Zuid"], [1.0, 2.0], title="T", alt="Twee wijken", caption="C")
    fetcher = StaticFetcher()
    body = chart.svg.encode("utf-8")
    response = fetcher.fetch(SVG_URL + base64.b64encode(body).decode("ascii"))
    assert response.read() == body
    assert response.content_type == "image/svg+xml"
    # an SVG the charts' check refuses (a reference outside itself) is refused like any URL
    outside = chart.svg.replace("</title>", '</title><image href="file:///etc/passwd"/>', 1)
    url = SVG_URL + base64.b64encode(outside.encode("utf-8")).decode("ascii")
    with pytest.raises(ValueError, match="alleen die map wordt gelezen"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


@pytest.fixture
def root(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: black }")
    (tmp_path / "geheim.txt").write_text("geheim")
    (static / "uitweg.css").symlink_to(tmp_path / "geheim.txt")
    (static / "map").mkdir()
    return static


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/urandom",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/style.css",
        "ftp://example.org/x.css",
        "data:text/css,p{color:red}",
        "data:image/svg+xml;base64,PHN2Zy8+",
    ],
)
def test_anything_outside_static_is_refused_counted_and_logged(
    url: str, root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = StaticFetcher(root)
    with (
        caplog.at_level(logging.WARNING, logger="makelaar.handreiking"),
        pytest.raises(ValueError, match="alleen die map wordt gelezen"),
    ):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert url in caplog.records[0].getMessage()


def test_dot_dot_symlinks_out_and_folders_are_refused(root: Path) -> None:
    fetcher = StaticFetcher(root)
    sneaky = [
        root.as_uri() + "/../geheim.txt",
        root.as_uri() + "/map/../../geheim.txt",
        (root / "uitweg.css").as_uri(),
        (root / "map").as_uri(),
        (root / "bestaat-niet.css").as_uri(),
        "file://andere-host" + str(root / "ok.css"),
    ]
    for url in sneaky:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.refused == sneaky
    assert fetcher.fetch((root / "ok.css").as_uri()).read() == b"p { color: black }"
    assert fetcher.served == [(root / "ok.css").resolve()]


def test_query_and_fragment_do_not_matter(root: Path) -> None:
    fetcher = StaticFetcher(root)
    assert fetcher.fetch((root / "ok.css").as_uri() + "?v=1#x").read().startswith(b"p {")


def test_static_folder_holds_only_our_own_files() -> None:
    files = sorted(
        p.relative_to(STATIC_DIR).as_posix() for p in STATIC_DIR.rglob("*") if p.is_file()
    )
    assert files == ["print.css"]
    assert not any(os.path.islink(p) for p in STATIC_DIR.rglob("*"))
