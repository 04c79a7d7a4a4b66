"""Test data for survey rounds and invitations: a form, a gemeente with brokers, a local SMTP server."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from makelaar.forms.definitie import Formulier, Groep, Vraag, VraagType
from makelaar.forms.rondes import EnqueteRondeInfo, bewaar_formulier, open_enquete
from makelaar.models.domain import EnqueteModus, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Evaluatieronde
from tests.factories import make_gemeente_with_wijken, make_makelaar

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
OPENT = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
SLUIT = dt.datetime(2026, 12, 15, 23, 0, tzinfo=dt.UTC)
KEY = "k" * 40


def formulier(form_id: str = "reflectieformulier", versie: str = "1") -> Formulier:
    """A small form with one page and two questions."""
    vraag = Vraag(
        name="goed",
        path="/data/p1/goed",
        type=VraagType.TEXT,
        label={"nl": "Wat ging goed?", "en": "What went well?"},
    )
    return Formulier(
        form_id=form_id,
        versie=versie,
        titel={"nl": "Reflectie van de makelaar", "en": "Broker reflection"},
        talen=["nl", "en"],
        standaardtaal="nl",
        children=[Groep(name="p1", path="/data/p1", label={"nl": "Deel 1"}, children=[vraag])],
    )


@dataclass
class Opzet:
    """A gemeente with three wijken and two brokers, an evaluation round and a stored form."""

    gemeente: str
    wijken: list[str]
    makelaars: list[str]
    ronde_id: int
    enquete_id: int


def opzet(store: Store, form_id: str = "reflectieformulier") -> Opzet:
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 3, naam="Teststad")
        wijken = [f"WK{gemeente.code[2:]}{i:02d}" for i in range(1, 4)]
        makelaars = [
            make_makelaar(session, gemeente.code, [wijken[i]], code=f"MK-TEST-{i + 1}").code
            for i in range(2)
        ]
        ronde = Evaluatieronde(gemeente_code=gemeente.code, cyclus="buurtmeter", periode="2026-H2")
        session.add(ronde)
        session.flush()
        ronde_id = ronde.id
        code = gemeente.code
    info = bewaar_formulier(store, formulier(form_id), sha256="0" * 64, bron=f"{form_id}.xlsx")
    return Opzet(code, wijken, makelaars, ronde_id, info.id)


def open_ronde(
    store: Store,
    o: Opzet,
    publiek: Publiek = Publiek.BEWONERS,
    *,
    modus: EnqueteModus | None = None,
    max_herinneringen: int = 2,
    herinnering_na_uren: int = 48,
) -> EnqueteRondeInfo:
    return open_enquete(
        store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=publiek,
        opent_op=OPENT,
        sluit_op=SLUIT,
        modus=modus,
        max_herinneringen=max_herinneringen,
        herinnering_na_uren=herinnering_na_uren,
        now=NOW,
    )


def write_contacts(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """A contact list as Dutch Excel saves it: ';'-separated, cp1252."""
    lines = [";".join(header), *(";".join(row) for row in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def bewoners(path: Path, o: Opzet, n: int = 3, *, met_adres: bool = True) -> Path:
    """n residents, each with an e-mail address, a wijk and (optionally) an address."""
    header = ["E-mail", "Wijk", "Naam", "Adres", "Postcode", "Plaats"]
    rows = [
        [
            f"bewoner{i}@example.nl",
            o.wijken[i % len(o.wijken)],
            f"Fam. Jansën {i}",
            f"Hoofdstraat {i}" if met_adres else "",
            "3511 AB" if met_adres else "",
            "Utrecht" if met_adres else "",
        ]
        for i in range(1, n + 1)
    ]
    return write_contacts(path, header, rows)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Mailbox:
    """What the local SMTP server received."""

    port: int
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:  # aiosmtpd calls it by this name
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    async def handle_RCPT(  # aiosmtpd calls it by this name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.startswith("weiger"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _ in self.messages for r in rcpts)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 at a free port (aiosmtpd), collecting what arrives."""
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail_settings(settings: Settings, port: int, **overrides: Any) -> Settings:
    """The test settings with the SMTP server, a pseudonym key and a public address."""
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_s": 5.0,
        "pseudonym_key": KEY,
        "public_url": "https://enquete.example.nl",
        "mail_from": "Onderzoek Buurtmeter <onderzoek@example.nl>",
    }
    values.update(overrides)
    return Settings.model_validate({**settings.model_dump(), **values})


@pytest.fixture
def enquete_settings(settings: Settings) -> Settings:
    """The test settings with a pseudonym key (no SMTP server)."""
    return mail_settings(settings, 25, smtp_host=None)


def token_of(link: str) -> str:
    return link.rsplit("/t/", 1)[1]
