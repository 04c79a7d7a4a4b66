"""The collaboration network from the logbook's partner fields, on a network worked out by hand
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from makelaar.cycles.netwerk import NETWERK_INDICATOREN, netwerk, netwerk_indicatoren
from makelaar.models.store import Store
from tests.factories import make_actie, make_gemeente_with_wijken, make_makelaar

NU = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
VORIG = (dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def test_the_network_of_two_brokers_by_hand(store: Store) -> None:
    """A works with welzijn and zorg together, and with the gemeente; B with welzijn and with
    Mitros (named, so the organisation is the node, not its kind). Six nodes, six ties:
    A–welzijn, A–zorg, welzijn–zorg, A–gemeente, B–welzijn, B–mitros. Of the 10 pairs not
    involving A, 4 (gemeente with each other node but A) have their only shortest path through
    A: betweenness 4/10; likewise mitros's 4 pairs run through B. The previous half-year had
    A–welzijn and A–politie: five ties are new, one (A–politie) is lost."""
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 2)
        wijken = [w.code for w in gemeente.wijken]
        a = make_makelaar(session, gemeente.code, wijken, code="MK-A")
        b = make_makelaar(session, gemeente.code, wijken, code="MK-B")
        in_nu, in_vorig = dt.date(2026, 3, 1), dt.date(2025, 9, 1)
        make_actie(session, a, wijken[0], datum=in_nu, partners=["welzijn", "zorg"])
        make_actie(session, a, wijken[1], datum=in_nu, partners=["gemeente"])
        make_actie(session, b, wijken[0], datum=in_nu, partners=["welzijn"])
        make_actie(session, b, wijken[0], datum=in_nu, partners=[])
        make_actie(
            session,
            b,
            wijken[1],
            datum=in_nu,
            partners=["woningcorporatie"],
            partner_organisaties=["Mitros "],
        )
        make_actie(session, a, wijken[0], datum=in_vorig, partners=["welzijn"])
        make_actie(session, a, wijken[0], datum=in_vorig, partners=["politie"])
        make_actie(session, b, wijken[0], datum=dt.date(2026, 8, 1), partners=["onderwijs"])
        huidig = netwerk(session, wijken, *NU)
        vorig = netwerk(session, wijken, *VORIG)

    values = {
        (v.indicator, v.sleutel): v for v in netwerk_indicatoren(gemeente.code, huidig, vorig)
    }
    assert values[("netwerk_partners", gemeente.code)].waarde == 4
    assert values[("netwerk_banden", gemeente.code)].waarde == 6
    dichtheid = values[("netwerk_dichtheid", gemeente.code)]
    assert (dichtheid.waarde, dichtheid.teller, dichtheid.noemer) == (40.0, 6, 15)
    assert values[("netwerk_banden_nieuw", gemeente.code)].waarde == 5
    assert values[("netwerk_banden_verloren", gemeente.code)].waarde == 1
    assert values[("netwerk_tussenpositie", "MK-A")].waarde == 40.0
    assert values[("netwerk_tussenpositie", "MK-B")].waarde == 40.0
    assert values[("netwerk_tussenpositie", "MK-A")].dimensie == "makelaar"
    for value in values.values():
        declared = NETWERK_INDICATOREN[value.indicator]
        assert value.dimensie in declared.uitsplitsingen


def test_without_a_previous_round_there_is_no_change_and_an_empty_period_has_no_density(
    store: Store,
) -> None:
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 1)
        leeg = netwerk(session, [w.code for w in gemeente.wijken], *NU)
    values = netwerk_indicatoren(gemeente.code, leeg, None)
    assert {v.indicator: v.waarde for v in values} == {
        "netwerk_partners": 0,
        "netwerk_banden": 0,
        "netwerk_dichtheid": None,
    }
