"""One Settings class for all configuration, read from MAKELAAR_* environment variables."""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Mapping
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from makelaar.models.taal import Taal, in_taal

#: a network of trusted reverse proxies (one address is a network of one)
Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network

_BLOCK_NAME = re.compile(r"[a-z0-9-]+")  # what Prefect accepts as a block document name


class Settings(BaseSettings):
    """Where makelaar keeps its data and how it talks to people."""

    model_config = SettingsConfigDict(env_prefix="MAKELAAR_", extra="ignore")

    data_dir: Path = Field(
        default=Path(".makelaar"),
        description="Directory for the SQLite store, the local Prefect home and imported files.",
    )
    output_dir: Path = Field(
        default=Path("out"),
        description="Directory where handreiking editions are written, one folder per gemeente.",
    )
    prefect_cache_dir: Path | None = Field(
        default_factory=lambda: user_cache_dir(os.environ),
        description=(
            "Where the local Prefect server keeps a migrated, empty Prefect database (one file "
            "per Prefect version) to start a new data_dir from, instead of running Prefect's "
            "migrations for each. Holds nothing of a project's. Default: makelaar under "
            "XDG_CACHE_HOME (~/.cache/makelaar); '' keeps none."
        ),
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default a SQLite file in data_dir.",
    )
    output_url: str | None = Field(
        default=None,
        description=(
            "Web address at which output_dir is published, e.g. 'https://onderzoek.example.nl/"
            "makelaar'; the link to a round's document in Prefect then starts with it. Unset: "
            "a file:// link to the document on this machine."
        ),
    )
    locale: Taal = Field(
        default="nl", description="Language of what users read: 'nl' (default) or 'en'."
    )
    min_cell_size: int = Field(
        default=10,
        ge=3,
        description="No published figure rests on fewer persons than this (RELIABILITY.md §7).",
    )
    render_timeout_s: float = Field(
        default=120.0, gt=0, description="A handreiking render taking longer than this is stopped."
    )
    max_rondes: int = Field(
        default=4,
        ge=1,
        description=(
            "How many rounds run at once against one Prefect server, all gemeenten and cycles "
            "together: the size of its global concurrency limit 'makelaar-rondes', set from this "
            "value by every round that starts (flows/concurrency.py)."
        ),
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description=(
            "Secret key for the keyed pseudonyms of persons and households (HMAC-SHA256): "
            "64 hex characters or any string of at least 32 characters. Keep it outside the "
            "database; when unset, the key is read from pseudonym_key_file."
        ),
    )
    pseudonym_key_file: Path | None = Field(
        default=None,
        description=(
            "File holding the pseudonym key as hex text (mode 0600), used when pseudonym_key is "
            "unset; created with a random key on first use. Default: data_dir/pseudoniem.sleutel. "
            "Back it up: with another key, new pseudonyms no longer match the stored ones."
        ),
    )
    pseudonym_key_block: str | None = Field(
        default=None,
        description=(
            "Name of a Prefect Secret block holding the pseudonym key, read from the Prefect "
            "server (PREFECT_API_URL) when the key is needed: every worker then has the same key. "
            "pseudonym_key wins over it, it wins over the key file."
        ),
    )
    productie: bool = Field(
        default=False,
        description=(
            "Production mode: no pseudonym key file is ever created; work that needs the key is "
            "refused unless pseudonym_key, pseudonym_key_block or an existing key file gives one."
        ),
    )

    public_url: str = Field(
        default="http://127.0.0.1:8080",
        description=(
            "Address at which respondents reach the answering pages (makelaar forms serve); "
            "personal links in invitations, letters and reminders start with it."
        ),
    )
    trusted_proxies: Annotated[list[Netwerk], NoDecode] = Field(
        default=[],
        description=(
            "Reverse proxies whose X-Forwarded-For header the answering pages believe: IP "
            "addresses or networks (CIDR), separated by commas, e.g. '127.0.0.1,::1'. Empty "
            "(default): the header is ignored and the connection's own address counts."
        ),
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server for invitations and reminders; unset: no e-mail."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_tls: Literal["geen", "starttls", "ssl"] = Field(
        default="geen", description="'starttls', 'ssl' (implicit TLS) or 'geen' (loopback only)."
    )
    smtp_user: str | None = Field(default=None, description="SMTP user name, if it needs one.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_password_block: str | None = Field(
        default=None,
        description="Name of a Prefect Secret block holding the SMTP password (if unset above).",
    )
    smtp_timeout_s: float = Field(default=30.0, gt=0, description="Timeout per SMTP operation.")
    mail_from: str = Field(
        default="makelaar@localhost",
        description="Sender of invitations and reminders, e.g. 'Onderzoek Buurtmeter <x@y.nl>'.",
    )
    contact: str | None = Field(
        default=None,
        max_length=200,
        description=(
            "Who answers questions about a survey, and how, in Dutch: shown in letters, mails, "
            "the code page and the 'link werkt niet' page as 'Vragen? Neem contact op met "
            "<contact>.', e.g. 'Team Wijkonderzoek, 030 286 0000 of wijkonderzoek@utrecht.nl'. "
            "Shown as plain text. Unset: no contact line."
        ),
    )
    contact_en: str | None = Field(
        default=None,
        max_length=200,
        description=(
            "The same in English ('Questions? Please contact <contact_en>.'); unset: the Dutch "
            "text (a name, a phone number and an address read the same in both)."
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _known_dialect(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError(
                f"MAKELAAR_DATABASE_URL has value {value!r}; "
                "use sqlite:///pad/naar/bestand.db or postgresql+psycopg://gebruiker@host/db"
            )
        return value

    @field_validator("prefect_cache_dir", mode="before")
    @classmethod
    def _no_cache_when_empty(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("pseudonym_key")
    @classmethod
    def _long_enough_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        length = len(value.get_secret_value())
        if length < 32:
            raise ValueError(
                f"MAKELAAR_PSEUDONYM_KEY is te kort ({length} tekens); gebruik minstens 32 tekens, "
                "bijvoorbeeld de uitvoer van "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
        return value

    @field_validator("pseudonym_key_block", "smtp_password_block")
    @classmethod
    def _block_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        return block_name(value, f"MAKELAAR_{(info.field_name or '').upper()}")

    @field_validator("contact", "contact_en")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if "\n" in value or "\r" in value:
            raise ValueError(
                f"de contactregel {value!r} loopt over meer regels; geef één regel, bijvoorbeeld "
                "'Team Wijkonderzoek, 030 286 0000 of wijkonderzoek@utrecht.nl'"
            )
        return " ".join(value.split()).rstrip(" .") or None

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        return web_address(value)

    @field_validator("mail_from")
    @classmethod
    def _sender(cls, value: str) -> str:
        return sender(value)

    def contactregel(self, taal: str) -> str | None:
        """The contact for questions in `taal` (MAKELAAR_CONTACT, MAKELAAR_CONTACT_EN), or None."""
        return in_taal(taal, self.contact, self.contact_en or self.contact)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: Any) -> list[Netwerk]:
        return proxy_networks(value)

    @property
    def resolved_pseudonym_key_file(self) -> Path:
        """The pseudonym key file: the configured one, or pseudoniem.sleutel under data_dir."""
        if self.pseudonym_key_file is not None:
            return self.pseudonym_key_file
        return self.data_dir / "pseudoniem.sleutel"

    @property
    def resolved_database_url(self) -> str:
        """The store URL: the configured one, or a SQLite file under data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'makelaar.db').resolve()}"


def user_cache_dir(environ: Mapping[str, str]) -> Path | None:
    """makelaar's folder in the user's cache: $XDG_CACHE_HOME/makelaar, else ~/.cache/makelaar
    (the XDG base directory specification; a relative XDG_CACHE_HOME is ignored, as it says).
    None for a process without a home directory (a service user): then no cache is kept."""
    base = environ.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "makelaar"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no entry in the password database
        return None
    return home / ".cache" / "makelaar"


def web_address(value: str) -> str:
    """MAKELAAR_PUBLIC_URL: an http(s) address with a host, without spaces, query or fragment
    (links are made by appending /t/<token> to it); anything else is refused saying what is valid
    (the error names the setting and the value)."""
    tidy = value.strip()
    try:
        parts = urlsplit(tidy)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        parts, host = None, None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or any(c.isspace() for c in tidy)
        or parts.query
        or parts.fragment
        or "?" in tidy
        or "#" in tidy
    ):
        raise PydanticCustomError(
            "webadres",
            "geen webadres; geef een adres dat begint met https:// of http://, zonder ? of #, "
            "bijvoorbeeld https://enquete.utrecht.nl",
        )
    return tidy


def sender(value: str) -> str:
    """MAKELAAR_MAIL_FROM: one e-mail address, with a name before it if wanted
    ('Onderzoek Buurtmeter <onderzoek@utrecht.nl>'); anything else is refused saying what is valid."""
    tidy = " ".join(value.split())
    adres = parseaddr(tidy)[1]
    lokaal, _, domein = adres.rpartition("@")
    if "\n" in value or "\r" in value or not lokaal or not domein or " " in adres:
        raise PydanticCustomError(
            "afzender",
            "geen afzender; geef één e-mailadres, eventueel met een naam ervoor, bijvoorbeeld "
            "'Onderzoek Buurtmeter <onderzoek@utrecht.nl>'",
        )
    return tidy


def block_name(value: str | None, setting: str) -> str | None:
    """A Prefect block's name as Prefect writes it (lower case letters, digits, '-'); 'secret/'
    before it (the block's slug) is left off. Anything else is refused naming `setting`."""
    if value is None or not value.strip():
        return None
    name = value.strip().removeprefix("secret/")
    if not _BLOCK_NAME.fullmatch(name):
        raise PydanticCustomError(
            "bloknaam",
            "{setting} heeft waarde '{value}': geen naam van een Prefect-blok; gebruik kleine "
            "letters, cijfers en '-', bijvoorbeeld 'makelaar-pseudoniemsleutel'",
            {"setting": setting, "value": value},
        )
    return name


def proxy_networks(value: Any) -> list[Netwerk]:
    """The networks of MAKELAAR_TRUSTED_PROXIES: a list, or text separated by commas or spaces.

    A JSON list is read too (pydantic-settings' usual form for a list). An entry that is no
    address or network, or a network written with host bits (192.168.1.5/24), is an error
    naming the entry: a proxy that silently is not trusted, or a network wider than meant,
    would be found only when people are throttled or not.
    """
    if isinstance(value, str):
        tekst = value.strip()
        if tekst.startswith("["):
            try:
                value = json.loads(tekst)
            except json.JSONDecodeError:
                value = [tekst]
        else:
            value = [deel for deel in re.split(r"[,\s]+", tekst) if deel]
    if not isinstance(value, list | tuple):
        value = [value]
    netwerken = []
    for plaats, entry in enumerate(value, start=1):
        if isinstance(entry, Netwerk):
            netwerken.append(entry)
            continue
        try:
            netwerken.append(ipaddress.ip_network(str(entry).strip()))
        except ValueError as exc:
            raise _proxy_error(str(entry), plaats, "has host bits set" in str(exc)) from None
    return netwerken


def _proxy_error(entry: str, plaats: int, hostbits: bool) -> PydanticCustomError:
    geldig = (
        "geef IP-adressen of netwerken (CIDR) van uw reverse proxy, gescheiden door komma's, "
        "bijvoorbeeld 127.0.0.1,::1 of 10.0.0.0/8"
    )
    context = {"entry": entry, "plaats": plaats, "geldig": geldig}
    if hostbits:
        context["netwerk"] = str(ipaddress.ip_network(entry.strip(), strict=False))
        context["geldig"] = geldig[0].upper() + geldig[1:]
        return PydanticCustomError(
            "proxy_netwerk",
            "'{entry}' (nummer {plaats}) heeft bits achter het netwerkdeel; bedoelt u "
            "{netwerk}? {geldig}",
            context,
        )
    return PydanticCustomError(
        "proxy_netwerk",
        "'{entry}' (nummer {plaats}) is geen IP-adres of netwerk; {geldig}",
        context,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own Settings instead)."""
    return Settings()
