"""Rates and rate books: the published figures, undefined empty bases, unknown counts refused."""

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import compliance as co
from civicflow import strategies as cfst
from civicflow.exchange.documents.synth import KINDS, synth_cases


def test_tianmen_and_jinhua() -> None:
    t = co.counts_of({"due": 972, "closed": 911, "closed_on_time": 737, "parked_due": 20})
    assert str(t.rate(co.TIANMEN.rate("closure"))) == "93.72 % (911/972)"
    assert str(t.rate(co.TIANMEN.rate("on_time_closure"))) == "75.82 % (737/972)"
    assert str(t.rate(co.JINHUA.rate("closure"))) == "95.69 % (911/952)"


def test_an_empty_base_is_undefined() -> None:
    ratio = co.Tally().rate(co.JINHUA.rate("satisfaction"))
    assert ratio.value is None
    assert str(ratio) == "undefined (0/0)"
    assert co.Tally().hours("median") is None


def test_unknown_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown counts"):
        co.Rate("x", "x", ("closd",), ("due",))


COMMON = [
    ("right_first_time", "一次按期办结率", ("right_first_time",), ("first_due",), ()),
    ("sign_for_on_time", "及时签收率", ("signed_on_time",), ("signed",), ()),
    ("rework", "返工率", ("reworked",), ("rework_base",), ()),
    ("extension", "延期率", ("extended",), ("can_extend",), ()),
    ("return", "回退率", ("returned",), ("can_return",), ()),
    ("reopen", "重办率", ("reopened",), ("reopen_base",), ()),
    ("satisfaction", "满意率", ("rated_satisfied",), ("rated",), ()),
    ("good_rating", "好评率", ("rated_good",), ("rated",), ()),
]


def definitions(book: co.RateBook) -> list[tuple[object, ...]]:
    return [(r.name, r.label, r.numerator, r.base, r.minus) for r in book.rates]


def test_the_shipped_books_define_their_rates_as_published() -> None:
    # Jinhua: 结案率 = 结案数 / (应结案数 − 缓办数); Tianmen divides by every due case.
    assert definitions(co.JINHUA) == [
        ("closure", "结案率", ("closed",), ("due",), ("parked_due",)),
        ("on_time_closure", "按期结案率", ("closed_on_time",), ("due",), ("parked_due",)),
        *COMMON,
    ]
    assert definitions(co.TIANMEN) == [
        ("closure", "结案率", ("closed",), ("due",), ()),
        ("on_time_closure", "按期结案率", ("closed_on_time",), ("due",), ()),
        *COMMON,
    ]
    # A 12345 work order is 办结 (closed), a case of urban management 结案: the same rates
    # as Jinhua's, in the hotline's words.
    hotline_words = {"结案率": "办结率", "按期结案率": "按期办结率"}
    as_jinhua = [
        (n, hotline_words.get(str(label), label), *rest)
        for n, label, *rest in definitions(co.JINHUA)
    ]
    assert definitions(co.HOTLINE_RATES) == [
        ("response", "响应率", ("signed_on_time",), ("received",), ()),
        ("resolution", "解决率", ("closed",), ("received",), ()),
        *as_jinhua,
    ]
    assert co.RATE_BOOKS == {
        "jinhua": co.JINHUA,
        "tianmen": co.TIANMEN,
        "hotline-three-rates": co.HOTLINE_RATES,
        "hotline-callback": co.CALLBACK_RATES,
        "service-hall": co.SERVICE_HALL,
    }
    assert definitions(co.SERVICE_HALL) == [
        ("online_throughout", "全程网办率", ("online_throughout",), ("closed",), ()),
        ("immediate", "即办件率", ("immediate",), ("closed",), ()),
        ("one_go", "一次办结率", ("one_go",), ("one_go_base",), ()),
        ("on_time_closure", "按期办结率", ("closed_on_time",), ("due",), ()),
        ("extension", "延期率", ("extended",), ("can_extend",), ()),
        ("satisfaction", "满意率", ("rated_satisfied",), ("rated",), ()),
        ("good_rating", "好评率", ("rated_good",), ("rated",), ()),
        ("window_solved", "办不成事解决率", ("window_solved",), ("window_brought",), ()),
        ("window_satisfaction", "办不成事满意率", ("window_satisfied",), ("window_rated",), ()),
    ]
    assert co.SERVICE_HALL.time_unit == "working days"
    with pytest.raises(ValueError, match="time_unit must be 'working hours' or 'working days'"):
        co.RateBook("x", (), time_unit="hours")
    assert definitions(co.CALLBACK_RATES)[:3] == [
        ("response", "响应率", ("callback_responded",), ("callback_response",), ()),
        ("resolution", "解决率", ("callback_resolved",), ("callback_resolution",), ()),
        ("satisfaction", "满意率", ("callback_satisfied",), ("callback_satisfaction",), ()),
    ]
    assert definitions(co.CALLBACK_RATES)[3:] == [d for d in as_jinhua if d[0] != "satisfaction"]


def test_a_book_says_which_rates_it_has() -> None:
    assert co.TIANMEN.rate("rework").label == "返工率"
    with pytest.raises(KeyError) as info:
        co.TIANMEN.rate("speed")
    assert info.value.args[0] == (
        "rate book 'tianmen' has no rate 'speed'; it has: closure, on_time_closure, "
        "right_first_time, sign_for_on_time, rework, extension, return, reopen, satisfaction, good_rating"
    )
    own = co.RateBook("own", [co.Rate("closure", "结案率", ["closed"], ["due"])])
    assert own.rates == (co.Rate("closure", "结案率", ("closed",), ("due",)),)


def test_every_rate_of_a_book_heads_its_own_column() -> None:
    closure = co.Rate("closure", "结案率", ["closed"], ["due"])
    with pytest.raises(ValueError, match="used more than once") as info:
        co.RateBook("twice", [closure, closure])
    assert str(info.value) == (
        "rate book 'twice': each rate needs its own name (they head the columns), but "
        "'closure' is used more than once"
    )
    with pytest.raises(ValueError, match=r"its own label .* .结案率. is used more than once"):
        co.RateBook("labels", [closure, co.Rate("other", "结案率", ["closed"], ["received"])])
    for book in co.RATE_BOOKS.values():
        assert (
            len({r.name for r in book.rates})
            == len({r.label for r in book.rates})
            == len(book.rates)
        )


# -- the laws every book obeys, over the cases of every preset -------------------------------

PRESETS = ("hotline-12345", "urban-management", "licence-application", "rating-rectification")
TYPES = ("咨询", "求助", "投诉", "其他", "办不成事", "")
CATEGORIES = ("暴露垃圾", "道路不洁", "井盖缺失", "")


def restarted(policy: cf.Policy, case: cf.Case) -> bool:
    """Whether a clock of the case restarted: a restarting event other than a first start."""
    for goal in policy.goals:
        names = [e.name for e in case.history if e.name in goal.restart]
        if len(names) > 1 or (names and names[0] not in goal.start):
            return True
    return False


@st.composite
def preset_cases(draw: st.DrawFn) -> tuple[cf.Policy, co.Indicators, cf.Case]:
    name = draw(st.sampled_from(PRESETS))
    policy = cf.preset_policy(name)
    case = draw(
        cfst.cases(
            policy.workflow, types=TYPES, categories=CATEGORIES, urgencies=("normal", "urgent"),
            min_year=2024, max_year=2025,
        )
    )  # fmt: skip
    fields = {"rating": draw(st.none() | st.sampled_from(co.GRADES))}
    for answer in ("responded", "resolved", "satisfied"):
        fields[answer] = draw(st.none() | st.sampled_from(("是", "否", "yes", "no")))
    case = attrs.evolve(case, fields=tuple((k, v) for k, v in fields.items() if v is not None))
    return policy, co.preset_indicators(name), case


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(preset_cases(), st.integers(0, 60 * 24 * 40), st.booleans())
def test_every_numerator_is_inside_its_base_and_every_minus_too(
    drawn: tuple[cf.Policy, co.Indicators, cf.Case], minutes: int, after_all: bool
) -> None:
    policy, indicators, case = drawn
    since = case.last_moment if after_all else case.received
    at = since + dt.timedelta(minutes=minutes)
    flags = co.case_facts(case, policy, at, indicators).flags
    for book in co.RATE_BOOKS.values():
        for rate in book.rates:
            in_base = bool(flags & set(rate.base)) and not flags & set(rate.minus)
            if flags & set(rate.numerator):
                assert in_base, (book.name, rate.name, sorted(flags))
            if flags & set(rate.minus):
                assert flags & set(rate.base), (book.name, rate.name, sorted(flags))
    tally = co.Tally()
    tally.add(co.case_facts(case, policy, at, indicators))
    for book in co.RATE_BOOKS.values():
        for rate in book.rates:
            ratio = tally.rate(rate)
            assert ratio.numerator >= 0
            assert ratio.value is None or 0 <= ratio.value <= 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(preset_cases(), st.floats(0, 1), st.integers(0, 60 * 24 * 40))
def test_a_later_instant_never_unclosed_a_case_nor_made_it_not_due(
    drawn: tuple[cf.Policy, co.Indicators, cf.Case], share: float, minutes: int
) -> None:
    policy, indicators, case = drawn
    assume(not restarted(policy, case))
    # One instant inside the history, one after it all.
    early = case.received + (case.last_moment - case.received) * share
    late = case.last_moment + dt.timedelta(minutes=minutes)
    before = co.case_facts(case, policy, early, indicators).flags
    after = co.case_facts(case, policy, late, indicators).flags
    for kept in ("closed", "closed_on_time", "due", "rated", "parked_due", "cancelled",
                 "online_throughout", "immediate", "one_go", "window_solved"):  # fmt: skip
        if kept in before:
            assert kept in after, (kept, sorted(before), sorted(after))


def test_rates_over_synthetic_data_of_every_kind_stay_within_their_bases() -> None:
    early, late = dt.datetime(2025, 6, 1), dt.datetime(2026, 7, 1)
    for kind in KINDS:
        tally = co.Tally()
        for case in synth_cases(400, seed=2, kind=kind):
            policy = cf.preset_policy(case.workflow.name)
            indicators = co.preset_indicators(case.workflow.name)
            after = co.case_facts(case, policy, late, indicators)
            tally.add(after)
            if case.received <= early and not restarted(policy, case):
                before = co.case_facts(case, policy, early, indicators).flags
                kept = {
                    "closed",
                    "closed_on_time",
                    "due",
                    "parked_due",
                    "cancelled",
                    "online_throughout",
                    "immediate",
                    "one_go",
                    "window_solved",
                }
                assert before & kept <= after.flags, (case.id, sorted(before), sorted(after.flags))
        for book in co.RATE_BOOKS.values():
            for rate in book.rates:
                value = tally.rate(rate).value
                assert value is None or 0 <= value <= 1, (kind, book.name, rate.name)
