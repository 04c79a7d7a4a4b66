"""`makelaar gemeente instellen CODE --taal/--min-cel/--afzender/--publieke-url/--enquete-contact
[-en]` and `gemeente toon CODE`: a gemeente's own settings over the global MAKELAAR_* ones, stored
in the shared database (SQLite and PostgreSQL), shown with where each value comes from; a value
the environment would not accept, or a minimum cell size under the global one, refused in one
line with nothing stored; `enquete stand` hides small wijken by each round's gemeente's own
minimum. The CLI runs in this process, through its entry point."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from makelaar.flows.cli import main
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.tables import GemeenteInstelling, GemeenteUitgave, Uitnodiging
from tests.factories import make_gemeente_with_wijken
from tests.flows.cli_testing import in_process, use
from tests.forms.enquete_testing import KEY, open_ronde, opzet

GLOBAAL = {
    "MAKELAAR_MIN_CELL_SIZE": "10",
    "MAKELAAR_MAIL_FROM": "Onderzoek <landelijk@example.nl>",
    "MAKELAAR_PUBLIC_URL": "https://enquete.example.nl",
    "MAKELAAR_CONTACT": "Landelijk team",
}


@pytest.fixture
def cli(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The CLI on the test's store (SQLite, then PostgreSQL), with Engelstad and Gewoonstad in it
    and the global settings GLOBAAL (MAKELAAR_CONTACT_EN unset)."""
    in_process(monkeypatch, tmp_path)
    monkeypatch.setenv("MAKELAAR_DATABASE_URL", store.url)
    for naam, waarde in GLOBAAL.items():
        monkeypatch.setenv(naam, waarde)
    for naam in ("MAKELAAR_CONTACT_EN", "MAKELAAR_LOCALE"):
        monkeypatch.delenv(naam, raising=False)
    get_settings.cache_clear()
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9971", naam="Engelstad")
        make_gemeente_with_wijken(session, 1, code="GM9972", naam="Gewoonstad")
    return store


def makelaar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[str], list[str]]:
    """`makelaar ARGS` through the entry point: exit code, stdout lines, stderr lines."""
    monkeypatch.setattr(sys, "argv", ["makelaar", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exited:
        code = exited.code
    assert isinstance(code, int)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def row(store: Store, code: str = "GM9971") -> GemeenteInstelling | None:
    with store.session() as session:
        found = session.get(GemeenteInstelling, code)
        if found is not None:
            session.expunge(found)
        return found


def test_set_show_and_reset_the_settings_of_one_gemeente(
    cli: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = makelaar(
        monkeypatch,
        capsys,
        *("gemeente", "instellen", "GM9971", "--taal", "en", "--min-cel", "15"),
        *("--afzender", "Onderzoek Engelstad <onderzoek@engelstad.nl>"),
        *("--publieke-url", "https://enquete.engelstad.nl", "--enquete-contact", "Team Wijken"),
    )
    assert code == 0, err
    assert out == [
        "Instellingen van Engelstad (GM9971) voor rondes, enquêtes, brieven en mails:",
        "  taal                     en                                            (gemeente)",
        "  minimale celgrootte      15                                            (gemeente)",
        "  afzender                 Onderzoek Engelstad <onderzoek@engelstad.nl>  (gemeente)",
        "  publieke url             https://enquete.engelstad.nl                  (gemeente)",
        "  enquêtecontact           Team Wijken                                   (gemeente)",
        "  enquêtecontact (Engels)  (de Nederlandse contactregel)                 (gemeente)",
    ]
    stored = row(cli)
    assert stored is not None
    assert (stored.locale, stored.min_cell_size, stored.public_url, stored.contact_en) == (
        "en",
        15,
        "https://enquete.engelstad.nl",
        None,
    )
    with cli.session() as session:  # the publication was not touched: no row made for it
        assert session.get(GemeenteUitgave, "GM9971") is None

    # '' gives a value back to the programme; what is not given stays
    code, out, err = makelaar(
        monkeypatch, capsys, "gemeente", "instellen", "GM9971", "--publieke-url", ""
    )
    assert code == 0, err
    stored = row(cli)
    assert stored is not None and stored.public_url is None and stored.locale == "en"

    use(monkeypatch, "en")
    code, out, err = makelaar(monkeypatch, capsys, "gemeente", "toon", "GM9971")
    assert code == 0, err
    assert out[0].startswith("Engelstad (GM9971) has no publication settings;")
    assert out[1:] == [
        "Settings of Engelstad (GM9971) for rounds, surveys, letters and mails:",
        "  language                  en                                            (municipality)",
        "  minimum cell size         15                                            (municipality)",
        "  sender                    Onderzoek Engelstad <onderzoek@engelstad.nl>  (municipality)",
        "  public URL                https://enquete.example.nl                    "
        "(global: MAKELAAR_PUBLIC_URL)",
        "  survey contact            Team Wijken                                   (municipality)",
        "  survey contact (English)  (the Dutch contact line)                      (municipality)",
    ]

    # another gemeente of the programme keeps every global value
    code, out, err = makelaar(monkeypatch, capsys, "gemeente", "toon", "GM9972")
    assert code == 0, err
    assert out[2:] == [
        "  language                  en                                (global: MAKELAAR_LOCALE)",
        "  minimum cell size         10                                "
        "(global: MAKELAAR_MIN_CELL_SIZE)",
        "  sender                    Onderzoek <landelijk@example.nl>  (global: MAKELAAR_MAIL_FROM)",
        "  public URL                https://enquete.example.nl        "
        "(global: MAKELAAR_PUBLIC_URL)",
        "  survey contact            Landelijk team                    (global: MAKELAAR_CONTACT)",
        "  survey contact (English)  (the Dutch contact line)          "
        "(global: MAKELAAR_CONTACT_EN)",
    ]
    assert row(cli, "GM9972") is None


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (
            ["--publieke-url", "enquete.engelstad.nl"],
            "Fout: --publieke-url 'enquete.engelstad.nl' is geen webadres; geef een adres dat "
            "begint met https:// of http://, zonder ? of #, bijvoorbeeld "
            "https://enquete.utrecht.nl.",
        ),
        (
            ["--min-cel", "8"],
            "Fout: --min-cel '8' is lager dan de landelijke minimale celgrootte 10 "
            "(MAKELAAR_MIN_CELL_SIZE); een gemeente mag kleine aantallen alleen strenger "
            "onderdrukken: geef 10 of meer, of '' voor de landelijke waarde.",
        ),
        (
            ["--taal", "de"],
            "Fout: --taal 'de' is geen taal van makelaar; geef nl of en, of '' voor de "
            "landelijke instelling (MAKELAAR_LOCALE).",
        ),
        (
            ["--afzender", "onderzoek"],
            "Fout: --afzender 'onderzoek' is geen afzender; geef één e-mailadres, eventueel met "
            "een naam ervoor, bijvoorbeeld 'Onderzoek Utrecht <onderzoek@utrecht.nl>'.",
        ),
        (
            ["--enquete-contact-en", "Team\nWijken"],
            "Fout: --enquete-contact-en 'Team\\nWijken' is geen contactregel; geef één regel van "
            "hoogstens 200 tekens, bijvoorbeeld 'Team Wijkonderzoek, 030 286 0000 of "
            "wijkonderzoek@utrecht.nl'.",
        ),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_stored(
    cli: Store,
    args: list[str],
    melding: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # a valid value beside the bad one is not stored either, nor the publication's name
    code, out, err = makelaar(
        monkeypatch,
        capsys,
        *("gemeente", "instellen", "GM9971", "--taal", "en", "--naam", "Gemeente E", *args),
    )
    assert (code, out, err) == (1, [], [melding])
    assert row(cli) is None
    with cli.session() as session:
        assert session.get(GemeenteUitgave, "GM9971") is None


def test_a_refusal_in_english(
    cli: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, "en")
    code, _, err = makelaar(
        monkeypatch, capsys, "gemeente", "instellen", "GM9971", "--min-cel", "drie"
    )
    assert (code, err) == (
        1,
        [
            "Error: --min-cel 'drie' is not a whole number of at least 3; give a number of at "
            "least 10 (MAKELAAR_MIN_CELL_SIZE), for example 15."
        ],
    )
    assert row(cli) is None


def test_the_response_state_suppresses_by_each_gemeente_s_own_minimum(
    cli: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", KEY)
    get_settings.cache_clear()
    streng, gewoon = opzet(cli), opzet(cli, form_id="tweede")
    with cli.session() as session:
        stel_in(session, streng.gemeente, {"min_cell_size": 15})
    for o in (streng, gewoon):
        ronde = open_ronde(cli, o, Publiek.BEWONERS, modus=EnqueteModus.IDENTIFICEERBAAR)
        with cli.session() as session:  # 12 invited in one wijk: over 10, under 15
            session.add_all(
                Uitnodiging(
                    enquete_ronde_id=ronde.id,
                    contact=f"{o.gemeente}-{i}",
                    wijk_code=o.wijken[0],
                    kanaal=Kanaal.LIJST,
                )
                for i in range(12)
            )
    code, out, err = makelaar(monkeypatch, capsys, "enquete", "stand")
    assert code == 0, err
    legenda = "  '.' = minder dan {n} uitgenodigd (of af te leiden uit het totaal): niet getoond"
    tabellen = "\n".join(out).split("Enquêteronde ")[1:]
    assert [t.split("\n")[2].split() for t in tabellen] == [
        ["(totaal)", ".", ".", ".", "."],  # the strict gemeente's round: hidden, its own legend
        ["(totaal)", "12", "0", "0", "0%"],  # the other: shown under the global 10
    ]
    assert tabellen[0].rstrip("\n").endswith(legenda.format(n=15))
    assert legenda.format(n=10) not in out  # nothing was hidden under the global minimum
