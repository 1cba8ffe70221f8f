"""A public call's arguments, checked against its annotations when the call fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

import pytest

import civicflow as cf
from civicflow._arguments import expected, guard, guarded, items, misfit


def first_day(days: Iterable[dt.date], *, late: bool = False) -> dt.date:
    return max(days) if late else min(days)


def test_a_wrong_argument_is_named_with_what_it_must_be() -> None:
    call = guarded(first_day)
    with pytest.raises(cf.ArgumentTypeError) as info:
        call(None)
    assert (info.value.argument, info.value.value) == ("days", None)
    assert str(info.value) == (
        "'days' must be an iterable of datetime.date (got None that is a NoneType)"
    )
    with pytest.raises(cf.ArgumentTypeError) as item:  # an item of a list is named by place
        call([dt.date(2025, 1, 1), "2025-01-02"])
    assert str(item.value) == ("'days[1]' must be a datetime.date (got '2025-01-02' that is a str)")
    assert call([dt.date(2025, 1, 2), dt.date(2025, 1, 1)], late=True) == dt.date(2025, 1, 2)


def test_a_failure_whose_arguments_all_fit_is_a_bug_and_goes_on() -> None:
    def broken(day: dt.date) -> dt.date:
        raise ZeroDivisionError("a bug")

    with pytest.raises(ZeroDivisionError, match="a bug"):
        guarded(broken)(dt.date(2025, 1, 1))


def test_a_call_inside_that_names_the_same_argument_keeps_its_words() -> None:
    def inner(moment: object) -> None:
        raise cf.ArgumentTypeError("start", moment, "a datetime with its time of day")

    def outer(start: dt.datetime) -> None:
        inner(start)

    with pytest.raises(cf.ArgumentTypeError, match="with its time of day"):
        guarded(outer)(dt.date(2025, 1, 1))

    def renamed(when: dt.datetime) -> None:  # the caller's own name wins
        inner(when)

    with pytest.raises(cf.ArgumentTypeError, match=r"^'when' must be a datetime\.datetime"):
        guarded(renamed)(dt.date(2025, 1, 1))


def test_an_iterator_returned_is_guarded_as_it_is_read() -> None:
    def doubled(values: Iterable[int]) -> Iterator[int]:
        for v in values:
            yield v * 2 + 0  # a str raises TypeError here, as it is read

    read = guarded(doubled)([1, 2])
    assert list(read) == [2, 4]
    with pytest.raises(cf.ArgumentTypeError, match=r"^'values\[1\]' must be an int"):
        list(guarded(doubled)([1, "2"]))


@pytest.mark.parametrize(
    ("hint", "words"),
    [
        (dt.datetime | None, "a datetime.datetime or None"),
        (Mapping[str, int], "a mapping of str to int"),
        (tuple[str, int], "(str, int)"),
        (Iterable[tuple[str, int]], "an iterable of (str, int)"),
        (int | str, "an int or a str"),
    ],
)
def test_hints_in_words(hint: object, words: str) -> None:
    assert expected(hint) == words


def test_what_fits() -> None:
    assert misfit(True, int, "n") == ("n", True, int)  # a flag is no number
    assert misfit(3, float, "x") is None  # a whole number is a float
    assert misfit({"a": 1}, Mapping[str, int], "m") is None
    assert misfit({"a": "1"}, Mapping[str, int], "m") == ("m['a']", "1", int)
    assert misfit(iter([None]), Iterable[int], "i") is None  # an iterator is not read
    assert misfit((1, "a", 3), tuple[int, str], "t") == ("t", (1, "a", 3), tuple[int, str])


def test_items_are_checked_one_by_one() -> None:
    assert items(["a", "b"], "names", str, "a str") == ("a", "b")
    with pytest.raises(cf.ArgumentTypeError, match=r"^'names' must be an iterable of str"):
        items("ab", "names", str, "a str")
    with pytest.raises(cf.ArgumentTypeError, match=r"^'n\[0\]' must be an int"):
        items([True], "n", int, "an int")


def test_guard_wraps_the_public_names_it_is_told_to() -> None:
    def public(day: dt.date) -> int:
        return day.year

    def hot(day: dt.date) -> int:
        return day.year

    namespace = {"__all__": ["public", "hot"], "__name__": __name__, "public": public, "hot": hot}
    public.__module__ = hot.__module__ = __name__
    guard(namespace, unguarded=("hot",))
    assert namespace["hot"] is hot
    with pytest.raises(cf.ArgumentTypeError):
        namespace["public"]("2025")  # type: ignore[operator]
    with pytest.raises(AttributeError):
        hot("2025")  # type: ignore[arg-type]
