"""The errors civicflow raises.

Every error derives from :class:`CivicflowError` and also from the builtin that fits
(:class:`ValueError` for bad values), so callers can catch either. Each keeps the
offending data as attributes and says what was expected, what arrived and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "CalendarCoverageError",
    "CalendarError",
    "CaseError",
    "CivicflowError",
    "DefinitionError",
    "DurationError",
    "FieldError",
    "NotFoundError",
    "ScheduleError",
    "SchemaError",
    "shown",
]


class CivicflowError(Exception):
    """The root of every error civicflow raises."""


class ArgumentError(CivicflowError, ValueError):
    """An argument has a value the function cannot use: an unknown option, a name that is
    not one of the choices, naive and aware times mixed, a start that is no moment.

    The message names the argument, what arrived and what is expected.
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument is of a type the function cannot use: a start that is not a datetime, a
    calendar given as a zone name, a list where a mapping belongs. Also a ``TypeError``.

    Attributes:
        argument: the argument's name (``"start"``; ``"cases[2]"`` for an item).
        value: what arrived.
        expected: what the argument must be, in words (``"a datetime.datetime"``).
    """

    def __init__(self, argument: str, value: object, expected: str) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        super().__init__(
            f"'{argument}' must be {expected} (got {shown(value)} that is a {type(value).__name__})"
        )


class NotFoundError(CivicflowError, KeyError):
    """A name asked for is not there: a goal of a policy, a rate of a book, a preset, a
    state of a workflow. Also a ``KeyError``.

    The message names what was asked for and what there is.
    """

    def __str__(self) -> str:  # a KeyError prints its argument's repr; this prints the message
        return str(self.args[0]) if self.args else ""


class CalendarCoverageError(CivicflowError, ValueError):
    """A date falls in a year the calendar has no holiday data for.

    Attributes:
        year: the year that is not covered.
        first_year: the first year the calendar covers.
        last_year: the last year the calendar covers.
        detail: what was being computed, where the error says more than the year (e.g.
            a limit that ends after the year 9999). ``year`` is 10000 for a moment past the
            year 9999 and 0 for one before the year 1 (in some zone).
        national: whether the calendar uses the national holidays. One that does not
            needs no holiday data and covers every year from its first to 9999, so only a
            year outside those is refused, and the message says so rather than name a
            notice.
    """

    def __init__(
        self, year: int, first_year: int, last_year: int, *, detail: str = "", national: bool = True
    ) -> None:
        self.year = year
        self.first_year = first_year
        self.last_year = last_year
        self.detail = detail
        self.national = national
        if not 1 <= year <= 9999:
            super().__init__(
                f"{detail or 'the result'}: {'past' if year > 9999 else 'before'} any "
                f"calendar (this one covers {first_year}-{last_year}); no deadline can be "
                "computed"
            )
            return
        if not national:
            super().__init__(
                (f"{detail}: " if detail else "")
                + f"{year} is outside this calendar's years, {first_year}-{last_year}: it keeps "
                f"its own working week without the national holidays, and its days are counted "
                f"from 1 January {first_year}; keep the dates you compute inside "
                f"{first_year}-{last_year}."
            )
            return
        super().__init__(
            (f"{detail}: " if detail else "")
            + f"no holiday data for {year}: this calendar covers {first_year}-{last_year}. "
            f"Which days of {year} are off is fixed only by the State Council's notice "
            f"'关于{year}年部分节假日安排的通知'; load it (parse_notice and "
            f"Calendar.with_arrangement, or 'civicflow calendar import' and --arrangement), "
            f"upgrade chinesecalendar once a release carries it, or keep the dates you compute "
            f"inside {first_year}-{last_year}."
        )


class DurationError(CivicflowError, ValueError):
    """A time limit could not be read or is not a valid amount.

    Attributes:
        text: what arrived (the text, or the repr of the value).
        reason: what is wrong with it and what is expected instead.
    """

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"invalid time limit {text!r}: {reason}")


class ScheduleError(CivicflowError, ValueError):
    """A specification of working sessions or seasons is invalid.

    Attributes:
        spec: what arrived.
        reason: what is wrong with it and what is expected instead.
    """

    def __init__(self, spec: str, reason: str) -> None:
        self.spec = spec
        self.reason = reason
        super().__init__(f"invalid working hours {spec!r}: {reason}")


class CalendarError(CivicflowError, ValueError):
    """A calendar is configured in a way that cannot be right.

    Examples: an unknown time zone, or one date declared both a day off and a
    working day.
    """


class DefinitionError(CivicflowError, ValueError):
    """A workflow or a policy is defined in a way that cannot work.

    Every problem found is reported at once.

    Attributes:
        name: the name of the workflow or policy.
        problems: each problem, in words.
    """

    def __init__(self, name: str, problems: tuple[str, ...] | list[str]) -> None:
        self.name = name
        self.problems = tuple(problems)
        listed = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(
            f"{name!r} is not a valid definition ({_problems(self.problems)}):{listed}"
        )


class CaseError(CivicflowError, ValueError):
    """An event cannot be applied to a case; the case is left as it was.

    Attributes:
        case_id: the case.
        event: the event that was refused.
        reason: why, and what would be accepted instead.
        allowed: the events the case's current state allows, where that is the problem.
        index: for :meth:`Case.apply_all`, the position of the refused event.
    """

    def __init__(
        self, case_id: str, event: object, reason: str, allowed: tuple[str, ...] = ()
    ) -> None:
        self.case_id = case_id
        self.event = event
        self.reason = reason
        self.allowed = allowed
        self.index: int | None = None
        super().__init__(f"case {case_id!r} refuses {event!r}: {reason}")


class SchemaError(CivicflowError, ValueError):
    """Serialized data could not be loaded; nothing was built.

    Attributes:
        what: what was being loaded (``"case"``, ``"policy"``).
        problems: every bad field, each as ``"<path>: <what is wrong>"``.
    """

    def __init__(self, what: str, problems: tuple[str, ...] | list[str]) -> None:
        self.what = what
        self.problems = tuple(problems)
        listed = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(f"cannot load this {what} ({_problems(self.problems)}):{listed}")


class FieldError(CivicflowError, ValueError):
    """A case field holds a value its use does not allow (e.g. a rating that is no grade).

    Attributes:
        case_id: the case.
        field: the field's name.
        value: what arrived.
        expected: the values allowed.
        what: what the value should be, in words (``"a grade"``).
    """

    def __init__(
        self, case_id: str, field: str, value: str, expected: tuple[str, ...], what: str
    ) -> None:
        self.case_id = case_id
        self.field = field
        self.value = value
        self.expected = expected
        hint = ""
        if value.strip() in expected:
            hint = " (it has spaces around it)"
        super().__init__(
            f"case {case_id!r}: {field} {value!r} is not {what}{hint}; "
            f"expected one of {', '.join(expected)}"
        )


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message: at most ``limit`` characters, and never an error itself
    (a number of thousands of digits has no repr, and an object's own ``__repr__`` may fail).

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    >>> shown(10**5000)
    'a number of about 5001 digits'
    """
    try:
        text = repr(value)
    except ValueError:  # Python's limit on the digits of a number turned to text
        digits = int(value.bit_length() * 0.30103) + 1 if isinstance(value, int) else 0
        return f"a number of about {digits} digits" if digits else f"a {type(value).__name__}"
    except Exception:
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _problems(problems: tuple[str, ...]) -> str:
    """``1 problem``, ``3 problems``."""
    return f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
