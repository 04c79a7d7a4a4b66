"""Invitations from a contact list: one per person, links only in the output, nobody invited twice."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

import makelaar.forms.uitnodigingen
from makelaar.forms.rondes import sluit_enquete
from makelaar.forms.tokens import hash_token, valid_invitation
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.intake.importeur import BestandGeweigerd
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.errors import ImportFileError, MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging, UitnodigingToken, Verzending
from tests.factories import write_xlsx
from tests.forms.enquete_testing import (
    NOW,
    bewoners,
    enquete_settings,
    open_ronde,
    opzet,
    token_of,
    write_contacts,
)

__all__ = ["enquete_settings"]  # the fixture, imported for pytest


def _lijst(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


def test_a_list_invites_each_resident_once_with_a_working_link(
    store: Store, enquete_settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 3)
    rapport = uitnodigen(
        store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path / "uit", now=NOW
    )
    assert (rapport.gelezen, rapport.nieuw, rapport.verstuurd) == (3, 3, 3)
    assert rapport.uitvoer is not None
    rows = _lijst(Path(rapport.uitvoer))
    assert [r["e-mail"] for r in rows] == [f"bewoner{i}@example.nl" for i in (1, 2, 3)]
    assert rows[0]["wijk"] == "Deel 2"
    assert all(r["link"].startswith("https://enquete.example.nl/t/") for r in rows)
    tokens = [token_of(r["link"]) for r in rows]
    with store.session() as session:
        for token in tokens:
            found = valid_invitation(session, token, NOW)
            assert found is not None and found.respondent is None  # anonymous: no respondent
        stored = session.scalars(select(UitnodigingToken.hash)).all()
        assert sorted(stored) == sorted(hash_token(t) for t in tokens)
        invitations = session.scalars(select(Uitnodiging)).all()
        assert {u.laatst_benaderd_op for u in invitations} == {NOW}
        assert len(session.scalars(select(Verzending)).all()) == 3
        dumped = " ".join(
            str(getattr(row, c.key))
            for table in (Uitnodiging, Verzending, UitnodigingToken)
            for row in session.scalars(select(table))
            for c in table.__table__.columns
        )
    for token in tokens:
        assert token not in dumped
        assert token not in caplog.text
    assert "Hoofdstraat" not in dumped and "Jansën" not in dumped  # addresses and names not kept

    again = uitnodigen(
        store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path / "uit", now=NOW
    )
    assert (again.nieuw, again.al_uitgenodigd, again.verstuurd, again.uitvoer) == (0, 3, 0, None)
    with store.session() as session:
        assert len(session.scalars(select(Uitnodiging)).all()) == 3
        assert len(session.scalars(select(UitnodigingToken)).all()) == 3


def test_the_same_person_twice_in_a_list_is_invited_once(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = write_contacts(
        tmp_path / "dubbel.csv",
        ["e-mailadres", "wijk"],
        [["a.b@example.nl", "Deel 1"], ["A.B@Example.nl", "Deel 1"], ["a+b@example.nl", ""]],
    )
    rapport = uitnodigen(
        sqlite_store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path
    )
    assert (rapport.nieuw, rapport.dubbel) == (2, 1)


def test_letters_one_page_per_resident_and_addresses_never_stored(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 2)
    rapport = uitnodigen(
        sqlite_store, enquete_settings, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW
    )
    assert rapport.uitvoer is not None and rapport.uitvoer.endswith(".pdf")
    reader = pypdf.PdfReader(rapport.uitvoer)
    assert len(reader.pages) == 2
    text = reader.pages[1].extract_text().replace("\n", "")
    assert "Hoofdstraat 2" in text and "https://enquete.example.nl/t/" in text
    token = text.split("https://enquete.example.nl/t/", 1)[1][:43]
    with sqlite_store.session() as session:
        found = valid_invitation(session, token, NOW)
        assert found is not None and found.kanaal is Kanaal.BRIEF and found.email is None


def test_identified_broker_rounds_need_a_known_broker_code(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.MAKELAARS)
    assert ronde.modus is EnqueteModus.IDENTIFICEERBAAR
    good = write_contacts(
        tmp_path / "makelaars.csv",
        ["E-mail", "Makelaarcode"],
        [["m1@example.nl", "mk-test-1"], ["m2@example.nl", "MK-TEST-2"]],
    )
    rapport = uitnodigen(sqlite_store, enquete_settings, ronde.id, good, Kanaal.LIJST, tmp_path)
    assert rapport.nieuw == 2
    with sqlite_store.session() as session:
        respondents = sorted(r or "" for r in session.scalars(select(Uitnodiging.respondent)))
    assert respondents == ["MK-TEST-1", "MK-TEST-2"]

    bad = write_contacts(
        tmp_path / "fout.csv", ["E-mail", "Makelaarcode"], [["m3@example.nl", "MK-ONBEKEND"]]
    )
    with pytest.raises(ImportFileError) as refused:
        uitnodigen(sqlite_store, enquete_settings, ronde.id, bad, Kanaal.LIJST, tmp_path)
    message = str(refused.value)
    assert "bestand fout.csv, rij 2, kolom 'Makelaarcode'" in message
    assert "'MK-ONBEKEND' is onbekend" in message and "MK-TEST-1" in message

    no_code = write_contacts(
        tmp_path / "geen.csv", ["E-mail", "Naam"], [["m3@example.nl", "M. de Vries"]]
    )
    with pytest.raises(ImportFileError, match="'code' ontbreken"):
        uitnodigen(sqlite_store, enquete_settings, ronde.id, no_code, Kanaal.LIJST, tmp_path)


@pytest.mark.parametrize(
    ("header", "row", "kanaal", "fragment"),
    [
        (
            ["e-mail", "wijk"],
            ["x@example.nl", "Atlantis"],
            Kanaal.LIJST,
            "wijk 'Atlantis' is onbekend",
        ),
        (
            ["e-mail", "wijk"],
            ["geen-adres", "Deel 1"],
            Kanaal.LIJST,
            "'geen-adres' is geen e-mailadres",
        ),
        (["e-mail", "adres"], ["", "Hoofdstraat 1"], Kanaal.EMAIL, "het e-mailadres ontbreekt"),
        (
            ["e-mail", "adres", "postcode", "plaats"],
            ["x@example.nl", "Hoofdstraat 1", "", "Utrecht"],
            Kanaal.BRIEF,
            "de postcode ontbreekt",
        ),
    ],
)
def test_bad_rows_are_refused_with_row_column_and_value(
    sqlite_store: Store,
    enquete_settings: Settings,
    tmp_path: Path,
    header: list[str],
    row: list[str],
    kanaal: Kanaal,
    fragment: str,
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    good = ["ok@example.nl", "Deel 1", "Straat 1", "1234 AB", "Utrecht"][: len(header)]
    if kanaal is Kanaal.BRIEF:
        good = ["ok@example.nl", "Straat 1", "1234 AB", "Utrecht"]
    contacten = write_contacts(tmp_path / "c.csv", header, [good, row])
    settings = enquete_settings.model_copy(update={"smtp_host": "127.0.0.1"})
    with pytest.raises(ImportFileError, match="rij 3") as refused:
        uitnodigen(sqlite_store, settings, ronde.id, contacten, kanaal, tmp_path)
    assert fragment in str(refused.value)
    with sqlite_store.session() as session:
        assert session.scalars(select(Uitnodiging)).all() == []  # the whole list or nothing


def test_every_bad_row_is_reported_at_once_in_the_users_language(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    """A list with several bad rows is refused once, naming each of them, not the first only."""
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    rows = [["ok@example.nl", "Deel 1"], ["geen-adres", "Deel 1"], ["", "Deel 1"]]
    rows += [["x@example.nl", "Atlantis"]] + [[f"fout{i}", ""] for i in range(25)]
    contacten = write_contacts(tmp_path / "c.csv", ["e-mail", "wijk"], rows)
    with pytest.raises(BestandGeweigerd) as refused:
        uitnodigen(sqlite_store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path)
    rapport = refused.value.rapport
    assert rapport.gelezen == 29 and rapport.aantal_fouten == 28
    assert [(f.rij, f.kolom, f.waarde) for f in rapport.fouten[:3]] == [
        (3, "e-mail", "geen-adres"),
        (4, "e-mail", ""),
        (5, "wijk", "Atlantis"),
    ]
    message = str(refused.value)
    assert message.startswith("bestand c.csv, rij 3, kolom 'e-mail': 'geen-adres' is geen")
    assert "28 fouten in het bestand; er is niets opgeslagen. Ook:" in message
    assert "  - bestand c.csv, rij 5, kolom 'wijk': wijk 'Atlantis' is onbekend" in message
    assert message.endswith("  ... en nog 7")  # 1 named first, TOON_FOUTEN (20) listed, 7 more
    with sqlite_store.session() as session:
        assert session.scalars(select(Uitnodiging)).all() == []

    english = enquete_settings.model_copy(update={"locale": "en"})
    with pytest.raises(BestandGeweigerd) as refused_en:
        uitnodigen(sqlite_store, english, ronde.id, contacten, Kanaal.LIJST, tmp_path)
    message = str(refused_en.value)
    assert "'geen-adres' is not an e-mail address" in message
    assert "28 errors in the file; nothing was stored. Also:" in message
    assert "row 4, column 'e-mail': this row has neither an e-mail address" in message


def test_a_closed_round_invites_nobody(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    sluit_enquete(sqlite_store, ronde.id, now=NOW)
    with pytest.raises(MakelaarError, match="is gesloten"):
        uitnodigen(
            sqlite_store,
            enquete_settings,
            ronde.id,
            bewoners(tmp_path / "b.csv", o),
            Kanaal.LIJST,
            tmp_path,
            now=NOW,
        )


def test_mail_without_an_smtp_server_is_refused_before_anything_is_stored(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    with pytest.raises(MakelaarError, match="MAKELAAR_SMTP_HOST"):
        uitnodigen(
            sqlite_store, enquete_settings, ronde.id, bewoners(tmp_path / "b.csv", o), Kanaal.EMAIL
        )
    with sqlite_store.session() as session:
        assert session.scalars(select(Uitnodiging)).all() == []


def test_an_xlsx_list_for_an_identified_partner_round(
    sqlite_store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.PARTNERS)
    contacten = write_xlsx(
        tmp_path / "partners.xlsx",
        {
            "Partners": [
                ["Organisatie", "E-mail", "Naam", "Wijk"],
                [
                    "Buurtteam Noord",
                    "noord@example.nl",
                    '=HYPERLINK("x")',
                    "WK" + o.gemeente[2:] + "01",
                ],
                [None, "zuid@example.nl", "J. de Vries", None],
            ]
        },
    )
    rapport = uitnodigen(
        sqlite_store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path
    )
    assert rapport.nieuw == 2 and rapport.uitvoer is not None
    rows = _lijst(Path(rapport.uitvoer))
    assert rows[0]["naam"] == '\'=HYPERLINK("x")'  # neutralised in the mail-merge list
    assert rows[0]["wijk"] == "Deel 1" and rows[1]["wijk"] == ""
    with sqlite_store.session() as session:
        respondents = [u.respondent or "" for u in session.scalars(select(Uitnodiging))]
    assert all(r.startswith("PA-") and len(r) == 67 for r in respondents)
    assert "noord" not in " ".join(respondents).lower()  # a keyed pseudonym, not the name


def test_many_letters_are_split_over_several_pdfs(
    sqlite_store: Store,
    enquete_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(makelaar.forms.uitnodigingen, "BRIEVEN_PER_PDF", 2)
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 3)
    rapport = uitnodigen(
        sqlite_store, enquete_settings, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW
    )
    assert [Path(b).name[-6:] for b in rapport.bestanden] == ["-1.pdf", "-2.pdf"]
    assert [len(pypdf.PdfReader(b).pages) for b in rapport.bestanden] == [2, 1]
    assert rapport.uitvoer == rapport.bestanden[0]
