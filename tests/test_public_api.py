"""The public surface changes only on purpose."""

import civicflow as cf


def test_public_names() -> None:
    assert sorted(cf.__all__) == sorted(
        [
            "CalendarCoverageError", "CalendarError", "CivicflowError", "DurationError",
            "ScheduleError",
            "StatutoryData", "statutory_data",
            "DEFAULT_HOURS", "Calendar", "DayInfo", "DayKind", "Schedule", "Season", "Session",
            "china_calendar",
            "CalendarDays", "ClockTime", "Duration", "Months", "WorkingDays", "WorkingHours",
            "DayEnd", "ExplainedDay", "Explanation", "Receipt", "deadline", "explain",
            "working_time",
        ]
    )  # fmt: skip
    for name in cf.__all__:
        assert hasattr(cf, name), name


def test_errors_subclass_builtins() -> None:
    for error in (cf.CalendarCoverageError, cf.CalendarError, cf.DurationError, cf.ScheduleError):
        assert issubclass(error, cf.CivicflowError)
        assert issubclass(error, ValueError)
