"""Compliance: the figures a service body reports, computed by mergeable accumulators.

A case becomes :class:`CaseFacts` as of an instant (:mod:`~civicflow.compliance.facts`); a
:class:`Tally` counts facts and merges with another (:mod:`~civicflow.compliance.tally`); a
:class:`Report` keeps one tally per group and period (:mod:`~civicflow.compliance.report`);
rates are definitions gathered in rate books (:mod:`~civicflow.compliance.rates`); series
helpers compare periods (:mod:`~civicflow.compliance.series`);
:mod:`~civicflow.compliance.recomputation` compares two calendars' verdicts on the same cases;
:mod:`~civicflow.compliance.bulk` evaluates and reports any number of cases in one pass.

May import: :mod:`civicflow.sla` and every layer below it.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.compliance.bulk import (
    PolicyChoice,
    evaluations,
    facts_chooser,
    report_cases,
)
from civicflow.compliance.facts import (
    CALLBACK_QUESTIONS,
    COUNTS,
    GRADES,
    NO,
    YES,
    CaseFacts,
    Facts,
    Indicators,
    case_facts,
    hotline_indicators,
    licence_indicators,
    preset_indicators,
    rating_indicators,
    urban_indicators,
)
from civicflow.compliance.rates import (
    CALLBACK_RATES,
    HOTLINE_RATES,
    JINHUA,
    RATE_BOOKS,
    SERVICE_HALL,
    TIANMEN,
    Rate,
    RateBook,
    Ratio,
)
from civicflow.compliance.recomputation import (
    DeadlineChange,
    recompute,
)
from civicflow.compliance.report import (
    PERIODS,
    Report,
    period_of,
)
from civicflow.compliance.series import (
    change,
    consecutive,
    last_year,
)
from civicflow.compliance.tally import (
    Tally,
    counts_of,
)

__all__ = [
    "CALLBACK_QUESTIONS",
    "CALLBACK_RATES",
    "COUNTS",
    "GRADES",
    "HOTLINE_RATES",
    "JINHUA",
    "NO",
    "PERIODS",
    "RATE_BOOKS",
    "SERVICE_HALL",
    "TIANMEN",
    "YES",
    "CaseFacts",
    "Counted",
    "DeadlineChange",
    "Facts",
    "Indicators",
    "PolicyChoice",
    "Rate",
    "RateBook",
    "Ratio",
    "Report",
    "Tally",
    "case_facts",
    "change",
    "consecutive",
    "count_columns",
    "counts_of",
    "evaluations",
    "facts_chooser",
    "hotline_indicators",
    "last_year",
    "licence_indicators",
    "period_of",
    "preset_indicators",
    "rating_indicators",
    "recompute",
    "report_cases",
    "report_columns",
    "urban_indicators",
]

if TYPE_CHECKING:
    from civicflow.compliance.columnar import Counted, count_columns, report_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "Counted": "civicflow.compliance.columnar",
    "count_columns": "civicflow.compliance.columnar",
    "report_columns": "civicflow.compliance.columnar",
}


def __getattr__(name: str) -> object:
    """The columnar names, imported on first use: their modules load NumPy, which a
    program that counts one case at a time need not pay for."""
    module = _COLUMNAR.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
