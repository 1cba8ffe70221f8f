"""Series of periods: runs at a target, the same period last year, change."""

import pytest

from civicflow import compliance as co


def test_series_facts() -> None:
    r = [co.Ratio(1, 1), co.Ratio(0, 0), co.Ratio(5, 5), co.Ratio(3, 3)]
    assert co.consecutive(r) == 2
    # Complaints: 40 in 7 months, then 4 in 9 months. Totals and monthly rates differ.
    assert co.change(40, 4) == pytest.approx(-0.9)
    assert co.change(40 / 7, 4 / 9) == pytest.approx(-0.9222, abs=1e-4)


def test_same_period_last_year() -> None:
    assert [co.last_year(x) for x in ("2025-09", "2025-Q3", "2025-W40", "2025", "2024-02-29")] == [
        "2024-09", "2024-Q3", "2024-W40", "2024", "2023-02-28",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not the label of a period"):
        co.last_year("all")


def test_the_same_day_last_year_is_that_day_but_for_29_february() -> None:
    assert co.last_year("2025-09-29") == "2024-09-29"
    assert co.last_year("2025-03-29") == "2024-03-29"
    assert co.last_year("2025-02-28") == "2024-02-28"
    for label in ("12345-01", "abcd-01", "202-01"):
        with pytest.raises(ValueError, match="is not the label of a period with a year"):
            co.last_year(label)


def test_a_change_from_nothing_is_undefined() -> None:
    assert co.change(0, 5) is None
    assert co.change(1, 3) == 2.0
    assert co.change(2, 1) == -0.5
