"""What the casusregie observe phase keeps with the round."""

from __future__ import annotations

from makelaar.cycles.casusregie.instellingen import CasusregieInstellingen
from makelaar.models.schemas import ObserveResult

__all__ = ["CasusregieObserved"]


class CasusregieObserved(ObserveResult):
    """What the round observed, and the gemeente's settings it is judged by (kept with the
    round, so a later change of the file does not change this round's report)."""

    instellingen: CasusregieInstellingen
    #: the settings came from the gemeente's file (False: the defaults, said in the report)
    eigen_instellingen: bool = False
