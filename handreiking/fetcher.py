"""The only way WeasyPrint reads anything while rendering: files inside handreiking/static/.

Every other URL (other files, `..`, symlinks out, http(s), ftp, data:) is refused, counted and
logged, except two kinds of data: URL the document carries itself: a base64 PNG, the gemeente's
logo (handreiking.logo), served when its bytes are a PNG; and a base64 SVG, a chart of the print
HTML (handreiking.document), served when it passes the charts' own check (check_svg: drawing
elements only, no reference outside itself).
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from makelaar.handreiking.charts import check_svg
from makelaar.handreiking.static_files import LOGGER, STATIC_DIR, SVG_URL, static_url

__all__ = ["LOGGER", "STATIC_DIR", "SVG_URL", "StaticFetcher", "static_url"]

_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
_PNG_URL = "data:image/png;base64,"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png(url: str) -> bytes | None:
    """The bytes of a data: URL holding a base64 PNG, else None."""
    if not url.startswith(_PNG_URL):
        return None
    try:
        body = base64.b64decode(url[len(_PNG_URL) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    return body if body.startswith(_PNG_SIGNATURE) else None


def _chart_svg(url: str) -> bytes | None:
    """The bytes of a data: URL holding a base64 SVG that check_svg accepts, else None."""
    if not url.startswith(SVG_URL):
        return None
    try:
        body = base64.b64decode(url[len(SVG_URL) :], validate=True)
        check_svg(body.decode("utf-8"))
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    return body


class StaticFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """Serves files under `root` (default handreiking/static/) and refuses everything else."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.served: list[Path] = []
        self.refused: list[str] = []

    def _path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        raw = unquote(parts.path)
        if ".." in Path(raw).parts:
            return None
        try:
            path = Path(raw).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """The file's bytes when `url` names a file inside root; otherwise ValueError."""
        png = _png(url)
        if png is not None:
            return URLFetcherResponse(url, body=png, headers={"Content-Type": "image/png"})
        svg = _chart_svg(url)
        if svg is not None:
            return URLFetcherResponse(url, body=svg, headers={"Content-Type": "image/svg+xml"})
        path = self._path(url)
        if path is None:
            self.refused.append(url)
            LOGGER.warning("Verzoek om %r geweigerd: alleen bestanden in %s.", url, self.root)
            raise ValueError(f"{url!r} ligt niet in {self.root}; alleen die map wordt gelezen.")
        self.served.append(path)
        LOGGER.debug("Bestand %s gelezen voor de handreiking.", path)
        content_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": content_type or "application/octet-stream"},
        )
