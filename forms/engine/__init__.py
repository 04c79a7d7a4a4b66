"""The form logic behind the answering pages and the importers: pages, relevance, calculations,
parsing what people typed, and checking required answers and constraints (ODK semantics).

Answers are kept per question name: text, phone and dates as strings ('YYYY-MM-DD'), integers
as int, decimals as float, select_one as the choice name, select_multiple as a list of names.
Calculated values are strings, as an XForm instance holds them. Values of questions that are
not relevant are not kept.
"""

from makelaar.forms.engine.controle import (
    PaginaUitslag,
    controleer_alles,
    controleer_pagina,
    schoon,
    volgende_pagina,
    vorige_pagina,
)
from makelaar.forms.engine.staat import Kop, Pagina, Toestand, paginas, toestand
from makelaar.forms.engine.waarden import (
    Antwoorden,
    AntwoordError,
    Waarde,
    als_tekst,
    beginwaarden,
    lees_waarde,
)

__all__ = [
    "AntwoordError",
    "Antwoorden",
    "Kop",
    "Pagina",
    "PaginaUitslag",
    "Toestand",
    "Waarde",
    "als_tekst",
    "beginwaarden",
    "controleer_alles",
    "controleer_pagina",
    "lees_waarde",
    "paginas",
    "schoon",
    "toestand",
    "volgende_pagina",
    "vorige_pagina",
]
