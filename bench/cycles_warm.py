"""What the forkserver of bench/cycles.py imports before it forks the pool's processes.

Imported for its effect: makelaar, Prefect and the task (bench.cycles_demo) imported and every
cycle loaded (WeasyPrint, scipy.stats, matplotlib), once, so that each forked process has them.
"""

import scipy.optimize  # noqa: F401  (intake.disclosure_tables imports it at its first use)

import bench.cycles_demo  # noqa: F401  (the task the pool's processes run)
from makelaar.cycles.registry import load_cycles

load_cycles()
