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
