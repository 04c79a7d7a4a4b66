"""Production mode never makes a pseudonym key; the settings that name a Prefect Secret block."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings
from pydantic import ValidationError

from makelaar.models.errors import ConfigurationError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings

KEY = "0123456789abcdef" * 4  # 64 hex characters, read as 32 bytes


def production(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "pseudonym_key": None,
        "pseudonym_key_block": None,
        "productie": True,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def test_production_without_a_key_refuses_naming_the_settings_and_creates_nothing(
    tmp_path: Path,
) -> None:
    settings = production(tmp_path)
    with pytest.raises(ConfigurationError) as refused:
        load_key(settings)
    message = str(refused.value)
    assert message.startswith("Er is geen sleutel voor pseudoniemen, en in productie")
    for setting in (
        "MAKELAAR_PRODUCTIE",
        "MAKELAAR_PSEUDONYM_KEY,",
        "MAKELAAR_PSEUDONYM_KEY_BLOCK",
        "MAKELAAR_PSEUDONYM_KEY_FILE",
        str(tmp_path / "data" / "pseudoniem.sleutel"),
    ):
        assert setting in message
    assert not (tmp_path / "data").exists()  # no key file, not even its folder


def test_production_refuses_in_english_with_the_english_locale(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_key(production(tmp_path, locale="en"))
    message = str(refused.value)
    assert message.startswith("There is no pseudonym key, and in production (MAKELAAR_PRODUCTIE)")
    assert "Give the key in MAKELAAR_PSEUDONYM_KEY, in a Prefect Secret block" in message
    assert not (tmp_path / "data").exists()


def test_production_with_the_key_in_the_environment_works_and_writes_no_file(
    tmp_path: Path,
) -> None:
    key, path, created = load_key(production(tmp_path, pseudonym_key=KEY))
    assert (key, path, created) == (bytes.fromhex(KEY), None, False)
    assert not (tmp_path / "data").exists()


def test_production_reads_an_existing_key_file(tmp_path: Path) -> None:
    made, path, created = load_key(production(tmp_path, productie=False))
    assert created and path is not None
    key, read_path, created_now = load_key(production(tmp_path))
    assert (key, read_path, created_now) == (made, path, False)


def test_outside_production_the_key_file_is_still_made_on_first_use(tmp_path: Path) -> None:
    settings = production(tmp_path, productie=False)
    key, path, created = load_key(settings)
    assert created and path == tmp_path / "data" / "pseudoniem.sleutel"
    assert bytes.fromhex(path.read_text()) == key


def test_the_environment_key_wins_over_a_block_which_is_then_never_read(tmp_path: Path) -> None:
    # No Prefect server is configured: reading the block would fail, so it was not read.
    settings = production(tmp_path, pseudonym_key=KEY, pseudonym_key_block="bestaat-nergens")
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        key, path, _ = load_key(settings)
    assert (key, path) == (bytes.fromhex(KEY), None)
    env_only = Pseudonymiser(load_key(production(tmp_path, pseudonym_key=KEY))[0])
    assert Pseudonymiser(key).pseudonym("persoon", "Jan") == env_only.pseudonym("persoon", "Jan")


@pytest.mark.parametrize(("taal", "expected"), [("nl", "maar er is geen"), ("en", "but no")])
def test_a_block_without_a_prefect_server_says_to_set_one(
    tmp_path: Path, taal: str, expected: str
) -> None:
    settings = production(tmp_path, pseudonym_key_block="makelaar-sleutel", locale=taal)
    with (
        temporary_settings(restore_defaults={PREFECT_API_URL}),
        pytest.raises(ConfigurationError) as e,
    ):
        load_key(settings)
    message = str(e.value)
    assert "MAKELAAR_PSEUDONYM_KEY_BLOCK" in message and "'makelaar-sleutel'" in message
    assert expected in message and "PREFECT_API_URL" in message
    assert "MAKELAAR_PSEUDONYM_KEY." in message  # where the key could be given instead
    assert not (tmp_path / "data").exists()


def test_production_and_the_blocks_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAKELAAR_PRODUCTIE", "true")
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY_BLOCK", "makelaar-pseudoniemsleutel")
    monkeypatch.setenv("MAKELAAR_SMTP_PASSWORD_BLOCK", "secret/makelaar-smtp")
    settings = Settings(data_dir=tmp_path)
    assert settings.productie is True
    assert settings.pseudonym_key_block == "makelaar-pseudoniemsleutel"
    assert settings.smtp_password_block == "makelaar-smtp"  # the block's slug, 'secret/' left off
    monkeypatch.delenv("MAKELAAR_PRODUCTIE")
    assert Settings(data_dir=tmp_path).productie is False


@pytest.mark.parametrize("name", ["Makelaar Sleutel", "sleutel_1", "a/b", "sleutel!"])
def test_a_block_name_prefect_would_not_accept_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY_BLOCK", name)
    with pytest.raises(ValidationError) as refused:
        Settings()
    message = str(refused.value)
    assert f"MAKELAAR_PSEUDONYM_KEY_BLOCK heeft waarde '{name}'" in message
    assert "kleine letters, cijfers en '-'" in message
