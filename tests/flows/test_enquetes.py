"""The reminder flow: a thin run of forms.herinneringen with a markdown artifact and no links in it."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State

from makelaar.flows.enquetes import ARTIFACT_KEY, enquete_herinneringen, herinneringen_markdown
from makelaar.forms.herinneringen import GeenSmtpServer, Herinneringsrapport, Rondeherinnering
from makelaar.forms.rondes import Staat, open_enquete
from makelaar.forms.uitnodigingen import Mislukt, uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import utcnow
from tests.flows.flow_testing import artifact
from tests.forms.enquete_testing import KEY, Mailbox, bewoners, mail_settings, mailbox, opzet

__all__ = ["mailbox"]  # the fixture, imported for pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_report_names_counts_and_reasons_and_stays_inert() -> None:
    rapport = Herinneringsrapport(
        moment=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC),
        rondes=[
            Rondeherinnering(
                enquete_ronde_id=3,
                titel="Buurtmeter <b>*x*</b>",
                publiek="bewoners",
                staat=Staat.OPEN,
                verstuurd={"email": 4},
                overgeslagen={"beantwoord": 2, "maximum": 1},
                mislukt=[Mislukt(uitnodiging_id=7, fout="geen verbinding met smtp:25")],
            )
        ],
    )
    markdown = herinneringen_markdown(rapport)
    assert markdown.startswith("# Herinneringen 01-12-2026 09:00\n")
    assert "## Enquêteronde 3: Buurtmeter \\<b\\>\\*x\\*\\<\\/b\\> (Bewoners, open)" in markdown
    assert "- verstuurd (email): 4" in markdown
    assert "- overgeslagen, heeft al geantwoord: 2" in markdown
    assert "- mislukt: uitnodiging 7: geen verbinding met smtp\\:25" in markdown
    english = herinneringen_markdown(Herinneringsrapport(moment=rapport.moment), "en")
    assert "No survey round is open." in english
    werkers = rapport.rondes[0].model_copy(update={"publiek": "sociaal_werkers"})
    apart = herinneringen_markdown(
        Herinneringsrapport(moment=rapport.moment, rondes=[werkers]), "en"
    )
    assert "(Social workers, open)" in apart  # the audience of its own, in the reader's language


@pytest.mark.prefect
def test_the_flow_reminds_and_stores_its_report(
    flow_store: Store,
    settings: Settings,
    mailbox: Mailbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prefect_client: SyncPrefectClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for key, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.port),
        "PSEUDONYM_KEY": KEY,
        "PUBLIC_URL": "https://enquete.example.nl",
    }.items():
        monkeypatch.setenv(f"MAKELAAR_{key}", value)
    get_settings.cache_clear()
    o = opzet(flow_store)
    now = utcnow()
    ronde = open_enquete(
        flow_store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=Publiek.BEWONERS,
        opent_op=now - dt.timedelta(days=3),
        sluit_op=now + dt.timedelta(days=30),
        herinnering_na_uren=24,
    )
    s = mail_settings(settings, mailbox.port)
    contacten = bewoners(tmp_path / "b.csv", o, 2)
    uitnodigen(flow_store, s, ronde.id, contacten, Kanaal.EMAIL, now=now - dt.timedelta(days=2))

    state: State[Herinneringsrapport] = enquete_herinneringen(return_state=True)
    assert state.is_completed(), state
    rapport = state.result()
    assert isinstance(rapport, Herinneringsrapport)
    assert rapport.verstuurd == 2 and len(mailbox.messages) == 4
    assert state.state_details.flow_run_id is not None
    markdown = artifact(prefect_client, state.state_details.flow_run_id, ARTIFACT_KEY).data
    assert isinstance(markdown, str) and "- verstuurd (email): 2" in markdown
    assert "/t/" not in markdown and "@example.nl" not in markdown
    assert "/t/" not in "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")
    )


def test_the_deployment_runs_this_flow_every_morning() -> None:
    recipe = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    [deployment] = [d for d in recipe["deployments"] if d["name"] == "enquete-herinneringen"]
    module, name = deployment["entrypoint"].split(":")
    assert module == "makelaar.flows.enquetes" and name == enquete_herinneringen.fn.__name__
    assert deployment["schedules"] == [
        {"cron": "0 9 * * *", "timezone": "Europe/Amsterdam", "active": True}
    ]
    assert deployment["work_pool"]["name"] == "makelaar"
    assert enquete_herinneringen.name == "enquete-herinneringen"


def _per_brief(path: Path, wijk: str) -> Path:
    """A contact list of one resident reached by letter only (no e-mail address)."""
    path.write_text(
        "E-mail;Wijk;Naam;Adres;Postcode;Plaats\n;" + wijk + ";;Kerkstraat 9;3511 AB;Utrecht\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.prefect
def test_the_flow_fails_when_mail_reminders_are_due_and_no_smtp_server_is_set(
    flow_store: Store,
    settings: Settings,
    mailbox: Mailbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prefect_client: SyncPrefectClient,
) -> None:
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("MAKELAAR_PUBLIC_URL", "https://enquete.example.nl")
    monkeypatch.delenv("MAKELAAR_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    o = opzet(flow_store)
    now = utcnow()
    ronde = open_enquete(
        flow_store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=Publiek.BEWONERS,
        opent_op=now - dt.timedelta(days=3),
        sluit_op=now + dt.timedelta(days=30),
        herinnering_na_uren=24,
    )
    s = mail_settings(settings, mailbox.port)
    earlier = now - dt.timedelta(days=2)
    uitnodigen(
        flow_store, s, ronde.id, bewoners(tmp_path / "b.csv", o, 2), Kanaal.EMAIL, now=earlier
    )
    per_brief = _per_brief(tmp_path / "brief.csv", o.wijken[0])
    uitnodigen(flow_store, s, ronde.id, per_brief, Kanaal.BRIEF, tmp_path / "uit", now=earlier)

    state: State[Herinneringsrapport] = enquete_herinneringen(
        contacten=str(per_brief), uit_map=str(tmp_path / "uit"), return_state=True
    )
    assert state.is_failed(), state
    with pytest.raises(GeenSmtpServer) as raised:
        state.result()
    message = str(raised.value)
    assert message.startswith("2 herinnering(en) per e-mail konden niet worden verstuurd")
    assert "MAKELAAR_SMTP_HOST" in message
    # the letter was made all the same, and the report says what did and did not go out
    rapport = raised.value.rapport
    assert rapport.rondes[0].verstuurd == {"brief": 1} and rapport.zonder_smtp == 2
    [pdf] = [Path(p) for p in rapport.rondes[0].bestanden]
    assert pdf.exists() and pdf.name.startswith("herinneringen-")
    assert state.state_details.flow_run_id is not None
    markdown = artifact(prefect_client, state.state_details.flow_run_id, ARTIFACT_KEY).data
    assert isinstance(markdown, str)
    assert "- overgeslagen, geen SMTP-server ingesteld (MAKELAAR_SMTP_HOST): 2" in markdown
    assert "- verstuurd (brief): 1" in markdown
    assert len(mailbox.messages) == 2  # the invitations only
