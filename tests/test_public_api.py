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
            "DayEnd", "ExplainedDay", "Explanation", "Receipt", "before", "deadline", "explain", "latest_start",
            "working_time",
            "Case", "Event", "ExtensionRule", "Transition", "Workflow",
            "Card", "ClockState", "Evaluation", "Goal", "GoalExplanation", "GoalStatus", "Limit",
            "Policy", "Segment", "Target", "Warnings", "cycles", "evaluate", "evaluations", "explain_goal",
            "report_cases",
            "hotline_policy", "hotline_workflow", "licence_policy", "licence_workflow",
            "preset_policy", "preset_workflows", "rating_policy", "rating_workflow",
            "urban_policy", "urban_workflow",
            "CASE_SCHEMA", "POLICY_SCHEMA", "case_from_json", "case_to_json", "policy_from_json",
            "policy_to_json",
            "CaseError", "DefinitionError", "SchemaError",
            "ArgumentError", "ArgumentTypeError", "FieldError", "NotFoundError",
            "Arrangement", "NoticeError", "parse_notice",
        ]
    )  # fmt: skip
    for name in cf.__all__:
        assert hasattr(cf, name), name


def test_errors_subclass_builtins() -> None:
    for error in (
        cf.ArgumentError,
        cf.ArgumentTypeError,
        cf.FieldError,
        cf.CalendarCoverageError,
        cf.CalendarError,
        cf.CaseError,
        cf.DefinitionError,
        cf.DurationError,
        cf.NoticeError,
        cf.SchemaError,
        cf.ScheduleError,
    ):
        assert issubclass(error, cf.CivicflowError)
        assert issubclass(error, ValueError)
    assert issubclass(cf.ArgumentTypeError, TypeError)
    assert issubclass(cf.NotFoundError, cf.CivicflowError)
    assert issubclass(cf.NotFoundError, KeyError)
