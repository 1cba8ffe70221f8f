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
