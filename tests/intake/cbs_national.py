"""A generated CBS *Kerncijfers wijken en buurten* file in the layout of the national kwb-YYYY.xlsx.

The real national file (CBS, kwb-2024.xlsx) is one sheet named after the edition ('KWB2024')
holding an Excel table: the header on row 1 (the 121 columns below, gwb_code_10 … ste_oad, as in
the Utrecht cut makelaar ships), on row 2 the national total (gwb_code_10 'NL00', regio and
gm_naam 'Nederland', recs 'Land'), then every gemeente in code order: its Gemeente row, and per
wijk its Wijk row followed by its buurten. Codes and names are text, figures numbers, and '.' marks
a value CBS suppressed or does not have (in the 2024 edition whole columns, such as income and
Wmo, are '.' until CBS adds them; small buurten have '.' for all but their inhabitants).

The sizes follow the real file on average: 340 gemeenten give about 3,300 wijken and 14,500
buurten. Used by tests/intake/test_cbs_national.py (a dozen gemeenten) and bench/cbs_national.py
(all of them). Deterministic for a seed.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

_COLUMN_NAMES = """
    gwb_code_10 gwb_code_8 regio gm_naam recs gwb_code ind_wbi a_inw a_man a_vrouw a_00_14 a_15_24
    a_25_44 a_45_64 a_65_oo a_ongeh a_gehuwd a_gesch a_verwed a_nl_all a_eur_al a_neu_al a_geb_nl
    a_geb_eu a_geb_ne a_gbl_eu a_gbl_ne a_geb p_geb a_ste p_ste a_hh a_1p_hh a_hh_z_k a_hh_m_k
    g_hhgro bev_dich a_woning g_wozbag p_1gezw p_mgezw p_bewndw p_leegsw p_koopw p_huurw p_wcorpw
    p_ov_hw p_e_o_w p_bjj2k p_bjo2k g_ele g_ele_ap g_ele_tw g_ele_hw g_ele_2w g_ele_vw g_ele_hu
    g_ele_ko g_gas g_gas_ap g_gas_tw g_gas_hw g_gas_2w g_gas_vw g_gas_hu g_gas_ko p_stadsv
    a_opl_lg a_opl_md a_opl_hg p_arb_pp p_arb_wn p_arb_zs a_inkont g_ink_po g_ink_pi p_ink_li
    p_ink_hi g_hh_sti p_hh_li p_hh_hi p_hh_lkk p_hh_osm p_hh_110 p_hh_120 m_hh_ver a_soz_wb
    a_soz_ao a_soz_ww a_soz_ow a_jz_tn p_jz_tn a_wmo_t p_wmo_t a_bedv a_bed_a a_bed_bf a_bed_gi
    a_bed_hj a_bed_kl a_bed_mn a_bed_oq a_bed_ru a_pau a_bst_b a_bst_nb g_pau_hh g_pau_km a_m2w
    g_afs_hp g_afs_gs g_afs_kv g_afs_sc g_3km_sc a_opp_ha a_lan_ha a_wat_ha pst_mvp pst_dekp
    ste_mvs ste_oad
"""
#: the 121 columns of the 2024 edition, in the file's order
COLUMNS: tuple[str, ...] = tuple(_COLUMN_NAMES.split())
#: the counts makelaar imports, as a share of a region's inhabitants (a_hh: of its households)
_SHARES: dict[str, float] = {
    "a_00_14": 0.16,
    "a_15_24": 0.12,
    "a_25_44": 0.26,
    "a_45_64": 0.26,
    "a_65_oo": 0.20,
    "a_neu_al": 0.15,
    "a_geb_ne": 0.07,
    "a_wmo_t": 0.07,
}
#: a buurt with fewer inhabitants shows only their number; CBS suppresses its other figures
SMALL_BUURT = 50
SUPPRESSED = "."


@dataclass
class NationalFile:
    """What was written: the file, and per region what makelaar should read back."""

    path: Path
    sheet: str
    gemeenten: list[str] = field(default_factory=list)  # codes in file order
    names: dict[str, str] = field(default_factory=dict)  # code -> regio
    wijken: dict[str, list[str]] = field(default_factory=dict)  # gemeente -> wijk codes
    buurten: dict[str, list[str]] = field(default_factory=dict)  # wijk -> buurt codes
    #: code -> the imported columns' cells as written (a number or '.')
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def wijk_count(self) -> int:
        return sum(len(codes) for codes in self.wijken.values())

    @property
    def buurt_count(self) -> int:
        return sum(len(codes) for codes in self.buurten.values())

    @property
    def rows(self) -> int:
        """Data rows below the header, the national total included."""
        return 1 + len(self.gemeenten) + self.wijk_count + self.buurt_count

    def regions_of(self, gemeente: str) -> int:
        """The gemeente's rows: itself, its wijken and their buurten."""
        wijken = self.wijken[gemeente]
        return 1 + len(wijken) + sum(len(self.buurten[w]) for w in wijken)


def gemeente_codes(count: int, seed: int = 2024) -> list[str]:
    """`count` gemeente codes spread like the real ones (GM0014 … GM1980), in code order."""
    return [f"GM{n:04d}" for n in sorted(random.Random(seed).sample(range(3, 1990), count))]


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def _buurt_figures(rng: random.Random) -> dict[str, Any]:
    small = rng.random() < 0.08
    inwoners = _round5(rng.uniform(0, SMALL_BUURT - 5)) if small else _round5(rng.uniform(60, 6000))
    if small:  # CBS shows the inhabitants of a small buurt and suppresses the rest
        figures: dict[str, Any] = dict.fromkeys(
            (*_SHARES, "a_hh", "a_1p_hh", "p_hh_li"), SUPPRESSED
        )
        return figures | {"a_inw": inwoners}
    households = _round5(inwoners * rng.uniform(0.35, 0.65))
    figures = {"a_inw": inwoners, "a_hh": households}
    figures["a_1p_hh"] = _round5(households * rng.uniform(0.2, 0.6))
    for column, share in _SHARES.items():
        figures[column] = _round5(inwoners * share * rng.uniform(0.6, 1.4))
    figures["p_hh_li"] = round(rng.uniform(1, 25), 1)
    if rng.random() < 0.15:  # a figure CBS suppressed in an otherwise shown buurt
        figures[rng.choice(("a_wmo_t", "p_hh_li", "a_geb_ne"))] = SUPPRESSED
    return figures


def _total(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """A wijk's or gemeente's counts: the sum of its parts ('.' counts as 0); the share of low
    incomes their mean, '.' when none of them has it."""
    figures: dict[str, Any] = {
        column: sum(p[column] for p in parts if p[column] != SUPPRESSED)
        for column in ("a_inw", "a_hh", "a_1p_hh", *_SHARES)
    }
    shown = [p["p_hh_li"] for p in parts if p["p_hh_li"] != SUPPRESSED]
    figures["p_hh_li"] = round(sum(shown) / len(shown), 1) if shown else SUPPRESSED
    return figures


def _row(code: str, naam: str, gemeente: str, recs: str, figures: dict[str, Any]) -> list[Any]:
    fixed = {
        "gwb_code_10": code,
        "gwb_code_8": code[2:],
        "regio": naam,
        "gm_naam": gemeente,
        "recs": recs,
        "gwb_code": code,
        "ind_wbi": SUPPRESSED if recs == "Land" else 1,
    }
    inwoners = figures.get("a_inw", 0)
    shown = isinstance(inwoners, int) and inwoners >= SMALL_BUURT
    extra = {  # a few of the columns makelaar does not import, so the row is not all dots
        "a_man": inwoners // 2 if shown else SUPPRESSED,
        "a_vrouw": inwoners - inwoners // 2 if shown else SUPPRESSED,
        "g_hhgro": 2.1 if shown else SUPPRESSED,
        "ste_mvs": 3,
        "ste_oad": 1500,
    }
    values = fixed | extra | figures
    return [values.get(column, SUPPRESSED) for column in COLUMNS]


def write_national(
    path: Path,
    *,
    gemeenten: int = 12,
    sheet: str = "KWB2024",
    seed: int = 2024,
    wijken: tuple[int, int] = (1, 18),
    buurten: tuple[int, int] = (1, 8),
) -> NationalFile:
    """Write a national-layout kwb file with `gemeenten` gemeenten to `path`, as sheet `sheet`.

    Each gemeente gets a random number of wijken in `wijken` (inclusive) and each wijk of buurten
    in `buurten`; the defaults give the real file's about 9.7 wijken per gemeente and 4.4 buurten
    per wijk.
    """
    rng = random.Random(seed)
    written = NationalFile(path=path, sheet=sheet)
    gemeente_rows: list[list[list[Any]]] = []
    for gemeente in gemeente_codes(gemeenten, seed):
        naam = f"Gemeente {gemeente[2:]}"
        rows: list[list[Any]] = []
        wijk_figures: list[dict[str, Any]] = []
        written.wijken[gemeente] = []
        for w in range(rng.randint(*wijken)):
            wijk = f"WK{gemeente[2:]}{w:02d}"
            written.wijken[gemeente].append(wijk)
            buurt_rows: list[list[Any]] = []
            buurt_figures: list[dict[str, Any]] = []
            written.buurten[wijk] = []
            for b in range(rng.randint(*buurten)):
                buurt = f"BU{wijk[2:]}{b:02d}"
                written.buurten[wijk].append(buurt)
                written.names[buurt] = f"Buurt {b} van wijk {w:02d}"
                figures = _buurt_figures(rng)
                written.figures[buurt] = figures
                buurt_figures.append(figures)
                buurt_rows.append(_row(buurt, written.names[buurt], naam, "Buurt", figures))
            written.names[wijk] = f"Wijk {w:02d} {naam}"
            written.figures[wijk] = _total(buurt_figures)
            wijk_figures.append(written.figures[wijk])
            rows += [_row(wijk, written.names[wijk], naam, "Wijk", written.figures[wijk])]
            rows += buurt_rows
        written.gemeenten.append(gemeente)
        written.names[gemeente] = naam
        totals = _total(wijk_figures) | {"p_hh_li": SUPPRESSED}  # as CBS: income is '.'
        if rng.random() < 0.5:
            totals["a_wmo_t"] = SUPPRESSED
        written.figures[gemeente] = totals
        gemeente_rows.append([_row(gemeente, naam, naam, "Gemeente", totals), *rows])
    national = _total([written.figures[g] for g in written.gemeenten])
    body = [_row("NL00", "Nederland", "Nederland", "Land", national)]
    for rows in gemeente_rows:
        body += rows
    _save(path, sheet, body)
    return written


def _save(path: Path, sheet: str, body: list[list[Any]]) -> None:
    """The rows under the header in one sheet holding an Excel table, as CBS publishes it."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(COLUMNS))
    for row in body:
        worksheet.append(row)
    last = f"{get_column_letter(len(COLUMNS))}{len(body) + 1}"
    table = Table(displayName="Kerncijfers", ref=f"A1:{last}")
    # write-only sheets do not read the header back: name the table's columns here
    table.tableColumns = [TableColumn(id=i, name=name) for i, name in enumerate(COLUMNS, start=1)]
    table.autoFilter = AutoFilter(ref=table.ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    with warnings.catch_warnings():  # openpyxl warns in write-only mode, columns named or not
        warnings.simplefilter("ignore", UserWarning)
        worksheet.add_table(table)
    workbook.save(path)
