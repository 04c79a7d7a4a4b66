"""`makelaar enquete ...` as a researcher runs it: real processes, Dutch output, one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from makelaar.forms.rondes import open_enquete
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging, utcnow
from tests.flows.cli_testing import one_line_error, run_makelaar
from tests.forms.enquete_testing import KEY, Mailbox, bewoners, mail_settings, mailbox, opzet

__all__ = ["mailbox"]  # the fixture, imported for pytest

XLSFORM = Path(__file__).resolve().parents[1] / "forms/data/xlsform/tekst_en_getal.xlsx"


def run(
    tmp_path: Path, *args: str, prefect_api: str | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    settings = {"pseudonym_key": KEY, "public_url": "https://enquete.example.nl", **extra}
    return run_makelaar(tmp_path, "enquete", *args, prefect_api=prefect_api, **settings)


@pytest.fixture
def cli_store(tmp_path: Path) -> Store:
    """The store the commands find (MAKELAAR_DATA_DIR=tmp/data), migrated, with a round in it."""
    store = Store.from_settings(Settings(data_dir=tmp_path / "data"))
    store.upgrade()
    return store


def test_a_researcher_imports_opens_invites_follows_and_closes(
    tmp_path: Path, cli_store: Store
) -> None:
    o = opzet(cli_store)
    imported = run(tmp_path, "formulier", str(XLSFORM))
    assert imported.returncode == 0, imported.stderr
    assert "versie" in imported.stdout and "ingelezen als formulier" in imported.stdout
    form_id = imported.stdout.split("Formulier ", 1)[1].split(" ", 1)[0]

    sluit = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    args = ["open", "--ronde", str(o.ronde_id), "--formulier", form_id, "--publiek", "bewoners"]
    opened = run(tmp_path, *args, "--sluit", sluit)
    assert opened.returncode == 0, opened.stderr
    assert "geopend" in opened.stdout and "voor bewoners (anoniem)" in opened.stdout
    enquete_ronde = opened.stdout.split("Enquêteronde ", 1)[1].split(" ", 1)[0]

    contacten = bewoners(tmp_path / "bewoners.csv", o, 3)
    invited = run(
        tmp_path, "uitnodigen", enquete_ronde, str(contacten), "--kanaal", "lijst", "--uit", "uit"
    )
    assert invited.returncode == 0, invited.stderr
    assert "3 contact(en) gelezen: 3 nieuw uitgenodigd" in invited.stdout
    [lijst] = (tmp_path / "uit").iterdir()
    assert f"Bestand: uit/{lijst.name}" in invited.stdout
    with lijst.open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream, delimiter=";"))) == 3

    stand = run(tmp_path, "stand", "--ronde", str(o.ronde_id))
    assert stand.returncode == 0, stand.stderr
    lines = stand.stdout.splitlines()
    assert lines[0].startswith(f"Enquêteronde {enquete_ronde}: ")
    assert "uitgenodigd" in lines[1] and "respons" in lines[1]
    assert lines[2].split() == ["(totaal)", ".", ".", ".", "."]  # 3 invited: fewer than 10
    assert "minder dan 10 uitgenodigd" in stand.stdout
    followed = run(tmp_path, "stand", "--volg", "0.1", "--aantal", "2")
    assert followed.stdout.count("Respons op ") == 2

    closed = run(tmp_path, "sluit", enquete_ronde)
    assert closed.returncode == 0 and f"Enquêteronde {enquete_ronde} is gesloten" in closed.stdout
    listed = run(tmp_path, "lijst", "--ronde", str(o.ronde_id)).stdout
    assert " gesloten " in listed and f"{form_id} v" in listed


def test_mistakes_are_one_dutch_line(tmp_path: Path, cli_store: Store) -> None:
    o = opzet(cli_store)
    base = ["open", "--ronde", str(o.ronde_id), "--formulier", "reflectieformulier"]
    bad_audience = run(tmp_path, *base, "--publiek", "buren", "--sluit", "2099-01-01")
    assert bad_audience.returncode == 2, bad_audience.stderr
    assert bad_audience.stderr.splitlines() == [
        "Gebruik: makelaar enquete open [OPTIES]",
        "Fout: --publiek heeft waarde 'buren'; kies uit: makelaars, sociaal_werkers, partners, "
        "bewoners. "
        "Zie 'makelaar enquete open --help'.",
    ]
    opened = run(tmp_path, *base, "--publiek", "bewoners", "--sluit", "2099-01-01")
    enquete_ronde = opened.stdout.split("Enquêteronde ", 1)[1].split(" ", 1)[0]
    contacten = tmp_path / "c.csv"
    contacten.write_text("e-mail;wijk\r\nx@example.nl;Atlantis\r\n", encoding="utf-8")
    bad_wijk = run(tmp_path, "uitnodigen", enquete_ronde, str(contacten), "--kanaal", "lijst")
    line = one_line_error(bad_wijk)
    assert "bestand c.csv, rij 2, kolom 'wijk': wijk 'Atlantis' is onbekend" in line


@pytest.mark.prefect
def test_reminders_from_the_command_line_reach_only_non_responders(
    tmp_path: Path, cli_store: Store, mailbox: Mailbox, prefect_server: str
) -> None:
    o = opzet(cli_store)
    now = utcnow()
    ronde = open_enquete(
        cli_store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=Publiek.BEWONERS,
        opent_op=now - dt.timedelta(days=3),
        sluit_op=now + dt.timedelta(days=30),
        herinnering_na_uren=24,
    )
    settings = mail_settings(Settings(data_dir=tmp_path / "data"), mailbox.port)
    contacten = bewoners(tmp_path / "b.csv", o, 2)
    earlier = now - dt.timedelta(days=2)
    uitnodigen(cli_store, settings, ronde.id, contacten, Kanaal.EMAIL, now=earlier)
    with cli_store.session() as session:
        first = session.scalars(select(Uitnodiging).order_by(Uitnodiging.id)).first()
        assert first is not None
        first.status = first.status.BEANTWOORD
    result = run(
        tmp_path,
        "herinneren",
        prefect_api=prefect_server,
        smtp_host="127.0.0.1",
        smtp_port=str(mailbox.port),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verstuurd (email): 1" in result.stdout
    assert "overgeslagen, heeft al geantwoord: 1" in result.stdout
    assert [r for rcpts, _ in mailbox.messages[2:] for r in rcpts] == ["bewoner2@example.nl"]


@pytest.mark.prefect
def test_reminders_without_an_smtp_server_fail_visibly_and_letters_still_go(
    tmp_path: Path, cli_store: Store, mailbox: Mailbox, prefect_server: str
) -> None:
    o = opzet(cli_store)
    now = utcnow()
    ronde = open_enquete(
        cli_store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=Publiek.BEWONERS,
        opent_op=now - dt.timedelta(days=3),
        sluit_op=now + dt.timedelta(days=30),
        herinnering_na_uren=24,
    )
    settings = mail_settings(Settings(data_dir=tmp_path / "data"), mailbox.port)
    earlier = now - dt.timedelta(days=2)
    contacten = bewoners(tmp_path / "b.csv", o, 3)
    uitnodigen(cli_store, settings, ronde.id, contacten, Kanaal.EMAIL, now=earlier)
    per_brief = tmp_path / "brief.csv"
    per_brief.write_text(
        f"E-mail;Wijk;Naam;Adres;Postcode;Plaats\n;{o.wijken[1]};;Kerkstraat 9;3511 AB;Utrecht\n",
        encoding="utf-8",
    )
    uitnodigen(
        cli_store, settings, ronde.id, per_brief, Kanaal.BRIEF, tmp_path / "uit", now=earlier
    )

    result = run(
        tmp_path, "herinneren", "--contacten", str(per_brief), "--uit", "uit",
        prefect_api=prefect_server,
    )  # fmt: skip
    line = one_line_error(result)
    assert line == (
        "Fout: 3 herinnering(en) per e-mail konden niet worden verstuurd: er is geen "
        "SMTP-server ingesteld. Zet MAKELAAR_SMTP_HOST (en zo nodig MAKELAAR_SMTP_PORT, "
        "MAKELAAR_SMTP_TLS, MAKELAAR_SMTP_USER en MAKELAAR_SMTP_PASSWORD) en voer 'makelaar "
        "enquete herinneren' opnieuw uit; die herinneringen gaan dan alsnog uit."
    )
    assert "verstuurd (brief): 1" in result.stdout
    assert "overgeslagen, geen SMTP-server ingesteld (MAKELAAR_SMTP_HOST): 3" in result.stdout
    [pdf] = (tmp_path / "uit").glob("herinneringen-*.pdf")
    assert "Beste bewoner(s)," in " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert len(mailbox.messages) == 3  # the invitations; no reminder went out

    with_smtp = run(
        tmp_path, "herinneren", prefect_api=prefect_server, smtp_host="127.0.0.1",
        smtp_port=str(mailbox.port),
    )  # fmt: skip
    assert with_smtp.returncode == 0, with_smtp.stdout + with_smtp.stderr
    assert "verstuurd (email): 3" in with_smtp.stdout
