"""An office's own calendar: summer hours, a typhoon closure, and a worked Saturday.

Run: python examples/office_calendar.py
"""

import datetime as dt

import civicflow as cf


def main() -> None:
    office = (
        cf.china_calendar("09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00")
        .with_days_off({dt.date(2025, 7, 21): "台风停工"})
        .with_working_days({dt.date(2025, 7, 26): "防汛值守"})
    )
    start = dt.datetime(2025, 7, 18, 16, 0)  # a Friday afternoon in summer
    print(cf.explain(start, "8个工作小时", office))
    print()
    print(cf.explain(start, "6个工作日", office))
    print()
    spent = cf.working_time(start, dt.datetime(2025, 7, 23, 10, 0), office)
    print(f"working time from {start:%m-%d %H:%M} to 07-23 10:00: {spent}")


if __name__ == "__main__":
    main()
