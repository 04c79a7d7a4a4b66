"""The casusregie settings of one gemeente: its criteria for the pilot, from a YAML file.

The file lives at `<data_dir>/cycli/casusregie/<GM-code>.yaml` (`instellingen_pad`);
`schrijf_voorbeeld` writes a commented one. A criterion left out (or set to null) is not judged.
A bad file is refused with every problem: the key, the value as written and what is valid.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from makelaar.models.errors import MakelaarError
from makelaar.models.geldig import beschrijving, geldig
from makelaar.models.settings import Settings
from makelaar.models.taal import in_taal

__all__ = [
    "CasusregieInstellingen",
    "Criteria",
    "instellingen_pad",
    "laad_instellingen",
    "schrijf_voorbeeld",
]


#: what a score criterion accepts ({schaal}: the file's scale, filled in when it is said)
_SCORE = geldig(
    "een score van 1 tot en met {schaal} (de schaal), of null",
    "a score from 1 to {schaal} (the scale), or null",
)


class Criteria(BaseModel):
    """What the gemeente wants the pilot to show; None: not judged."""

    model_config = ConfigDict(extra="forbid")

    #: providers per household at closure at least this many fewer than at the start (mean)
    aanbieders_minder: float | None = Field(
        default=1.0,
        ge=0,
        **geldig(
            "een getal van 0 of meer (aanbieders per huishouden), of null",
            "a number of 0 or more (providers per household), or null",
        ),
    )
    #: mean satisfaction with the speed of help at least this (on the scale)
    tevredenheid_snelheid: float | None = Field(default=4.0, ge=1, **_SCORE)
    #: mean score for being addressed on one's own responsibility at least this
    tevredenheid_eigen_verantwoordelijkheid: float | None = Field(default=None, ge=1, **_SCORE)
    #: mean score of volunteers and professionals for their collaboration at least this
    samenwerking: float | None = Field(default=None, ge=1, **_SCORE)
    #: share of households whose own network was involved at least this (%)
    eigen_netwerk_pct: float | None = Field(
        default=50.0,
        ge=0,
        le=100,
        **geldig(
            "een percentage van 0 tot en met 100, of null",
            "a percentage 0-100, or null",
        ),
    )
    #: median days from report to first contact at most this
    dagen_tot_eerste_contact: float | None = Field(
        default=5.0,
        ge=0,
        **geldig(
            "een aantal dagen van 0 of meer (mediaan hoogstens), of null",
            "a number of days of 0 or more (median at most), or null",
        ),
    )
    #: at least this many brokers worked by the agreed method in every case of theirs
    makelaars_volgens_werkwijze: int | None = Field(
        default=4,
        ge=1,
        **geldig(
            "een geheel getal van 1 of meer (makelaars), of null",
            "a whole number of 1 or more (brokers), or null",
        ),
    )


class CasusregieInstellingen(BaseModel):
    """One gemeente's casusregie settings."""

    model_config = ConfigDict(extra="forbid")

    gemeente: str = Field(
        pattern=r"^GM\d{4}$",
        **geldig(
            "een CBS-gemeentecode zoals GM0632",
            "a CBS municipality code such as GM0632",
        ),
    )
    pilot: str = Field(
        default="Pilot casusregie",
        min_length=1,
        max_length=120,
        **geldig(
            "een naam van 1 tot 120 tekens",
            "a name of 1 to 120 characters",
        ),
    )
    #: the satisfaction and collaboration scores run from 1 to this
    schaal: int = Field(
        default=5,
        ge=3,
        le=10,
        **geldig(
            "een geheel getal van 3 tot en met 10",
            "a whole number from 3 to 10",
        ),
    )
    criteria: Criteria = Field(default_factory=Criteria)

    @model_validator(mode="after")
    def _op_de_schaal(self) -> CasusregieInstellingen:
        for key in (
            "tevredenheid_snelheid",
            "tevredenheid_eigen_verantwoordelijkheid",
            "samenwerking",
        ):
            value = getattr(self.criteria, key)
            if value is not None and value > self.schaal:
                raise ValueError(f"criteria.{key}={value} ligt boven de schaal {self.schaal}")
        return self


_ZIE_README, _SEE_README = "zie de README, casusregie", "see the README, casusregie"


def instellingen_pad(settings: Settings, gemeente_code: str) -> Path:
    """Where the gemeente's casusregie settings are read from."""
    return settings.data_dir / "cycli" / "casusregie" / f"{gemeente_code}.yaml"


def _fout(pad: Path, taal: str, nl: str, en: str) -> MakelaarError:
    return MakelaarError(in_taal(taal, f"{pad}: {nl}", f"{pad}: {en}"))


def _meldingen(exc: ValidationError, pad: Path, data: dict[str, Any], taal: str) -> list[str]:
    regels = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        key = ".".join(loc) or "(bestand)"
        if error["type"] == "extra_forbidden":
            bekend = (
                Criteria.model_fields
                if loc[:1] == ["criteria"]
                else (CasusregieInstellingen.model_fields)
            )
            regels.append(
                in_taal(
                    taal,
                    f"{pad}: sleutel '{key}' is onbekend; geldige sleutels: {', '.join(bekend)}.",
                    f"{pad}: key '{key}' is unknown; valid keys: {', '.join(bekend)}.",
                )
            )
            continue
        if not loc:  # the scale check spans two keys: its message names them
            match = re.search(r"criteria\.(\w+)=(\S+)", error["msg"])
            key = f"criteria.{match[1]}" if match else "schaal"
            criteria = data.get("criteria")
            waarde: object = (
                criteria.get(match[1])
                if match and isinstance(criteria, dict)
                else data.get("schaal")
            )
        else:
            waarde = error.get("input")
        schaal = data.get("schaal", 5)
        veld = beschrijving(CasusregieInstellingen, tuple(key.split(".")))
        nl, en = (veld["nl"], veld["en"]) if veld else (_ZIE_README, _SEE_README)
        uitleg = (nl.format(schaal=schaal), en.format(schaal=schaal))
        regels.append(
            in_taal(
                taal,
                f"{pad}: sleutel '{key}' heeft de ongeldige waarde {waarde!r}; geldig: {uitleg[0]}.",
                f"{pad}: key '{key}' has the invalid value {waarde!r}; valid: {uitleg[1]}.",
            )
        )
    return regels


def laad_instellingen(
    pad: Path, *, taal: str = "nl", gemeente: str | None = None
) -> CasusregieInstellingen:
    """The settings in `pad`; MakelaarError naming each bad key, its value and what is valid."""
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fout(pad, taal, f"niet te lezen ({exc}).", f"cannot be read ({exc}).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        regel = mark.line + 1 if mark is not None else "?"
        probleem = getattr(exc, "problem", exc)
        raise _fout(
            pad,
            taal,
            f"geen geldige YAML (regel {regel}): {probleem}.",
            f"not valid YAML (line {regel}): {probleem}.",
        ) from None
    if not isinstance(data, dict):
        raise _fout(
            pad,
            taal,
            f"verwacht sleutels (gemeente, pilot, schaal, criteria), gevonden {data!r:.60}.",
            f"expected keys (gemeente, pilot, schaal, criteria), found {data!r:.60}.",
        )
    try:
        instellingen = CasusregieInstellingen.model_validate(data)
    except ValidationError as exc:
        raise MakelaarError("\n".join(_meldingen(exc, pad, data, taal))) from None
    if gemeente is not None and instellingen.gemeente != gemeente:
        raise _fout(
            pad,
            taal,
            f"sleutel 'gemeente' heeft de waarde {instellingen.gemeente!r}, maar de ronde is van "
            f"{gemeente}; geldig: {gemeente}.",
            f"key 'gemeente' has the value {instellingen.gemeente!r}, but the round is for "
            f"{gemeente}; valid: {gemeente}.",
        )
    return instellingen


VOORBEELD = """\
# Casusregie: de criteria van de gemeente voor de pilot (makelaar, cyclus casusregie).
# Een criterium dat ontbreekt of op null staat, wordt niet beoordeeld.
# Oordeel per criterium: 'gehaald' als het hele 95%-interval aan de goede kant van de grens ligt,
# 'niet gehaald' als het hele interval aan de verkeerde kant ligt, anders 'niet te zeggen met zo
# weinig huishoudens'.
gemeente: {gemeente}
pilot: {pilot}
# de tevredenheids- en samenwerkingsscores lopen van 1 tot en met:
schaal: 5
criteria:
  # bij afsluiting gemiddeld minstens zoveel aanbieders minder per huishouden dan bij de start
  aanbieders_minder: 1.0
  # gemiddelde tevredenheid over de snelheid van de hulp minstens (op de schaal)
  tevredenheid_snelheid: 4.0
  # gemiddelde score 'aangesproken op eigen verantwoordelijkheid' minstens
  tevredenheid_eigen_verantwoordelijkheid: null
  # gemiddelde score van vrijwilligers en professionals voor hun samenwerking minstens
  samenwerking: 3.5
  # aandeel huishoudens waarbij het eigen netwerk betrokken was minstens (%)
  eigen_netwerk_pct: 50
  # mediaan aantal dagen van melding tot eerste contact hoogstens
  dagen_tot_eerste_contact: 5
  # minstens zoveel makelaars werkten in al hun casussen volgens de afgesproken werkwijze
  makelaars_volgens_werkwijze: 4
"""


def schrijf_voorbeeld(pad: Path, gemeente: str, pilot: str = "Pilot casusregie") -> Path:
    """Write the commented example settings for `gemeente` to `pad` (not over an existing file)."""
    if pad.exists():
        raise MakelaarError(
            f"{pad} bestaat al; verwijder het of kies een ander pad.",
            en=f"{pad} already exists; delete it or choose another path.",
        )
    pad.parent.mkdir(parents=True, exist_ok=True)
    # a JSON string is a YAML string: quoted, so "Pilot: Woerden" stays one value
    tekst = VOORBEELD.format(gemeente=gemeente, pilot=json.dumps(pilot, ensure_ascii=False))
    pad.write_text(tekst, encoding="utf-8")
    return pad
