"""Calendars as offices keep them: a hall open on Saturday mornings, a night desk, a 7x24
hotline, a typhoon that shuts the hall at 14:00, and the latest day to start a file.

Run: python examples/service_hall.py
"""

import datetime as dt

import civicflow as cf


def main() -> None:
    # 周末不打烊: Saturday mornings, a late Wednesday, and a six-day week; the statutory
    # holidays still close the hall.
    hall = cf.china_calendar(
        "09:00-12:00,13:30-17:30; Sat=09:00-12:00; Wed=09:00-12:00,13:30-20:00"
    ).with_workweek(range(6))
    friday = dt.datetime(2025, 7, 18, 16, 0)
    print("hall, 5 working hours from Fri 16:00:", cf.deadline(friday, "5个工作小时", hall))

    # A typhoon closes the hall from 14:00 on Monday 21 July: the day ends at the closure.
    typhoon = hall.with_closure(dt.datetime(2025, 7, 21, 14), dt.datetime(2025, 7, 22), "台风停工")
    print(
        "typhoon Monday sessions:", ", ".join(map(str, typhoon.sessions_on(dt.date(2025, 7, 21))))
    )
    print(
        "1 working day from Sat 10:00:",
        cf.deadline(dt.datetime(2025, 7, 19, 10), "1个工作日", typhoon),
    )

    # A night desk: the session past midnight belongs to the day it starts.
    night = cf.china_calendar("22:00-06:00+1")
    taken = dt.datetime(2025, 10, 10, 3, 0)  # during Thursday night's session
    print("night desk, 1 working day from Fri 03:00:", cf.deadline(taken, "1个工作日", night))

    # A 7x24 hotline desk, without the statutory layer.
    desk = cf.china_calendar("00:00-24:00").with_workweek(range(7), national=False)
    eve = dt.datetime(2025, 1, 28, 20, 0)  # Spring Festival's eve
    print("7x24 desk, 48 working hours from the eve:", cf.deadline(eve, "48个工作小时", desk))

    # Counting back: the latest moment a 20-working-day file may start and still be decided
    # by the end of the year; and what work on 1 and 4 October is paid.
    due = dt.datetime(2025, 12, 31, 17, 30)
    print("latest start for 20个工作日 by 2025-12-31:", cf.latest_start(due, "20个工作日"))
    cal = cf.china_calendar()
    for day in (dt.date(2025, 10, 1), dt.date(2025, 10, 4)):
        info = cal.day(day)
        print(f"{info}: overtime paid {cal.overtime_rate(day)}x")


if __name__ == "__main__":
    main()
