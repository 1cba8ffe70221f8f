"""Rates and rate books: the published figures, undefined empty bases, unknown counts refused."""

import pytest

from civicflow import compliance as co


def test_tianmen_and_jinhua() -> None:
    t = co.counts_of({"due": 972, "closed": 911, "closed_on_time": 737, "parked": 20})
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
    ("sign_for_on_time", "及时签收率", ("signed_on_time",), ("signed",), ()),
    ("rework", "返工率", ("reworked",), ("closed",), ()),
    ("extension", "延期率", ("extended",), ("received",), ()),
    ("return", "回退率", ("returned",), ("received",), ()),
    ("reopen", "重办率", ("reopened",), ("closed",), ()),
    ("satisfaction", "满意率", ("rated_satisfied",), ("rated",), ()),
    ("good_rating", "好评率", ("rated_good",), ("rated",), ()),
]


def definitions(book: co.RateBook) -> list[tuple[object, ...]]:
    return [(r.name, r.label, r.numerator, r.base, r.minus) for r in book.rates]


def test_the_shipped_books_define_their_rates_as_published() -> None:
    # Jinhua: 结案率 = 结案数 / (应结案数 − 缓办数); Tianmen divides by every due case.
    assert definitions(co.JINHUA) == [
        ("closure", "结案率", ("closed",), ("due",), ("parked",)),
        ("on_time_closure", "按期结案率", ("closed_on_time",), ("due",), ("parked",)),
        *COMMON,
    ]
    assert definitions(co.TIANMEN) == [
        ("closure", "结案率", ("closed",), ("due",), ()),
        ("on_time_closure", "按期结案率", ("closed_on_time",), ("due",), ()),
        *COMMON,
    ]
    assert definitions(co.HOTLINE_RATES)[:3] == [
        ("response", "响应率", ("signed_on_time",), ("received",), ()),
        ("resolution", "解决率", ("closed",), ("received",), ()),
        ("satisfaction", "满意率", ("rated_satisfied",), ("rated",), ()),
    ]
    assert co.RATE_BOOKS == {
        "jinhua": co.JINHUA,
        "tianmen": co.TIANMEN,
        "hotline-three-rates": co.HOTLINE_RATES,
    }


def test_a_book_says_which_rates_it_has() -> None:
    assert co.TIANMEN.rate("rework").label == "返工率"
    with pytest.raises(KeyError) as info:
        co.TIANMEN.rate("speed")
    assert info.value.args[0] == (
        "rate book 'tianmen' has no rate 'speed'; it has: closure, on_time_closure, "
        "sign_for_on_time, rework, extension, return, reopen, satisfaction, good_rating"
    )
    own = co.RateBook("own", [co.Rate("closure", "结案率", ["closed"], ["due"])])
    assert own.rates == (co.Rate("closure", "结案率", ("closed",), ("due",)),)
