"""Cases are immutable and event-sourced; bad events are refused and change nothing."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from civicflow import (
    ArgumentError,
    ArgumentTypeError,
    Case,
    CaseError,
    Event,
    ExtensionRule,
    Transition,
    Workflow,
    WorkingDays,
    WorkingHours,
)
from civicflow.sla.presets import hotline_workflow, licence_workflow

AT = dt.datetime(2025, 9, 29, 9, 0)


def hotline(*events: Event) -> Case:
    return Case.open(hotline_workflow(), "H-1", AT, type="投诉").apply_all(events)


def at(minutes: int) -> dt.datetime:
    return AT + dt.timedelta(minutes=minutes)


def test_apply_moves_and_keeps_history() -> None:
    case = hotline(Event("1", "dispatch", at(10)), Event("2", "sign_for", at(20)))
    assert case.state == "signed_for"
    assert [e.name for e in case.history] == ["dispatch", "sign_for"]
    assert case.replayed() == case
    assert not case.is_closed


def test_self_transition_keeps_state() -> None:
    case = hotline(Event("1", "dispatch", at(10)), Event("2", "supervise", at(20)))
    assert case.state == "dispatched"


@pytest.mark.parametrize(
    ("event", "message", "allowed"),
    [
        (Event("x", "fly", at(30)), "has no event 'fly'", hotline_workflow().events),
        (
            Event("x", "close", at(30)),
            "'close' is not allowed in state 'dispatched'; allowed: reassign, reclassify, return, "
            "sign_for, supervise",
            ("reassign", "reclassify", "return", "sign_for", "supervise"),
        ),
        (Event("x", "sign_for", at(5)), "before the case's last event", ()),
        (
            Event("x", "sign_for", dt.datetime(2025, 9, 29, 10, tzinfo=dt.UTC)),
            "is aware but the case's times are not",
            (),
        ),
        (Event("1", "sign_for", at(30)), "event id '1' was already used", ()),
    ],
)
def test_refused_events_change_nothing(
    event: Event, message: str, allowed: tuple[str, ...]
) -> None:
    case = hotline(Event("1", "dispatch", at(10)))
    with pytest.raises(CaseError, match=message) as info:
        case.apply(event)
    assert info.value.allowed == allowed
    assert info.value.case_id == "H-1"
    assert info.value.event is event
    assert case.state == "dispatched"
    assert len(case.history) == 1


def test_the_same_event_twice_is_a_no_op() -> None:
    case = hotline(Event("1", "dispatch", at(10)))
    assert case.apply(Event("1", "dispatch", at(10))) is case


def test_events_at_the_same_minute_are_in_order() -> None:
    case = hotline(Event("1", "dispatch", at(10)), Event("2", "sign_for", at(10)))
    assert case.state == "signed_for"


def test_extension_rules() -> None:
    case = hotline(
        Event("1", "dispatch", at(10)),
        Event("2", "sign_for", at(20)),
        Event("3", "approve_extension", at(30), extension="6个工作日"),
    )
    with pytest.raises(CaseError, match="add up to 11 working days, over the cap of 10"):
        case.apply(Event("4", "approve_extension", at(40), extension=WorkingDays(5)))
    with pytest.raises(CaseError, match="in the unit of its cap 10 working days"):
        case.apply(Event("4", "approve_extension", at(40), extension=WorkingHours(8)))
    with pytest.raises(CaseError, match="give 'extension'"):
        case.apply(Event("4", "approve_extension", at(40)))
    with pytest.raises(CaseError, match="does not extend time limits"):
        case.apply(Event("4", "supervise", at(40), extension="1个工作日"))
    assert case.apply(Event("4", "approve_extension", at(40), extension="4个工作日")).history


def test_extension_times() -> None:
    case = Case.open(licence_workflow(), "L-1", AT).apply_all(
        [Event("1", "accept", at(1)), Event("2", "extend", at(2), extension="3个工作日")]
    )
    with pytest.raises(CaseError, match="at most 1 time"):
        case.apply(Event("3", "extend", at(3), extension="1个工作日"))


def test_event_checks_its_fields() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^'at' must be a datetime\.datetime \(got '2025"):
        Event("1", "dispatch", "2025-09-29")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="invalid time limit"):
        Event("1", "approve_extension", AT, extension="soon")


# -- every refusal says which case, which event, why, and what is allowed ---------------------

T = Transition

#: Two ways to extend: each counts only its own extensions against its cap.
DESK = Workflow(
    "desk",
    states=("open", "closed"),
    initial="open",
    terminal=("closed",),
    transitions=(
        T("extend", "open", None, extension=ExtensionRule(cap=WorkingDays(3), times=2)),
        T("grant", "open", None, extension=ExtensionRule(cap=WorkingDays(10))),
        T("close", "open", "closed"),
    ),
)


def refusal(case: Case, event: Event) -> CaseError:
    with pytest.raises(CaseError) as info:
        case.apply(event)
    assert info.value.case_id == case.id
    assert info.value.event is event
    return info.value


def test_every_refusal_names_the_case_the_event_and_the_reason() -> None:
    case = Case.open(DESK, "D-1", AT)
    e = Event("1", "close", at(1), WorkingDays(1))
    assert refusal(case, e).reason == "'close' does not extend time limits; drop 'extension'"
    e = Event("1", "extend", at(1))
    assert (
        refusal(case, e).reason
        == "'extend' extends time limits: give 'extension', e.g. '5个工作日'"
    )
    e = Event("1", "extend", at(1), WorkingHours(2))
    assert refusal(case, e).reason == (
        "the extension must be given in the unit of its cap 3 working days (got 2 working hours); "
        "units are never converted"
    )
    granted = case.apply_all(
        [Event("1", "grant", at(1), WorkingDays(8)), Event("2", "extend", at(2), WorkingDays(2))]
    )
    # The grant's 8 days are not the extension's: 2 + 1 stays within its cap of 3.
    assert granted.apply(Event("3", "extend", at(3), WorkingDays(1))).history[-1].name == "extend"
    e = Event("3", "extend", at(3), WorkingDays(2))
    assert (
        refusal(granted, e).reason
        == "extensions would add up to 4 working days, over the cap of 3 working days"
    )
    twice = granted.apply(Event("3", "extend", at(3), WorkingDays(1)))
    e = Event("4", "extend", at(4), WorkingDays(0))
    assert (
        refusal(twice, e).reason
        == "'extend' may happen at most 2 time(s) in a case, and it has happened 2 time(s)"
    )
    closed = case.apply(Event("1", "close", at(1)))
    e = Event("2", "extend", at(2), WorkingDays(1))
    error = refusal(closed, e)
    assert (
        error.reason
        == "'extend' is not allowed in state 'closed'; allowed: none (the state is terminal)"
    )
    assert error.allowed == ()
    e = Event("1", "close", at(2))
    assert (
        refusal(closed, e).reason
        == "event id '1' was already used by Event(id='1', name='close', at=datetime.datetime(2025, 9, 29, 9, 1), extension=None)"
    )


def test_a_refusal_in_a_batch_says_where() -> None:
    case = Case.open(DESK, "D-1", AT)
    with pytest.raises(CaseError) as info:
        case.apply_all([Event("1", "extend", at(1), WorkingDays(1)), Event("2", "open", at(2))])
    assert info.value.index == 1
    assert info.value.allowed == ("extend", "grant", "close")


def test_an_aware_event_in_a_naive_case_is_named() -> None:
    e = Event("1", "close", at(1).replace(tzinfo=dt.UTC))
    assert refusal(Case.open(DESK, "D-1", AT), e).reason == (
        "its time 2025-09-29T09:01:00+00:00 is aware but the case's times are not; use one kind "
        "throughout a case"
    )


def test_a_naive_event_in_an_aware_case_is_named() -> None:
    aware = Case.open(DESK, "D-1", AT.replace(tzinfo=dt.UTC))
    assert refusal(aware, Event("1", "close", at(1))).reason == (
        "its time 2025-09-29T09:01:00 is naive but the case's times are not; use one kind "
        "throughout a case"
    )


def test_fields_and_defaults() -> None:
    case = Case.open(DESK, "D-2", AT)
    assert (case.type, case.category, case.urgency, case.channel, case.fields) == (
        "",
        "",
        "normal",
        "",
        (),
    )
    rich = Case.open(DESK, "D-3", AT, type="投诉", category="噪音", urgency="urgent", channel="app",
                     fields={"department": "城管局", "grid": "A7"})  # fmt: skip
    assert [rich.get(n) for n in ("type", "category", "urgency", "channel", "department", "grid", "none")] == [
        "投诉", "噪音", "urgent", "app", "城管局", "A7", ""
    ]  # fmt: skip
    pairs = [("grid", "B1")]  # pairs are read like a mapping
    assert Case.open(DESK, "D-4", AT, fields=pairs).get("grid") == "B1"  # type: ignore[arg-type]
    again = rich.apply(Event("1", "close", at(1))).replayed()
    assert (again.category, again.urgency, again.channel, again.fields) == (
        "噪音",
        "urgent",
        "app",
        rich.fields,
    )
    with pytest.raises(ArgumentTypeError) as type_info:
        Case.open(DESK, "D-5", AT, fields={"grid": 7})  # type: ignore[dict-item]
    assert str(type_info.value) == "'fields['grid']' must be a str (got 7 that is a int)"
    assert (type_info.value.argument, type_info.value.value) == ("fields['grid']", 7)
    with pytest.raises(ArgumentTypeError, match=r"^'a key of fields' must be a str \(got 7 "):
        Case.open(DESK, "D-5", AT, fields={7: "grid"})  # type: ignore[dict-item]
    with pytest.raises(
        ArgumentError, match=r"^'type' is a case attribute of its own, not one of its 'fields'$"
    ):
        Case.open(DESK, "D-5", AT, fields={"type": "投诉"})
    with pytest.raises(ArgumentTypeError, match=r"^'id' must be a str \(got 5 that is a int\)$"):
        Case.open(DESK, 5, AT)  # type: ignore[arg-type]
    with pytest.raises(
        ArgumentTypeError,
        match=r"^'received' must be a datetime.datetime \(got '2025-09-29' that is a str\)$",
    ):
        Case.open(DESK, "D-6", "2025-09-29")  # type: ignore[arg-type]


#: A desk whose reclassification moves the case on: the new state and the new values both hold.
TRIAGE = Workflow(
    "triage",
    states=("new", "triaged", "closed"),
    initial="new",
    terminal=("closed",),
    transitions=(
        T("triage", "new", "triaged", reclassifies=True),
        T("close", ("new", "triaged"), "closed"),
    ),
)


def test_a_reclassification_keeps_what_the_case_was_received_as() -> None:
    case = Case.open(TRIAGE, "T-1", AT, type="咨询", category="噪音", urgency="normal")
    changed = {"category": "施工噪音", "urgency": "urgent"}
    for applied in (
        case.apply(Event("1", "triage", at(10), changes=changed)),
        case.apply_all([Event("1", "triage", at(10), changes=changed)]),
    ):
        assert (applied.state, applied.category, applied.urgency) == (
            "triaged",
            "施工噪音",
            "urgent",
        )
        assert applied.received_as == (("category", "噪音"), ("urgency", "normal"))
        assert applied.classification_at(at(9)) == ("咨询", "噪音", "normal")
        assert applied.classification_at(at(10)) == ("咨询", "施工噪音", "urgent")
        assert applied.classification_at(at(60)) == applied.classification_at()
        assert applied.classification_after(0) == ("咨询", "噪音", "normal")
        assert applied.replayed() == applied
    with pytest.raises(ArgumentTypeError, match=r"^'changes\['type'\]' must be a str \(got 1 "):
        Event("1", "triage", at(10), changes={"type": 1})  # type: ignore[arg-type]


def test_changes_belong_to_a_reclassification_only() -> None:
    case = Case.open(TRIAGE, "T-1", AT)
    assert refusal(case, Event("1", "triage", at(1))).reason == (
        "'triage' reclassifies the case: give 'changes', e.g. {'type': '投诉'}"
    )
    wrong = Event("1", "close", at(1), changes={"type": "投诉"})
    assert "does not reclassify the case; drop 'changes'" in refusal(case, wrong).reason


BAD_KEYS: Any = {1: "投诉"}


def _wrong_calls() -> list[tuple[Callable[[], object], str]]:
    case = hotline(Event("1", "dispatch", at(10)))
    workflow = hotline_workflow()
    extend = workflow.transition("approve_extension")
    assert extend is not None
    return [
        (lambda: Event(1, "dispatch", AT), "'id' must be a str (got 1 that is a int)"),  # type: ignore[arg-type]
        (lambda: Event("1", None, AT), "'name' must be a str (got None that is a NoneType)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", AT, note=3), "'note' must be a str (got 3 that is a int)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", AT, channel=b"app"), "'channel' must be a str (got b'app' that is a bytes)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", "09:00"), "'at' must be a datetime.datetime (got '09:00' that is a str)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", AT, changes=5), "'changes' must be a mapping of str to str, or (str, str) pairs (got 5 that is a int)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", AT, changes="type"), "'changes' must be a mapping of str to str, or (str, str) pairs (got 'type' that is a str)"),  # type: ignore[arg-type]
        (lambda: Event("1", "x", AT, changes=[("type",)]), "'changes' must be a mapping of str to str, or (str, str) pairs (got [('type',)] that is a list)"),  # type: ignore[list-item]
        (lambda: Event("1", "x", AT, changes=BAD_KEYS), "'a key of changes' must be a str (got 1 that is a int)"),
        (lambda: Event("1", "x", AT, changes=[("type", 2)]), "'changes['type']' must be a str (got 2 that is a int)"),  # type: ignore[list-item]
        (lambda: Event("1", "x", AT, changes={"colour": "red"}), "a reclassification changes type, category, urgency, not 'colour'"),
        (lambda: Case(None, "1", AT), "'workflow' must be a Workflow (got None that is a NoneType)"),  # type: ignore[arg-type]
        (lambda: Case.open("hotline-12345", "1", AT), "'workflow' must be a Workflow (got 'hotline-12345' that is a str)"),  # type: ignore[arg-type]
        (lambda: Case(workflow, "1", AT, state=1), "'state' must be a str (got 1 that is a int)"),  # type: ignore[arg-type]
        (lambda: Case(workflow, "1", AT, history=5), "'history' must be an iterable of Event (got 5 that is a int)"),  # type: ignore[arg-type]
        (lambda: Case(workflow, "1", AT, history="e1"), "'history' must be an iterable of Event (got 'e1' that is a str)"),  # type: ignore[arg-type]
        (lambda: Case(workflow, "1", AT, history=[case.history[0], "e2"]), "'history[1]' must be an Event (got 'e2' that is a str)"),  # type: ignore[list-item]
        (lambda: case.get(None), "'name' must be a str (got None that is a NoneType)"),  # type: ignore[arg-type]
        (lambda: case.apply("dispatch"), "'event' must be an Event (got 'dispatch' that is a str)"),  # type: ignore[arg-type]
        (lambda: case.apply_all(None), "'events' must be an iterable of Event (got None that is a NoneType)"),  # type: ignore[arg-type]
        (lambda: case.apply_all("e"), "'events' must be an iterable of Event (got 'e' that is a str)"),  # type: ignore[arg-type]
        (lambda: case.apply_all([Event("2", "sign_for", at(20)), 3]), "'events[1]' must be an Event (got 3 that is a int)"),  # type: ignore[list-item]
        (lambda: case.classification_at("today"), "'at' must be a datetime.datetime or None (got 'today' that is a str)"),  # type: ignore[arg-type]
        (lambda: case.classification_after("1"), "'events' must be a whole number (got '1' that is a str)"),  # type: ignore[arg-type]
        (lambda: case.classification_after(True), "'events' must be a whole number (got True that is a bool)"),
        (lambda: case.refuses_extension("approve_extension", 0), "'transition' must be a Transition (got 'approve_extension' that is a str)"),  # type: ignore[arg-type]
        (lambda: case.refuses_extension(extend, 0.0), "'index' must be a whole number (got 0.0 that is a float)"),  # type: ignore[arg-type]
        (lambda: case.refuses_extension(extend, False), "'index' must be a whole number (got False that is a bool)"),
        (lambda: case.refuses_extension(extend, 1), "'index' must be the position of an event of the history, 0 to 0 (got 1)"),
        (lambda: case.refuses_extension(extend, -1), "'index' must be the position of an event of the history, 0 to 0 (got -1)"),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(len(_wrong_calls())))
def test_each_wrong_argument_is_named_in_words(index: int) -> None:
    call, message = _wrong_calls()[index]
    with pytest.raises(ArgumentError) as info:
        call()
    assert str(info.value) == message


def test_a_reclassified_case_is_asked_at_a_time_like_its_own() -> None:
    case = Case.open(TRIAGE, "T-1", AT, type="咨询").apply(
        Event("1", "triage", at(10), changes={"type": "投诉"})
    )
    with pytest.raises(ArgumentError) as info:
        case.classification_at(at(20).replace(tzinfo=dt.UTC))
    assert str(info.value) == (
        "'at' 2025-09-29T09:20:00+00:00 is aware but the case's times are not; use one kind"
    )
    aware = Case.open(TRIAGE, "T-2", AT.replace(tzinfo=dt.UTC), type="咨询").apply(
        Event("1", "triage", at(10).replace(tzinfo=dt.UTC), changes={"type": "投诉"})
    )
    with pytest.raises(ArgumentError, match=r"^'at' 2025-09-29T09:20:00 is naive but the case"):
        aware.classification_at(at(20))
    assert case.classification_at(None) == ("投诉", "", "normal")
