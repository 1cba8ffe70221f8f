"""The facts of one case: which counts it adds to, as of an instant."""

import datetime as dt

import pytest

import civicflow as cf
from civicflow import compliance as co

D = dt.datetime


HOTLINE = cf.hotline_policy()


def hotline_case(n: int, *events: tuple[str, dt.datetime], **fields: str) -> cf.Case:
    case = cf.Case.open(HOTLINE.workflow, f"H-{n}", D(2025, 9, 22, 9), type="投诉", fields=fields)
    return case.apply_all(cf.Event(str(k), name, t) for k, (name, t) in enumerate(events))


def test_case_facts() -> None:
    ind = co.hotline_indicators()
    at = D(2025, 12, 31)
    closed = hotline_case(
        1,
        ("dispatch", D(2025, 9, 22, 10)),
        ("sign_for", D(2025, 9, 22, 11)),
        ("start", D(2025, 9, 22, 11)),
        ("reply", D(2025, 9, 24, 10)),
        rating="满意",
    )
    f = co.case_facts(closed, HOTLINE, at, ind)
    assert f.flags == {
        "received", "due", "closed", "closed_on_time", "signed", "signed_on_time", "rated",
        "rated_good", "rated_satisfied",
    }  # fmt: skip
    assert f.handling_minutes == 14 * 60  # Monday 10:00 to Wednesday 10:00: 6h + 7h + 1h
    assert f.handling_days == 2


def test_open_overdue_and_returned() -> None:
    ind = co.hotline_indicators()
    case = hotline_case(2, ("dispatch", D(2025, 9, 22, 10)), ("return", D(2025, 9, 22, 11)))
    f = co.case_facts(case, HOTLINE, D(2025, 12, 31), ind)
    assert {"open", "open_overdue", "due", "returned", "signed", "signed_on_time"} <= f.flags
    assert "closed" not in f.flags


def test_parked_urban_case() -> None:
    policy = cf.urban_policy()
    case = cf.Case.open(policy.workflow, "U", D(2025, 9, 26, 14), category="暴露垃圾")
    case = case.apply_all(
        [
            cf.Event("1", "file", D(2025, 9, 26, 14, 30)),
            cf.Event("2", "dispatch", D(2025, 9, 26, 15)),
            cf.Event("3", "park", D(2025, 9, 26, 16)),
        ]
    )
    f = co.case_facts(case, policy, D(2025, 12, 31), co.urban_indicators())
    assert f.flags == {"received", "parked"}


def test_bad_grade() -> None:
    case = hotline_case(3, rating="ok")
    with pytest.raises(ValueError, match="is not a grade"):
        co.case_facts(case, HOTLINE, D(2025, 12, 31), co.hotline_indicators())


def test_a_yellow_card_is_open_at_risk_and_a_red_one_overdue() -> None:
    ind = co.hotline_indicators()
    # A complaint dispatched on Monday 22 Sep 2025 at 10:00: 15 working days run to Friday
    # 17 Oct 17:30 (National Day skipped, two make-up weekend days worked); the yellow card
    # shows one working day before.
    case = hotline_case(4, ("dispatch", D(2025, 9, 22, 10)), ("sign_for", D(2025, 9, 22, 11)))
    due = cf.deadline(D(2025, 9, 22, 10), "15个工作日")
    assert due == D(2025, 10, 17, 17, 30)

    def flags(at: dt.datetime) -> frozenset[str]:
        return co.case_facts(case, HOTLINE, at, ind).flags

    assert "open_at_risk" not in flags(D(2025, 10, 16, 17, 29))
    assert {"open", "open_at_risk"} <= flags(D(2025, 10, 16, 17, 30))
    assert "due" not in flags(D(2025, 10, 16, 17, 30))
    late = flags(D(2025, 10, 17, 17, 31))
    assert {"open", "open_overdue", "due"} <= late
    assert "open_at_risk" not in late


@pytest.mark.parametrize(
    ("workflow", "handling", "events"),
    [
        ("hotline-12345", "handling", {"merged": {"merge"}, "extended": {"approve_extension"},
                                        "returned": {"return"}, "reopened": {"reopen"}}),
        ("urban-management", "handling", {"parked": {"park"}, "extended": {"extend"},
                                           "returned": {"send_back"}, "reworked": {"rework"}}),
        ("licence-application", "decision", {"extended": {"extend"}}),
        ("rating-rectification", "rectification", {"reopened": {"redo"}}),
    ],
)  # fmt: skip
def test_every_preset_has_its_indicators(
    workflow: str, handling: str, events: dict[str, set[str]]
) -> None:
    ind = co.preset_indicators(workflow)
    assert ind.handling == handling
    assert ind.sign_for == ("sign-for" if workflow == "hotline-12345" else None)
    for name in ("parked", "merged", "extended", "returned", "reworked", "reopened"):
        assert getattr(ind, name) == frozenset(events.get(name, ()))
    # Each names goals and events its preset policy has.
    policy = cf.preset_policy(workflow)
    policy.goal(ind.handling)
    named = set().union(
        *(
            getattr(ind, n)
            for n in ("parked", "merged", "extended", "returned", "reworked", "reopened")
        )
    )
    assert named <= set(policy.workflow.events)


def test_an_unknown_workflow_has_no_indicators() -> None:
    with pytest.raises(KeyError) as info:
        co.preset_indicators("tram")
    assert info.value.args[0] == (
        "no indicators for workflow 'tram'; the presets are: hotline-12345, urban-management, "
        "licence-application, rating-rectification"
    )
