"""The casusregie cycle's inputs: case files refused whole with every error placed, imported
again as updates; the gemeente's settings file refused with key, value and what is valid; the
exact interval of the median."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from scipy.stats import binom

from makelaar.cycles.casusregie import CasusregieCycle
from makelaar.cycles.casusregie.importeren import Casusimport, Soort, importeer
from makelaar.cycles.casusregie.indicatoren import mediaan_interval
from makelaar.cycles.casusregie.instellingen import laad_instellingen, schrijf_voorbeeld
from makelaar.cycles.casusregie.tabellen import casus, tevredenheid
from makelaar.intake.importeur import Status
from makelaar.models.errors import MakelaarError
from makelaar.models.privacy import Pseudonymiser
from makelaar.models.store import Store

WOERDEN = "GM0632"
VANDAAG = dt.date(2026, 12, 6)
SLEUTEL = Pseudonymiser(b"k" * 32)
KOP = (
    "huishouden;wijk;makelaar;gemeld op;eerste contact op;afgesloten op;aanbieders start;"
    "aanbieders einde;eigen netwerk;vrijwilligers;professionals;volgens werkwijze\n"
)
GOED = (
    "W-2026-001;Molenvliet;WRD-01;03-02-2026;05-02-2026;20-04-2026;5;2;ja;nee;ja;ja\n"
    "W-2026-002;Harmelen;WRD-02;10-02-2026;11-02-2026;;4;;nee;ja;ja;ja\n"
)


@pytest.fixture
def casusstore(store: Store) -> Store:
    store.upgrade([CasusregieCycle.migraties])
    return store


def _rijen(store: Store, tabel: sa.Table) -> list[sa.Row[tuple[object, ...]]]:
    with store.connection() as db:
        return list(db.execute(sa.select(tabel).order_by(tabel.c.id)).all())


def _import(store: Store, pad: Path, soort: Soort = "casussen", locale: str = "nl") -> Casusimport:
    return importeer(
        store,
        pad,
        soort=soort,
        gemeente_code=WOERDEN,
        pseudoniemen=SLEUTEL,
        locale=locale,
        vandaag=VANDAAG,
    )


def test_a_bad_row_refuses_the_whole_file_naming_where_and_what_is_valid(
    casusstore: Store, tmp_path: Path
) -> None:
    pad = tmp_path / "casussen.csv"
    pad.write_text(
        KOP
        + GOED
        + "W-2026-003;Kamerik;Jan de Vries;12-02-2026;11-02-2026;;4;;misschien;nee;ja;ja\n"
        + "W-2026-004;Kamerik;WRD-03;12-02-2026;13-02-2026;01-05-2026;4;;ja;nee;ja;ja\n",
        encoding="utf-8",
    )

    rapport = _import(casusstore, pad)

    assert rapport.status is Status.GEWEIGERD and rapport.opgeslagen == 0
    fouten = {(f.rij, f.kolom): f for f in rapport.fouten}
    assert set(fouten) == {(4, "makelaar"), (4, "eigen netwerk"), (5, "aanbieders einde")}
    makelaar = fouten[(4, "makelaar")]
    assert makelaar.bestand == "casussen.csv" and makelaar.waarde == "Jan de Vries"
    assert "geen makelaarcode" in makelaar.melding and "WRD-01" in makelaar.melding
    assert "verwacht ja of nee" in fouten[(4, "eigen netwerk")].melding
    assert "aantal aanbieders bij afsluiting" in fouten[(5, "aanbieders einde")].tekst()
    assert "rij 5" in fouten[(5, "aanbieders einde")].tekst()
    assert _rijen(casusstore, casus) == []  # nothing half-written


def test_contact_before_the_report_is_refused_in_english(casusstore: Store, tmp_path: Path) -> None:
    pad = tmp_path / "casussen.csv"
    pad.write_text(KOP + "W-9;Molenvliet;WRD-01;03-02-2026;01-02-2026;;5;;ja;nee;ja;ja\n")

    rapport = _import(casusstore, pad, locale="en")

    (fout,) = rapport.fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (2, "eerste contact op", "01-02-2026")
    assert "before the report" in fout.melding and "on or after" in fout.melding


def test_a_good_file_is_stored_under_pseudonyms_and_updated_when_imported_again(
    casusstore: Store, tmp_path: Path
) -> None:
    pad = tmp_path / "casussen.xlsx"
    boek = openpyxl.Workbook()
    blad = boek.active
    assert blad is not None
    for regel in (KOP + GOED).splitlines():
        blad.append(regel.split(";"))
    boek.save(pad)

    eerste = _import(casusstore, pad)
    assert (eerste.status, eerste.nieuw, eerste.bijgewerkt) == (Status.INGELEZEN, 2, 0)
    rijen = _rijen(casusstore, casus)
    assert all("W-2026" not in r.huishouden and len(r.huishouden) == 64 for r in rijen)
    assert rijen[0].afgesloten_op == dt.date(2026, 4, 20) and rijen[1].afgesloten_op is None

    blad["F3"], blad["H3"] = "30-06-2026", "1"  # the second case closed since
    boek.save(pad)
    tweede = _import(casusstore, pad)

    assert (tweede.nieuw, tweede.bijgewerkt) == (0, 2)
    rijen = _rijen(casusstore, casus)
    assert len(rijen) == 2 and rijen[1].aanbieders_einde == 1


def test_survey_answers_off_the_scale_are_refused(casusstore: Store, tmp_path: Path) -> None:
    pad = tmp_path / "tevredenheid.csv"
    pad.write_text(
        "huishouden;beantwoord op;snelheid;eigen verantwoordelijkheid;netwerk betrokken\n"
        "W-2026-001;01-05-2026;4;5;ja\n"
        "W-2026-002;01-05-2026;7;3;nee\n"
    )

    rapport = _import(casusstore, pad, soort="tevredenheid")

    (fout,) = rapport.fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (3, "snelheid", "7")
    assert "van 1 tot en met 5" in fout.melding
    assert _rijen(casusstore, tevredenheid) == []


def test_the_example_settings_load_and_a_bad_file_names_key_value_and_valid(
    tmp_path: Path,
) -> None:
    pad = schrijf_voorbeeld(tmp_path / "GM0632.yaml", WOERDEN, "Pilot: Woerden")
    instellingen = laad_instellingen(pad, gemeente=WOERDEN)
    assert instellingen.pilot == "Pilot: Woerden" and instellingen.criteria.samenwerking == 3.5

    slecht = tmp_path / "slecht.yaml"
    slecht.write_text(
        "gemeente: GM0632\nschaal: 5\ncriteria:\n  tevredenheid_snelheid: 7\n"
        "  eigen_netwerk_pct: honderd\n  aanbieders_omlaag: 1\n"
    )
    with pytest.raises(MakelaarError) as fout:
        laad_instellingen(slecht)
    tekst = str(fout.value)
    assert "sleutel 'criteria.eigen_netwerk_pct' heeft de ongeldige waarde 'honderd'" in tekst
    assert "een percentage van 0 tot en met 100" in tekst
    assert "sleutel 'criteria.aanbieders_omlaag' is onbekend" in tekst
    assert "aanbieders_minder" in tekst  # the valid keys

    slecht.write_text("gemeente: GM0632\ncriteria:\n  tevredenheid_snelheid: 7\n")
    with pytest.raises(
        MakelaarError,
        match=r"'criteria.tevredenheid_snelheid'.* waarde 7; geldig: een score van 1 tot en met 5",
    ):
        laad_instellingen(slecht)
    with pytest.raises(MakelaarError, match=r"key 'gemeente'.*'GM0632'.*valid: GM0344"):
        laad_instellingen(pad, gemeente="GM0344", taal="en")
    slecht.write_text("gemeente: [GM0632\n")
    with pytest.raises(MakelaarError, match=r"geen geldige YAML \(regel 2\)"):
        laad_instellingen(slecht)


@pytest.mark.parametrize("n", [6, 10, 12, 25])
def test_the_median_interval_is_exact(n: int) -> None:
    waarden = [float(i) for i in range(1, n + 1)]
    interval = mediaan_interval(waarden)
    assert interval is not None
    r = int(interval[0])  # the values are their own ranks
    assert interval[1] == n + 1 - r
    assert 1 - 2 * binom.cdf(r - 1, n, 0.5) >= 0.95  # it covers at least 95%
    assert 1 - 2 * binom.cdf(r, n, 0.5) < 0.95  # and is the narrowest that does
    assert mediaan_interval(waarden[:5]) is None  # five cannot give 95%
