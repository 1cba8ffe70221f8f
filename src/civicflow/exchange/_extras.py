"""Optional extras: a module a format needs, or an error that names the extra to install."""

from __future__ import annotations

import importlib
from typing import Any

from civicflow.errors import ArgumentError

__all__ = ["extra"]


def extra(module: str, name: str, what: str) -> Any:
    """The optional module ``module``, or an ArgumentError naming the extra ``name``: "``what``
    needs the optional extra: pip install 'civicflow[name]'"."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ArgumentError(
            f"{what} needs the optional extra: pip install 'civicflow[{name}]'"
        ) from None
