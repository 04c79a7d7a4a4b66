"""Text from people stays text in mails and letters: a form title, names and address lines with
markup and template syntax arrive as written in the subject, the text part and the HTML part of
invitations and reminders (through a real SMTP server), and in the letters' PDF and HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
from email.message import EmailMessage
from pathlib import Path

import pypdf

from makelaar.forms.brieven import Aanschrijving, Brief, brieven_html
from makelaar.forms.herinneringen import herinner
from makelaar.forms.rondes import bewaar_formulier
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.enquete_testing import (
    NOW,
    SLUIT,
    Mailbox,
    Opzet,
    formulier,
    mail_settings,
    mailbox,
    open_ronde,
    opzet,
    write_contacts,
)
from tests.markup_testing import ParsedHtml, flat, poisoned

__all__ = ["mailbox"]  # the fixture, imported for pytest

TITLE = poisoned("titel:")
NAMES = [poisoned("naam:"), "Fam. *de* Vries"]
ADDRESS = poisoned("adres:")
HEADER = ["E-mail", "Wijk", "Naam", "Adres", "Postcode", "Plaats"]


def _poisoned_form(store: Store, o: Opzet) -> Opzet:
    """The setup with a form whose title carries the poisoned strings."""
    form = formulier("tekstproef").model_copy(update={"titel": {"nl": TITLE, "en": TITLE}})
    info = bewaar_formulier(store, form, sha256="1" * 64, bron="tekstproef.xlsx")
    return dataclasses.replace(o, enquete_id=info.id)


def _contacts(path: Path, o: Opzet) -> Path:
    rows = [
        [f"bewoner{i}@example.nl", o.wijken[0], naam, ADDRESS, "3511 AB", "Utrecht"]
        for i, naam in enumerate(NAMES, start=1)
    ]
    return write_contacts(path, HEADER, rows)


def _check_mail(message: EmailMessage, naam: str, onderwerp: str) -> None:
    assert message["Subject"] == f"{onderwerp}: {TITLE}"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content().replace("\r\n", "\n")
    assert naam in text.splitlines()[0]  # the greeting
    assert TITLE in text
    for artefact in ("\\", "&lt;", "&gt;", "&amp;", "&#"):  # the text part is not escaped
        assert artefact not in text
    parsed = ParsedHtml.of(html.get_content())
    shown = flat(parsed.text)
    assert naam in shown and TITLE in shown
    assert "\\" not in shown
    assert parsed.markup_from_data() == []
    assert ("em", "de") not in parsed.holding


def test_invitations_and_reminders_show_the_title_and_names_as_written(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = _poisoned_form(store, opzet(store))
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = _contacts(tmp_path / "b.csv", o)

    invited = uitnodigen(store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
    reminded = herinner(store, s, ronde.id, contacten=contacten, now=NOW + dt.timedelta(hours=49))

    assert (invited.verstuurd, reminded.verstuurd) == (2, 2)
    assert len(mailbox.messages) == 4
    for index, (rcpts, message) in enumerate(mailbox.messages):
        naam = NAMES[int(rcpts[0][len("bewoner")]) - 1]
        _check_mail(message, naam, "Uitnodiging" if index < 2 else "Herinnering")


def test_a_line_break_in_a_title_stays_out_of_the_mail_headers(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    form = formulier("regels").model_copy(
        update={"titel": {"nl": "Buurtmeter\nBcc: stiekem@example.org", "en": "x"}}
    )
    info = bewaar_formulier(sqlite_store, form, sha256="2" * 64, bron="regels.xlsx")
    ronde = open_ronde(sqlite_store, dataclasses.replace(o, enquete_id=info.id))
    contacten = _contacts(tmp_path / "b.csv", o)

    rapport = uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)

    assert (rapport.verstuurd, rapport.mislukt) == (2, [])
    assert mailbox.recipients() == ["bewoner1@example.nl", "bewoner2@example.nl"]
    _, message = mailbox.messages[0]
    assert message["Subject"] == "Uitnodiging: Buurtmeter Bcc: stiekem@example.org"
    assert message["Bcc"] is None


def test_letters_show_the_title_names_and_address_lines_as_written(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    s = mail_settings(settings, 25, smtp_host=None)
    o = _poisoned_form(sqlite_store, opzet(sqlite_store))
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = _contacts(tmp_path / "b.csv", o)

    rapport = uitnodigen(
        sqlite_store, s, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW
    )

    assert rapport.verstuurd == 2 and rapport.uitvoer is not None
    pages = [page.extract_text() for page in pypdf.PdfReader(rapport.uitvoer).pages]
    assert len(pages) == 2
    for page, naam in zip(pages, NAMES, strict=True):
        unbroken = "".join(page.split())  # a line may break after "/", as in "</" "script>"
        for value in (f"Uitnodiging: {TITLE}", naam, ADDRESS):
            assert "".join(value.split()) in unbroken, value
        assert "\\" not in page and "&lt;" not in page

    aanschrijving = Aanschrijving(
        titel=TITLE, publiek=Publiek.BEWONERS, anoniem=True, sluit_op=SLUIT
    )
    brief = Brief(link="https://enquete.example.nl/t/" + "A" * 43, naam=NAMES[0],
                  adresregels=(ADDRESS, "3511 AB Utrecht"))  # fmt: skip
    parsed = ParsedHtml.of(brieven_html(aanschrijving, [brief]))
    shown = flat(parsed.text)
    for value in (f"Uitnodiging: {TITLE}", NAMES[0], ADDRESS):
        assert value in shown, value
    assert parsed.markup_from_data() == []
