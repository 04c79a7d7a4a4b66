"""Findings of the buurtmeter: what the indicators and the wijkanalyse show, each with its evidence.

A finding is raised only when the 95% interval says so (cycles.onzekerheid):
- a wijk differs from the gemeente when the interval of its difference with the rest of the
  gemeente (the gemeente without that wijk, an independent sample) excludes no difference, and
  its own interval excludes the gemeente's figure;
- a figure changed since the previous round when the interval of the difference excludes no
  difference and the figure's own interval excludes the previous figure;
- a gemeente figure is beyond a threshold when its whole interval is.

Every declared indicator with a statistic is checked for every wijk (`afwijkingen`,
`veranderingen`). Which of those differences become findings (`afwijkingsbevindingen`):
- worse than the gemeente or than the previous round (by the indicator's `beter`): "aandacht";
- better than the gemeente: "sterk", for the wijk that scores best (one example per indicator);
  better than the previous round: "sterk";
- an indicator without a better direction (actions per 1,000, partners per action) is a finding
  only through a rule that gives it one: actions per 1,000 below the gemeente's in a wijk the
  wijkanalyse ranks in its upper third (`inzet-onder-opgave`), fewer actions than the previous
  round (`daling-acties`);
- the reach of a doelgroep differs between wijken because their populations differ: it is a
  finding only against the group's share of the wijk's population (CBS: 65 and older, for
  ouderen; `ouderen-onderbereik`).
Every finding's text carries its figures with their interval and n, in the round's language
(Dutch by default, English when the settings' locale is 'en') and its number format.
Suppressed values never count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from makelaar.cycles.buurtmeter.afwijkingen import (
    BETROUWBAARHEID,
    SECTIE_DOELGROEPEN,
    SECTIE_INITIATIEVEN,
    SECTIE_SIGNALEN,
    SECTIE_SOCIALE_ACTIES,
    SECTIE_WIJKANALYSE,
    afwijkingen,
    afwijkingsbevindingen,
    ander_tekst,
    bewijs,
    eigen_tekst,
    met_onzekerheid,
    nl,
    published,
    veranderingen,
    vergelijking_tekst,
)
from makelaar.cycles.indicators import INDICATORS, lookup
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.cycles.onzekerheid import Interval, interval_van, verschil_met_norm
from makelaar.cycles.wijkanalyse import COMPONENTS, WijkScore, upper_third
from makelaar.models.schemas import Finding, IndicatorValue
from makelaar.models.taal import Taal, in_taal

__all__ = [
    "DREMPEL_SIGNALEN_OPGEPAKT_PCT",
    "DREMPEL_ZONDER_DOORGANG_PCT",
    "SECTIE_DOELGROEPEN",
    "SECTIE_INITIATIEVEN",
    "SECTIE_SIGNALEN",
    "SECTIE_SOCIALE_ACTIES",
    "SECTIE_WIJKANALYSE",
    "find",
    "methode_drempels",
    "nl",
]

#: thresholds the rules use, in one place so the methods appendix can state them: a gemeente
#: figure is a finding when its whole 95% interval lies beyond the threshold
DREMPEL_ZONDER_DOORGANG_PCT = 25.0
DREMPEL_SIGNALEN_OPGEPAKT_PCT = 85.0


#: the wijkanalyse's components as English readers read them (cycles.wijkanalyse.COMPONENTS)
COMPONENTS_EN: dict[str, str] = {
    "pct_65_plus": "aged 65 and over",
    "pct_eenpersoons": "single-person households",
    "pct_huishoudens_laag_inkomen": "low-income households",
    "wmo_per_1000": "Wmo clients per 1,000 inhabitants",
    "pct_herkomst_buiten_europa": "origin outside Europe",
}


def methode_drempels(taal: Taal = "nl") -> str:
    """How findings are decided, in one line for the methods figures of an edition."""
    zonder = f"{DREMPEL_ZONDER_DOORGANG_PCT:.0f}%"
    opgepakt = f"{DREMPEL_SIGNALEN_OPGEPAKT_PCT:.0f}%"
    return in_taal(
        taal,
        f"een verschil is een bevinding als het {BETROUWBAARHEID}-interval van het verschil 0 niet "
        "bevat (bij aantallen en cijfers per 1.000: dat van de verhouding 1 niet; wijk tegen de "
        "rest van de gemeente, ronde tegen vorige ronde per dag) en het interval van "
        f"het cijfer zelf het vergeleken cijfer niet bevat; initiatieven zonder doorgang > {zonder} "
        f"en signalen opgepakt < {opgepakt}, met het hele interval aan die kant",
        f"a difference is a finding when the {BETROUWBAARHEID} interval of the difference does "
        "not contain 0 (for counts and figures per 1,000: that of the ratio does not contain 1; "
        "wijk against the rest of the municipality, round against the previous round per day) "
        "and the interval of the figure itself does not contain the figure it is compared with; "
        f"initiatives that did not go ahead > {zonder} and signals taken up < {opgepakt}, with "
        "the whole interval on that side",
    )


# --- the buurtmeter's rules -----------------------------------------------------------------------


def find(
    *,
    gemeente_code: str,
    wijken: Sequence[WijkInfo],
    profielen: dict[str, Profiel],
    indicatoren: Sequence[IndicatorValue],
    redenen_zonder_doorgang: Sequence[tuple[str, int]],
    wijkanalyse: Sequence[WijkScore] = (),
    vorige: Sequence[IndicatorValue] = (),
    dagen: tuple[int, int] = (1, 1),
    taal: Taal = "nl",
) -> list[Finding]:
    """The buurtmeter's findings on the logbook's indicators (suppressed values never count):
    every difference the intervals support (`afwijkingsbevindingen`) and the rules that weigh a
    figure against the wijk's profile, the wijkanalyse or a threshold. `dagen`: the days observed
    in this round and in the previous one (counts are compared per day); `taal`: the language of
    the titles and texts."""
    values = lookup(indicatoren)
    alle = afwijkingen(INDICATORS, values, gemeente_code=gemeente_code, wijken=wijken)
    codes = [w.code for w in wijken]
    gedaald = veranderingen({"acties": INDICATORS["acties"]}, values, lookup(vorige), codes, dagen)
    ranking = {score.code: score for score in wijkanalyse}
    grootste_opgave = upper_third(wijkanalyse)
    gemeente = profielen.get(gemeente_code)
    findings: list[Finding] = []

    for wijk in wijken:
        profiel = profielen.get(wijk.code)
        ouderen = alle.get(("pct_acties_doelgroep_ouderen", wijk.code))
        if (
            ouderen is not None
            and ouderen.verschil.richting < 0
            and profiel
            and gemeente
            and profiel.pct_65_plus is not None
            and gemeente.pct_65_plus is not None
            and profiel.pct_65_plus > gemeente.pct_65_plus
        ):
            findings.append(
                Finding(
                    code=f"ouderen-onderbereik-{wijk.code.lower()}",
                    soort="aandacht",
                    titel=in_taal(
                        taal,
                        f"Ouderen in {wijk.weergave} minder bereikt dan hun aandeel doet "
                        "verwachten",
                        f"Older people in {wijk.weergave} reached less than their share would "
                        "lead one to expect",
                    ),
                    tekst=in_taal(
                        taal,
                        f"In {wijk.weergave} is {nl(profiel.pct_65_plus)}% van de inwoners 65 jaar "
                        f"of ouder (gemeente: {nl(gemeente.pct_65_plus)}%), maar "
                        f"{eigen_tekst(ouderen)} van de sociale acties bereikt ouderen, tegen "
                        f"{ander_tekst(ouderen)}.",
                        f"In {wijk.weergave} {nl(profiel.pct_65_plus, 1, taal)}% of the "
                        "inhabitants are aged 65 or over (municipality: "
                        f"{nl(gemeente.pct_65_plus, 1, taal)}%), but "
                        f"{eigen_tekst(ouderen, taal)} of the social actions reach older people, "
                        f"against {ander_tekst(ouderen, taal)}.",
                    ),
                    sectie_id=SECTIE_DOELGROEPEN,
                    wijk_code=wijk.code,
                    bewijs=[*bewijs(ouderen), f"cbs:a_65_oo/{wijk.code}"],
                )
            )
        inzet = alle.get(("acties_per_1000_inwoners", wijk.code))
        opgave = ranking.get(wijk.code)
        if (
            inzet is not None
            and inzet.verschil.richting < 0
            and opgave is not None
            and wijk.code in grootste_opgave
        ):
            onderdelen = ", ".join(
                in_taal(taal, COMPONENTS[c], COMPONENTS_EN.get(c, COMPONENTS[c]))
                for c in opgave.onderdelen
            )
            findings.append(
                Finding(
                    code=f"inzet-onder-opgave-{wijk.code.lower()}",
                    soort="aandacht",
                    titel=in_taal(
                        taal,
                        f"Inzet in {wijk.weergave} blijft achter bij de opgave",
                        f"Effort in {wijk.weergave} falls short of the social need",
                    ),
                    tekst=in_taal(
                        taal,
                        f"{wijk.weergave} staat in de wijkanalyse op plaats {opgave.rang} van "
                        f"{len(wijkanalyse)} naar sociale opgave ({onderdelen}), maar heeft minder "
                        f"sociale acties per 1.000 inwoners: {vergelijking_tekst(inzet)}.",
                        f"{wijk.weergave} ranks {opgave.rang} of {len(wijkanalyse)} by social "
                        f"need in the wijkanalyse ({onderdelen}), but has fewer social actions "
                        f"per 1,000 inhabitants: {vergelijking_tekst(inzet, taal)}.",
                    ),
                    sectie_id=SECTIE_WIJKANALYSE,
                    wijk_code=wijk.code,
                    bewijs=[*bewijs(inzet), f"wijkanalyse/{wijk.code}"],
                )
            )
        daling = gedaald.get(("acties", wijk.code))
        if daling is not None and daling.verschil.richting < 0:
            minder = nl(100.0 * (1.0 - daling.verschil.interval.waarde), 1, taal)
            per_dag = (
                ""
                if dagen[0] == dagen[1]
                else in_taal(
                    taal,
                    f" per dag, over {dagen[0]} tegen {dagen[1]} dagen waargenomen",
                    f" per day, over {dagen[0]} against {dagen[1]} days observed",
                )
            )
            findings.append(
                Finding(
                    code=f"daling-acties-{wijk.code.lower()}",
                    soort="aandacht",
                    titel=in_taal(
                        taal,
                        f"Minder sociale acties in {wijk.weergave} dan in de vorige ronde",
                        f"Fewer social actions in {wijk.weergave} than in the previous round",
                    ),
                    tekst=in_taal(
                        taal,
                        f"In {wijk.weergave} zijn {eigen_tekst(daling)} sociale acties "
                        f"vastgelegd, tegen {ander_tekst(daling)} "
                        f"({minder}% minder{per_dag}).",
                        f"In {wijk.weergave} {eigen_tekst(daling, taal)} social actions were "
                        f"recorded, against {ander_tekst(daling, taal)} "
                        f"({minder}% fewer{per_dag}).",
                    ),
                    sectie_id=SECTIE_WIJKANALYSE,
                    wijk_code=wijk.code,
                    bewijs=bewijs(daling),
                )
            )

    findings += _norm_findings(values, gemeente_code, redenen_zonder_doorgang, taal)
    findings += afwijkingsbevindingen(
        INDICATORS,
        indicatoren,
        gemeente_code=gemeente_code,
        wijken=wijken,
        vorige=vorige,
        dagen=dagen,
        taal=taal,
    )
    return findings


def _norm_findings(
    values: Mapping[tuple[str, str], IndicatorValue],
    gemeente_code: str,
    redenen_zonder_doorgang: Sequence[tuple[str, int]],
    taal: Taal = "nl",
) -> list[Finding]:
    """The gemeente's figures against the thresholds, each with its whole interval beyond it."""
    findings: list[Finding] = []
    gerealiseerd = published(values.get(("pct_initiatieven_gerealiseerd", gemeente_code)))
    interval = interval_van(gerealiseerd, "wilson") if gerealiseerd else None
    if gerealiseerd is not None and interval is not None:
        zonder = Interval(100.0 - interval.waarde, 100.0 - interval.boven, 100.0 - interval.onder)
        if verschil_met_norm(zonder, DREMPEL_ZONDER_DOORGANG_PCT).richting > 0:
            redenen = "; ".join(
                in_taal(taal, f"{reden} ({aantal}×)", f"‘{reden}’ ({aantal}×)")
                for reden, aantal in redenen_zonder_doorgang[:3]
            )
            zonder_value = gerealiseerd.model_copy(update={"waarde": zonder.waarde})
            drempel = DREMPEL_ZONDER_DOORGANG_PCT
            cijfers = met_onzekerheid(zonder_value, zonder, "%", drempel, taal)
            findings.append(
                Finding(
                    code="initiatieven-zonder-doorgang",
                    soort="aandacht",
                    titel=in_taal(
                        taal,
                        "Veel bewonersinitiatieven komen niet tot uitvoering",
                        "Many resident initiatives do not go ahead",
                    ),
                    tekst=in_taal(
                        taal,
                        f"Van de afgeronde bewonersinitiatieven is {cijfers} niet ondersteund of "
                        f"gestrand, meer dan {drempel:.0f}%. De meest genoemde redenen: "
                        + (redenen or "geen")
                        + ".",
                        f"Of the completed resident initiatives, {cijfers} were not supported or "
                        f"stranded, more than {drempel:.0f}%. The reasons most often recorded "
                        "in the logbook: " + (redenen or "none") + ".",
                    ),
                    sectie_id=SECTIE_INITIATIEVEN,
                    bewijs=[f"pct_initiatieven_gerealiseerd/gemeente/{gemeente_code}"],
                )
            )
    opgepakt = published(values.get(("pct_signalen_opgepakt", gemeente_code)))
    interval = interval_van(opgepakt, "wilson") if opgepakt else None
    if (
        opgepakt is not None
        and interval is not None
        and verschil_met_norm(interval, DREMPEL_SIGNALEN_OPGEPAKT_PCT).richting < 0
    ):
        findings.append(
            Finding(
                code="signalen-blijven-liggen",
                soort="aandacht",
                titel=in_taal(
                    taal,
                    "Een deel van de signalen wordt niet opgepakt",
                    "Some signals are not taken up",
                ),
                tekst=in_taal(
                    taal,
                    f"{met_onzekerheid(opgepakt, interval, '%', DREMPEL_SIGNALEN_OPGEPAKT_PCT)} "
                    "van de vastgelegde signalen is opgepakt of doorgezet, minder dan "
                    f"{DREMPEL_SIGNALEN_OPGEPAKT_PCT:.0f}%; de rest staat nog als nieuw in "
                    "het logboek.",
                    f"{met_onzekerheid(opgepakt, interval, '%', DREMPEL_SIGNALEN_OPGEPAKT_PCT, taal)}"
                    " of the recorded signals were taken up or passed on, less than "
                    f"{DREMPEL_SIGNALEN_OPGEPAKT_PCT:.0f}%; the rest are still marked as new "
                    "in the logbook.",
                ),
                sectie_id=SECTIE_SIGNALEN,
                bewijs=[f"pct_signalen_opgepakt/gemeente/{gemeente_code}"],
            )
        )
    return findings
