"""A day's worth of work orders at once, with the vectorised batch form (needs NumPy).

Run: pip install 'civicflow[fast]' && python examples/batch_deadlines.py
"""

import numpy as np

from civicflow.limits.batch import deadlines


def main() -> None:
    rng = np.random.default_rng(1)
    day = np.datetime64("2025-09-30T00:00", "m")
    starts = np.sort(day + rng.integers(8 * 60, 20 * 60, size=100_000).astype("timedelta64[m]"))
    due = deadlines(starts, "3个工作日")
    values, counts = np.unique(due, return_counts=True)
    print(f"{starts.size} orders received on 2025-09-30, all due within 3 working days:")
    for value, count in zip(values, counts, strict=True):
        print(f"  {value.astype('datetime64[m]')}  {count} orders")


if __name__ == "__main__":
    main()
