"""A reproducible, realistic year of broker work for a gemeente's real wijken (rows with bron "demo").

It follows each wijk's CBS profile, with a few documented knelpunten so a round has something to decide.
"""

from makelaar.cycles.demo.genereren import DemoReport, DemoTelling, generate_demo
from makelaar.cycles.demo.knelpunten import GEEN_KNELPUNTEN, STANDAARD_KNELPUNTEN, Knelpunten
from makelaar.cycles.demo.logboek import BRON

__all__ = [
    "BRON",
    "GEEN_KNELPUNTEN",
    "STANDAARD_KNELPUNTEN",
    "DemoReport",
    "DemoTelling",
    "Knelpunten",
    "generate_demo",
]
