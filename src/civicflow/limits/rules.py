"""The counting rules that vary by body, as options: when the last day ends, when a case counts as received.

The law's rules are the defaults (``docs/rules.md``); a body that counts otherwise says so with
one of these options, never with hidden state.
"""

from __future__ import annotations

import enum
from typing import TypeVar

from civicflow._arguments import guard
from civicflow.errors import ArgumentError, shown

__all__ = ["DayEnd", "Receipt", "parse_option"]

E = TypeVar("E", bound=enum.Enum)


class DayEnd(enum.Enum):
    """When the last day of a day-based limit ends."""

    #: At the end of the day's last working session (the default: 民法典 Art. 203,
    #: "where there are business hours, at the close of business").
    CLOSE_OF_BUSINESS = "close"
    #: At 24:00, returned as 00:00 of the next day.
    MIDNIGHT = "midnight"


class Receipt(enum.Enum):
    """When a case received outside working time is taken to be received."""

    #: At the moment it arrived (the default).
    AS_RECEIVED = "as-received"
    #: At the next working moment: a call on Saturday counts as received on Monday at
    #: the first session, so Monday is the start day that a day-based limit does not count.
    NEXT_WORKING_MOMENT = "next-working-moment"


def parse_option(kind: type[E], value: E | str, name: str) -> E:
    """``value`` as a member of ``kind``; text is read by the member's value.

    Raises:
        ArgumentError: the text names no member; the message lists the choices.
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        for member in kind:
            if member.value == value:
                return member
    choices = ", ".join(repr(m.value) for m in kind)
    raise ArgumentError(f"'{name}' must be one of {choices} (got {shown(value)})")


guard(globals())
