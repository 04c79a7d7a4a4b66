"""Plausible generated answers to any parsed form: every relevant question answered within its
choices and constraints, scored scales answered by one tendency per respondent.

Skip logic and constraints are evaluated with the forms' own XPath (forms.xpath), question by
question in form order, as the answering pages do, so a generated response is one a person could
have submitted.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from makelaar.forms.definitie import Formulier, Groep, Keuze, Vraag, VraagType
from makelaar.forms.engine import controleer_alles, schoon
from makelaar.forms.scoring import rules_for
from makelaar.forms.xpath import Instantie, XPathError
from makelaar.models.errors import RoundError

__all__ = ["TEKSTEN", "Respondent", "genereer_antwoorden"]

#: one answer as the responses table stores it
Antwoord = str | int | float | list[str]

#: tries per question to find a value that meets its constraint
POGINGEN = 25
#: how often an optional question is answered
KANS_OPTIONEEL = 0.8
#: how often an optional free-text question is answered
KANS_OPTIONELE_TEKST = 0.55
#: how often an item of a scored scale is answered (a missing item can leave a scale unscored)
KANS_SCHAALITEM = 0.97

#: small Dutch phrase lists for free text, chosen by a word in the question's name
TEKSTEN: dict[str, tuple[str, ...]] = {
    "waarom": (
        "Omdat bewoners het zelf bedachten en ik alleen de weg wees.",
        "De partners zaten vanaf het begin aan tafel.",
        "We sloten aan bij iets wat al leefde in de straat.",
    ),
    "liggen": (
        "Zorgen over een verwaarloosde tuin bleven liggen bij de woningcorporatie.",
        "Een signaal over schulden kwam niet verder dan de wachtlijst van de schuldhulp.",
        "Geen; alles is opgepakt.",
    ),
    "effect": (
        "Een koffieochtend in het buurthuis bracht buren samen die elkaar nog niet kenden.",
        "Met de woningcorporatie een opruimdag georganiseerd; bewoners houden het plein nu zelf "
        "bij.",
        "Een huisbezoek na een signaal van de huisarts: de bewoner ging daarna naar de schuldhulp.",
        "Jongeren organiseerden met steun van het buurtteam een voetbaltoernooi op het plein.",
    ),
    "niet": (
        "Ouderen in de flats bereikten we nauwelijks; de folders bleven liggen.",
        "Het overleg met de zorgpartners liep vast door steeds wisselende contactpersonen.",
        "Een initiatief voor een buurtmoestuin strandde op de vergunning.",
        "Te weinig tijd om signalen goed op te volgen naast de registratie.",
    ),
    "verander": (
        "Sneller reageren op de signalen die wij doorgeven, met een vast aanspreekpunt per wijk.",
        "Minder registratie en meer tijd om in de wijk te zijn.",
        "Een klein budget dat we direct kunnen inzetten voor bewonersinitiatieven.",
        "Intervisie met makelaars uit andere wijken, een keer per maand.",
    ),
    "advies": (
        "Loop veel rond en drink koffie waar de bewoners zijn.",
        "Begin bij wat bewoners zelf willen, niet bij wat de organisatie wil.",
        "Maak vroeg kennis met de wijkagent en de huisartsen.",
    ),
    "voorbeeld": (
        "Een bewoner met een idee voor een buurtmaaltijd kreeg hulp bij de aanvraag; nu koken "
        "elke maand tien buren samen.",
        "Via de school kwamen we in contact met ouders die zich zorgen maakten over "
        "de speelplek. Samen met de gemeente is die opgeknapt.",
        "Een vrouw uit de buurt (postcode 3531 AB) belde 06-12345678 om mee te helpen; zij "
        "leidt nu de taalgroep.",
        "Bij een burenruzie om geluid bemiddelde ik samen met de woningcorporatie; de buren "
        "maakten zelf afspraken.",
    ),
    "opmerking": (
        "Meer groen in de straat zou fijn zijn.",
        "Ik weet niet goed waar ik met vragen terecht kan.",
        "Fijne buurt, maar het is drukker geworden.",
        "Graag vaker een activiteit voor ouderen in het buurthuis.",
    ),
    "verbeter": (
        "Vaker samen kijken welke signalen blijven liggen.",
        "Een gezamenlijk overzicht van wie wat doet in de wijk.",
        "De makelaar is goed bereikbaar; houd dat zo.",
    ),
}
STANDAARD_TEKSTEN = (
    "Geen bijzonderheden.",
    "Dat verschilt per week.",
    "Zie het logboek voor de details.",
)


@dataclass(frozen=True)
class Respondent:
    """Who the generated person is: how they lean (0 negative … 1 positive), where, and when."""

    welzijn: float  # tilts ordered choices towards the first (usually most positive) ones
    schaal_kans: float  # chance that an item of a scored scale scores 1 (e.g. a lonely answer)
    begin: dt.date
    einde: dt.date
    wijknamen: tuple[str, ...] = ()
    teksten: dict[str, tuple[str, ...]] = field(default_factory=lambda: TEKSTEN)


def _scored_items(form_id: str) -> dict[str, tuple[frozenset[str], list[str]]]:
    """Per scored item: the answers that score 1 and all answers the scale accepts."""
    rules = rules_for(form_id)
    items: dict[str, tuple[frozenset[str], list[str]]] = {}
    for schaal in rules.schalen if rules else []:
        if schaal.methode != "telling":
            continue  # mean scales follow the respondent's welzijn like any ordered choice
        accepted = [str(answer) for answer in schaal.antwoorden]
        for item in schaal.items:
            items[item.name] = (frozenset(str(a) for a in item.scoort_1), accepted)
    return items


class _Generator:
    def __init__(self, formulier: Formulier, rng: random.Random, who: Respondent) -> None:
        self.formulier = formulier
        self.rng = rng
        self.who = who
        self.scored = _scored_items(formulier.form_id)
        self.instantie = Instantie(formulier.root, [v.path for v in formulier.vragen()])
        self.antwoorden: dict[str, Antwoord] = {}

    def walk(self, items: Sequence[Vraag | Groep]) -> None:
        for item in items:
            if item.relevant and not self._true(item.relevant, item.path):
                continue
            if isinstance(item, Groep):
                self.walk(item.children)
            elif item.type not in (VraagType.NOTE, VraagType.CALCULATE):
                self._answer(item)

    def _true(self, expression: str, path: str) -> bool:
        try:
            return self.instantie.waar(expression, path)
        except XPathError:
            return False

    def _answer(self, vraag: Vraag) -> None:
        required = vraag.required is not None and self._true(vraag.required, vraag.path)
        chance = (
            KANS_SCHAALITEM
            if vraag.name in self.scored
            else KANS_OPTIONELE_TEKST
            if vraag.type is VraagType.TEXT
            else KANS_OPTIONEEL
        )
        if not required and self.rng.random() > chance:
            return
        for _ in range(POGINGEN):
            value = self._candidate(vraag)
            if value is None:
                break
            self.instantie.zet(vraag.path, _as_text(value))
            if not vraag.constraint or self._true(vraag.constraint, vraag.path):
                self.antwoorden[vraag.name] = value
                return
        self.instantie.zet(vraag.path, "")
        if required:
            raise RoundError(
                f"Demo-enquête {self.formulier.form_id}: voor de verplichte vraag {vraag.name!r} "
                f"(rij {vraag.rij}) vond de demo geen antwoord dat aan de voorwaarde "
                f"{vraag.constraint!r} voldoet.",
                en=f"Demo survey {self.formulier.form_id}: for the required question "
                f"{vraag.name!r} (row {vraag.rij}) the demo found no answer that meets the "
                f"constraint {vraag.constraint!r}.",
            )

    def _candidate(self, vraag: Vraag) -> Antwoord | None:
        makers: dict[VraagType, Callable[[Vraag], Antwoord | None]] = {
            VraagType.SELECT_ONE: self._select_one,
            VraagType.SELECT_MULTIPLE: self._select_multiple,
            VraagType.INTEGER: self._integer,
            VraagType.DECIMAL: self._decimal,
            VraagType.DATE: self._date,
            VraagType.TEXT: self._text,
            VraagType.PHONE: lambda _: None,  # the demo leaves no phone numbers
        }
        return makers[vraag.type](vraag)

    def _select_one(self, vraag: Vraag) -> Antwoord | None:
        keuzes = self.formulier.keuzes(vraag)
        if not keuzes:
            return None
        if vraag.name in self.scored:
            scores_1, accepted = self.scored[vraag.name]
            names = [k.name for k in keuzes if k.name in accepted] or [k.name for k in keuzes]
            hit = self.rng.random() < self.who.schaal_kans
            pool = [n for n in names if (n in scores_1) == hit] or names
            return self.rng.choice(pool)
        return self._tilted(keuzes).name

    def _tilted(self, keuzes: list[Keuze]) -> Keuze:
        """A choice, the first ones (usually the most positive) likelier as welzijn is higher;
        'anders' (other, asks a follow-up) seldom."""
        n = len(keuzes)
        tilt = (self.who.welzijn - 0.5) * 1.6
        weights = [
            (1 + tilt * (1 - 2 * i / (n - 1)) if n > 1 else 1.0)
            * (0.15 if k.name in ("anders", "weet_niet", "nvt") else 1.0)
            for i, k in enumerate(keuzes)
        ]
        return self.rng.choices(keuzes, weights=weights)[0]

    def _select_multiple(self, vraag: Vraag) -> Antwoord | None:
        keuzes = [k.name for k in self.formulier.keuzes(vraag)]
        if not keuzes:
            return None
        gewoon = [k for k in keuzes if k not in ("geen", "anders")] or keuzes
        if "geen" in keuzes and self.rng.random() < 0.1:
            return ["geen"]
        chosen = self.rng.sample(gewoon, min(len(gewoon), self.rng.choice((1, 1, 2, 2, 3))))
        if "anders" in keuzes and self.rng.random() < 0.08:
            chosen.append("anders")
        return [k for k in keuzes if k in chosen]

    def _integer(self, vraag: Vraag) -> Antwoord | None:
        name = vraag.name.lower()
        if "cijfer" in name:
            return max(1, min(10, round(5 + 4 * self.who.welzijn + self.rng.gauss(0, 1))))
        if "leeftijd" in name:
            return self.rng.randint(18, 90)
        if "uren" in name or "uur" in name:
            return self.rng.randint(8, 36)
        return self.rng.choice((0, 1, 2, 3, 5, 8, 10, 12, 20))

    def _decimal(self, vraag: Vraag) -> Antwoord | None:
        value = self._integer(vraag)
        assert isinstance(value, int)
        return value + self.rng.choice((0.0, 0.5))

    def _date(self, vraag: Vraag) -> Antwoord | None:
        name = vraag.name.lower()
        if name.endswith(("_van", "begin", "_start")):
            return self.who.begin.isoformat()
        if name.endswith(("_tot", "einde", "_eind")):
            return self.who.einde.isoformat()
        days = (self.who.einde - self.who.begin).days
        return (self.who.begin + dt.timedelta(days=self.rng.randint(0, max(days, 0)))).isoformat()

    def _text(self, vraag: Vraag) -> Antwoord | None:
        name = vraag.name.lower()
        if "wijk" in name and self.who.wijknamen:
            return ", ".join(self.who.wijknamen)
        for word, phrases in self.who.teksten.items():
            if word in name:
                return self.rng.choice(phrases)
        return self.rng.choice(STANDAARD_TEKSTEN)


def _as_text(value: Antwoord) -> str:
    """An answer as the XForm instance holds it: choices space-separated, numbers as written."""
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def genereer_antwoorden(
    formulier: Formulier, rng: random.Random, respondent: Respondent
) -> dict[str, Antwoord]:
    """One plausible response: only relevant questions, every constraint met, keyed by name.

    The form engine has the last word: it keeps only relevant answers (filling calculations), and
    an answer it still finds invalid is dropped; a required one it misses is an error.
    """
    generator = _Generator(formulier, rng, respondent)
    generator.walk(formulier.children)
    antwoorden = schoon(formulier, generator.antwoorden)
    for name in controleer_alles(formulier, antwoorden, "nl"):
        antwoorden.pop(name, None)
    antwoorden = schoon(formulier, antwoorden)
    problems = controleer_alles(formulier, antwoorden, "nl")
    if problems:
        name, message = next(iter(problems.items()))
        raise RoundError(
            f"Demo-enquête {formulier.form_id}: het gegenereerde antwoord op {name!r} is "
            f"ongeldig ({message}); {len(problems)} vraag/vragen in totaal.",
            en=f"Demo survey {formulier.form_id}: the generated answer to {name!r} is not valid "
            f"({controleer_alles(formulier, antwoorden, 'en')[name]}); {len(problems)} "
            "question(s) in all.",
        )
    return antwoorden
