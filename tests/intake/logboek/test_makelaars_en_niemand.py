"""Brokers come from the register, and a cell that names nobody is empty: a logbook row with an
unregistered broker, or dated outside the broker's registered period, is refused naming the row
and what is known; '-', 'n.v.t.', 'onbekend', whitespace and invisible characters in a person
column are no person (never a pseudonym), and refused where the column is required."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from makelaar.intake.logboek import Status
from makelaar.intake.logboek.waarden import CellValueError, persoon
from makelaar.models.privacy import NoPersonError, Pseudonymiser, means_nobody
from makelaar.models.tables import BekendeNaam, Bewonersinitiatief, Casus, SocialeActie
from tests.factories import make_gemeente_with_wijken, make_makelaar
from tests.intake.logboek.conftest import (
    GEMEENTE,
    MAKELAAR,
    SLEUTEL,
    WIJKEN,
    Omgeving,
    schrijf_csv,
)
from tests.intake.logboek.test_importeren import (
    ACTIE,
    CASUS,
    INITIATIEF,
    een,
    fout_op,
    tabel,
)

#: every way a person cell says "nobody"
NIEMAND = (
    "-",
    "n.v.t.",
    "nvt",
    "N.V.T",
    "onbekend",
    "Onbekend",
    "geen",
    " ",
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # a BOM on its own
    "\u00a0",  # a no-break space on its own
    "\u200b \u00a0",
)


def niets_opgeslagen(omgeving: Omgeving) -> None:
    """No logbook table holds a row (the register is what the test made it)."""
    tellingen = omgeving.tel()
    del tellingen["makelaar"], tellingen["makelaar_wijk"]
    assert set(tellingen.values()) == {0}, tellingen


# --- the parsing, value by value -----------------------------------------------------------------


@pytest.mark.parametrize("waarde", NIEMAND, ids=repr)
def test_a_value_that_names_nobody_is_no_person(waarde: str) -> None:
    assert means_nobody(waarde)
    assert persoon(waarde, 200, verplicht=False) is None
    with pytest.raises(CellValueError, match="noemt niemand, maar deze kolom is verplicht") as info:
        persoon(waarde, 200, verplicht=True)
    assert "names nobody, but this column is required" in info.value.en
    if any(c.isprintable() and not c.isspace() for c in waarde):
        assert f"'{waarde}' noemt niemand" in info.value.nl
    else:  # only spaces and invisible characters: named by their code points
        punten = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(waarde))
        assert info.value.nl.startswith(f"een cel met alleen {punten} noemt niemand")
    for soort in ("persoon", "huishouden", "makelaar"):
        with pytest.raises(NoPersonError, match="noemt niemand en krijgt geen pseudoniem"):
            Pseudonymiser(bytes.fromhex(SLEUTEL)).pseudonym(soort, waarde)


@pytest.mark.parametrize("waarde", ["Jan", "Na", "Geena", "Fam. Yilmaz", "12", "UT-MK-01"])
def test_names_and_numbers_are_persons(waarde: str) -> None:
    assert not means_nobody(waarde)
    assert persoon(waarde, 200, verplicht=True) == waarde


# --- in a logbook file, per person column ---------------------------------------------------------


def _niemand_rijen(basis: dict[str, object], kolom: str, **per_rij: object) -> list[list[object]]:
    return tabel(
        basis,
        *(
            {kolom: waarde, **{k: f"{v} {n}" for k, v in per_rij.items()}}
            for n, waarde in enumerate(NIEMAND)
        ),
    )


@pytest.mark.parametrize(
    ("blad", "basis", "kolom"),
    [("acties", ACTIE, "Makelaar"), ("casussen", CASUS, "Huishouden")],
)
def test_nobody_in_a_required_person_column_is_refused_per_row(
    omgeving: Omgeving, blad: str, basis: dict[str, object], kolom: str
) -> None:
    pad = schrijf_csv(omgeving.map / f"{blad}.csv", _niemand_rijen(basis, kolom))
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    assert bestand.aantal_fouten == len(NIEMAND)
    for rij, waarde in enumerate(NIEMAND, start=2):
        fout = fout_op(bestand, rij, kolom)
        assert fout.bestand == f"{blad}.csv"
        if gelezen := waarde.strip():  # what the spreadsheet reader keeps of the cell
            assert fout.waarde == gelezen
            assert fout.melding.endswith(
                "noemt niemand, maar deze kolom is verplicht: vul in wie het is."
            )
        else:  # spaces only (a no-break space too) are a blank cell
            assert fout.melding == "is verplicht maar leeg."
    niets_opgeslagen(omgeving)


def test_nobody_as_contact_person_is_empty_and_no_name(omgeving: Omgeving) -> None:
    pad = schrijf_csv(
        omgeving.map / "initiatieven.csv",
        _niemand_rijen(
            {**INITIATIEF, "Ondersteuning": "Adres onbekend, geen telefoon"},
            "Contactpersoon",
            Initiatief="Moestuin",
        ),
    )
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    assert bestand.pseudoniemen == 0 and bestand.gemaskeerd == {}
    with omgeving.store.session() as session:
        rijen = (
            session.execute(
                select(Bewonersinitiatief.contactpersoon, Bewonersinitiatief.ondersteuning)
            )
            .tuples()
            .all()
        )
        assert session.scalar(select(func.count()).select_from(BekendeNaam)) == 0
    # 'onbekend' and 'geen' were not learnt as names: the note stays readable
    assert rijen == [(None, "Adres onbekend, geen telefoon")] * len(NIEMAND)


def test_nobody_as_the_broker_of_an_initiative_is_no_broker(omgeving: Omgeving) -> None:
    pad = schrijf_csv(
        omgeving.map / "initiatieven.csv",
        _niemand_rijen(INITIATIEF, "Makelaar", Initiatief="Buurtkast"),
    )
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    with omgeving.store.session() as session:
        makelaars = session.scalars(select(Bewonersinitiatief.makelaar_id)).all()
    assert makelaars == [None] * len(NIEMAND)


def test_a_file_with_an_invisible_household_is_refused_and_the_next_file_imported(
    omgeving: Omgeving,
) -> None:
    """It used to stop the import with 'Onverwachte fout: ValueError' and no place."""
    slecht = schrijf_csv(omgeving.map / "a.csv", tabel(CASUS, {"Huishouden": "\u200b."}))
    goed = schrijf_csv(omgeving.map / "b.csv", tabel(CASUS, {}))
    rapport = omgeving.importeer(slecht, goed)
    eerste, tweede = rapport.bestanden
    assert eerste.status is Status.GEWEIGERD
    fout = fout_op(eerste, 2, "Huishouden")
    assert fout.bestand == "a.csv" and fout.waarde == "\u200b."
    assert "noemt niemand, maar deze kolom is verplicht" in fout.melding
    assert tweede.status is Status.INGELEZEN
    with omgeving.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Casus)) == 1


# --- brokers from the register --------------------------------------------------------------------


def test_an_unregistered_code_is_refused_with_every_known_code(omgeving: Omgeving) -> None:
    with omgeving.store.session() as session:
        make_makelaar(session, GEMEENTE, [WIJKEN[1]], code="UT-MK-02", naam="Bram")
    pad = schrijf_csv(omgeving.map / "acties.csv", tabel(ACTIE, {}, {"Makelaar": "UT-MK-09"}))
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    fout = fout_op(bestand, 3, "Makelaar")
    assert (fout.bestand, fout.waarde) == ("acties.csv", "UT-MK-09")
    assert fout.melding == (
        f"makelaarcode 'UT-MK-09' is onbekend; bekende codes: {MAKELAAR}, UT-MK-02. Een nieuwe "
        "makelaar komt eerst in het register: 'makelaar makelaars import BESTAND'."
    )
    niets_opgeslagen(omgeving)
    engels = een(
        omgeving.importeer(pad, settings=omgeving.settings.model_copy(update={"locale": "en"}))
    )
    assert fout_op(engels, 3, "Makelaar").melding == (
        f"broker code 'UT-MK-09' is unknown; known codes: {MAKELAAR}, UT-MK-02. A new broker is "
        "registered first: 'makelaar makelaars import FILE'."
    )


def test_a_name_of_two_registered_brokers_is_refused_naming_both(omgeving: Omgeving) -> None:
    with omgeving.store.session() as session:
        make_makelaar(session, GEMEENTE, [WIJKEN[0]], code="UT-MK-02", naam="Sam de Boer")
        make_makelaar(session, GEMEENTE, [WIJKEN[1]], code="UT-MK-03", naam="Sam de Boer")
    pad = schrijf_csv(omgeving.map / "acties.csv", tabel(ACTIE, {"Makelaar": "sam de boer"}))
    fout = fout_op(een(omgeving.importeer(pad)), 2, "Makelaar")
    assert fout.melding == (
        "'sam de boer' is de naam van meer dan één geregistreerde makelaar (UT-MK-02, "
        "UT-MK-03); gebruik de code."
    )


@pytest.fixture
def met_periode(omgeving: Omgeving) -> Omgeving:
    """Broker UT-MK-05, registered from 1 February to 31 March 2026."""
    with omgeving.store.session() as session:
        make_makelaar(
            session,
            GEMEENTE,
            [WIJKEN[0]],
            code="UT-MK-05",
            naam="Eva Mol",
            startdatum=dt.date(2026, 2, 1),
            einddatum=dt.date(2026, 3, 31),
        )
    return omgeving


def test_a_row_before_the_brokers_start_is_refused_with_the_dates(met_periode: Omgeving) -> None:
    pad = schrijf_csv(
        met_periode.map / "acties.csv",
        tabel(
            {**ACTIE, "Makelaar": "UT-MK-05"},
            {"Datum": "01-02-2026"},  # the first day counts
            {"Datum": "31-01-2026"},
        ),
    )
    bestand = een(met_periode.importeer(pad))
    assert bestand.status is Status.GEWEIGERD and bestand.aantal_fouten == 1
    fout = fout_op(bestand, 3, "Datum")
    assert fout.waarde == "31-01-2026"
    assert fout.melding == (
        "31-01-2026 valt buiten de periode van makelaar UT-MK-05 in het register (van 01-02-2026 "
        "tot en met 31-03-2026). Klopt de datum, de makelaar, of de start- of einddatum in het "
        "register ('makelaar makelaars lijst')?"
    )
    niets_opgeslagen(met_periode)


def test_an_initiative_after_the_brokers_end_is_refused(met_periode: Omgeving) -> None:
    with met_periode.store.session() as session:
        make_makelaar(
            session,
            GEMEENTE,
            [WIJKEN[0]],
            code="UT-MK-06",
            naam="Gijs Kok",
            einddatum=dt.date(2026, 1, 31),
        )
    pad = schrijf_csv(
        met_periode.map / "initiatieven.csv",
        tabel(
            INITIATIEF,
            {"Makelaar": "UT-MK-06", "Datum": "31-01-2026"},
            {"Makelaar": "UT-MK-06", "Datum": "01-02-2026", "Initiatief": "Buurtkast"},
        ),
    )
    engels = met_periode.settings.model_copy(update={"locale": "en"})
    fout = fout_op(een(met_periode.importeer(pad, settings=engels)), 3, "Datum")
    assert fout.melding.startswith(
        "01-02-2026 lies outside the time broker UT-MK-06 is registered (until 31-01-2026)."
    )


def test_a_case_is_not_held_to_the_brokers_period(met_periode: Omgeving) -> None:
    """A household may have come in before its broker started (a case handed over)."""
    pad = schrijf_csv(
        met_periode.map / "casussen.csv", tabel({**CASUS, "Makelaar": "UT-MK-05"}, {})
    )
    assert een(met_periode.importeer(pad)).status is Status.INGELEZEN
    with met_periode.store.session() as session:
        assert session.scalar(select(func.count()).select_from(SocialeActie)) == 0
        assert session.scalar(select(func.count()).select_from(Casus)) == 1


def test_two_gemeenten_with_the_same_code_keep_their_own_rows(omgeving: Omgeving) -> None:
    """A code is unique per gemeente: a row's broker is the one of its wijk's gemeente, and two
    gemeenten's rows with the same code and ID are two rows, found again on a re-import."""
    with omgeving.store.session() as session:
        make_gemeente_with_wijken(session, 2, code="GM9996", naam="Buurdorp")
        ander_id = make_makelaar(session, "GM9996", ["WK999601"], code=MAKELAAR, naam="Joris").id
    eigen = schrijf_csv(
        omgeving.map / "eigen.csv", tabel({**ACTIE, "ID": "A-1", "Wijk": WIJKEN[0]}, {})
    )
    ander = schrijf_csv(
        omgeving.map / "ander.csv", tabel({**ACTIE, "ID": "A-1", "Wijk": "WK999601"}, {})
    )
    rapport = omgeving.importeer(eigen, ander)
    assert [b.status for b in rapport.bestanden] == [Status.INGELEZEN] * 2, [
        f.tekst() for b in rapport.bestanden for f in b.fouten
    ]
    with omgeving.store.session() as session:
        rijen = session.execute(
            select(SocialeActie.wijk_code, SocialeActie.makelaar_id).order_by(
                SocialeActie.wijk_code
            )
        ).all()
    [(wijk_ander, van_ander), (wijk_eigen, van_eigen)] = rijen
    assert (wijk_ander, van_ander, wijk_eigen) == ("WK999601", ander_id, WIJKEN[0])
    assert van_eigen != ander_id
    tellingen = omgeving.tel()
    omgeving.importeer(eigen, ander)  # again: both rows are found, nothing added
    opnieuw = omgeving.tel()
    assert opnieuw.pop("logboek_import") == tellingen.pop("logboek_import") + 2  # one per file
    assert opnieuw == tellingen
