"""A small CA file for Prefect's clients of a plain-http API, so that making a client is cheap.

Prefect builds a verifying TLS context for every API client it makes (`get_client`: a flow run
makes several, a round about five more: its task runs, its concurrency slots, its events), and
loads a whole bundle of about 140 root certificates into it (certifi's, or the file SSL_CERT_FILE
names), also for an API on `http://`, where no TLS is ever spoken: 40-55 ms of CPU per client on
this project's 2-core machines (December 2026), against about 1 ms with a file of one certificate
(PREFECT_API_SSL_CERT_FILE). So for an `http://` API (the local server makelaar starts, the
stack's server) makelaar points that setting at a file holding one root certificate, taken from
certifi's bundle. An `https://` API is left as it is: there the file decides which servers are
trusted.

Hand-written, not a library's: Prefect has no setting to skip the context for plain http.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: in the folder given (Prefect's home): the one certificate Prefect's clients load
CA_FILE = "plain-http-ca.pem"
SETTING = "PREFECT_API_SSL_CERT_FILE"
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\n?", re.DOTALL)


def plain_http(url: str) -> bool:
    """True for an API that speaks no TLS (its URL starts with http://)."""
    return url.lower().startswith("http://")


def one_certificate_file(folder: Path) -> Path:
    """The file of one root certificate in folder, written (whole or not at all) when missing."""
    path = folder / CA_FILE
    if path.is_file():
        return path
    import certifi  # Prefect's own dependency; imported only when a file has to be written

    bundle = Path(certifi.where()).read_text(encoding="ascii")
    first = _PEM.search(bundle)
    if first is None:  # an empty or foreign bundle: Prefect then loads it as it always did
        raise ValueError(f"no certificate in {certifi.where()}")
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{CA_FILE}.{os.getpid()}")
    partial.write_text(first.group(0), encoding="ascii")
    os.replace(partial, path)
    return path


def cheap_client_settings(url: str, folder: Path) -> dict[str, str]:
    """The setting that makes Prefect's clients of `url` cheap to make; empty unless url is plain
    http. Whatever CA file the machine or the user chose is only consulted for https, so for
    plain http it is replaced without loss (this machine's SSL_CERT_FILE, which Prefect takes as
    its default, names Debian's bundle of the same 140 roots)."""
    if not plain_http(url):
        return {}
    try:
        return {SETTING: str(one_certificate_file(folder))}
    except (OSError, ValueError):  # unwritable folder, odd bundle: Prefect's default, only slower
        return {}
