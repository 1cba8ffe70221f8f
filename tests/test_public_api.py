"""The public surface changes only on purpose, and answers wrong input with its own errors."""

import contextlib
import inspect
import io
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import civicflow as cf
from tests.api_calls import Call, calls, public_callables, settle, shown, wrong


def test_public_names() -> None:
    assert sorted(cf.__all__) == sorted(
        [
            "CalendarCoverageError", "CalendarError", "CivicflowError", "DurationError",
            "ScheduleError",
            "StatutoryData", "statutory_data",
            "DEFAULT_HOURS", "Calendar", "DayInfo", "DayKind", "Schedule", "Season", "Session",
            "china_calendar", "Rest", "SessionSpan",
            "CalendarDays", "ClockTime", "Duration", "Months", "WorkingDays", "WorkingHours",
            "DayEnd", "ExplainedDay", "Explanation", "Receipt", "before", "deadline", "explain", "latest_start",
            "working_time",
            "Case", "Event", "ExtensionRule", "Transition", "Workflow",
            "Card", "ClockState", "Evaluation", "Goal", "GoalExplanation", "GoalStatus", "Limit",
            "Policy", "Segment", "Target", "Warnings", "cycles", "evaluate", "evaluations", "explain_goal",
            "Alert", "AlertKind", "ClockSchedule", "Unscheduled", "clock_schedule",
            "report_cases", "DueAlert", "DueList", "due_soon",
            "hotline_policy", "hotline_workflow", "licence_policy", "licence_workflow",
            "preset_policy", "preset_workflows", "rating_policy", "rating_workflow",
            "urban_policy", "urban_workflow",
            "CASE_SCHEMA", "POLICY_SCHEMA", "case_from_json", "case_to_json", "policy_from_json",
            "policy_to_json",
            "CaseError", "DefinitionError", "SchemaError",
            "ArgumentError", "ArgumentTypeError", "FieldError", "NotFoundError",
            "Arrangement", "NoticeError", "parse_notice",
            "CaseColumns", "ColumnEvaluation", "GoalColumns", "evaluate_columns",
            "report_columns", "read_columns",
        ]
    )  # fmt: skip
    for name in cf.__all__:
        assert hasattr(cf, name), name


def test_the_columnar_names_load_numpy_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, civicflow as cf, civicflow.exchange, civicflow.cli; "
        "assert 'numpy' not in sys.modules and 'msgspec' not in sys.modules; cf.CaseColumns; "
        "assert 'numpy' in sys.modules; cf.nope"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "AttributeError: module 'civicflow' has no attribute 'nope'" in run.stderr


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


# -- wrong input: a value or a CivicflowError, never anything else ---------------------------


@pytest.fixture(autouse=True, scope="module")
def _in_a_scratch_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The calls below run in a folder of their own: a writer given a wrong path that is
    still a path (``"2025-10-11"``, a drawn text) writes there, not in the project."""
    with contextlib.chdir(tmp_path_factory.mktemp("wrong-paths")):
        yield


def judged(name: str, call: Callable[[], object], what: str = "") -> None:
    """Call, and read what returns as a user would; anything raised that is not a
    CivicflowError fails, naming the call."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = call()
            if not inspect.isclass(CALLABLES[name]):  # a constructor gives what it was given
                settle(result)
    except cf.CivicflowError:
        return
    except Exception as exc:
        pytest.fail(f"{name}{what}: {type(exc).__name__}: {shown(exc)}")


CALLABLES = public_callables()


def test_every_public_callable_has_a_call_that_works() -> None:
    assert sorted(calls()) == sorted(CALLABLES)
    for call in calls().values():
        with contextlib.redirect_stdout(io.StringIO()):
            settle(call.target(*call.args, **call.kwargs))


def spoilt(call: Call, parameter: inspect.Parameter, value: object) -> Callable[[], object]:
    """The call with ``parameter`` given ``value`` (an extra item for ``*args``)."""
    bound = inspect.signature(call.target).bind_partial(*call.args, **call.kwargs)
    if parameter.kind is parameter.VAR_POSITIONAL:
        args, kwargs = (*bound.args, value), bound.kwargs
    else:
        bound.arguments[parameter.name] = value
        args, kwargs = bound.args, bound.kwargs
    return lambda: call.target(*args, **kwargs)


def parameters(call: Call) -> list[inspect.Parameter]:
    return [
        p for p in inspect.signature(call.target).parameters.values() if p.kind is not p.VAR_KEYWORD
    ]


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_each_argument_wrong_in_turn(name: str) -> None:
    """Every callable of the public API, each of its arguments in turn of the wrong type,
    empty, huge and out of range (:data:`tests.api_calls.WRONG`): a value or a CivicflowError."""
    call = calls()[name]
    for parameter in parameters(call):
        for make in wrong():
            judged(name, spoilt(call, parameter, make()), f"({parameter.name}={shown(make())})")


#: Anything at all, for the property below: the wrong values, and values drawn afresh.
ANYTHING = st.one_of(
    st.sampled_from(range(len(wrong()))).map(lambda k: wrong()[k]()),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.dates(),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.timedeltas(),
    st.lists(st.text(max_size=5) | st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5) | st.integers(), max_size=3),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(CALLABLES)), st.data())
def test_any_wrong_arguments_give_a_value_or_a_civicflow_error(
    name: str, data: st.DataObject
) -> None:
    """The public API as one property: any callable, with any of its arguments replaced by
    anything at all (several at once), returns a value or raises a CivicflowError."""
    call = calls()[name]
    given = parameters(call)
    chosen = (
        data.draw(st.lists(st.sampled_from(given), unique_by=lambda p: p.name, max_size=3))
        if given
        else []
    )
    bound = inspect.signature(call.target).bind_partial(*call.args, **call.kwargs)
    extra = []
    for parameter in chosen:
        value = data.draw(ANYTHING, label=parameter.name)
        if parameter.kind is parameter.VAR_POSITIONAL:
            extra.append(value)
        else:
            bound.arguments[parameter.name] = value
    args, kwargs = (*bound.args, *extra), bound.kwargs
    judged(name, lambda: call.target(*args, **kwargs))
