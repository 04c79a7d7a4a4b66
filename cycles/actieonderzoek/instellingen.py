"""The actieonderzoek programme's settings per gemeente: a pydantic model read from a YAML file.

One file per gemeente, `<data_dir>/cycli/actieonderzoek/<GEMEENTECODE>.yaml` (or the round's input file
`instellingen`): the programme's dates and the interval of its interim studies (the rounds), the
sociaal teams (each with its wijken and its broker), the thresholds the cycle's proposals use,
and the codebook of themes counted in the reflections' free text. `VOORBEELD` is a commented
file to start from (`schrijf_voorbeeld`). A bad file is refused with every problem named: the
key, the bad value and what would be valid.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from makelaar.models.errors import ConfigurationError
from makelaar.models.geldig import Ongeldig, beschrijving, geldig, toelichting
from makelaar.models.settings import Settings
from makelaar.models.taal import in_taal

__all__ = [
    "VOORBEELD",
    "Drempels",
    "Instellingen",
    "Programma",
    "Team",
    "Tussenstudie",
    "instellingen_pad",
    "laad_instellingen",
    "lees_instellingen",
    "schrijf_voorbeeld",
]

_WIJKCODE = re.compile(r"^WK\d{6}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_CODE_NL = "letters, cijfers, - of _ (hoogstens 40 tekens), bijv. T1"
_CODE_EN = "letters, digits, - or _ (at most 40 characters), e.g. T1"


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Programma(_Strikt):
    start: dt.date = Field(**geldig("een datum (JJJJ-MM-DD)", "a date (YYYY-MM-DD)"))
    einde: dt.date = Field(
        **geldig("een datum (JJJJ-MM-DD) na de start", "a date (YYYY-MM-DD) after the start")
    )
    tussenstudie_maanden: int = Field(
        3,
        ge=1,
        le=12,
        **geldig("een heel aantal maanden van 1 tot en met 12", "a whole number of months, 1-12"),
    )

    @model_validator(mode="after")
    def _volgorde(self) -> Programma:
        if self.einde <= self.start:
            raise Ongeldig(
                f"einde {self.einde:%Y-%m-%d} ligt niet na start {self.start:%Y-%m-%d}; "
                "geldig: een einddatum na de startdatum",
                f"einde {self.einde:%Y-%m-%d} is not after start {self.start:%Y-%m-%d}; "
                "valid: an end date after the start date",
            )
        maanden = (self.einde.year - self.start.year) * 12 + self.einde.month - self.start.month
        if not 3 <= maanden <= 48:
            raise Ongeldig(
                f"het programma duurt {maanden} maanden; geldig: 3 tot en met 48 maanden",
                f"the programme lasts {maanden} months; valid: 3 to 48 months",
            )
        return self


class Team(_Strikt):
    code: str = Field(**geldig(_CODE_NL, _CODE_EN))
    naam: str = Field(
        min_length=1,
        max_length=100,
        **geldig("de naam van het team (1 tot 100 tekens)", "the team's name (1-100 characters)"),
    )
    wijken: list[str] = Field(
        min_length=1,
        **geldig(
            "een lijst CBS-wijkcodes, bijv. [WK051301, WK051302]",
            "a list of CBS wijk codes, e.g. [WK051301, WK051302]",
        ),
    )
    makelaar: str | None = Field(
        None,
        **geldig("de code van de makelaar in het register", "the broker's code in the register"),
    )

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise Ongeldig(f"geldig: {_CODE_NL}", f"valid: {_CODE_EN}")
        return value

    @field_validator("wijken")
    @classmethod
    def _wijken(cls, value: list[str]) -> list[str]:
        fout = [w for w in value if not _WIJKCODE.match(w)]
        if fout:
            raise Ongeldig(
                f"{fout[0]!r} is geen wijkcode; geldig: WK gevolgd door 6 cijfers",
                f"{fout[0]!r} is not a wijk code; valid: WK followed by 6 digits",
            )
        return value


class Drempels(_Strikt):
    vragen_per_thema: int = Field(
        4,
        ge=1,
        **geldig(
            "een heel getal van 1 of meer (vragen met één thema in een ronde)",
            "a whole number of 1 or more (questions on one theme in a round)",
        ),
    )
    reflecties_per_thema: int = Field(
        3,
        ge=1,
        **geldig(
            "een heel getal van 1 of meer (reflecties die een thema noemen)",
            "a whole number of 1 or more (reflections that name a theme)",
        ),
    )
    aandeel_collectief: float = Field(
        0.25,
        ge=0,
        le=1,
        **geldig("een aandeel van 0 tot en met 1, bijv. 0.25", "a share from 0 to 1, e.g. 0.25"),
    )
    samenwerking_minimum: float = Field(
        3.5,
        ge=1,
        le=5,
        **geldig(
            "een gemiddelde van 1 tot en met 5, bijv. 3.5", "an average from 1 to 5, e.g. 3.5"
        ),
    )


class Thema(_Strikt):
    label: str = Field(
        min_length=1, **geldig("de naam van het thema voor lezers", "the theme's name for readers")
    )
    woorden: list[str] = Field(
        min_length=1,
        **geldig("een lijst trefwoorden (kleine letters)", "a list of keywords (lower case)"),
    )
    collectief_aanbod: str | None = Field(
        None,
        **geldig(
            "een voorbeeld van een collectief aanbod, bijv. Papierwinkel",
            "an example of a collective offer, e.g. Papierwinkel",
        ),
    )


class Instellingen(_Strikt):
    gemeente: str = Field(
        **geldig(
            "een CBS-gemeentecode, GM gevolgd door 4 cijfers",
            "a CBS gemeente code, GM followed by 4 digits",
        )
    )
    programma: Programma = Field(
        **geldig(
            "de sleutels start, einde en tussenstudie_maanden",
            "the keys start, einde and tussenstudie_maanden",
        )
    )
    teams: list[Team] = Field(
        min_length=1, max_length=12, **geldig("1 tot en met 12 teams", "1 to 12 teams")
    )
    drempels: Drempels = Field(
        default_factory=Drempels,
        **geldig(
            "de sleutels vragen_per_thema, reflecties_per_thema, aandeel_collectief en "
            "samenwerking_minimum",
            "the keys vragen_per_thema, reflecties_per_thema, aandeel_collectief and "
            "samenwerking_minimum",
        ),
    )
    codeboek: dict[str, Thema] = Field(
        min_length=1,
        **geldig("thema-id: label en woorden", "theme id: label and woorden"),
    )

    @field_validator("gemeente")
    @classmethod
    def _gemeente(cls, value: str) -> str:
        if not re.fullmatch(r"GM\d{4}", value):
            raise Ongeldig(
                "geldig: GM gevolgd door 4 cijfers, bijv. GM0513",
                "valid: GM followed by 4 digits, e.g. GM0513",
            )
        return value

    @field_validator("teams")
    @classmethod
    def _uniek(cls, value: list[Team]) -> list[Team]:
        codes = [t.code for t in value]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise Ongeldig(
                f"teamcode {dubbel[0]!r} staat er twee keer; geldig: unieke codes",
                f"team code {dubbel[0]!r} appears twice; valid: unique codes",
            )
        wijken = [w for t in value for w in t.wijken]
        dubbel = sorted({w for w in wijken if wijken.count(w) > 1})
        if dubbel:
            raise Ongeldig(
                f"wijk {dubbel[0]!r} hoort bij twee teams; geldig: elke wijk bij één team",
                f"wijk {dubbel[0]!r} belongs to two teams; valid: each wijk in one team",
            )
        return value

    @field_validator("codeboek")
    @classmethod
    def _thema_ids(cls, value: dict[str, Thema]) -> dict[str, Thema]:
        for key in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
                raise Ongeldig(
                    f"thema-id {key!r} is ongeldig; geldig: kleine letters, cijfers en _",
                    f"theme id {key!r} is not valid; valid: lower-case letters, digits and _",
                )
        return value

    def team_van_wijk(self) -> dict[str, str]:
        """wijk code -> team code."""
        return {w: t.code for t in self.teams for w in t.wijken}

    def tussenstudies(self) -> list[Tussenstudie]:
        """The programme's interim studies: consecutive windows of `tussenstudie_maanden`."""
        p = self.programma
        result: list[Tussenstudie] = []
        begin = p.start
        nummer = 1
        while begin <= p.einde:
            volgende = _plus_maanden(begin, p.tussenstudie_maanden)
            einde = min(volgende - dt.timedelta(days=1), p.einde)
            result.append(Tussenstudie(nummer=nummer, begin=begin, einde=einde))
            begin, nummer = volgende, nummer + 1
        return result

    def tussenstudie(self, begin: dt.date, einde: dt.date) -> Tussenstudie:
        """The interim study a round's period falls in (the one its last day is in, or the
        programme's last one for a round after it); ConfigurationError for a round before it."""
        studies = self.tussenstudies()
        if einde < self.programma.start:
            raise ConfigurationError(
                f"De ronde ({begin:%d-%m-%Y} t/m {einde:%d-%m-%Y}) ligt vóór de start van het "
                f"programma ({self.programma.start:%d-%m-%Y}); kies een periode binnen "
                f"{self.programma.start:%d-%m-%Y} t/m {self.programma.einde:%d-%m-%Y}.",
                en=f"The round ({begin:%d-%m-%Y} to {einde:%d-%m-%Y}) lies before the start of the "
                f"programme ({self.programma.start:%d-%m-%Y}); choose a period within "
                f"{self.programma.start:%d-%m-%Y} to {self.programma.einde:%d-%m-%Y}.",
            )
        for study in studies:
            if study.begin <= einde <= study.einde:
                return study
        return studies[-1]


class Tussenstudie(BaseModel):
    nummer: int
    begin: dt.date
    einde: dt.date


def _plus_maanden(dag: dt.date, maanden: int) -> dt.date:
    month = dag.month - 1 + maanden
    return dt.date(dag.year + month // 12, month % 12 + 1, 1)


def instellingen_pad(settings: Settings, gemeente_code: str) -> Path:
    """Where a gemeente's actieonderzoek settings live."""
    return settings.data_dir / "cycli" / "actieonderzoek" / f"{gemeente_code}.yaml"


def _waarde(data: Any, loc: tuple[int | str, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _sleutel(loc: tuple[int | str, ...], geheel: str = "(het bestand)") -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or geheel


def lees_instellingen(tekst: str, bestand: str) -> Instellingen:
    """Parse a settings file's text; ConfigurationError naming every key, value and what is valid."""
    try:
        data = yaml.safe_load(tekst)
    except yaml.YAMLError as exc:
        raise ConfigurationError(
            f"{bestand}: geen geldige YAML ({exc}).", en=f"{bestand}: not valid YAML ({exc})."
        ) from exc
    if not isinstance(data, dict):
        raise ConfigurationError(
            f"{bestand}: verwacht sleutels gemeente, programma, teams, drempels en codeboek, "
            f"niet {type(data).__name__}.",
            en=f"{bestand}: expected the keys gemeente, programma, teams, drempels and codeboek, "
            f"not {type(data).__name__}.",
        )
    try:
        return Instellingen.model_validate(data)
    except ValidationError as exc:
        regels, regels_en = [], []
        for error in exc.errors():
            loc = tuple(error["loc"])
            sleutel = _sleutel(loc)
            if error["type"] == "missing":
                veld = beschrijving(Instellingen, loc) or {"nl": "een waarde", "en": "a value"}
                melding = f"ontbreekt; geldig: {veld['nl']}"
                melding_en = f"is missing; valid: {veld['en']}"
            elif error["type"] == "extra_forbidden":
                melding = f"{error['input']!r} is geen bekende sleutel; haal hem weg"
                melding_en = f"{error['input']!r} is not a known key; remove it"
            else:
                waarom = toelichting(Instellingen, error)
                melding = f"waarde {_waarde(data, loc)!r} is ongeldig ({waarom['nl']})"
                melding_en = f"value {_waarde(data, loc)!r} is not valid ({waarom['en']})"
            regels.append(f"  - {sleutel}: {melding}")
            regels_en.append(f"  - {_sleutel(loc, '(the file)')}: {melding_en}")
        raise ConfigurationError(
            f"{bestand}: de instellingen van het actieonderzoek kloppen niet:\n"
            + "\n".join(regels),
            en=f"{bestand}: the actieonderzoek settings are not right:\n" + "\n".join(regels_en),
        ) from exc


def laad_instellingen(
    settings: Settings, gemeente_code: str, pad: Path | None = None
) -> Instellingen:
    """The gemeente's settings from `pad` or its file under data_dir; refused when missing."""
    pad = pad or instellingen_pad(settings, gemeente_code)
    if not pad.is_file():
        raise ConfigurationError(
            in_taal(
                settings.locale,
                f"Geen instellingen voor het actieonderzoek van {gemeente_code}: {pad} bestaat "
                "niet. Schrijf er een met uitleg per sleutel: makelaar init --cycle "
                f"actieonderzoek --gemeente {gemeente_code}.",
                f"No actieonderzoek settings for {gemeente_code}: {pad} does not exist. Write one, "
                "with an explanation of each key: makelaar init --cycle actieonderzoek "
                f"--gemeente {gemeente_code}.",
            )
        )
    instellingen = lees_instellingen(pad.read_text(encoding="utf-8"), pad.name)
    if instellingen.gemeente != gemeente_code:
        raise ConfigurationError(
            in_taal(
                settings.locale,
                f"{pad.name}: gemeente {instellingen.gemeente!r} is niet de gemeente van de ronde "
                f"({gemeente_code}); geldig: {gemeente_code}.",
                f"{pad.name}: gemeente {instellingen.gemeente!r} is not the municipality of the "
                f"round ({gemeente_code}); valid: {gemeente_code}.",
            )
        )
    return instellingen


def schrijf_voorbeeld(pad: Path, gemeente_code: str) -> Path:
    """Write the commented example settings for `gemeente_code` to `pad`."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(VOORBEELD.replace("GM0000", gemeente_code), encoding="utf-8")
    return pad


VOORBEELD = """\
# Instellingen van het actieonderzoek (cyclus actieonderzoek) voor één gemeente.
gemeente: GM0000            # de CBS-code van de gemeente
programma:
  start: 2026-01-01         # eerste dag van het programma
  einde: 2027-06-30         # laatste dag (ongeveer 18 maanden)
  tussenstudie_maanden: 3   # om de hoeveel maanden een tussenstudie (een ronde) valt
teams:                      # de sociaal teams; elk team één makelaar naast de sociaal werkers
  - code: T1
    naam: Sociaal team Noord
    wijken: [WK000001, WK000002]   # de wijken waarin het team werkt (CBS-wijkcodes)
    makelaar: MK-01                # code van de makelaar in het makelaarsregister
  - code: T2
    naam: Sociaal team Midden
    wijken: [WK000003]
  - code: T3
    naam: Sociaal team Zuid
    wijken: [WK000004, WK000005]
drempels:
  vragen_per_thema: 4        # zoveel vragen met één thema in een ronde: voorstel collectief aanbod
  reflecties_per_thema: 3    # zoveel reflecties die een thema noemen: voorstel voor de werkwijze
  aandeel_collectief: 0.25   # minder dan dit aandeel vragen collectief opgepakt: voorstel
  samenwerking_minimum: 3.5  # ervaren samenwerking (1-5) lager dan dit: voorstel
codeboek:                    # thema's, geteld in de vrije tekst van de reflecties
  schulden:
    label: Schulden en geldzorgen
    woorden: [schuld, schulden, betalingsachterstand, rekeningen, incasso, geldzorgen]
    collectief_aanbod: Papierwinkel
  eenzaamheid:
    label: Eenzaamheid
    woorden: [eenzaam, eenzaamheid, alleen, isolement]
    collectief_aanbod: Ontmoetingsplek in de buurt
  samenwerking:
    label: Samenwerking makelaar en sociaal team
    woorden: [samenwerking, overleg, teamoverleg, afstemming, casusoverleg]
  bewonersinitiatief:
    label: Bewonersinitiatieven
    woorden: [initiatief, initiatieven, bewonersinitiatief, vrijwilliger, vrijwilligers]
  registratie:
    label: Registratie en tijd
    woorden: [registratie, logboek, tijd, administratie]
"""
