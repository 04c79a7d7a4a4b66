"""Personal data at the door (RELIABILITY §7): after importing a logbook full of names, phone
numbers, e-mail addresses and postcodes, none of them is anywhere in the database outside the
brokers' own register; residents and households are keyed pseudonyms; a broker named instead of
coded is the registered broker of that name; names are masked in every note."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import func, select

from makelaar.intake.logboek import Status, als_tekst
from makelaar.models.privacy import Pseudonymiser
from makelaar.models.tables import Base, Bewonersinitiatief, Casus, Makelaar, Signaal, SocialeActie
from tests.factories import make_makelaar, write_xlsx
from tests.intake.logboek.conftest import (
    GEMEENTE,
    MAKELAAR,
    SLEUTEL,
    WIJKEN,
    WIJKNAMEN,
    Omgeving,
    schrijf_csv,
)

#: what must never be stored in clear (compared case-insensitively)
GEHEIM = (
    "Hoogendoorn",
    "Wilhelmina",
    "Yilmaz",
    "Brouwersgracht",
    "Pietersma",
    "Karin Smitsma",
    "Smitsma",
    "Dekkerink",
    "Anouk",
    "06-12345678",
    "0612345678",
    "030-2345678",
    "buurman@example.nl",
    "anouk.dekkerink@gmail.com",
    "3531 AB",
    "3531AB",
    "1012 XY",
)
HEX64 = re.compile(r"[0-9a-f]{64}")
#: a registered broker whose logbook rows give her name instead of her code
KARIN = "UT-MK-02"


def tabel(basis: Mapping[str, object], *rijen: Mapping[str, object]) -> list[list[object]]:
    kop = list(dict.fromkeys([*basis, *(k for rij in rijen for k in rij)]))
    return [[*kop], *([{**basis, **rij}.get(k, "") for k in kop] for rij in rijen)]


ACTIE: dict[str, object] = {
    "Datum": "02-02-2026",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Soort actie": "Huisbezoek",
    "Resultaat": "Informatie gedeeld",
    "Notitie": "",
}
SIGNAAL: dict[str, object] = {
    "Datum": "02-02-2026",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Probleem of kracht": "Probleem",
    "Categorie": "Eenzaamheid",
    "Omschrijving": "",
    "Status": "Nieuw",
}
INITIATIEF: dict[str, object] = {
    "Initiatief": "Moestuin",
    "Datum": "05-01-2026",
    "Wijk": WIJKNAMEN[0],
    "Status": "Idee",
    "Contactpersoon": "",
    "Ondersteuning": "",
}
CASUS: dict[str, object] = {
    "Huishouden": "",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Datum aanmelding": "10-01-2026",
    "Notitie": "",
}


def registreer_karin(omgeving: Omgeving) -> int:
    """Register Karin Smitsma as broker UT-MK-02 (her name is in the register, in clear)."""
    with omgeving.store.session() as session:
        return make_makelaar(session, GEMEENTE, [WIJKEN[0]], code=KARIN, naam="Karin Smitsma").id


def dump(omgeving: Omgeving) -> str:
    """Every value of every table in the store but the brokers' register (which holds the
    brokers' names by design), as one lower-case text."""
    parts: list[str] = []
    with omgeving.store.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "makelaar":
                continue
            for row in session.execute(select(table)):
                parts.extend(str(value) for value in row)
    return "\n".join(parts).casefold()


def geheimen_in(omgeving: Omgeving) -> list[str]:
    text = dump(omgeving)
    return [g for g in GEHEIM if g.casefold() in text]


def test_no_clear_name_phone_email_or_postcode_anywhere_after_a_file_full_of_them(
    omgeving: Omgeving,
) -> None:
    """Names typed where they belong (person columns, a registered broker's name for her code) and
    in the notes of the same sheet, later in the sheet; phone numbers, e-mail addresses and
    postcodes anywhere in free text."""
    registreer_karin(omgeving)
    pad = write_xlsx(
        omgeving.map / "vol met namen.xlsx",
        {
            "Sociale acties": tabel(
                ACTIE,
                {"Makelaar": "Karin Smitsma", "Notitie": "Bel 06-12345678 of 030-2345678"},
                {
                    "Datum": "03-02-2026",
                    "Notitie": "Karin Smitsma sprak de buurman (buurman@example.nl), 3531 AB",
                },
            ),
            "Signalen": tabel(
                SIGNAAL,
                {"Omschrijving": "Mail anouk.dekkerink@gmail.com of bel 0612345678; 1012 XY"},
            ),
            "Bewonersinitiatieven": tabel(
                INITIATIEF,
                {
                    "Contactpersoon": "Wilhelmina Hoogendoorn",
                    "Ondersteuning": "Afspraak met mevrouw Hoogendoorn over de 3531AB-tuin",
                },
                {
                    "Initiatief": "Buurtkast",
                    "Contactpersoon": "Anouk Dekkerink",
                    "Ondersteuning": "Wilhelmina helpt Anouk mee",
                },
            ),
            "Casussen": tabel(
                CASUS,
                {"Huishouden": "Fam. Yilmaz", "Notitie": "Yilmaz belt terug"},
                {
                    "Huishouden": "Brouwersgracht 12",
                    "Datum aanmelding": "11-01-2026",
                    "Notitie": "Huisbezoek Brouwersgracht 12",
                },
                {"Huishouden": "Pietersma", "Notitie": "Zoon van Pietersma zoekt werk"},
            ),
        },
    )
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    assert geheimen_in(omgeving) == []
    # the report says what it masked, and it holds no clear name either
    assert bestand.gemaskeerd["telefoon"] >= 3
    assert bestand.gemaskeerd["email"] == 2
    assert bestand.gemaskeerd["postcode"] >= 2
    assert bestand.gemaskeerd["naam"] >= 5
    tekst = als_tekst(omgeving.importeer(pad))
    assert "onleesbaar gemaakt in vrije tekst" in tekst
    assert not [g for g in GEHEIM if g.casefold() in tekst.casefold()]


def test_persons_and_households_are_64_hex_pseudonyms_and_a_broker_name_is_her_code(
    omgeving: Omgeving,
) -> None:
    karin = registreer_karin(omgeving)
    pad = schrijf_csv(
        omgeving.map / "casussen.csv",
        tabel(
            CASUS,
            {"Huishouden": "Fam. Yilmaz", "Makelaar": "Karin Smitsma"},
            {"Huishouden": "Pietersma", "Datum aanmelding": "11-01-2026"},
        ),
    )
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    assert bestand.pseudoniemen == 2
    assert sorted((a.makelaar, a.aantal) for a in bestand.aanvoer) == [(MAKELAAR, 1), (KARIN, 1)]
    with omgeving.store.session() as session:
        huishoudens = session.scalars(select(Casus.huishouden)).all()
        makelaars = session.execute(select(Makelaar.code, Makelaar.naam)).tuples().all()
        door_karin = session.scalars(select(Casus.id).where(Casus.makelaar_id == karin)).all()
    assert len(huishoudens) == 2 and all(HEX64.fullmatch(h) for h in huishoudens)
    # nothing was registered by the import: the register is as it was
    assert sorted(makelaars) == [(MAKELAAR, "Team Noord"), (KARIN, "Karin Smitsma")]
    assert len(door_karin) == 1
    initiatief = schrijf_csv(
        omgeving.map / "initiatief.csv",
        tabel(INITIATIEF, {"Contactpersoon": "Wilhelmina Hoogendoorn"}),
    )
    omgeving.importeer(initiatief)
    with omgeving.store.session() as session:
        [contact] = session.scalars(select(Bewonersinitiatief.contactpersoon)).all()
    assert contact is not None and HEX64.fullmatch(contact)
    assert contact not in huishoudens
    assert geheimen_in(omgeving) == []


def test_the_same_household_again_maps_to_the_same_pseudonym(omgeving: Omgeving) -> None:
    januari = schrijf_csv(omgeving.map / "januari.csv", tabel(CASUS, {"Huishouden": "Fam. Yilmaz"}))
    februari = schrijf_csv(
        omgeving.map / "februari.csv",
        tabel(CASUS, {"Huishouden": "fam  YILMAZ", "Datum aanmelding": "02-02-2026"}),
    )
    omgeving.importeer(januari)
    omgeving.importeer(februari)
    omgeving.importeer(januari)  # again: nothing new
    with omgeving.store.session() as session:
        huishoudens = session.scalars(select(Casus.huishouden)).all()
    assert len(huishoudens) == 2
    assert len(set(huishoudens)) == 1


def test_a_broker_name_in_any_writing_is_the_same_registered_broker(omgeving: Omgeving) -> None:
    karin = registreer_karin(omgeving)
    for naam, dag in (("Karin Smitsma", "02-02-2026"), ("karin  SMITSMA", "03-02-2026")):
        pad = schrijf_csv(
            omgeving.map / f"{dag}.csv", tabel(ACTIE, {"Makelaar": naam, "Datum": dag})
        )
        assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    with omgeving.store.session() as session:
        codes = session.scalars(select(Makelaar.code).order_by(Makelaar.id)).all()
        gebruikt = session.scalars(select(SocialeActie.makelaar_id)).all()
    assert codes == [MAKELAAR, KARIN]
    assert gebruikt == [karin, karin]
    assert geheimen_in(omgeving) == []


def test_an_unregistered_broker_name_is_refused_with_the_known_codes(omgeving: Omgeving) -> None:
    registreer_karin(omgeving)
    pad = schrijf_csv(
        omgeving.map / "acties.csv", tabel(ACTIE, {}, {"Makelaar": "Joost Pietersma"})
    )
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.status is Status.GEWEIGERD
    [fout] = bestand.fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (3, "Makelaar", "Joost Pietersma")
    assert fout.melding == (
        "'Joost Pietersma' is geen code of naam van een geregistreerde makelaar; bekende codes: "
        f"{MAKELAAR}, {KARIN}. Een nieuwe makelaar komt eerst in het register: 'makelaar "
        "makelaars import BESTAND'."
    )
    with omgeving.store.session() as session:
        assert session.scalars(select(Makelaar.code).order_by(Makelaar.code)).all() == [
            MAKELAAR,
            KARIN,
        ]
    assert geheimen_in(omgeving) == []


def test_a_broker_an_earlier_version_stored_as_a_pseudonym_is_still_found_by_name(
    omgeving: Omgeving,
) -> None:
    """Earlier versions registered a broker named instead of coded as the label MK-…; the same
    name in a file imported now is that broker, so re-importing an old file adds nothing."""
    label = Pseudonymiser(bytes.fromhex(SLEUTEL)).label("makelaar", "Karin Smitsma")
    with omgeving.store.session() as session:
        oud = make_makelaar(session, GEMEENTE, [WIJKEN[0]], code=label, naam=label).id
    pad = schrijf_csv(omgeving.map / "oud.csv", tabel(ACTIE, {"Makelaar": "karin smitsma"}))
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    with omgeving.store.session() as session:
        assert session.scalars(select(SocialeActie.makelaar_id)).all() == [oud]
        assert session.scalar(select(func.count()).select_from(Makelaar)) == 2
    assert geheimen_in(omgeving) == []


def test_a_contact_name_from_another_row_is_masked_in_an_earlier_note(omgeving: Omgeving) -> None:
    pad = schrijf_csv(
        omgeving.map / "initiatieven.csv",
        tabel(
            INITIATIEF,
            {"Ondersteuning": "Hoogendoorn regelt de sleutel"},
            {"Initiatief": "Buurtkast", "Contactpersoon": "Wilhelmina Hoogendoorn"},
        ),
    )
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.gemaskeerd == {"naam": 1}
    with omgeving.store.session() as session:
        steun = session.scalars(select(Bewonersinitiatief.ondersteuning)).all()
    assert "[naam] regelt de sleutel" in steun
    assert geheimen_in(omgeving) == []


def test_a_name_imported_in_one_file_is_masked_in_a_note_of_the_next(omgeving: Omgeving) -> None:
    eerste = schrijf_csv(
        omgeving.map / "casussen.csv",
        tabel(CASUS, {"Huishouden": "Dekkerink"}),
    )
    omgeving.importeer(eerste)
    tweede = schrijf_csv(
        omgeving.map / "signalen.csv",
        tabel(SIGNAAL, {"Omschrijving": "Mevrouw Dekkerink voelt zich alleen"}),
    )
    bestand = omgeving.importeer(tweede).bestanden[0]
    assert bestand.gemaskeerd == {"naam": 1}
    with omgeving.store.session() as session:
        [omschrijving] = session.scalars(select(Signaal.omschrijving)).all()
    assert omschrijving == "Mevrouw [naam] voelt zich alleen"
    assert geheimen_in(omgeving) == []


# --- where names still slip through --------------------------------------------------------------


def test_a_household_name_is_masked_in_a_note_on_an_earlier_sheet(omgeving: Omgeving) -> None:
    """The workbook's sheets are read in order (acties, signalen, initiatieven, casussen); a
    household named on 'Casussen' must be masked in a signal described on 'Signalen' too."""
    pad = write_xlsx(
        omgeving.map / "logboek.xlsx",
        {
            "Signalen": tabel(SIGNAAL, {"Omschrijving": "Meneer Pietersma is erg eenzaam"}),
            "Casussen": tabel(CASUS, {"Huishouden": "Pietersma"}),
        },
    )
    bestand = omgeving.importeer(pad).bestanden[0]
    assert bestand.status is Status.INGELEZEN
    with omgeving.store.session() as session:
        [omschrijving] = session.scalars(select(Signaal.omschrijving)).all()
    assert omschrijving == "Meneer [naam] is erg eenzaam"
    assert geheimen_in(omgeving) == []


def test_a_broker_name_is_masked_in_a_note_above_the_row_that_names_the_broker(
    omgeving: Omgeving,
) -> None:
    registreer_karin(omgeving)
    pad = schrijf_csv(
        omgeving.map / "acties.csv",
        tabel(
            ACTIE,
            {"Notitie": "Samen met Karin Smitsma op bezoek"},
            {"Datum": "03-02-2026", "Makelaar": "Karin Smitsma"},
        ),
    )
    assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    with omgeving.store.session() as session:
        notities = session.scalars(select(SocialeActie.notitie)).all()
    assert "Samen met [naam] op bezoek" in notities
    assert geheimen_in(omgeving) == []


def test_a_name_no_column_held_is_masked_in_a_note_by_its_title_or_given_name(
    omgeving: Omgeving,
) -> None:
    registreer_karin(omgeving)
    notitie = "mevr. Jansen belde; Pieter de Boer helpt in de Jan van Galenstraat"
    pad = schrijf_csv(
        omgeving.map / "acties.csv",
        tabel(ACTIE, {"Datum": "03-02-2026", "Makelaar": "Karin Smitsma", "Notitie": notitie}),
    )
    assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    with omgeving.store.session() as session:
        notities = session.scalars(select(SocialeActie.notitie)).all()
    assert notities == ["mevr. [naam] belde; [naam] helpt in de Jan van Galenstraat"]


def _eerst_hoogendoorn(omgeving: Omgeving) -> None:
    """An earlier import that made 'Hoogendoorn' a known name (only its hash is stored)."""
    eerst = schrijf_csv(
        omgeving.map / "eerst.csv",
        tabel(INITIATIEF, {"Initiatief": "Bankje", "Contactpersoon": "W. Hoogendoorn"}),
    )
    assert omgeving.importeer(eerst).bestanden[0].status is Status.INGELEZEN


def test_a_known_name_is_masked_in_anders_namelijk(omgeving: Omgeving) -> None:
    """'Anders, namelijk' is typed by brokers like any note."""
    _eerst_hoogendoorn(omgeving)
    pad = schrijf_csv(
        omgeving.map / "anders.csv",
        tabel(ACTIE, {"Soort actie": "Anders", "Anders, namelijk": "Koffie bij Hoogendoorn"}),
    )
    assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    assert geheimen_in(omgeving) == []


def test_a_known_name_is_masked_in_an_initiatives_title(omgeving: Omgeving) -> None:
    _eerst_hoogendoorn(omgeving)
    pad = schrijf_csv(
        omgeving.map / "titel.csv",
        tabel(INITIATIEF, {"Initiatief": "Moestuin Hoogendoorn"}),
    )
    assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    assert geheimen_in(omgeving) == []


def test_the_name_in_a_household_cell_with_an_address_is_masked_in_notes(
    omgeving: Omgeving,
) -> None:
    """'Fam. Yilmaz, Brouwersgracht 12' is how brokers identify a household; its name part must
    be learnt like 'Fam. Yilmaz' alone is, or the note below keeps it in clear."""
    pad = schrijf_csv(
        omgeving.map / "casus.csv",
        tabel(CASUS, {"Huishouden": "Fam. Yilmaz, Brouwersgracht 12", "Notitie": "Yilmaz belt"}),
    )
    assert omgeving.importeer(pad).bestanden[0].status is Status.INGELEZEN
    assert geheimen_in(omgeving) == []
