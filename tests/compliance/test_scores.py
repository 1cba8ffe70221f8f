"""Score books: points from rates and counts, exact, never below zero, with a ranking."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicflow import compliance as co
from civicflow.compliance.scores import (
    JINHUA_SCORES,
    SCORE_BOOKS,
    PerCase,
    ScoreBook,
    ScoreItem,
    Shortfall,
    rank,
)


def test_jinhua_points_by_hand() -> None:
    tally = co.counts_of(
        {
            "due": 1000, "closed_on_time": 655, "closed": 880,
            "urgent_due": 50, "urgent_closed": 49, "urgent_closed_on_time": 45,
            "reworked": 12, "reworked_thrice": 2,
        }
    )  # fmt: skip
    score = JINHUA_SCORES.score(tally)
    # 65.5 % on time: 4.5 points below 70 %; 88 % closed: 2 below 90 %; urgent: 98 % closed
    # (2 points below 100 %, 0.5 each) and 90 % on time (5 below 95 %, 0.5 each); rework:
    # 10 cases sent back at 0.2 and 2 three times or more at 0.5.
    assert score.items == (
        ("on_time_closure", Fraction(91, 2)),
        ("closure", Fraction(18)),
        ("urgent", Fraction(13, 2)),
        ("rework", Fraction(2)),
    )
    assert (score.total, score.out_of) == (Fraction(72), Fraction(85))


def test_the_parked_cases_that_were_due_leave_jinhuas_base() -> None:
    tally = co.counts_of({"due": 10, "parked_due": 2, "closed_on_time": 6, "closed": 6})
    score = JINHUA_SCORES.score(tally)
    assert score.item("on_time_closure") == 50  # 6/8 = 75 %, above 70 %
    assert score.item("closure") == 5  # 75 %: 15 points below 90 %


def test_an_item_never_goes_below_zero_and_an_empty_base_takes_nothing_off() -> None:
    score = JINHUA_SCORES.score(co.counts_of({"reworked": 60, "due": 10, "closed": 0}))
    assert score.item("rework") == 0
    assert score.item("on_time_closure") == 0  # 0 % on time: 70 points short of 50
    assert score.item("urgent") == 10  # no urgent case
    assert JINHUA_SCORES.score(co.Tally()).total == 85


@given(st.dictionaries(st.sampled_from(co.COUNTS), st.integers(0, 10_000)))
def test_every_score_is_between_zero_and_the_books_points(counts: dict[str, int]) -> None:
    score = JINHUA_SCORES.score(co.counts_of(counts))
    for item, (name, points) in zip(JINHUA_SCORES.items, score.items, strict=True):
        assert item.name == name
        assert 0 <= points <= item.points
    assert 0 <= score.total <= score.out_of == 85


def test_equal_totals_share_a_place() -> None:
    book = ScoreBook("own", "ours", [ScoreItem("x", "x", 10, [PerCase("reworked", 1)])])
    reworked = {"a": 1, "b": 2, "c": 2, "d": 5}
    scores = {g: book.score(co.counts_of({"reworked": n})) for g, n in reworked.items()}
    assert rank(scores) == {"a": 1, "b": 2, "c": 2, "d": 4}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: PerCase("rewrked", 1), "unknown count 'rewrked'"),
        (lambda: PerCase("reworked", 0), "'off_each' must be a number above 0"),
        (lambda: PerCase("reworked", True), "'off_each' must be a number above 0"),
        (lambda: Shortfall(co.JINHUA.rate("closure"), 1.5, 1), "'threshold' must be a share"),
        (lambda: ScoreItem("x", "x", -1, []), "'points' must be a number above 0"),
        (lambda: ScoreBook("b", "s", []), "score book 'b' has no item"),
        (
            lambda: ScoreBook("b", "s", [ScoreItem("x", "x", 1, [])] * 2),
            "item 'x' is used more than once",
        ),
    ],
)
def test_bad_books_are_refused_with_what_is_wrong(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_the_shipped_books() -> None:
    assert SCORE_BOOKS == {"jinhua": JINHUA_SCORES}
    assert JINHUA_SCORES.source == "金华市区数字化城市管理工作考核细则（试行）"
    assert [(i.name, i.points) for i in JINHUA_SCORES.items] == [
        ("on_time_closure", 50), ("closure", 20), ("urgent", 10), ("rework", 5),
    ]  # fmt: skip


def test_a_per_case_rule_may_leave_one_count_to_another_rule() -> None:
    rule = PerCase("reworked", 0.2, "reworked_thrice")
    assert rule.minus == ("reworked_thrice",)
    assert rule.points_off(co.counts_of({"reworked": 12, "reworked_thrice": 2}), Fraction(5)) == 2


# -- tiers, caps and composites ---------------------------------------------------------------

ON_TIME = co.Rate("on_time", "按期结案率", ("closed_on_time",), ("due",))


def test_tiers_turn_a_rate_into_the_points_of_the_highest_tier_it_reaches() -> None:
    from civicflow.compliance.scores import Tiers

    item = ScoreItem(
        "on_time", "按期结案率", 10, [Tiers(ON_TIME, [(0.8, 5), (0.95, 10), (0.9, 8)])]
    )
    assert item.rules[0].tiers == ((0.95, 10), (0.9, 8), (0.8, 5))  # type: ignore[union-attr]

    def points(on_time: int) -> Fraction:
        return item.score(co.counts_of({"due": 100, "closed_on_time": on_time}))

    assert [points(n) for n in (100, 95, 94, 90, 80, 79)] == [10, 10, 8, 8, 5, 0]
    assert item.score(co.Tally()) == 10  # no case due: nothing taken off
    with pytest.raises(ValueError, match="at least one"):
        Tiers(ON_TIME, [])
    with pytest.raises(ValueError, match="'threshold' must be a share"):
        Tiers(ON_TIME, [(95, 10)])
    with pytest.raises(ValueError, match="a tier's points must be a number of 0 or more"):
        Tiers(ON_TIME, [(0.9, -1)])


def test_a_capped_rule_takes_off_at_most_its_cap() -> None:
    rework = ScoreItem("rework", "返工", 5, [PerCase("reworked", 0.2, max_off=1)])
    assert rework.score(co.counts_of({"reworked": 3})) == Fraction(22, 5)  # 0.6 off
    assert rework.score(co.counts_of({"reworked": 30})) == 4  # 6 off, capped at 1
    short = ScoreItem("on_time", "按期结案率", 50, [Shortfall(ON_TIME, 0.7, 1, max_off=20)])
    assert short.score(co.counts_of({"due": 100, "closed_on_time": 30})) == 30  # 40 off, cap 20
    with pytest.raises(ValueError, match="'max_off' must be a number above 0"):
        PerCase("reworked", 0.2, max_off=0)


def test_a_composite_weighs_each_books_total_on_a_scale_of_100() -> None:
    from civicflow.compliance.scores import Composite, Part

    # Jinhua's city score: 智慧城管 × 40 % + the other parts. Here the case data's 85 points
    # (JINHUA_SCORES) stand in for a 智慧城管 book, and a district's own 10-point book for 60 %.
    own = ScoreBook("own", "ours", [ScoreItem("on_time", "按期结案率", 10,
                                               [Shortfall(ON_TIME, 1, 0.5)])])  # fmt: skip
    city = Composite("city", "得分 = 智慧城管得分 × 40 % + ...", [(JINHUA_SCORES, 0.4), (own, 0.6)])
    assert city.parts[0] == Part(JINHUA_SCORES, 0.4)
    assert [p.label for p in city.items] == ["jinhua×40%", "own×60%"]
    assert city.out_of == 100
    tally = co.counts_of({"due": 100, "closed": 100, "closed_on_time": 90})
    # Jinhua: 85 of 85 -> 100 -> 40 points; own: 10 - 5 = 5 of 10 -> 50 -> 30 points.
    score = city.score(tally)
    assert score.items == (("jinhua", Fraction(40)), ("own", Fraction(30)))
    assert (score.total, score.out_of) == (Fraction(70), Fraction(100))
    assert Composite("part", "s", [(own, 0.4)]).out_of == 40
    with pytest.raises(ValueError, match="add up to more than 1"):
        Composite("c", "s", [(own, 0.6), (JINHUA_SCORES, 0.5)])
    with pytest.raises(ValueError, match="is a part twice"):
        Composite("c", "s", [(own, 0.3), (own, 0.3)])
    with pytest.raises(ValueError, match="has no part"):
        Composite("c", "s", [])


def test_a_part_needs_a_weight_that_is_a_share() -> None:
    from civicflow.compliance.scores import Composite, Part, Tiers

    for weight in (0, True, "0.4", 1.5):
        with pytest.raises(ValueError, match="'weight' must be a share above 0 and at most 1"):
            Part(JINHUA_SCORES, weight)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'threshold' must be a share"):
        Tiers(ON_TIME, [("x", 1)])  # type: ignore[list-item]
    part = Part(JINHUA_SCORES, 0.5)
    assert Composite("c", "s", [part]).parts == (part,)
