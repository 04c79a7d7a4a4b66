"""Helpers for the browser tests: the app on a loopback port, Chromium, axe-core, filling in pages."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Response

from makelaar.forms.rondes import EnqueteRondeInfo, importeer_formulier, open_enquete
from makelaar.forms.scoring import RULES_DIR
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.forms.web.server import app_op_achtergrond, vrije_socket
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: a phone-sized window (an iPhone 12/13/14-like screen)
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: how long a page may take to answer a click (the server runs on loopback)
TIMEOUT_MS = 10_000
START_TIMEOUT_S = 20.0
OPENT = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
SLUIT = dt.datetime.now(dt.UTC) + dt.timedelta(days=14)
_LINK = re.compile(r"https?://[^\s\"<>]+/t/[A-Za-z0-9_-]+")


# --- the server ----------------------------------------------------------------------------------


#: a socket bound to a free loopback port (handed to the server, so the port is known before it
#: starts), and `serve(app, sock)`, the app in a thread on it, yielding the base URL
free_socket = vrije_socket
serve = app_op_achtergrond


# --- what the browser saw ------------------------------------------------------------------------


@dataclass
class Console:
    """Console messages, script errors and failed subresources of one page (attach first)."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Console:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", self._on_response)
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.text.startswith("Failed to load resource"):
            return  # a page's own HTTP status is asserted by the test; subresources below
        self.messages.append(f"{message.type}: {message.text}")

    def _on_response(self, response: Response) -> None:
        kind = response.request.resource_type
        if response.status >= 400 and kind in ("stylesheet", "script", "image", "font", "fetch"):
            self.failed.append(f"{response.status} {kind} {response.url}")

    def assert_clean(self) -> None:
        """No CSP violation, no script error or console error, every script and style loaded."""
        bad = [m for m in self.messages if m.startswith("error:") or "Content Security" in m]
        assert not (bad or self.errors or self.failed), (
            f"console: {bad}; script errors: {self.errors}; failed: {self.failed}"
        )


@cache
def axe_script() -> str:
    """axe-core as shipped in the axe-playwright-python package (read locally, never fetched)."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_accessible(page: Page, what: str) -> None:
    """No axe-core violation of impact serious or critical on the page."""
    serious = [v for v in axe_violations(page) if v.get("impact") in ("serious", "critical")]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in serious
    ]
    assert not serious, f"axe-core on {what} ({page.url}):\n" + "\n".join(details)


# --- phone-sized windows ----------------------------------------------------------------------

#: WCAG 2.5.5 (target size, enhanced) and the platform guidelines of Apple and Google
MIN_TARGET_PX = 44


def scrolls_sideways(page: Page) -> bool:
    width: list[int] = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width[0] > width[1]


def small_targets(page: Page, selector: str) -> list[str]:
    """The visible elements matching `selector` smaller than 44 x 44 CSS pixels."""
    small: list[str] = page.locator(selector).evaluate_all(
        """(elements, min) => elements
            .filter(e => e.getClientRects().length > 0)
            .map(e => [e.id || e.getAttribute('for') || e.textContent.trim(),
                       e.getBoundingClientRect()])
            .filter(([name, box]) => box.width < min || box.height < min)
            .map(([name, box]) => `${name}: ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        MIN_TARGET_PX,
    )
    return [f"{selector} {s}" for s in small]


def assert_phone_sized(page: Page, what: str, *targets: str) -> None:
    """No sideways scrolling; buttons, choice labels, the language link and `targets` at least
    44 x 44 px."""
    assert not scrolls_sideways(page), f"{what} scrolls sideways ({page.url})"
    selectors = ("button", ".keuze label", "#taalwissel", *targets)
    small = [s for sel in selectors for s in small_targets(page, sel)]
    assert not small, f"{what}: tap targets under {MIN_TARGET_PX} px: {small}"


# --- surveys and invitations ---------------------------------------------------------------------


def instrument(form_id: str) -> Path:
    """The shipped XLSForm of an instrument (forms/instrumenten/<form_id>.md)."""
    return RULES_DIR / f"{form_id}.md"


def open_instrument(
    store: Store,
    ronde_id: int,
    form_id: str,
    publiek: Publiek,
    *,
    modus: EnqueteModus | None = None,
    max_herinneringen: int = 2,
    herinnering_na_uren: int = 48,
) -> EnqueteRondeInfo:
    """Import a shipped instrument and open a survey round for it, open from yesterday."""
    enquete = importeer_formulier(store, instrument(form_id))
    return open_enquete(
        store,
        ronde_id=ronde_id,
        formulier=enquete.id,
        publiek=publiek,
        opent_op=OPENT,
        sluit_op=SLUIT,
        modus=modus,
        max_herinneringen=max_herinneringen,
        herinnering_na_uren=herinnering_na_uren,
    )


def write_contacts(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    """A contact list CSV as Dutch Excel saves it (';', UTF-8 with BOM)."""
    header = list(rows[0])
    lines = [";".join(header), *(";".join(row[k] for k in header) for row in rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def invite_by_list(
    store: Store,
    settings: Settings,
    enquete_ronde_id: int,
    rows: Sequence[Mapping[str, str]],
    folder: Path,
) -> dict[str, str]:
    """Invite the contacts through the mail-merge channel; returns e-mail address → link."""
    folder.mkdir(parents=True, exist_ok=True)
    contacts = write_contacts(folder / f"contacten-{enquete_ronde_id}.csv", rows)
    rapport = uitnodigen(store, settings, enquete_ronde_id, contacts, Kanaal.LIJST, folder)
    assert rapport.uitvoer is not None and not rapport.mislukt, rapport
    with open(rapport.uitvoer, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert table[0][0] == "e-mail" and table[0][3] == "link", table[0]
    return {row[0]: row[3] for row in table[1:]}


def link_in(message: EmailMessage) -> str:
    """The personal link in a mail's plain-text part."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, "the mail has no plain-text part"
    match = _LINK.search(body.get_content())
    assert match, f"no personal link in the mail to {message['To']}"
    return match.group(0)


# --- answering -----------------------------------------------------------------------------------

Antwoord = str | Sequence[str]


def fill(page: Page, answers: Mapping[str, Antwoord]) -> None:
    """Answer questions by name: text and dates typed, choices ticked (a list for several)."""
    for name, value in answers.items():
        field_ = page.locator(f"#veld-{name}")
        if isinstance(value, str) and field_.count() == 1:
            field_.fill(value)
            continue
        choices = [value] if isinstance(value, str) else list(value)
        for choice in choices:
            page.locator(f"#veld-{name}-{choice}").check()


def press(page: Page, button: str = "#knop-volgende") -> None:
    """Click a button that posts the page, and wait for the page that comes back."""
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator(button).click()


def answer_page(page: Page, answers: Mapping[str, Antwoord]) -> None:
    """Fill in the page shown and go on to the next page (or the review page).

    A question that an answer on the same page makes relevant may show only after the post
    (without JavaScript the server shows the page again with it; with JavaScript the post may
    beat the instant check): it is filled in on the next round. A page shown again without a
    new question to fill in fails with the page's messages.
    """
    shown = _page_index(page)
    filled: set[str] = set()
    while True:
        visible = {n: v for n, v in answers.items() if page.locator(f"#vraag-{n}").is_visible()}
        if filled and set(visible) <= filled:
            errors = page.locator("#foutoverzicht")
            why = errors.inner_text() if errors.count() else "shown again without messages"
            raise AssertionError(f"page {shown} ({page.url}) refused the answers: {why}")
        fill(page, visible)
        filled |= set(visible)
        press(page)
        if _page_index(page) != shown:
            return


def _page_index(page: Page) -> str | None:
    field_ = page.locator("#formulier input[name=pagina]")
    return field_.input_value() if field_.count() else None


def title(page: Page) -> str:
    return page.locator("#paginatitel").inner_text()


#: valid answers for each page of the shipped instruments, in page order
REFLECTIE: list[dict[str, Antwoord]] = [
    {
        "periode_van": "2026-07-01",
        "periode_tot": "2026-12-31",
        "wijken": "Overvecht, Zuilen",
        "uren_per_week": "20,5",
    },
    {
        "effectvolle_actie": "Een buurtontbijt met de woningcorporatie.",
        "effectvolle_actie_soort": "evenement",
    },
    {"niet_gelukt": "Jongeren bereiken.", "belemmeringen": ["tijd", "bereik"]},
    {"signalen_opgevangen": ["eenzaamheid", "schulden"], "signalen_belegd": "meestal"},
    {"verandering_gemeente": "Sneller reageren op signalen."},
    {"voorbeeld": "Het ontbijt bracht buren bij elkaar.", "voorbeeld_citeren": "ja"},
    {"werkdruk": "4", "steun_leidinggevende": "4"},
]
BUURTMETER: list[dict[str, Antwoord]] = [
    {"deelgenomen": "ja", "georganiseerd": "nee", "soort_activiteit": []},
    {"weet_waar_vraag": "deels"},
    {"contact_buren": "wekelijks"},
    {"rapportcijfer": "7"},
    {},
    {},
    {"opmerking": "Meer bankjes graag."},
]
PARTNER: list[dict[str, Antwoord]] = [
    {"soort_organisatie": "woningcorporatie", "samenwerking_duur": "jaar_1_3"},
    {"contact_frequentie": "maandelijks", "weet_wat_makelaar_doet": "goed"},
    {"vertrouwen_afspraken": "4"},
    {"waarde_bereik": "5"},
    {"rapportcijfer_samenwerking": "8"},
]
