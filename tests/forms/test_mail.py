"""E-mail invitations through a real local SMTP server (aiosmtpd): what arrives, what is recorded."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

import makelaar.forms
from makelaar.forms.brieven import Aanschrijving
from makelaar.forms.mail import Mailer, maak_bericht
from makelaar.forms.rondes import bewaar_formulier
from makelaar.forms.tokens import valid_invitation
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.forms.xlsform import lees_formulier
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging, Verzending
from tests.forms.enquete_testing import (
    NOW,
    SLUIT,
    Mailbox,
    bewoners,
    free_port,
    mail_settings,
    mailbox,
    open_ronde,
    opzet,
    token_of,
    write_contacts,
)

__all__ = ["mailbox"]  # the fixture, imported for pytest

LINK = "https://enquete.example.nl/t/"


def _our_logs(caplog: pytest.LogCaptureFixture) -> str:
    """Everything logged, except by the test's own SMTP server (which logs what it receives)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))


def _link(message_text: str) -> str:
    start = message_text.index(LINK)
    return message_text[start : start + len(LINK) + 43]


def test_each_resident_gets_a_dutch_multipart_mail_with_a_working_link(
    store: Store,
    settings: Settings,
    mailbox: Mailbox,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    s = mail_settings(settings, mailbox.port)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    rapport = uitnodigen(
        store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 3), Kanaal.EMAIL, now=NOW
    )
    assert (rapport.nieuw, rapport.verstuurd, rapport.mislukt) == (3, 3, [])
    assert mailbox.recipients() == [f"bewoner{i}@example.nl" for i in (1, 2, 3)]
    rcpts, message = mailbox.messages[0]
    assert message["Subject"] == "Uitnodiging: Reflectie van de makelaar"
    assert message["From"] == "Onderzoek Buurtmeter <onderzoek@example.nl>"
    assert message["To"] == rcpts[0]
    assert message.get_content_type() == "multipart/alternative"
    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None and html_part is not None
    text = text_part.get_content()
    html = html_part.get_content()
    assert text.startswith("Beste Fam. Jansën 1,")
    assert "Uw antwoorden zijn anoniem" in text
    link = _link(text)
    assert f'href="{link}"' in html and 'lang="nl"' in html
    with store.session() as session:
        for _, m in mailbox.messages:
            body = m.get_body(("plain",))
            assert body is not None
            token = token_of(_link(body.get_content()))
            assert valid_invitation(session, token, NOW) is not None
            assert token not in _our_logs(caplog)
        sends = session.scalars(select(Verzending)).all()
        assert [(v.soort, v.kanaal, v.gelukt) for v in sends] == [
            ("uitnodiging", Kanaal.EMAIL, True)
        ] * 3
        stored = session.scalars(select(Uitnodiging.email)).all()
        assert sorted(e or "" for e in stored) == mailbox.recipients()  # kept for reminders

    again = uitnodigen(
        store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 3), Kanaal.EMAIL, now=NOW
    )
    assert (again.nieuw, again.verstuurd, len(mailbox.messages)) == (0, 0, 3)


def test_a_failing_server_is_recorded_per_mail_and_the_next_run_retries(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    closed = mail_settings(settings, free_port(), smtp_timeout_s=2.0)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "b.csv", o, 2)
    rapport = uitnodigen(sqlite_store, closed, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    assert (rapport.nieuw, rapport.verstuurd, len(rapport.mislukt)) == (2, 0, 2)
    assert "geen verbinding met 127.0.0.1" in rapport.mislukt[0].fout
    assert [m.rij for m in rapport.mislukt] == [2, 3]
    with sqlite_store.session() as session:
        sends = session.scalars(select(Verzending)).all()
        assert [v.gelukt for v in sends] == [False, False]
        assert all(v.fout and "verbinding geweigerd" in v.fout for v in sends)
        assert {u.laatst_benaderd_op for u in session.scalars(select(Uitnodiging))} == {None}

    working = mail_settings(settings, mailbox.port)
    retry = uitnodigen(sqlite_store, working, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    assert (retry.nieuw, retry.opnieuw, retry.verstuurd) == (0, 2, 2)
    assert mailbox.recipients() == ["bewoner1@example.nl", "bewoner2@example.nl"]


def test_a_refused_address_is_recorded_and_the_others_still_go(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = write_contacts(
        tmp_path / "c.csv",
        ["e-mail", "wijk"],
        [["een@example.nl", "Deel 1"], ["weiger@example.nl", "Deel 1"], ["drie@example.nl", ""]],
    )
    rapport = uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    assert (rapport.verstuurd, [m.rij for m in rapport.mislukt]) == (2, [3])
    assert "weiger@example.nl" in rapport.mislukt[0].fout and LINK not in rapport.mislukt[0].fout
    assert mailbox.recipients() == ["drie@example.nl", "een@example.nl"]


def test_english_mail_for_an_identified_round(settings: Settings, mailbox: Mailbox) -> None:
    s = mail_settings(settings, mailbox.port)
    aanschrijving = Aanschrijving(
        titel="Partner survey", publiek=Publiek.PARTNERS, anoniem=False, sluit_op=SLUIT, taal="en"
    )
    bericht = maak_bericht(s, aanschrijving, naar="p@example.nl", link=LINK + "x" * 43, naam=None)
    with Mailer(s) as mailer:
        assert mailer.verstuur(bericht) is None
    message = mailbox.messages[0][1]
    assert message["Subject"] == "Invitation: Partner survey"
    assert message["Content-Language"] == "en"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("Dear participant,")
    assert "You can answer until 15 December 2026 at 23:59" in text
    assert "stored under a code instead of your name" in text


def test_html_in_a_title_or_name_is_inert_in_the_html_and_plain_in_the_text(
    settings: Settings,
) -> None:
    xss = '"><img src=x onerror=alert(1)> {{7*7}}'
    s = mail_settings(settings, 25)
    aanschrijving = Aanschrijving(titel=xss, publiek=Publiek.BEWONERS, anoniem=True, sluit_op=SLUIT)
    bericht = maak_bericht(s, aanschrijving, naar="b@example.nl", link=LINK + "z" * 43, naam=xss)
    html = bericht.get_body(("html",))
    text = bericht.get_body(("plain",))
    assert html is not None and text is not None
    assert "<img" not in html.get_content()
    assert "&lt;img src=x onerror=alert(1)&gt; {{7*7}}" in html.get_content()
    assert text.get_content().startswith(f"Beste {xss},")
    assert "49" not in text.get_content()


def test_a_run_cut_off_mid_send_is_left_alone_while_fresh_and_retried_later(
    sqlite_store: Store,
    settings: Settings,
    mailbox: Mailbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "b.csv", o, 2)

    def crash(self: Mailer, bericht: object) -> str | None:
        raise RuntimeError("stroom uitgevallen")

    with monkeypatch.context() as patch:
        patch.setattr(Mailer, "verstuur", crash)
        with pytest.raises(RuntimeError, match="stroom"):
            uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    soon = uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    assert (soon.al_uitgenodigd, soon.verstuurd, mailbox.messages) == (2, 0, [])
    later = NOW + dt.timedelta(minutes=16)
    retry = uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=later)
    assert (retry.opnieuw, retry.verstuurd) == (2, 2)
    assert mailbox.recipients() == ["bewoner1@example.nl", "bewoner2@example.nl"]


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"smtp_tls": "starttls"}, "STARTTLS"),
        ({"smtp_user": "onderzoek", "smtp_password": "geheim"}, "AUTH"),
        ({"smtp_tls": "ssl", "smtp_timeout_s": 2.0}, "127.0.0.1"),
    ],
)
def test_a_server_that_lacks_tls_or_auth_is_a_recorded_failure_not_a_crash(
    settings: Settings, mailbox: Mailbox, overrides: dict[str, object], fragment: str
) -> None:
    s = mail_settings(settings, mailbox.port, **overrides)
    aanschrijving = Aanschrijving(
        titel="Buurtmeter", publiek=Publiek.BEWONERS, anoniem=True, sluit_op=SLUIT
    )
    bericht = maak_bericht(s, aanschrijving, naar="b@example.nl", link=LINK + "t" * 43, naam=None)
    with Mailer(s) as mailer:
        fout = mailer.verstuur(bericht)
    assert fout is not None and fragment in fout
    assert "geheim" not in fout
    assert mailbox.messages == []


def test_a_mail_without_a_name_greets_the_household_says_how_long_and_whom_to_ask(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(
        settings, mailbox.port, contact="Team Wijkonderzoek <b>030 286 0000</b>", contact_en="Team"
    )
    o = opzet(sqlite_store)
    buurtmeter = lees_formulier(Path(makelaar.forms.__file__).parent / "instrumenten/buurtmeter.md")
    info = bewaar_formulier(sqlite_store, buurtmeter, sha256="1" * 64, bron="buurtmeter.md")
    ronde = open_ronde(sqlite_store, replace(o, enquete_id=info.id), Publiek.BEWONERS)
    contacten = write_contacts(
        tmp_path / "c.csv", ["E-mail", "Wijk"], [["huis@example.nl", o.wijken[0]]]
    )
    uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    [(_, message)] = mailbox.messages
    text_part, html_part = message.get_body(("plain",)), message.get_body(("html",))
    assert text_part is not None and html_part is not None
    text, html = text_part.get_content(), html_part.get_content()
    assert text.startswith("Beste bewoner(s),\r\n")
    # the buurtmeter: 23 single and 1 multiple choice, a number, 4 notes, a long text: 284 s
    assert "Het invullen duurt ongeveer 5 minuten." in text and "tien minuten" not in text
    assert "Vragen? Neem contact op met Team Wijkonderzoek <b>030 286 0000</b>." in text
    assert "Vragen? Neem contact op met Team Wijkonderzoek &lt;b&gt;030 286 0000&lt;/b&gt;." in html
    assert "<b>" not in html
    assert "Bent u al begonnen" not in text  # an invitation, not a reminder
    english = maak_bericht(
        s,
        Aanschrijving(
            titel="Buurtmeter", publiek=Publiek.BEWONERS, anoniem=True, sluit_op=SLUIT,
            taal="en", minuten=5, contact=s.contactregel("en"),
        ),
        naar="huis@example.nl",
        link=LINK + "x" * 43,
        naam=None,
    )  # fmt: skip
    body = english.get_body(("plain",))
    assert body is not None
    english_text = body.get_content()
    assert english_text.startswith("Dear resident(s),\n")  # not sent: no CRLF yet
    assert "It takes about 5 minutes." in english_text
    assert "Questions? Please contact Team." in english_text
