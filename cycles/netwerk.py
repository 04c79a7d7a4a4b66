"""The collaboration network the logbook shows: who the brokers work with, and how that changes.

Nodes are the brokers (their code) and their partners: a partner organisation by the name the
logbook gives it, or, where an action names only the kind of partner, that kind ("welzijn",
"woningcorporatie"). An action ties its broker to each of its partners, and its partners to each
other (they worked together through the broker). networkx computes what the issue asks for:
partners, ties, density, each broker's betweenness (how much of the network runs through them), and
the ties new and lost since the previous round's period.

The figures are per gemeente (and betweenness per broker); a network is not additive, so none of
them is declared `optelbaar`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.spec import Indicator
from makelaar.models.schemas import IndicatorValue
from makelaar.models.tables import Makelaar, SocialeActie

__all__ = ["NETWERK_INDICATOREN", "netwerk", "netwerk_indicatoren"]

Knoop = tuple[str, str]  # (MAKELAAR or PARTNER, code or name)
if TYPE_CHECKING:  # networkx's stubs make Graph generic; the class itself is not subscriptable
    Netwerk: TypeAlias = nx.Graph[Knoop]
else:
    Netwerk = nx.Graph

MAKELAAR = "makelaar"
PARTNER = "partner"

NETWERK_INDICATOREN: dict[str, Indicator] = {
    indicator.id: indicator
    for indicator in (
        Indicator(
            "netwerk_partners",
            "Partners in het netwerk",
            "Partners in the network",
            "aantal",
            uitsplitsingen=("gemeente",),
            beter="hoger",
            vraag_nl="Met hoeveel verschillende partners werkten de makelaars samen?",
            vraag_en="With how many different partners did the brokers work?",
            berekening="verschillende partners (organisatie, anders de soort) in de acties",
        ),
        Indicator(
            "netwerk_banden",
            "Banden in het netwerk",
            "Ties in the network",
            "aantal",
            uitsplitsingen=("gemeente",),
            beter="hoger",
            vraag_nl="Hoeveel samenwerkingsbanden laat het logboek zien?",
            vraag_en="How many ties of collaboration does the logbook show?",
            berekening="paren makelaar–partner en partner–partner die samen in een actie staan",
        ),
        Indicator(
            "netwerk_dichtheid",
            "Dichtheid van het netwerk",
            "Density of the network",
            "%",
            uitsplitsingen=("gemeente",),
            vraag_nl="Welk deel van de mogelijke banden bestaat?",
            vraag_en="What share of the possible ties exists?",
            berekening="banden / mogelijke banden × 100",
        ),
        Indicator(
            "netwerk_tussenpositie",
            "Tussenpositie van de makelaar (betweenness)",
            "The broker's betweenness",
            "%",
            uitsplitsingen=("makelaar",),
            vraag_nl="Hoeveel van de kortste verbindingen in het netwerk lopen via de makelaar?",
            vraag_en="How many of the network's shortest paths run through the broker?",
            berekening="genormaliseerde betweenness-centraliteit × 100 (networkx)",
        ),
        Indicator(
            "netwerk_banden_nieuw",
            "Nieuwe banden sinds de vorige ronde",
            "Ties new since the previous round",
            "aantal",
            uitsplitsingen=("gemeente",),
            beter="hoger",
            vraag_nl="Welke samenwerking is er bijgekomen?",
            vraag_en="Which collaboration is new?",
            berekening="banden in deze periode die er in de vorige niet waren",
        ),
        Indicator(
            "netwerk_banden_verloren",
            "Verloren banden sinds de vorige ronde",
            "Ties lost since the previous round",
            "aantal",
            uitsplitsingen=("gemeente",),
            beter="lager",
            vraag_nl="Welke samenwerking is weggevallen?",
            vraag_en="Which collaboration was lost?",
            berekening="banden in de vorige periode die er in deze niet meer zijn",
        ),
    )
}


def _partner(naam: str) -> Knoop:
    return (PARTNER, naam.strip().casefold())


def netwerk(session: Session, wijk_codes: Sequence[str], begin: dt.date, einde: dt.date) -> Netwerk:
    """The network of the actions in the wijken and period; nodes are (kind, name) pairs."""
    graph: Netwerk = nx.Graph()
    rows = session.execute(
        select(Makelaar.code, SocialeActie.partners, SocialeActie.partner_organisaties)
        .join(Makelaar, Makelaar.id == SocialeActie.makelaar_id)
        .where(SocialeActie.wijk_code.in_(wijk_codes), SocialeActie.datum.between(begin, einde))
    )
    for code, soorten, organisaties in rows:
        makelaar = (MAKELAAR, code)
        graph.add_node(makelaar)
        partners = {_partner(n) for n in (organisaties or soorten or []) if n.strip()}
        for partner in partners:
            graph.add_edge(makelaar, partner)
        for a, b in itertools.combinations(sorted(partners), 2):
            graph.add_edge(a, b)
    return graph


def _ties(graph: Netwerk) -> set[frozenset[Knoop]]:
    return {frozenset(edge) for edge in graph.edges}


def netwerk_indicatoren(
    gemeente_code: str, huidig: Netwerk, vorig: Netwerk | None
) -> list[IndicatorValue]:
    """The network's figures for the gemeente, and each broker's betweenness."""
    partners = sum(1 for kind, _ in huidig.nodes if kind == PARTNER)
    banden = huidig.number_of_edges()
    mogelijk = huidig.number_of_nodes() * (huidig.number_of_nodes() - 1) // 2

    def value(
        indicator: str, waarde: float | None, basis: int, noemer: int | None = None
    ) -> IndicatorValue:
        return IndicatorValue(
            indicator=indicator,
            dimensie="gemeente",
            sleutel=gemeente_code,
            waarde=waarde,
            basis=basis,
            teller=waarde if noemer is None else banden,
            noemer=noemer,
        )

    values = [
        value("netwerk_partners", partners, partners),
        value("netwerk_banden", banden, banden),
        value(
            "netwerk_dichtheid",
            round(100.0 * nx.density(huidig), 1) if mogelijk else None,
            banden,
            mogelijk or None,
        ),
    ]
    if vorig is not None:
        nu, toen = _ties(huidig), _ties(vorig)
        values.append(value("netwerk_banden_nieuw", len(nu - toen), len(nu)))
        values.append(value("netwerk_banden_verloren", len(toen - nu), len(toen)))
    centraliteit = nx.betweenness_centrality(huidig, normalized=True) if banden else {}
    for kind, code in sorted(huidig.nodes):
        if kind != MAKELAAR:
            continue
        values.append(
            IndicatorValue(
                indicator="netwerk_tussenpositie",
                dimensie="makelaar",
                sleutel=code,
                waarde=round(100.0 * centraliteit.get((kind, code), 0.0), 1),
                basis=huidig.degree((kind, code)),
            )
        )
    return values
