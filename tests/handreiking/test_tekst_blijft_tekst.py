"""Text from people stays text in the guide: a buurtmeter round whose broker's quote, logbook
reason, wijk and gemeente names, form title, proposal titles, grounds and decision reasons carry
markup and template syntax renders each literally, in the PDF's text and in the HTML edition, with
nothing of it turned into a link, script, image or emphasis."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select, update

from makelaar.cycles.buurtmeter import BuurtmeterCycle, slug
from makelaar.cycles.enquetes import close_survey_rounds, survey_status
from makelaar.cycles.leerbijeenkomst import decide, decisions, open_proposals, record_proposals
from makelaar.cycles.rounds import run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.handreiking.content import render_markdown
from makelaar.models.domain import Besluit, InitiatiefStatus, Publiek, ResponsBron
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import Proposal
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Enquete, Respons, Wijk
from tests.factories import (
    make_actie,
    make_gemeente_with_wijken,
    make_initiatief,
    make_makelaar,
)
from tests.markup_testing import POISON, ParsedHtml, flat, poisoned

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cycles", "flows", "forms", "handreiking", "intake", "models")
AUTHORED = "Een tekst van de onderzoeker met **nadruk**."
QUOTE = poisoned("citaat:")
REASON = poisoned("reden:")
#: a wijk's name holds at most 100 characters: two wijken carry half of the strings each
WIJK_A = "wijk A: " + " ".join(POISON[:5])
WIJK_B = "wijk B: " + " ".join(POISON[5:])
TITLE = poisoned("titel:")
DECISION = poisoned("besluit:")
REJECTION = poisoned("afwijzing:")
GROUNDS = poisoned("onderbouwing:")
FORM = poisoned("formulier:")
#: the gemeente's name (from the CBS file, 100 characters at most) heads every page
GEMEENTE = "gemeente: " + " ".join(POISON[5:])
#: every poisoned value that must come out literally, in the PDF and in the HTML
LITERAL = (QUOTE, REASON, WIJK_A, WIJK_B, GEMEENTE, FORM, TITLE, DECISION, REJECTION, GROUNDS)


#: what Markdown itself would act on at the start of a line or inside one
MARKDOWN_SYNTAX: tuple[str, ...] = ("# kop", "> citaat", "- punt", "1. punt", "a\n\n    b", "---")
MARKDOWN_SYNTAX += (
    "| a | b |",
    "`code`",
    "<https://example.org>",
    "&amp; &#60;",
    "a\\*b\\",
    "~~weg~~",
    "- [x] taak",
)


@pytest.mark.parametrize("value", [*POISON, *MARKDOWN_SYNTAX])
def test_markdown_literal_renders_as_the_text_itself(value: str) -> None:
    html = render_markdown(markdown_literal(value))
    parsed = ParsedHtml.of(html)
    assert [tag for tag, _ in parsed.tags] == ["p"]  # one paragraph, no other element
    assert flat(parsed.text) == flat(value)


def test_no_template_is_ever_made_from_a_string() -> None:
    """Templates come from the packages' template folders only: text from data (`{{7*7}}`,
    `${7*7}`, `{% ... %}`) can never become one (no from_string, no Template(...))."""
    made_from_strings = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.from_string\(|\bTemplate\(", line)
    ]
    assert made_from_strings == []


@dataclass(frozen=True)
class Round:
    ctx: RoundContext
    pdf: Path
    html: Path


def _consented_quote(store: Store, ronde_id: int) -> None:
    """A broker's reflection form whose example may be quoted: the quote spans three lines."""
    stand = next(s for s in survey_status(store, ronde_id, NOW) if s.publiek is Publiek.MAKELAARS)
    with store.session() as session:
        session.add(
            Respons(
                id=secrets.token_hex(16),
                enquete_ronde_id=stand.enquete_ronde_id,
                instance_id=secrets.token_hex(16),
                wijk_code=None,
                taal="nl",
                antwoorden={
                    "signalen_opgevangen": ["eenzaamheid"],
                    "voorbeeld_citeren": "ja",
                    "voorbeeld": QUOTE.replace(" <div>", "\n<div>").replace("</div>", "</div>\n"),
                },
                inhoud_sha256="0" * 64,
                bron=ResponsBron.DEMO,
                respondent="PR-MK-01",
            )
        )


@pytest.fixture
def poisoned_round(store: Store, settings: Settings) -> Round:
    """A buurtmeter round run for real (observe to apply) on poisoned data, rendered to PDF/HTML."""
    settings = Settings.model_validate(
        {**settings.model_dump(), "pseudonym_key": "k" * 40, "min_cell_size": 3, "locale": "nl"}
    )
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(
            session,
            2,
            code="GM9988",
            naam=GEMEENTE,
            wijk_cijfers=[{}, {"leeftijd_65_plus": 4000}],
        )
        wijken = session.scalars(select(Wijk).order_by(Wijk.code)).all()
        wijken[0].naam, wijken[1].naam = f"Wijk 01 {WIJK_A}", f"Wijk 02 {WIJK_B}"
        codes = [w.code for w in wijken]
        makelaar = make_makelaar(
            session, gemeente.code, codes, code="PR-MK-01", naam="Fenna Jansen"
        )
        for number in range(80):
            # residents organise 36 of wijk 1's 40 actions (a finding on wijk 1); wijk 2, with
            # more older people, reaches them in 4 of its 40 (a finding on wijk 2): far enough
            # from the gemeente's 50% for the intervals, and every share rests on at least 3
            # actions with and 3 without, so disclosure control publishes it
            wijk, rank = number % 2, number // 2
            raak = rank < (36 if wijk == 0 else 4)
            make_actie(
                session,
                makelaar,
                codes[wijk],
                datum=dt.date(2026, 9, 1),
                bewoners_organisator=1 if raak else 0,
                doelgroepen=["ouderen"] if raak else [],
            )
        for number in range(3):  # three went ahead: the share that did not rests on 3 and 12
            make_initiatief(
                session,
                codes[number % 2],
                makelaar,
                status=InitiatiefStatus.GEREALISEERD,
                gestart_op=dt.date(2026, 8, 1),
                bijgewerkt_op=dt.date(2026, 9, 1),
            )
        for number, status in enumerate([InitiatiefStatus.IDEE, InitiatiefStatus.ONDERSTEUND] * 3):
            # every outcome is published (at least 3 each), so none is hidden with the others
            make_initiatief(
                session,
                codes[number % 2],
                makelaar,
                status=status,
                gestart_op=dt.date(2026, 8, 1),
                bijgewerkt_op=dt.date(2026, 9, 1),
            )
        for number in range(12):  # twelve did not go ahead, for a reason typed into the logbook
            make_initiatief(
                session,
                codes[number % 2],
                makelaar,
                titel=poisoned("initiatief:"),
                status=InitiatiefStatus.GESTRAND
                if number < 9
                else InitiatiefStatus.NIET_ONDERSTEUND,
                reden=REASON,
                gestart_op=dt.date(2026, 8, 1),
                bijgewerkt_op=dt.date(2026, 9, 1),
            )
    ronde = start_round(store, gemeente_code="GM9988", cyclus="buurtmeter", periode="2026-H2")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NOW)
    cycle = BuurtmeterCycle()

    waiting = run_round(ctx, cycle)  # observe opens the survey windows
    _consented_quote(store, ronde.id)
    with store.session() as session:  # the form's title is named in the methods appendix
        session.execute(
            update(Enquete).where(Enquete.form_id == "reflectieformulier").values(titel=FORM)
        )
    close_survey_rounds(store, [s.enquete_ronde_id for s in waiting.wacht_op_enquetes], NOW)
    assert run_round(ctx, cycle).wacht_op_besluiten  # reflect and improve: proposals wait
    record_proposals(
        store,
        ronde.id,
        [
            Proposal(
                code="onderzoeker-aangenomen",
                sectie_id="wijk-bewonersinitiatieven",
                titel=TITLE,
                tekst=AUTHORED,
                onderbouwing=GROUNDS,
                bron="onderzoeker",
            ),
            Proposal(
                code="onderzoeker-verworpen",
                sectie_id="wijk-bewonersinitiatieven",
                titel=TITLE,
                tekst=AUTHORED,
                onderbouwing=GROUNDS,
                bron="onderzoeker",
            ),
        ],
    )
    for code in open_proposals(store, ronde.id):
        if code == "onderzoeker-verworpen":
            decide(store, ronde.id, code, Besluit.VERWORPEN, REJECTION)
        else:
            decide(store, ronde.id, code, Besluit.AANGENOMEN, DECISION)
    outcome = run_round(ctx, cycle)  # apply: the edition is rendered
    assert not outcome.wacht_op_besluiten and not outcome.wacht_op_enquetes
    out = settings.output_dir / slug(GEMEENTE)
    return Round(ctx, out / "handreiking-editie-1.pdf", out / "handreiking-editie-1.html")


def test_every_poisoned_value_shows_as_written_in_the_pdf_and_the_html(
    poisoned_round: Round,
) -> None:
    ctx = poisoned_round.ctx
    by_code = {d.code: d for d in decisions(ctx.store, ctx.ronde.id)}
    # the paths that put data into Markdown were taken, and made it literal Markdown
    assert markdown_literal(QUOTE) in by_code["voorbeelden-uit-reflectie"].tekst
    assert markdown_literal(REASON) in by_code["initiatieven-vroeg-toetsen"].tekst
    assert markdown_literal(WIJK_A) in by_code["voorbeeld-bewoners-organiseren"].tekst
    assert markdown_literal(WIJK_B) in by_code["ouderen-gericht-bereiken"].tekst

    pages = [page.extract_text() for page in pypdf.PdfReader(poisoned_round.pdf).pages]
    pdf_text = flat(" ".join(pages))
    unbroken = "".join(pdf_text.split())  # a line may break after "/", as in "</" "script>"
    for value in LITERAL:
        assert "".join(value.split()) in unbroken, f"PDF: {value}"
    assert "\\" not in pdf_text  # no escaping shows
    assert AUTHORED.replace("**", "") in pdf_text  # the researcher's Markdown is rendered

    parsed = ParsedHtml.of(poisoned_round.html.read_text(encoding="utf-8"))
    html_text = flat(parsed.text)
    for value in LITERAL:
        assert value in html_text, f"HTML: {value}"
    assert "\\" not in html_text
    assert parsed.markup_from_data() == []
    assert ("strong", "nadruk") in parsed.holding  # authored Markdown stays Markdown
