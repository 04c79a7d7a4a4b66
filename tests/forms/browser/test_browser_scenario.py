"""The issue's 'done when', tried as a new user would: three surveys for Utrecht's 10 wijken.

Run it alone with `pytest -m scenario`. Real parts throughout: the shipped CBS file and
instruments, a local SMTP server (aiosmtpd) that the invitations and reminders go through, the
answering pages on loopback and Chromium on a phone-sized window.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from makelaar.cycles.rounds import start_round
from makelaar.forms.herinneringen import herinner
from makelaar.forms.respons_stand import respons_stand
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.forms.web import maak_app
from makelaar.intake.cbs import cbs_file, display_name, import_kerncijfers
from makelaar.models.domain import Kanaal, Publiek, UitnodigingStatus
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Respons, Uitnodiging, Wijk
from tests.factories import make_makelaar
from tests.forms.browser.browser_testing import (
    BUURTMETER,
    PARTNER,
    PHONE,
    REFLECTIE,
    answer_page,
    link_in,
    open_instrument,
    press,
    serve,
    title,
    write_contacts,
)
from tests.forms.browser.conftest import NewContext, NewTab
from tests.forms.enquete_testing import Mailbox, free_port

UTRECHT = "GM0344"
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 at a free port, collecting what arrives."""
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail_to(box: Mailbox, address: str, after: int = 0) -> EmailMessage:
    (message,) = [m for rcpts, m in box.messages[after:] if address in rcpts]
    return message


@pytest.mark.scenario
def test_three_surveys_for_utrecht_tried_as_a_new_user_would(
    new_tab: NewTab,
    new_context: NewContext,
    settings: Settings,
    sqlite_store: Store,
    web_socket: socket.socket,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    store = sqlite_store
    settings = Settings.model_validate(
        {
            **settings.model_dump(),
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox.port,
            "smtp_timeout_s": 5.0,
            "mail_from": "Onderzoek sociaal makelaar <onderzoek@example.nl>",
            "min_cell_size": 3,
        }
    )
    # the researcher: Utrecht's wijken from the shipped CBS file, an evaluation round
    import_kerncijfers(store, cbs_file())
    with store.session() as session:
        wijken = {
            code: display_name(naam)
            for code, naam in session.execute(
                select(Wijk.code, Wijk.naam).where(Wijk.gemeente_code == UTRECHT)
            ).tuples()
        }
        assert len(wijken) == 10
        codes = sorted(wijken)
        makelaars = [
            make_makelaar(session, UTRECHT, [codes[i]], code=f"MK-UTR-{i + 1}").code
            for i in range(3)
        ]
    ronde = start_round(store, gemeente_code=UTRECHT, cyclus="buurtmeter", periode="2026-H2")

    # three survey rounds, three contact lists, invitations by e-mail
    rondes = {
        publiek: open_instrument(store, ronde.id, form_id, publiek, herinnering_na_uren=48)
        for form_id, publiek in (
            ("reflectieformulier", Publiek.MAKELAARS),
            ("partnerenquete", Publiek.PARTNERS),
            ("buurtmeter", Publiek.BEWONERS),
        )
    }
    brokers = [f"makelaar{i + 1}@example.nl" for i in range(3)]
    partners = [f"partner{i + 1}@example.org" for i in range(3)]
    residents = [f"bewoner{i + 1}@example.nl" for i in range(10)]
    lists = {
        Publiek.MAKELAARS: [
            {"E-mail": brokers[i], "Wijk": wijken[codes[i]], "Makelaar": makelaars[i]}
            for i in range(3)
        ],
        Publiek.PARTNERS: [
            {"E-mail": address, "Wijk": wijken[codes[0]], "Organisatie": f"Organisatie {i}"}
            for i, address in enumerate(partners)
        ],
        Publiek.BEWONERS: [
            {"E-mail": address, "Wijk": wijken[codes[i]]} for i, address in enumerate(residents)
        ],
    }
    started = dt.datetime.now(dt.UTC)
    for publiek, rows in lists.items():
        contacts = write_contacts(tmp_path / f"{publiek.value}.csv", rows)
        report = uitnodigen(store, settings, rondes[publiek].id, contacts, Kanaal.EMAIL)
        assert (report.nieuw, report.verstuurd, report.mislukt) == (len(rows), len(rows), [])
    assert mailbox.recipients() == sorted(brokers + partners + residents)

    with serve(maak_app(settings, store), web_socket) as base:
        # a broker on a phone opens the link from the mail, answers half and leaves
        link = link_in(mail_to(mailbox, brokers[0]))
        assert link.startswith(f"{base}/t/")
        phone = new_context(**PHONE)
        page = new_tab(phone).page
        page.goto(link)
        assert title(page) == "Uw werk in deze periode"
        for answers in REFLECTIE[:4]:
            answer_page(page, answers)
        assert page.locator("#voortgang").inner_text() == "Pagina 5 van 7"
        phone.close()
        # ... comes back later (a fresh browser: no cookies) and finishes
        tab = new_tab(**PHONE)
        page = tab.page
        page.goto(link)
        assert page.locator("#voortgang").inner_text() == "Pagina 5 van 7"
        for answers in REFLECTIE[4:]:
            answer_page(page, answers)
        assert page.locator("#antwoord-wijken dd").inner_text() == "Overvecht, Zuilen"
        press(page, "#knop-versturen")
        assert title(page) == "Bedankt!"
        tab.console.assert_clean()

        # a second broker only starts; a partner and a resident answer in full
        page = new_tab().page
        page.goto(link_in(mail_to(mailbox, brokers[1])))
        answer_page(page, REFLECTIE[0])
        for address, answers_per_page in ((partners[0], PARTNER), (residents[4], BUURTMETER)):
            page = new_tab().page
            page.goto(link_in(mail_to(mailbox, address)))
            for answers in answers_per_page:
                answer_page(page, answers)
            press(page, "#knop-versturen")
            assert title(page) == "Bedankt!"

        with store.session() as session:
            responses = {r.enquete_ronde_id: r for r in session.scalars(select(Respons))}
        assert len(responses) == 3
        broker = responses[rondes[Publiek.MAKELAARS].id]
        assert broker.respondent == makelaars[0] and broker.ontvangen_op is not None
        resident = responses[rondes[Publiek.BEWONERS].id]
        assert resident.respondent is None and resident.ontvangen_op is None  # anonymous
        # one resident invited per wijk, fewer than the minimum cell size: the wijk would single
        # the resident out among the invitations, so the anonymous response does not keep it
        assert resident.wijk_code is None
        assert resident.antwoorden["rapportcijfer"] == 7

        # the researcher sees the response rates per audience
        stand = {s.enquete.publiek: s for s in respons_stand(store, settings, ronde.id)}
        makelaars_totaal = stand[Publiek.MAKELAARS].totaal
        assert (makelaars_totaal.uitgenodigd, makelaars_totaal.bezig) == (3, 1)
        assert makelaars_totaal.beantwoord == 1
        assert stand[Publiek.PARTNERS].totaal.beantwoord == 1
        bewoners = stand[Publiek.BEWONERS]
        assert (bewoners.totaal.uitgenodigd, bewoners.totaal.beantwoord) == (10, 1)
        assert bewoners.totaal.respons == pytest.approx(0.1)
        assert all(w.onderdrukt for w in bewoners.wijken)  # 1 invited per wijk: fewer than 3

        # reminders: not before the minimum gap, then to brokers and partners who did not answer
        # and to every resident (an anonymous round reminds everyone alike, with thanks)
        assert herinner(store, settings, now=started + HOUR).verstuurd == 0
        before = len(mailbox.messages)
        reminders = herinner(store, settings, now=started + 49 * HOUR)
        reminded = sorted(r for rcpts, _ in mailbox.messages[before:] for r in rcpts)
        answered = {brokers[0], partners[0]}
        assert reminded == sorted(set(brokers + partners + residents) - answered)
        assert reminders.verstuurd == 14 and reminders.mislukt == 0
        assert herinner(store, settings, now=started + 50 * HOUR).verstuurd == 0

        # the reminder's new link works, and continues where the second broker left off
        page = new_tab().page
        page.goto(link_in(mail_to(mailbox, brokers[1], after=before)))
        assert title(page) == "Wat ging goed"

    with store.session() as session:
        statuses = {u.email: u.status for u in session.scalars(select(Uitnodiging)) if u.email}
    assert statuses[brokers[0]] is UitnodigingStatus.BEANTWOORD
    assert statuses[brokers[1]] is UitnodigingStatus.BEZIG
    assert statuses[residents[0]] is UitnodigingStatus.OPEN
