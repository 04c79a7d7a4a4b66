"""Invitations and reminders follow the settings of their survey round's gemeente
(models.gemeente_instellingen): its sender, its public address in the links, its language, its
contact line and its minimum group size; a survey round of another gemeente, sent by the same
run with the same global settings, keeps the global values. A real SMTP server (aiosmtpd), on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path

from makelaar.forms.herinneringen import herinner
from makelaar.forms.tokens import valid_invitation
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.enquete_testing import (
    NOW,
    Mailbox,
    bewoners,
    mail_settings,
    mailbox,
    open_ronde,
    opzet,
    token_of,
)

__all__ = ["mailbox"]  # the fixture, imported for pytest

ENGELSTAD_VAN = "Onderzoek Engelstad <onderzoek@engelstad.nl>"
ENGELSTAD_URL = "https://enquete.engelstad.nl"


def _tekst(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    tekst = body.get_content()
    assert isinstance(tekst, str)
    return tekst


def _link(tekst: str, begin: str) -> str:
    at = tekst.index(begin + "/t/")
    return tekst[at : at + len(begin) + 3 + 43]


def _per_ontvanger(mailbox: Mailbox, start: int = 0) -> dict[str, EmailMessage]:
    return {rcpts[0]: message for rcpts, message in mailbox.messages[start:]}


def test_mails_of_a_gemeente_use_its_settings_and_another_the_global(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port, contact="Landelijk team", min_cell_size=10)
    engelstad, gewoonstad = opzet(store), opzet(store, form_id="tweede")
    with store.session() as session:
        stel_in(
            session,
            engelstad.gemeente,
            {
                "locale": "en",
                "min_cell_size": 15,
                "mail_from": ENGELSTAD_VAN,
                "public_url": ENGELSTAD_URL,
                "contact": "Team Wijken Engelstad",
            },
        )
    rondes = {
        o.gemeente: open_ronde(store, o, Publiek.BEWONERS, modus=EnqueteModus.IDENTIFICEERBAAR)
        for o in (engelstad, gewoonstad)
    }
    for naam, o in (("e", engelstad), ("g", gewoonstad)):
        contacten = bewoners(tmp_path / f"{naam}.csv", o, 1)
        rapport = uitnodigen(store, s, rondes[o.gemeente].id, contacten, Kanaal.EMAIL, now=NOW)
        assert rapport.verstuurd == 1

    # bewoners() gives both lists the same address: the first mail is Engelstad's
    (_, eng), (_, gew) = mailbox.messages
    assert (eng["From"], eng["Content-Language"]) == (ENGELSTAD_VAN, "en")
    assert (gew["From"], gew["Content-Language"]) == (
        "Onderzoek Buurtmeter <onderzoek@example.nl>",
        "nl",
    )
    eng_tekst, gew_tekst = _tekst(eng), _tekst(gew)
    assert eng["Subject"].startswith("Invitation: ")
    assert "Questions? Please contact Team Wijken Engelstad." in eng_tekst
    assert "reports never show figures about fewer than 15 people" in eng_tekst
    assert gew["Subject"].startswith("Uitnodiging: ")
    assert "Vragen? Neem contact op met Landelijk team." in gew_tekst
    assert "cijfers over minder dan 10 mensen" in gew_tekst
    with store.session() as session:  # each link opens its own gemeente's invitation
        for tekst, begin in ((eng_tekst, ENGELSTAD_URL), (gew_tekst, "https://enquete.example.nl")):
            assert valid_invitation(session, token_of(_link(tekst, begin)), NOW) is not None

    # one reminder run over every open round: each round's mail as its gemeente's settings say
    later = NOW + dt.timedelta(hours=49)
    assert herinner(store, s, now=later).verstuurd == 2
    herinneringen = [message for _, message in mailbox.messages[2:]]
    per_van = {message["From"]: _tekst(message) for message in herinneringen}
    assert set(per_van) == {ENGELSTAD_VAN, "Onderzoek Buurtmeter <onderzoek@example.nl>"}
    assert _link(per_van[ENGELSTAD_VAN], ENGELSTAD_URL)
    assert "Questions? Please contact Team Wijken Engelstad." in per_van[ENGELSTAD_VAN]
    globaal = per_van["Onderzoek Buurtmeter <onderzoek@example.nl>"]
    assert _link(globaal, "https://enquete.example.nl")
    assert ENGELSTAD_URL not in globaal
