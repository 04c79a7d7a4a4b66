"""What the forkserver of bench/cycles.py imports before it forks the pool's processes.

Imported for its effect: makelaar, Prefect and the task (bench.cycles_demo) imported and every
cycle loaded, once, so that each forked process has them; and what the cycles import where they
use it (WeasyPrint for a document, matplotlib for a chart, scipy.stats to compare two rates).
Also what a process imports only at its first round, which a worker that has run one has done:
without these, a process's first cycle paid about 1 s of CPU more than its later ones
(December 2026, cProfile of three casusregie demos in one forked process: 2.30, 1.69, 1.36 s),
and at once two processes each pay it where one after another pays it once.
"""

import fastapi.encoders  # noqa: F401  (Flow.serialize_parameters, at a flow's first call: 0.38 s)
import matplotlib.backends.backend_agg  # handreiking.charts, at a chart
import matplotlib.figure
import matplotlib.ticker  # noqa: F401
import prefect.flow_engine  # (Flow.__call__)
import prefect.utilities.visualization  # noqa: F401  (Flow.__call__; imports graphviz: 0.32 s)
import scipy.optimize  # intake.disclosure_tables imports it at its first use
import scipy.stats  # noqa: F401  (cycles.onzekerheid, at two rates compared)
import weasyprint  # noqa: F401  (a cycle's document)

import bench.cycles_demo  # noqa: F401  (the task the pool's processes run)
import makelaar.forms.xlsform  # pyxform, at a survey's first import
import makelaar.handreiking.fetcher  # noqa: F401  (handreiking.render, before its fork)
from makelaar.cycles.registry import load_cycles

load_cycles()
