"""The key of the keyed pseudonyms (models.privacy): read from MAKELAAR_PSEUDONYM_KEY, a Prefect
Secret block (MAKELAAR_PSEUDONYM_KEY_BLOCK) or the key file, in that order, and the key file
created once, safely, when it is missing (never in production mode, MAKELAAR_PRODUCTIE).

The key lives outside the database: whoever has the store but not the key cannot turn a name into
its pseudonym. `load_key` is what callers use (models.privacy names it too); the rest checks a key
file's rights and content, and writes a new one so that two processes starting at once end up with
the same key.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

from makelaar.models.errors import ConfigurationError
from makelaar.models.files import sync_directory
from makelaar.models.secret_blocks import read_secret_block
from makelaar.models.settings import Settings
from makelaar.models.taal import in_taal

KEY_BYTES = 32
"""Length of a generated key, and the minimum length of a key read from a file."""

KEY_HINT = "python -c 'import secrets; print(secrets.token_hex(32))'"

_HEX = re.compile(r"[0-9a-fA-F]+")


def load_key(settings: Settings, *, create: bool = True) -> tuple[bytes, Path | None, bool]:
    """The HMAC key: from MAKELAAR_PSEUDONYM_KEY, else from the Prefect Secret block that
    MAKELAAR_PSEUDONYM_KEY_BLOCK names (read now, from PREFECT_API_URL's server), else from the
    key file.

    A missing key file is created (32 random bytes as 64 hex characters and a newline, mode 0600,
    parent directories made) when `create` is true, and never in production mode
    (MAKELAAR_PRODUCTIE): there a missing key is a ConfigurationError naming the settings that
    give one, since a key made on one worker would give its residents other pseudonyms than the
    others'. Two processes starting at once end up with the same key: the file is written to a
    private temporary name and then hard-linked into place, which fails instead of overwriting
    when another process got there first; that file is used.

    Returns (key, key file used or None when the key came from the environment or a block,
    created now).
    """
    if settings.pseudonym_key is not None:
        return _key_from_setting(settings.pseudonym_key.get_secret_value()), None, False
    if settings.pseudonym_key_block is not None:
        return _key_from_block(settings.pseudonym_key_block, settings.locale), None, False
    path = settings.resolved_pseudonym_key_file
    if path.exists() or path.is_symlink():
        return _read_key_file(path), path, False
    if settings.productie:
        raise ConfigurationError(
            in_taal(
                settings.locale,
                "Er is geen sleutel voor pseudoniemen, en in productie (MAKELAAR_PRODUCTIE) "
                "maakt makelaar er geen aan: een nieuwe sleutel geeft dezelfde bewoner een ander "
                "pseudoniem dan op de andere workers. Geef de sleutel in MAKELAAR_PSEUDONYM_KEY, "
                "in een Prefect Secret-blok dat MAKELAAR_PSEUDONYM_KEY_BLOCK noemt, of in het "
                f"sleutelbestand {path} (MAKELAAR_PSEUDONYM_KEY_FILE).",
                "There is no pseudonym key, and in production (MAKELAAR_PRODUCTIE) makelaar does "
                "not create one: a new key gives the same resident another pseudonym than on the "
                "other workers. Give the key in MAKELAAR_PSEUDONYM_KEY, in a Prefect Secret block "
                f"named by MAKELAAR_PSEUDONYM_KEY_BLOCK, or in the key file {path} "
                "(MAKELAAR_PSEUDONYM_KEY_FILE).",
            )
        )
    if not create:
        raise ConfigurationError(
            in_taal(
                settings.locale,
                f"Het sleutelbestand voor pseudoniemen {path} (MAKELAAR_PSEUDONYM_KEY_FILE) "
                f"bestaat niet; maak het aan met `{KEY_HINT} > {path} && chmod 600 {path}`, of zet "
                "de sleutel in MAKELAAR_PSEUDONYM_KEY.",
                f"The pseudonym key file {path} (MAKELAAR_PSEUDONYM_KEY_FILE) does not exist; "
                f"create it with `{KEY_HINT} > {path} && chmod 600 {path}`, or put the key in "
                "MAKELAAR_PSEUDONYM_KEY.",
            )
        )
    return _create_key_file(path)


def _key_from_block(name: str, taal: str) -> bytes:
    """The key in the Prefect Secret block `name`, read as MAKELAAR_PSEUDONYM_KEY would be."""
    setting = "MAKELAAR_PSEUDONYM_KEY_BLOCK"
    value = read_secret_block(
        name, setting=setting, alternative="MAKELAAR_PSEUDONYM_KEY", taal=taal
    )
    if len(value) < 32:  # as for MAKELAAR_PSEUDONYM_KEY (models.settings)
        raise ConfigurationError(
            in_taal(
                taal,
                f"De sleutel in het Prefect Secret-blok '{name}' ({setting}) is te kort "
                f"({len(value)} tekens); gebruik minstens 32 tekens, bijvoorbeeld de uitvoer van "
                f"`{KEY_HINT}`.",
                f"The key in the Prefect Secret block '{name}' ({setting}) is too short "
                f"({len(value)} characters); use at least 32 characters, e.g. the output of "
                f"`{KEY_HINT}`.",
            )
        )
    return _key_from_setting(value)


def _key_from_setting(value: str) -> bytes:
    """A key of 64 or more hex characters is read as hex (like the key file), anything else as text."""
    text = value.strip()
    if len(text) >= 2 * KEY_BYTES and len(text) % 2 == 0 and _HEX.fullmatch(text):
        return bytes.fromhex(text)
    return value.encode("utf-8")


def _read_key_file(path: Path, *, settle_s: float = 0.0) -> bytes:
    """The key in `path`; `settle_s` > 0 waits that long for a file another process is writing."""
    deadline = time.monotonic() + settle_s
    while True:
        try:
            return _parse_key_file(path)
        except ConfigurationError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _parse_key_file(path: Path) -> bytes:
    setting = "MAKELAAR_PSEUDONYM_KEY_FILE"
    valid = f"een geldig sleutelbestand bevat minstens {2 * KEY_BYTES} hexadecimale tekens"
    valid_en = f"a valid key file holds at least {2 * KEY_BYTES} hexadecimal characters"
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            raw = handle.read(4096)
    except OSError as exc:
        raise ConfigurationError(
            f"Het sleutelbestand voor pseudoniemen {path} ({setting}) kan niet gelezen worden: "
            f"{exc.strerror or exc}.",
            en=f"The pseudonym key file {path} ({setting}) cannot be read: {exc.strerror or exc}.",
        ) from exc
    if os.name == "posix" and mode & 0o077:
        raise ConfigurationError(
            f"Het sleutelbestand voor pseudoniemen {path} ({setting}) is leesbaar of schrijfbaar "
            f"voor anderen (rechten {mode & 0o777:04o}); maak het alleen toegankelijk voor de "
            f"eigenaar met `chmod 600 {path}`.",
            en=f"The pseudonym key file {path} ({setting}) can be read or written by others "
            f"(permissions {mode & 0o777:04o}); make it accessible to its owner only with "
            f"`chmod 600 {path}`.",
        )
    try:
        text = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        text = None
    if text == "":
        raise ConfigurationError(
            f"Het sleutelbestand voor pseudoniemen {path} ({setting}) is leeg; {valid}, "
            f"bijvoorbeeld de uitvoer van `{KEY_HINT}`.",
            en=f"The pseudonym key file {path} ({setting}) is empty; {valid_en}, e.g. the output "
            f"of `{KEY_HINT}`.",
        )
    if text is None or len(text) % 2 or not _HEX.fullmatch(text):
        raise ConfigurationError(
            f"Het sleutelbestand voor pseudoniemen {path} ({setting}) bevat geen hexadecimale "
            f"sleutel; {valid}, bijvoorbeeld de uitvoer van `{KEY_HINT}`.",
            en=f"The pseudonym key file {path} ({setting}) holds no hexadecimal key; {valid_en}, "
            f"e.g. the output of `{KEY_HINT}`.",
        )
    key = bytes.fromhex(text)
    if len(key) < KEY_BYTES:
        raise ConfigurationError(
            f"De sleutel in {path} ({setting}) is te kort ({len(text)} hexadecimale tekens); "
            f"{valid}, bijvoorbeeld de uitvoer van `{KEY_HINT}`.",
            en=f"The key in {path} ({setting}) is too short ({len(text)} hexadecimal characters); "
            f"{valid_en}, e.g. the output of `{KEY_HINT}`.",
        )
    return key


def _create_key_file(path: Path) -> tuple[bytes, Path, bool]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"De map {path.parent} voor het sleutelbestand voor pseudoniemen "
            f"(MAKELAAR_PSEUDONYM_KEY_FILE) kan niet gemaakt worden: {exc.strerror or exc}.",
            en=f"The folder {path.parent} for the pseudonym key file "
            f"(MAKELAAR_PSEUDONYM_KEY_FILE) cannot be created: {exc.strerror or exc}.",
        ) from exc
    key = secrets.token_bytes(KEY_BYTES)
    content = (key.hex() + "\n").encode("ascii")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    try:
        _write_private(temporary, content)
        try:
            os.link(temporary, path)
        except FileExistsError:
            # Another process created the key file meanwhile: use its key, not ours.
            return _read_key_file(path, settle_s=2.0), path, False
        except OSError:
            # No hard links on this file system: create the final name exclusively instead.
            try:
                _write_private(path, content)
            except FileExistsError:
                return _read_key_file(path, settle_s=2.0), path, False
        sync_directory(path.parent)
    except OSError as exc:
        raise ConfigurationError(
            f"Het sleutelbestand voor pseudoniemen {path} (MAKELAAR_PSEUDONYM_KEY_FILE) kan niet "
            f"geschreven worden: {exc.strerror or exc}.",
            en=f"The pseudonym key file {path} (MAKELAAR_PSEUDONYM_KEY_FILE) cannot be written: "
            f"{exc.strerror or exc}.",
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return key, path, True


def _write_private(path: Path, content: bytes) -> None:
    """Write `content` to a new file only the owner can read; FileExistsError if it exists."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, 0o600)  # whatever the umask
        os.write(descriptor, content)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
