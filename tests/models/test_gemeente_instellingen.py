"""A gemeente's own settings over the global ones (models.gemeente_instellingen), on SQLite and
PostgreSQL: validated as Settings validates the environment, a lower minimum cell size refused
and never applied, stored and reset per gemeente, another gemeente keeping the global values,
and the settings of a survey round's gemeente."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from makelaar.flows.cli_fouten import settings_error_line
from makelaar.models.gemeente_instellingen import (
    OngeldigeInstelling,
    controleer,
    eigen_waarden,
    instellingen_voor,
    instellingen_voor_enquete,
    overzicht,
    stel_in,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import GemeenteInstelling
from tests.factories import make_gemeente_with_wijken
from tests.forms.enquete_testing import open_ronde, opzet

EIGEN = {
    "locale": "en",
    "min_cell_size": "15",
    "mail_from": " Onderzoek  Engelstad <onderzoek@engelstad.nl> ",
    "public_url": "https://enquete.engelstad.nl",
    "contact": "Team Wijken,  14 030.",
    "contact_en": "District team, 14 030",
}


@pytest.fixture
def landelijk(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "min_cell_size": 10,
            "mail_from": "Onderzoek <landelijk@example.nl>",
            "public_url": "https://enquete.example.nl",
            "contact": "Landelijk team",
            "contact_en": "National team",
        }
    )


def test_values_are_read_as_settings_reads_them(landelijk: Settings) -> None:
    assert controleer(landelijk, EIGEN) == {
        "locale": "en",
        "min_cell_size": 15,
        "mail_from": "Onderzoek Engelstad <onderzoek@engelstad.nl>",
        "public_url": "https://enquete.engelstad.nl",
        "contact": "Team Wijken, 14 030",  # tidied as MAKELAAR_CONTACT is
        "contact_en": "District team, 14 030",
    }
    assert controleer(landelijk, {"locale": "", "min_cell_size": " "}) == {
        "locale": None,
        "min_cell_size": None,
    }
    assert controleer(landelijk, {"min_cell_size": "10"}) == {"min_cell_size": 10}  # = global


@pytest.mark.parametrize(
    ("veld", "waarde", "reden"),
    [
        ("locale", "de", "ongeldig"),
        ("min_cell_size", "9", "te_laag"),  # under the global 10: weaker suppression
        ("min_cell_size", "2", "ongeldig"),  # under Settings' own bound
        ("min_cell_size", "veel", "ongeldig"),
        ("mail_from", "onderzoek", "ongeldig"),
        ("public_url", "enquete.engelstad.nl", "ongeldig"),
        ("public_url", "ftp://enquete.engelstad.nl", "ongeldig"),
        ("public_url", "https://enquete.engelstad.nl/?bron=brief", "ongeldig"),
        ("contact", "Team Wijken\n14 030", "ongeldig"),
        ("contact_en", "x" * 201, "ongeldig"),
    ],
)
def test_invalid_values_are_refused(
    landelijk: Settings, veld: str, waarde: str, reden: str
) -> None:
    with pytest.raises(OngeldigeInstelling) as refused:
        controleer(landelijk, {"locale": "en", veld: waarde})
    assert (refused.value.veld, refused.value.waarde, refused.value.reden) == (veld, waarde, reden)


def test_the_environment_is_refused_the_same_values() -> None:
    for veld, waarde, wat in (
        ("public_url", "enquete.nl", "geen webadres; geef een adres dat begint met https://"),
        ("mail_from", "onderzoek", "geen afzender; geef één e-mailadres"),
    ):
        with pytest.raises(ValidationError) as refused:
            Settings.model_validate({veld: waarde})
        regel = settings_error_line(refused.value, "nl")  # as the CLI says it
        assert regel is not None
        assert regel.startswith(f"de instelling MAKELAAR_{veld.upper()} heeft waarde '{waarde}'; ")
        assert regel.split("; ", 1)[1].startswith(wat)


def test_a_gemeente_uses_its_own_values_and_another_the_global(
    store: Store, landelijk: Settings
) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9981", naam="Engelstad")
        make_gemeente_with_wijken(session, 1, code="GM9982", naam="Gewoonstad")
    with store.session() as session:
        stel_in(session, "GM9981", controleer(landelijk, EIGEN))

    eigen = instellingen_voor(store, landelijk, "GM9981")
    assert (eigen.locale, eigen.min_cell_size, eigen.public_url) == (
        "en",
        15,
        "https://enquete.engelstad.nl",
    )
    assert eigen.mail_from == "Onderzoek Engelstad <onderzoek@engelstad.nl>"
    assert (eigen.contactregel("nl"), eigen.contactregel("en")) == (
        "Team Wijken, 14 030",
        "District team, 14 030",
    )
    assert eigen.output_dir == landelijk.output_dir  # what a gemeente cannot set stays global
    assert instellingen_voor(store, landelijk, "GM9982") is landelijk
    assert instellingen_voor(store, landelijk, "GM0000") is landelijk  # unknown: global

    # '' resets one value; the others stay; a Dutch contact of its own serves English too
    with store.session() as session:
        stel_in(session, "GM9981", controleer(landelijk, {"public_url": "", "contact_en": ""}))
        herzien = instellingen_voor(session, landelijk, "GM9981")
        assert set(eigen_waarden(session, "GM9981")) == {
            "locale",
            "min_cell_size",
            "mail_from",
            "contact",
        }
    assert herzien.public_url == "https://enquete.example.nl"
    assert herzien.contactregel("en") == "Team Wijken, 14 030"  # not the national team's
    assert herzien.min_cell_size == 15


def test_a_lower_min_cell_size_never_applies(store: Store, landelijk: Settings) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9983", naam="Strengstad")
        stel_in(session, "GM9983", {"min_cell_size": 12})
    assert instellingen_voor(store, landelijk, "GM9983").min_cell_size == 12
    strenger = landelijk.model_copy(update={"min_cell_size": 20})  # the programme raised it since
    assert instellingen_voor(store, strenger, "GM9983").min_cell_size == 20
    with store.session() as session:
        regels = {i.veld: i for i in overzicht(strenger, eigen_waarden(session, "GM9983"))}
    assert (regels["min_cell_size"].waarde, regels["min_cell_size"].herkomst) == (20, "landelijk")
    assert regels["min_cell_size"].eigen == 12
    assert regels["locale"].herkomst == "landelijk"


def test_the_database_refuses_what_settings_would(store: Store) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9984", naam="Checkstad")
    for waarden in ({"locale": "de"}, {"min_cell_size": 2}):
        with pytest.raises(IntegrityError), store.session() as session:
            session.add(GemeenteInstelling(gemeente_code="GM9984", **waarden))
            session.flush()


def test_a_survey_round_has_the_settings_of_its_gemeente(store: Store, landelijk: Settings) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o)
    with store.session() as session:
        stel_in(session, o.gemeente, {"locale": "en", "public_url": "https://e.enquetestad.nl"})
    voor = instellingen_voor_enquete(store, landelijk, ronde.id)
    assert (voor.locale, voor.public_url) == ("en", "https://e.enquetestad.nl")
    assert instellingen_voor_enquete(store, landelijk, ronde.id + 1) is landelijk  # no such round
