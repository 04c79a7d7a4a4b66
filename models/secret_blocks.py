"""Secrets kept in a Prefect Secret block (the pseudonym key, the SMTP password), read when needed.

On a national programme every worker reads the same secret from the Prefect server they share
(PREFECT_API_URL), instead of each keeping its own copy. A setting names the block
(MAKELAAR_PSEUDONYM_KEY_BLOCK, MAKELAAR_SMTP_PASSWORD_BLOCK); the value in the environment
(MAKELAAR_PSEUDONYM_KEY, MAKELAAR_SMTP_PASSWORD) wins over it, which the callers decide
(models.pseudonym_key, forms.mail). Prefect is imported only here and only when a block is read,
so a command that needs no secret never loads it.

A block that does not exist, a server that does not answer or no server set at all is a
ConfigurationError naming the block, the setting and the server, in the user's language; never
a traceback.
"""

from __future__ import annotations

from makelaar.models.errors import ConfigurationError
from makelaar.models.taal import in_taal

__all__ = ["read_secret_block"]


def read_secret_block(name: str, *, setting: str, alternative: str, taal: str | None) -> str:
    """The text in the Prefect Secret block `name` on the server PREFECT_API_URL names.

    `setting` is the setting that names the block and `alternative` the setting that could hold
    the value instead; both are named in the errors.
    """
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise ConfigurationError(
            in_taal(
                taal,
                f"{setting} noemt het Prefect Secret-blok '{name}', maar er is geen "
                "Prefect-server ingesteld: zet PREFECT_API_URL op de server die het blok "
                f"bewaart (bv. http://127.0.0.1:4200/api), of geef de waarde in {alternative}.",
                f"{setting} names the Prefect Secret block '{name}', but no Prefect server is "
                "configured: set PREFECT_API_URL to the server that keeps the block (e.g. "
                f"http://127.0.0.1:4200/api), or give the value in {alternative}.",
            )
        )
    try:
        with get_client(sync_client=True) as client:
            document = client.read_block_document_by_name(name, block_type_slug="secret")
    except ObjectNotFound:
        raise ConfigurationError(
            in_taal(
                taal,
                f"Het Prefect Secret-blok '{name}' ({setting}) bestaat niet op de Prefect-server "
                f"{url}. Maak het aan in Prefects UI (`prefect block create secret` geeft de "
                f"link; naam '{name}') of in Python met `Secret(value=...).save('{name}')`, of "
                f"zet {setting} op de naam van een Secret-blok dat er wel is (`prefect block ls`).",
                f"The Prefect Secret block '{name}' ({setting}) does not exist on the Prefect "
                f"server {url}. Create it in Prefect's UI (`prefect block create secret` gives "
                f"the link; name '{name}') or in Python with `Secret(value=...).save('{name}')`, "
                f"or set {setting} to the name of a Secret block that does exist "
                "(`prefect block ls`).",
            )
        ) from None
    except httpx.HTTPStatusError as error:
        status = error.response.status_code
        raise ConfigurationError(
            in_taal(
                taal,
                f"Het Prefect Secret-blok '{name}' ({setting}) kan niet gelezen worden: de "
                f"Prefect-server {url} antwoordde {status}. Controleer PREFECT_API_URL (en zo "
                f"nodig PREFECT_API_KEY of PREFECT_API_AUTH_STRING), of geef de waarde in "
                f"{alternative}.",
                f"The Prefect Secret block '{name}' ({setting}) cannot be read: the Prefect "
                f"server {url} answered {status}. Check PREFECT_API_URL (and if needed "
                f"PREFECT_API_KEY or PREFECT_API_AUTH_STRING), or give the value in {alternative}.",
            )
        ) from None
    except (httpx.HTTPError, OSError) as error:
        raise ConfigurationError(
            in_taal(
                taal,
                f"Het Prefect Secret-blok '{name}' ({setting}) kan niet gelezen worden: de "
                f"Prefect-server {url} antwoordt niet ({_one_line(error)}). Start de server, zet "
                f"PREFECT_API_URL op een server die draait, of geef de waarde in {alternative}.",
                f"The Prefect Secret block '{name}' ({setting}) cannot be read: the Prefect "
                f"server {url} does not answer ({_one_line(error)}). Start the server, set "
                f"PREFECT_API_URL to a server that runs, or give the value in {alternative}.",
            )
        ) from None
    value = document.data.get("value")
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(
            in_taal(
                taal,
                f"Het Prefect Secret-blok '{name}' ({setting}) op {url} bevat geen tekst; "
                "bewaar er de waarde als tekst in, bijvoorbeeld met "
                f"`Secret(value='...').save('{name}', overwrite=True)`.",
                f"The Prefect Secret block '{name}' ({setting}) on {url} holds no text; store "
                f"the value in it as text, e.g. with `Secret(value='...').save('{name}', "
                "overwrite=True)`.",
            )
        )
    return value


def _one_line(error: BaseException) -> str:
    """What went wrong, on one line and short (httpx puts the whole request in some messages)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]
