"""The bulk jobs: reports, verdicts and recomputations of any input, in one process or several.

- :mod:`~civicflow.exchange.jobs.sources`: :class:`Source`, any input the library reads, and
  :func:`columns`, its cases a batch of columns at a time.
- :mod:`~civicflow.exchange.jobs.pipeline`: the jobs, :func:`report`, :func:`verdicts` and
  :func:`recomputed`, reading a file in several processes where its format allows.
- :mod:`~civicflow.exchange.jobs.partitions`: reports over partitions (Dask, Spark), merged.
- :mod:`~civicflow.exchange.jobs.duplicates`: case ids read twice, found in bounded memory.

Every name is loaded on first use: the jobs run on the columnar engine, which needs NumPy.
"""

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "Progress",
    "Reported",
    "Source",
    "columns",
    "merge_reports",
    "partial_arrays",
    "partial_bytes",
    "recomputed",
    "report",
    "report_batches",
    "report_from_arrays",
    "report_from_bytes",
    "report_lines",
    "usable_jobs",
    "verdicts",
    "why_one_process",
]

if TYPE_CHECKING:
    from civicflow.exchange.jobs.partitions import (
        merge_reports,
        partial_arrays,
        partial_bytes,
        report_batches,
        report_from_arrays,
        report_from_bytes,
        report_lines,
    )
    from civicflow.exchange.jobs.pipeline import (
        Progress,
        Reported,
        recomputed,
        report,
        usable_jobs,
        verdicts,
        why_one_process,
    )
    from civicflow.exchange.jobs.sources import Source, columns

#: Every name and its module (see ``__getattr__``).
_COLUMNAR = {
    "merge_reports": "civicflow.exchange.jobs.partitions",
    "partial_arrays": "civicflow.exchange.jobs.partitions",
    "partial_bytes": "civicflow.exchange.jobs.partitions",
    "report_batches": "civicflow.exchange.jobs.partitions",
    "report_from_arrays": "civicflow.exchange.jobs.partitions",
    "report_from_bytes": "civicflow.exchange.jobs.partitions",
    "report_lines": "civicflow.exchange.jobs.partitions",
    "Progress": "civicflow.exchange.jobs.pipeline",
    "Reported": "civicflow.exchange.jobs.pipeline",
    "recomputed": "civicflow.exchange.jobs.pipeline",
    "report": "civicflow.exchange.jobs.pipeline",
    "usable_jobs": "civicflow.exchange.jobs.pipeline",
    "verdicts": "civicflow.exchange.jobs.pipeline",
    "why_one_process": "civicflow.exchange.jobs.pipeline",
    "Source": "civicflow.exchange.jobs.sources",
    "columns": "civicflow.exchange.jobs.sources",
}


def __getattr__(name: str) -> object:
    """The jobs' names, imported on first use: their modules load NumPy, which a program
    that counts one case at a time need not pay for."""
    module = _COLUMNAR.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
