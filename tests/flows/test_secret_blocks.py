"""The pseudonym key and the SMTP password from a Prefect Secret block on a real Prefect server."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from prefect.blocks.system import Secret
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import select

from makelaar.forms.brieven import Aanschrijving
from makelaar.forms.herinneringen import herinner
from makelaar.forms.mail import Mailer, maak_bericht, smtp_password
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.errors import ConfigurationError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import SocialeActie, Uitnodiging
from tests.flows.cli_testing import one_line_error
from tests.flows.cli_testing import run_makelaar as run
from tests.flows.test_logboek import GOOD_ROW, seed, write_csv
from tests.forms.enquete_testing import (
    NOW,
    SLUIT,
    Mailbox,
    bewoners,
    free_port,
    mailbox,
    open_ronde,
    opzet,
)

pytestmark = pytest.mark.prefect

__all__ = ["mailbox"]  # the fixture, imported for pytest

KEY = "0123456789abcdef" * 4  # 64 hex characters: 32 bytes, as in a key file
TEXT_KEY = "een sleutel van ruim tweeëndertig tekens lang"


def saved(value: str) -> str:
    """A new Secret block holding `value` on the session's server; its name."""
    name = f"makelaar-test-{uuid.uuid4().hex[:12]}"
    Secret(value=value).save(name)
    return name


def key_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "pseudonym_key": None,
        "pseudonym_key_block": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [KEY, TEXT_KEY])
def test_the_key_from_a_block_gives_the_pseudonyms_of_the_same_key_in_the_environment(
    tmp_path: Path, value: str
) -> None:
    block = saved(value)
    from_block, path, created = load_key(key_settings(tmp_path, pseudonym_key_block=block))
    from_env, _, _ = load_key(key_settings(tmp_path, pseudonym_key=value))
    assert (from_block, path, created) == (from_env, None, False)
    names = ["Jan de Vries", "Fatima el Amrani"]
    assert [Pseudonymiser(from_block).pseudonym("persoon", n) for n in names] == [
        Pseudonymiser(from_env).pseudonym("persoon", n) for n in names
    ]
    assert not (tmp_path / "data").exists()  # the key file is neither read nor made


def test_the_block_wins_over_a_key_file(tmp_path: Path) -> None:
    file_key, path, created = load_key(key_settings(tmp_path))
    assert created and path is not None
    block = saved(KEY)
    key, used, _ = load_key(key_settings(tmp_path, pseudonym_key_block=block))
    assert (key, used) == (bytes.fromhex(KEY), None) and key != file_key


def test_production_with_a_block_works_without_a_key_file(tmp_path: Path) -> None:
    block = saved(KEY)
    settings = key_settings(tmp_path, pseudonym_key_block=block, productie=True)
    assert load_key(settings) == (bytes.fromhex(KEY), None, False)
    assert not (tmp_path / "data").exists()


MISSING = {
    "nl": (
        "Het Prefect Secret-blok 'bestaat-niet' (MAKELAAR_PSEUDONYM_KEY_BLOCK) bestaat niet op de "
        "Prefect-server",
        "Maak het aan in Prefects UI (`prefect block create secret` geeft de link; naam "
        "'bestaat-niet')",
    ),
    "en": (
        "The Prefect Secret block 'bestaat-niet' (MAKELAAR_PSEUDONYM_KEY_BLOCK) does not exist on "
        "the Prefect server",
        "Create it in Prefect's UI (`prefect block create secret` gives the link; name "
        "'bestaat-niet')",
    ),
}


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_a_missing_block_is_a_clear_error_naming_block_setting_and_server(
    tmp_path: Path, prefect_server: str, taal: str
) -> None:
    start, how = MISSING[taal]
    settings = key_settings(
        tmp_path, pseudonym_key_block="bestaat-niet", productie=True, locale=taal
    )
    with pytest.raises(ConfigurationError) as refused:
        load_key(settings)
    message = str(refused.value)
    assert message.startswith(f"{start} {prefect_server}.")
    assert how in message and "Secret(value=...).save('bestaat-niet')" in message
    assert not (tmp_path / "data").exists()


def test_a_server_that_does_not_answer_is_a_clear_error(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api"
    settings = key_settings(tmp_path, pseudonym_key_block="makelaar-sleutel")
    with temporary_settings(updates={PREFECT_API_URL: closed}):
        with pytest.raises(ConfigurationError) as refused:
            load_key(settings)
        with pytest.raises(ConfigurationError) as in_english:
            load_key(settings.model_copy(update={"locale": "en"}))
    assert str(refused.value).startswith(
        "Het Prefect Secret-blok 'makelaar-sleutel' (MAKELAAR_PSEUDONYM_KEY_BLOCK) kan niet "
        f"gelezen worden: de Prefect-server {closed} antwoordt niet ("
    )
    assert "of geef de waarde in MAKELAAR_PSEUDONYM_KEY." in str(refused.value)
    assert str(in_english.value).startswith(
        "The Prefect Secret block 'makelaar-sleutel' (MAKELAAR_PSEUDONYM_KEY_BLOCK) cannot be "
        f"read: the Prefect server {closed} does not answer ("
    )


def test_a_short_key_in_a_block_is_refused_like_a_short_environment_key(tmp_path: Path) -> None:
    block = saved("te kort")
    with pytest.raises(ConfigurationError) as refused:
        load_key(key_settings(tmp_path, pseudonym_key_block=block))
    assert str(refused.value).startswith(
        f"De sleutel in het Prefect Secret-blok '{block}' (MAKELAAR_PSEUDONYM_KEY_BLOCK) is te "
        "kort (7 tekens); gebruik minstens 32 tekens"
    )
    assert "te kort'" not in str(refused.value)  # the secret itself is not repeated


def test_a_block_holding_no_text_is_refused(tmp_path: Path) -> None:
    name = f"makelaar-test-{uuid.uuid4().hex[:12]}"
    Secret(value={"sleutel": KEY}).save(name)
    with pytest.raises(ConfigurationError) as refused:
        load_key(key_settings(tmp_path, pseudonym_key_block=name, locale="en"))
    assert f"The Prefect Secret block '{name}' (MAKELAAR_PSEUDONYM_KEY_BLOCK)" in str(refused.value)
    assert "holds no text" in str(refused.value) and KEY not in str(refused.value)


# --- the SMTP password -----------------------------------------------------------------------


@dataclass
class LoginBox(Mailbox):
    """A local SMTP server that asks for a login (AUTH PLAIN/LOGIN without TLS, loopback only)."""

    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str = ""

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login = (auth_data.login.decode(), auth_data.password.decode())
        self.logins.append(login)
        return AuthResult(success=login[1] == self.password)


@pytest.fixture
def loginbox() -> Iterator[LoginBox]:
    box = LoginBox(port=free_port(), password="wachtwoord-uit-het-blok")
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=box.port,
        authenticator=box,
        auth_require_tls=False,  # AUTH is offered without TLS; the mailer logs in by itself
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail_settings(tmp_path: Path, port: int, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_s": 5.0,
        "smtp_user": "onderzoek",
        "smtp_password": None,
        "smtp_password_block": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def send_one(settings: Settings) -> str | None:
    aanschrijving = Aanschrijving(
        titel="Buurtmeter", publiek=Publiek.BEWONERS, anoniem=True, sluit_op=SLUIT
    )
    link = "https://enquete.example.nl/t/" + "b" * 43
    bericht = maak_bericht(settings, aanschrijving, naar="b@example.nl", link=link, naam=None)
    with Mailer(settings) as mailer:
        return mailer.verstuur(bericht)


def test_the_smtp_password_from_a_block_reaches_the_login(
    tmp_path: Path, loginbox: LoginBox
) -> None:
    block = saved(loginbox.password)
    settings = mail_settings(tmp_path, loginbox.port, smtp_password_block=block)
    assert send_one(settings) is None
    assert loginbox.logins == [("onderzoek", "wachtwoord-uit-het-blok")]
    assert loginbox.recipients() == ["b@example.nl"]


def test_the_smtp_password_in_the_environment_wins_over_the_block(
    tmp_path: Path, loginbox: LoginBox
) -> None:
    block = saved("een ander wachtwoord")
    settings = mail_settings(
        tmp_path, loginbox.port, smtp_password=loginbox.password, smtp_password_block=block
    )
    assert smtp_password(settings) == loginbox.password
    assert send_one(settings) is None
    assert loginbox.logins == [("onderzoek", loginbox.password)]


def test_a_missing_password_block_stops_before_anything_is_sent(
    tmp_path: Path, loginbox: LoginBox, prefect_server: str
) -> None:
    settings = mail_settings(
        tmp_path, loginbox.port, smtp_password_block="geen-wachtwoord", locale="en"
    )
    with pytest.raises(ConfigurationError) as refused:
        Mailer(settings)
    assert str(refused.value).startswith(
        "The Prefect Secret block 'geen-wachtwoord' (MAKELAAR_SMTP_PASSWORD_BLOCK) does not exist "
        f"on the Prefect server {prefect_server}."
    )
    assert (loginbox.logins, loginbox.messages) == ([], [])


# --- the command line ------------------------------------------------------------------------


def test_a_logbook_import_in_production_without_a_key_is_one_line_and_stores_nothing(
    sqlite_store: Store, tmp_path: Path
) -> None:
    seed(sqlite_store)
    good = write_csv(tmp_path / "goed.csv", GOOD_ROW)
    result = run(tmp_path, "logboek", "import", str(good), productie="true")
    line = one_line_error(result)
    assert line.startswith("Fout: Er is geen sleutel voor pseudoniemen, en in productie")
    assert "MAKELAAR_PSEUDONYM_KEY_BLOCK" in line
    assert not (tmp_path / "data" / "pseudoniem.sleutel").exists()
    with sqlite_store.session() as session:
        assert session.scalars(select(SocialeActie)).all() == []


def test_a_logbook_import_in_production_reads_the_key_from_the_block(
    sqlite_store: Store, tmp_path: Path, prefect_server: str
) -> None:
    seed(sqlite_store)
    good = write_csv(tmp_path / "goed.csv", GOOD_ROW)
    block = saved(KEY)
    result = run(
        tmp_path,
        "logboek",
        "import",
        str(good),
        prefect_api=prefect_server,
        productie="true",
        pseudonym_key_block=block,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 nieuw" in result.stdout
    assert not (tmp_path / "data" / "pseudoniem.sleutel").exists()
    with sqlite_store.session() as session:
        assert len(session.scalars(select(SocialeActie)).all()) == 1


def test_reminders_with_a_missing_password_block_claim_nobody(
    store: Store, tmp_path: Path, mailbox: Mailbox, prefect_server: str
) -> None:
    """The password is read before any invitation is claimed for a reminder, so a run that
    cannot log in leaves every invitation as it was (no reminder counted, no new link)."""
    basis = mail_settings(tmp_path, mailbox.port, smtp_user=None, pseudonym_key=KEY)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS, max_herinneringen=2, herinnering_na_uren=1)
    uitnodigen(store, basis, ronde.id, bewoners(tmp_path / "b.csv", o, 3), Kanaal.EMAIL, now=NOW)
    zonder_blok = basis.model_copy(
        update={"smtp_user": "onderzoek", "smtp_password_block": "geen-wachtwoord"}
    )
    with store.session() as session:
        voor = session.execute(
            select(Uitnodiging.herinneringen, Uitnodiging.laatst_benaderd_op)
        ).all()

    with pytest.raises(
        ConfigurationError, match="'geen-wachtwoord' \\(MAKELAAR_SMTP_PASSWORD_BLOCK\\)"
    ):
        herinner(store, zonder_blok, now=NOW + dt.timedelta(hours=5))

    with store.session() as session:
        na = session.execute(
            select(Uitnodiging.herinneringen, Uitnodiging.laatst_benaderd_op)
        ).all()
    assert na == voor and [r[0] for r in na] == [0, 0, 0]
    assert len(mailbox.messages) == 3  # the invitations only
