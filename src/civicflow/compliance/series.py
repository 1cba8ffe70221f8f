"""Series of periods: runs of a rate at its target, the same period a year before, change."""

from __future__ import annotations

from collections.abc import Iterable

from civicflow._arguments import guard, items
from civicflow.compliance.rates import Ratio
from civicflow.errors import ArgumentError

__all__ = ["change", "consecutive", "last_year"]


def consecutive(values: Iterable[Ratio], target: float = 1.0) -> int:
    """The number of periods, counted back from the last, whose rate equals ``target``.

    Undefined rates break the run: a month with no rated case is not a month at 100 %.
    """
    run = 0
    for ratio in reversed(items(values, "values", Ratio, "a Ratio")):
        if ratio.value != target:
            break
        run += 1
    return run


def last_year(label: str) -> str:
    """The label of the same period a year before: ``2025-09`` -> ``2024-09``,
    ``2025-Q3`` -> ``2024-Q3``, ``2025-W40`` -> ``2024-W40``, ``2025-09-29`` -> ``2024-09-29``.

    Raises:
        ValueError: ``label`` is not a period label (``all`` has no year before it).
    """
    year, sep, rest = label.partition("-")
    if not year.isdigit() or len(year) != 4:
        raise ArgumentError(f"{label!r} is not the label of a period with a year")
    if rest.count("-") == 1 and rest[:2] == "02" and rest[3:] == "29":
        rest = "02-28"  # no 29 February the year before
    return f"{int(year) - 1}{sep}{rest}"


def change(before: float, after: float) -> float | None:
    """The relative change from ``before`` to ``after`` (-0.925 for "92.5 % fewer").

    Raises:
        ArgumentError: a value too large to be a float.
    """
    try:
        return None if before == 0 else (float(after) - before) / float(before)
    except OverflowError:
        raise ArgumentError("'before' and 'after' must be numbers a float can hold") from None


guard(globals())
