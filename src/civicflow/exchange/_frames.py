"""pandas, loaded as an optional extra, and a column of moments as pandas holds them: what
the DataFrame entry points (:mod:`~civicflow.exchange.tables.frames`,
:func:`~civicflow.exchange.reports.verdicts.verdicts_frame`) share."""

from __future__ import annotations

from typing import Any

from civicflow.exchange._extras import extra

__all__ = ["moments", "pandas"]


def pandas() -> Any:
    """The pandas module, or an error naming the extra that installs it."""
    return extra("pandas", "pandas", "DataFrames")


def moments(pd: Any, values: Any) -> Any:
    """A column of moments: datetime64 when naive, or aware in one zone; else objects."""
    try:
        return pd.to_datetime(values)
    except (TypeError, ValueError):  # aware moments of several offsets
        return values
