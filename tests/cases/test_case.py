"""Cases are immutable and event-sourced; bad events are refused and change nothing."""

import datetime as dt

import pytest

from civicflow import Case, CaseError, Event, WorkingDays, WorkingHours
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
            "'close' is not allowed in state 'dispatched'; allowed: reassign, return, "
            "sign_for, supervise",
            ("reassign", "return", "sign_for", "supervise"),
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
    with pytest.raises(TypeError, match=r"'at' must be a datetime\.datetime"):
        Event("1", "dispatch", "2025-09-29")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="invalid time limit"):
        Event("1", "approve_extension", AT, extension="soon")
