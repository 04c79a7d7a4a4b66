"""The answering pages: a small Starlette app (`maak_app`) served by uvicorn (`makelaar forms serve`).

URLs carry no ids: the session cookie names the invitation, so nobody can ask for another
person's form or round by changing a number.

    GET  /t/{token}             open a personal link: sets the session cookie, 303 to the form
                                (every bad link: one identical 404 page; failures throttled, 429)
    GET  /formulier[?pagina=k]  a page (default: the saved one); ?taal=nl|en switches language
    POST /formulier             csrf, pagina, actie=volgende|vorige, the page's answers → 303
                                (422 with the errors when the page does not validate)
    POST /formulier/controle    the same fields → JSON {"relevant": {name: bool},
                                "fouten": {name: text}, "keuzes": {select name: [choice names
                                offered now]}} (the JavaScript's instant check)
    GET  /formulier/overzicht   the review page; POST csrf + instance_id submits (→ /bedankt)
    GET  /formulier/bedankt     thank-you page (only once the invitation is answered)
    GET  /gezond                "ok" (the no-op endpoint of the load benchmark)
    GET  /static/formulier.css, /static/formulier.js

Stable hooks for browser tests: `<html lang>`; `#inhoud` (main), skip link `.naar-inhoud`;
`#taalwissel` (language link); `#paginatitel` (h1); `#voortgang`; form `#formulier`; per question
a container `#vraag-{name}` (attribute `hidden` when not relevant, `data-vraag="{name}"`), its
input `#veld-{name}` (choices: `#veld-{name}-{choice}`, in a fieldset with a legend), hint
`#hint-{name}`, error `#fout-{name}`; error summary `#foutoverzicht` (links to the fields);
buttons `#knop-volgende`, `#knop-vorige`; review page: `#samenvatting-{k}`, `#antwoord-{name}`,
`#wijzig-{k}`, form `#versturen`, button `#knop-versturen`. A nested group's heading is a
container `#vraag-{group name}` too. Choices sit in `[data-keuze="{choice}"]` (hidden and
disabled when a choice_filter leaves them out). Inputs of hidden questions are disabled, so a
post carries exactly the questions on screen; the script adds a hidden `_script=1` field, and a
hidden `_getoond={name}` for each question it shows (left empty, a choice question posts nothing).
Status codes: 200 pages, 303 after every successful post, 422 a page or review with messages,
403 no session or a bad CSRF token, 404 every bad link (identical bytes), 409 a conflicting
submission, 411/413 posts without a length or too large, 429 throttled link openings.

In tests: `forms.web.server.draai_op_achtergrond(settings, store)` runs uvicorn in a thread on a
free port and yields the base URL. For an ASGI server: `makelaar.forms.web.app:create_app`, a
factory reading the settings from the environment (`uvicorn --factory`; `makelaar forms serve
--workers N` runs N such processes).
"""

from makelaar.forms.web.app import maak_app

__all__ = ["maak_app"]
