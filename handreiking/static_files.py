"""Where the guide's static files are, and the names the renderer and its fetcher share.

Apart from handreiking.fetcher, which serves these files to WeasyPrint and needs WeasyPrint to do
so: the document, the diff and the renderer's paths need only these, and every module that
imports them (the cycles, each `makelaar` command that loads them) would otherwise import
WeasyPrint (~1 s) without rendering anything.
"""

from __future__ import annotations

import logging
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
LOGGER = logging.getLogger("makelaar.handreiking")
#: the start of a chart inlined in the print HTML (served by the fetcher after its check)
SVG_URL = "data:image/svg+xml;base64,"


def static_url(name: str = "") -> str:
    """The file: URL of a file in static/ (or of the folder itself, with a trailing slash)."""
    return STATIC_DIR.as_uri() + "/" + name
