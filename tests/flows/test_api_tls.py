"""Prefect's clients of a plain-http API load one CA certificate instead of a whole bundle."""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi
import pytest

from makelaar.flows.api_tls import (
    CA_FILE,
    SETTING,
    cheap_client_settings,
    one_certificate_file,
    plain_http,
)


@pytest.mark.parametrize(
    ("url", "plain"),
    [
        ("http://127.0.0.1:4200/api", True),
        ("HTTP://localhost/api", True),
        ("https://api.prefect.cloud/api/accounts/x", False),
        ("https://127.0.0.1:4200/api", False),
    ],
)
def test_only_an_api_without_tls_counts_as_plain_http(url: str, plain: bool) -> None:
    assert plain_http(url) is plain


def test_the_file_holds_one_certificate_of_certifis_bundle_and_loads(tmp_path: Path) -> None:
    path = one_certificate_file(tmp_path / "home")
    text = path.read_text(encoding="ascii")
    assert path.name == CA_FILE
    assert text.count("BEGIN CERTIFICATE") == 1
    assert text.strip() in Path(certifi.where()).read_text(encoding="ascii")
    context = ssl.create_default_context(cafile=str(path))
    assert context.cert_store_stats()["x509_ca"] == 1
    assert sorted(p.name for p in path.parent.iterdir()) == [CA_FILE]  # no partial file left


def test_a_file_already_there_is_kept(tmp_path: Path) -> None:
    first = one_certificate_file(tmp_path)
    first.write_text(first.read_text(encoding="ascii"), encoding="ascii")
    before = first.stat().st_mtime_ns
    assert one_certificate_file(tmp_path) == first
    assert first.stat().st_mtime_ns == before


def test_https_keeps_prefects_own_choice(tmp_path: Path) -> None:
    assert cheap_client_settings("https://prefect.example.nl/api", tmp_path) == {}
    assert not any(tmp_path.iterdir())


def test_plain_http_names_the_file(tmp_path: Path) -> None:
    settings = cheap_client_settings("http://127.0.0.1:4200/api", tmp_path)
    assert settings == {SETTING: str(tmp_path / CA_FILE)}


def test_a_folder_that_cannot_be_written_leaves_prefects_default(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert cheap_client_settings("http://127.0.0.1:4200/api", blocked) == {}
