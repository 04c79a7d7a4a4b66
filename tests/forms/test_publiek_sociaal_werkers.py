"""Social workers are an audience of their own: asked anonymously by default, counted apart from
the partner organisations in the survey status, reminded as themselves, and addressed as social
workers in their invitations and reminders, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from makelaar.cycles.enquetes import survey_status, waiting_surveys
from makelaar.flows.enquetes import herinneringen_markdown
from makelaar.forms.antwoorden import dien_in
from makelaar.forms.geheim import antwoordmerk, merksleutel
from makelaar.forms.herinneringen import herinner
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import (
    EnqueteModus,
    Kanaal,
    Publiek,
    ResponsBron,
    UitnodigingStatus,
    publiek_label,
)
from makelaar.models.privacy import load_key
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging
from tests.forms.enquete_testing import (
    NOW,
    Mailbox,
    mail_settings,
    mailbox,
    open_ronde,
    opzet,
    write_contacts,
)

__all__ = ["mailbox"]  # the fixture, imported for pytest

UUR = dt.timedelta(hours=1)


def _bodies(mailbox: Mailbox, start: int = 0) -> dict[str, str]:
    found = {}
    for rcpts, message in mailbox.messages[start:]:
        body = message.get_body(("plain",))
        assert body is not None
        found[rcpts[0]] = body.get_content()
    return found


def test_the_audience_has_its_name_in_both_languages() -> None:
    assert publiek_label(Publiek.SOCIAAL_WERKERS, "nl") == "Sociaal werkers"
    assert publiek_label("sociaal_werkers", "en") == "Social workers"
    assert publiek_label(Publiek.PARTNERS, "en") == "Partner organisations"


def test_social_workers_are_counted_and_reminded_apart_from_partners(
    store: Store, settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    s = mail_settings(settings, mailbox.port)
    o = opzet(store)
    werkers = open_ronde(store, o, Publiek.SOCIAAL_WERKERS)
    partners = open_ronde(store, o, Publiek.PARTNERS)  # the same form, put to the partners too
    assert werkers.modus is EnqueteModus.ANONIEM  # social workers answer anonymously by default
    assert partners.modus is EnqueteModus.IDENTIFICEERBAAR
    werkerlijst = [[f"werker{i}@example.nl", o.wijken[i % 3]] for i in range(1, 5)]
    uitnodigen(
        store,
        s,
        werkers.id,
        write_contacts(tmp_path / "werkers.csv", ["E-mail", "Wijk"], werkerlijst),
        Kanaal.EMAIL,
        now=NOW,
    )
    partnerlijst = [[f"partner{i}@example.nl", o.wijken[0]] for i in (1, 2)]
    uitnodigen(
        store,
        s,
        partners.id,
        write_contacts(tmp_path / "partners.csv", ["E-mail", "Wijk"], partnerlijst),
        Kanaal.EMAIL,
        now=NOW,
    )
    uitnodigingen = _bodies(mailbox)
    assert "Beste sociaal werker," in uitnodigingen["werker1@example.nl"]
    assert "Beste deelnemer," in uitnodigingen["partner1@example.nl"]

    with store.session() as session:
        ids = {u.email: u.id for u in session.scalars(select(Uitnodiging))}
        partner = session.get(Uitnodiging, ids["partner1@example.nl"])
        assert partner is not None
        partner.status = UitnodigingStatus.BEANTWOORD
    key, _, _ = load_key(s)
    dien_in(  # one social worker answers, anonymously: known only by the round's answer mark
        store,
        enquete_ronde_id=werkers.id,
        instance_id="uuid:werker-1",
        antwoorden={"goed": "Het teamoverleg"},
        taal="nl",
        respondent=None,
        wijk_code=o.wijken[1],
        bron=ResponsBron.WEB,
        uitnodiging_id=ids["werker1@example.nl"],
        merk=antwoordmerk(merksleutel(key), ids["werker1@example.nl"]),
    )

    standen = survey_status(store, o.ronde_id, NOW + UUR)
    assert [(st.publiek, st.uitgenodigd, st.beantwoord) for st in standen] == [
        (Publiek.SOCIAAL_WERKERS, 4, 1),
        (Publiek.PARTNERS, 2, 1),
    ]
    assert [st.publiek_label for st in standen] == ["Sociaal werkers", "Partnerorganisaties"]
    assert [st.publiek for st in waiting_surveys(store, o.ronde_id, NOW + UUR)] == [
        Publiek.SOCIAAL_WERKERS,
        Publiek.PARTNERS,
    ]

    rapport = herinner(store, s, now=NOW + 49 * UUR)

    # an anonymous round cannot tell who answered: every social worker gets the reminder; of the
    # partners only the one who did not answer
    assert {r.publiek: r.verstuurd for r in rapport.rondes} == {
        "sociaal_werkers": {"email": 4},
        "partners": {"email": 1},
    }
    herinneringen = _bodies(mailbox, len(uitnodigingen))
    assert sorted(herinneringen) == [
        "partner2@example.nl",
        *(f"werker{i}@example.nl" for i in range(1, 5)),
    ]
    assert "Beste sociaal werker," in herinneringen["werker2@example.nl"]
    assert "we weten niet wie al meedeed" in " ".join(herinneringen["werker2@example.nl"].split())
    markdown = herinneringen_markdown(rapport)
    assert f"## Enquêteronde {werkers.id}: Reflectie van de makelaar (Sociaal werkers, open)" in (
        markdown
    )
    assert (
        f"## Enquêteronde {partners.id}: Reflectie van de makelaar (Partnerorganisaties, open)"
        in (markdown)
    )
    assert "(Social workers, open)" in herinneringen_markdown(rapport, "en")
