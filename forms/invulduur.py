"""How long answering a form takes, as letters and mails say it ("ongeveer 6 minuten").

An estimate from the parsed form: every question counts with the seconds its type takes a
typical respondent on a phone (reading the question, choosing or typing), summed and rounded up
to whole minutes, at least MINIMUM_MINUTEN. Questions behind skip logic count in full, so the
estimate is what the longest path takes: a letter that promises less than it takes loses people
halfway, one that promises a little more does not.

The seconds per type (SECONDEN) follow the usual rules of thumb for self-completion surveys
(a closed question 5-10 s, an open one a sentence or more a minute): a closed question is read
and tapped, a multiple choice is read to the end, a number or date is typed, a short text is a
few words, a long text (appearance `multiline`) a few sentences, a note is only read, and a
calculation is never shown.
"""

from __future__ import annotations

import math

from makelaar.forms.definitie import Formulier, Vraag, VraagType

#: seconds a question of each type takes; text is split into short and long below
SECONDEN: dict[VraagType, int] = {
    VraagType.SELECT_ONE: 8,
    VraagType.SELECT_MULTIPLE: 12,
    VraagType.INTEGER: 8,
    VraagType.DECIMAL: 10,
    VraagType.DATE: 12,
    VraagType.PHONE: 15,
    VraagType.TEXT: 20,  # a short text: a word or a few
    VraagType.NOTE: 5,
    VraagType.CALCULATE: 0,
}
#: a text question with appearance `multiline`: a few sentences
LANGE_TEKST_SECONDEN = 60
#: no letter promises less than this: opening the link and the review page take time too
MINIMUM_MINUTEN = 2


def vraag_seconden(vraag: Vraag) -> int:
    """The seconds one question takes (SECONDEN; a multiline text LANGE_TEKST_SECONDEN)."""
    if vraag.type is VraagType.TEXT and "multiline" in (vraag.appearance or "").split():
        return LANGE_TEKST_SECONDEN
    return SECONDEN[vraag.type]


def invulduur_minuten(formulier: Formulier) -> int:
    """The whole minutes answering `formulier` takes: its questions' seconds, rounded up."""
    seconden = sum(vraag_seconden(vraag) for vraag in formulier.vragen())
    return max(MINIMUM_MINUTEN, math.ceil(seconden / 60))
