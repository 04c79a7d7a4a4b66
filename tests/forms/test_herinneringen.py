"""Reminders: only to non-responders, at most N, never within the gap, only while the window is open."""

from __future__ import annotations

import csv
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
from sqlalchemy import select

from makelaar.forms.herinneringen import herinner, reden
from makelaar.forms.rondes import sluit_enquete
from makelaar.forms.tokens import token_van_code, valid_invitation
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek, UitnodigingStatus
from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging, UitnodigingToken, Verzending
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
)

__all__ = ["mailbox"]  # the fixture, imported for pytest

UUR = dt.timedelta(hours=1)
LINK = "https://enquete.example.nl/t/"


def _links(mailbox: Mailbox, start: int = 0) -> dict[str, str]:
    found: dict[str, str] = {}
    for rcpts, message in mailbox.messages[start:]:
        body = message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        at = text.index(LINK)
        found[rcpts[0]] = text[at : at + len(LINK) + 43]
    return found


def _set_status(store: Store, statuses: dict[str, UitnodigingStatus]) -> None:
    with store.session() as session:
        for u in session.scalars(select(Uitnodiging)):
            if u.email in statuses:
                u.status = statuses[u.email]


def test_reminders_reach_only_non_responders_with_max_count_and_gap(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS, max_herinneringen=2, herinnering_na_uren=48)
    uitnodigen(store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 4), Kanaal.EMAIL, now=NOW)
    first_links = _links(mailbox)
    _set_status(
        store,
        {
            "bewoner1@example.nl": UitnodigingStatus.BEANTWOORD,
            "bewoner2@example.nl": UitnodigingStatus.BEZIG,
            "bewoner4@example.nl": UitnodigingStatus.INGETROKKEN,
        },
    )

    too_soon = herinner(store, s, now=NOW + UUR)
    assert too_soon.verstuurd == 0
    assert too_soon.rondes[0].overgeslagen == {
        "beantwoord": 1,
        "ingetrokken": 1,
        "te_kort_geleden": 2,
    }
    assert len(mailbox.messages) == 4

    first = herinner(store, s, now=NOW + 49 * UUR)
    assert first.rondes[0].verstuurd == {"email": 2}
    reminders = _links(mailbox, 4)
    assert sorted(reminders) == ["bewoner2@example.nl", "bewoner3@example.nl"]
    assert mailbox.messages[4][1]["Subject"] == "Herinnering: Reflectie van de makelaar"
    with store.session() as session:
        for address, new_link in reminders.items():
            assert new_link != first_links[address]
            later = NOW + 50 * UUR
            assert valid_invitation(session, token_of(new_link), later) is not None
            assert valid_invitation(session, token_of(first_links[address]), later) is not None

    assert herinner(store, s, now=NOW + 60 * UUR).verstuurd == 0  # within the gap again
    assert herinner(store, s, now=NOW + 98 * UUR).verstuurd == 2
    final = herinner(store, s, now=NOW + 200 * UUR)
    assert final.verstuurd == 0 and final.rondes[0].overgeslagen["maximum"] == 2
    assert len(mailbox.messages) == 8
    assert "bewoner1@example.nl" not in {r for rcpts, _ in mailbox.messages[4:] for r in rcpts}
    with store.session() as session:
        counts = {u.email: u.herinneringen for u in session.scalars(select(Uitnodiging))}
        assert counts == {
            "bewoner1@example.nl": 0,
            "bewoner2@example.nl": 2,
            "bewoner3@example.nl": 2,
            "bewoner4@example.nl": 0,
        }
        soorten = [v.soort for v in session.scalars(select(Verzending).order_by(Verzending.id))]
        assert soorten == ["uitnodiging"] * 4 + ["herinnering"] * 4


def test_no_reminders_once_the_window_is_closed(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=1)
    uitnodigen(sqlite_store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 2), Kanaal.EMAIL, now=NOW)
    no_smtp = mail_settings(settings, 25, smtp_host=None)
    unsent = herinner(sqlite_store, no_smtp, now=NOW + 5 * UUR)
    assert unsent.rondes[0].overgeslagen == {"geen_smtp": 2}
    with sqlite_store.session() as session:
        assert {u.herinneringen for u in session.scalars(select(Uitnodiging))} == {0}
    sluit_enquete(sqlite_store, ronde.id, now=NOW + UUR)
    closed = herinner(sqlite_store, s, ronde.id, now=NOW + 5 * UUR)
    assert closed.verstuurd == 0 and closed.rondes[0].staat.value == "gesloten"
    assert herinner(sqlite_store, s, now=SLUIT + UUR).rondes == []  # no open rounds at all
    assert len(mailbox.messages) == 2
    # the closed window's addresses are gone; the counts stay
    with sqlite_store.session() as session:
        assert [u.email for u in session.scalars(select(Uitnodiging))] == [None, None]


def test_a_failed_reminder_is_given_back_for_the_next_run(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    uitnodigen(sqlite_store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 1), Kanaal.EMAIL, now=NOW)
    down = mail_settings(settings, free_port(), smtp_timeout_s=2.0)
    failed = herinner(sqlite_store, down, now=NOW + 25 * UUR)
    assert failed.verstuurd == 0 and failed.mislukt == 1
    assert "verbinding geweigerd" in failed.rondes[0].mislukt[0].fout
    with sqlite_store.session() as session:
        u = session.scalars(select(Uitnodiging)).one()
        assert (u.herinneringen, u.laatst_benaderd_op) == (0, NOW)
        tokens = session.scalars(select(UitnodigingToken).order_by(UitnodigingToken.aangemaakt_op))
        assert [t.ingetrokken for t in tokens] == [False, True]  # the unsent link is revoked
    again = herinner(sqlite_store, s, now=NOW + 26 * UUR)
    assert again.verstuurd == 1 and len(mailbox.messages) == 2


def test_reminder_letters_need_the_list_and_reach_only_non_responders(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    s = mail_settings(settings, 25, smtp_host=None)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    contacten = bewoners(tmp_path / "b.csv", o, 3)
    uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW)
    with sqlite_store.session() as session:
        first = session.scalars(select(Uitnodiging).order_by(Uitnodiging.id)).first()
        assert first is not None
        first.status = UitnodigingStatus.BEANTWOORD
    without = herinner(sqlite_store, s, now=NOW + 25 * UUR, uit_map=tmp_path / "uit")
    assert without.verstuurd == 0 and without.rondes[0].overgeslagen["geen_adres"] == 2
    assert "--contacten" in reden("geen_adres")
    rapport = herinner(
        sqlite_store, s, now=NOW + 25 * UUR, contacten=contacten, uit_map=tmp_path / "uit"
    )
    assert rapport.rondes[0].verstuurd == {"brief": 2}
    reader = pypdf.PdfReader(rapport.rondes[0].bestanden[0])
    assert len(reader.pages) == 2
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert all("Herinnering: Reflectie van de makelaar" in t for t in texts)
    assert "Hoofdstraat 1" not in " ".join(texts)  # the one who answered gets no letter
    assert "Hoofdstraat 2" in texts[0] and "Hoofdstraat 3" in texts[1]


def test_reminder_list_for_the_list_channel(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    s = mail_settings(settings, 25, smtp_host=None)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    contacten = bewoners(tmp_path / "b.csv", o, 2)
    uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.LIJST, tmp_path / "uit", now=NOW)
    rapport = herinner(sqlite_store, s, ronde.id, now=NOW + 30 * UUR, uit_map=tmp_path / "uit")
    assert rapport.rondes[0].verstuurd == {"lijst": 2}
    with Path(rapport.rondes[0].bestanden[0]).open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    assert [r["e-mail"] for r in rows] == ["bewoner1@example.nl", "bewoner2@example.nl"]
    assert all(r["onderwerp"].startswith("Herinnering:") for r in rows)


def test_two_runs_at_once_remind_each_person_once(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    uitnodigen(store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 3), Kanaal.EMAIL, now=NOW)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: herinner(store, s, now=NOW + 25 * UUR), range(2)))
    assert sum(r.verstuurd for r in runs) == 3
    assert len(mailbox.messages) == 6
    assert sorted(r for rcpts, _ in mailbox.messages[3:] for r in rcpts) == [
        f"bewoner{i}@example.nl" for i in (1, 2, 3)
    ]


def test_two_invitation_runs_at_once_invite_each_person_once(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "b.csv", o, 3)

    def invite(_: int) -> str:
        try:
            rapport = uitnodigen(store, s, ronde.id, contacten, Kanaal.EMAIL, now=NOW)
        except MakelaarError as error:
            assert "Voer het commando opnieuw uit" in str(error)
            return "geweigerd"
        return f"{rapport.nieuw} nieuw"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(invite, range(2)))
    assert outcomes in (["0 nieuw", "3 nieuw"], ["3 nieuw", "geweigerd"])
    assert mailbox.recipients() == [f"bewoner{i}@example.nl" for i in (1, 2, 3)]
    with store.session() as session:
        assert len(session.scalars(select(Uitnodiging)).all()) == 3


def test_an_anonymous_reminder_says_that_its_new_link_starts_afresh(
    sqlite_store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    uitnodigen(sqlite_store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 1), Kanaal.EMAIL, now=NOW)
    herinner(sqlite_store, s, now=NOW + 25 * UUR)
    herinner(sqlite_store, s, now=NOW + 50 * UUR, taal="en")
    texts = []
    for _, message in mailbox.messages:
        body = message.get_body(("plain",))
        assert body is not None
        texts.append(" ".join(body.get_content().split()))
    uitnodiging, herinnering, reminder = texts
    zin = (
        "Bent u al begonnen? Ga dan verder met de link uit de eerdere brief of e-mail; met de "
        "link hieronder begint u opnieuw."
    )
    assert zin in herinnering and "Bent u al begonnen" not in uitnodiging
    assert "Het invullen duurt ongeveer 2 minuten." in herinnering  # a one-question form
    assert (
        "Have you already started? Then continue with the link from the earlier letter or "
        "e-mail; the link below starts afresh." in reminder
    )


def test_reminder_letters_carry_a_new_code(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    s = mail_settings(settings, 25, smtp_host=None)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS, herinnering_na_uren=24)
    contacten = bewoners(tmp_path / "b.csv", o, 1)
    uitnodigen(sqlite_store, s, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW)
    rapport = herinner(
        sqlite_store, s, now=NOW + 25 * UUR, contacten=contacten, uit_map=tmp_path / "uit"
    )
    [pad] = rapport.rondes[0].bestanden
    text = " ".join(pypdf.PdfReader(pad).pages[0].extract_text().split())
    assert "met de link en code hieronder begint u opnieuw" in text
    code = text.split("typ deze code: ", 1)[1][:19]
    with sqlite_store.session() as session:
        token = token_van_code(session, code)
        assert token is not None and token in text.replace(" ", "")
        codes = session.scalars(
            select(UitnodigingToken).where(UitnodigingToken.code_token.is_not(None))
        ).all()
        assert len(codes) == 2  # the invitation's and the reminder's, both valid
        assert not any(c.ingetrokken for c in codes)
