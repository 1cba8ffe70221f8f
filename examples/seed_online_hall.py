"""A district's administrative-approval hall (行政审批服务局) over a year: business registrations
handled online throughout ("全程网办率 99.5 %") and its 办不成事 window ("69 problems solved,
100 % satisfaction"), counted by the service-hall rate book from every step's channel.

Run: python examples/seed_online_hall.py
"""

import datetime as dt
import random

import civicflow as cf
from civicflow import compliance as co
from civicflow.exchange.reports import report_table

policy = cf.licence_policy()
calendar = cf.china_calendar()
rng = random.Random(2025)
workdays = [
    d.date for d in calendar.days(dt.date(2025, 1, 2), dt.date(2025, 12, 31)) if d.is_workday
]


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(workdays[day], dt.time(hour, minute))


def registration(n: int) -> cf.Case:
    """A business registration (企业登记): applied for online; one in two hundred needs a
    visit to the counter to check the founders' identity, so it is not 全程网办."""
    received = day = rng.randrange(len(workdays) - 10)
    counter = n % 200 == 7
    steps = [("accept", at(day, 9, 30), "hall" if counter else "online")]
    if n % 25 == 3:  # materials missing: asked for once (一次性告知), back two days later
        steps[0] = ("request_supplement", at(day, 9, 30), steps[0][2])
        steps.append(("materials_received", at(day + 2, 10), "online"))
        day += 2
    later = rng.choices([0, 1, 2], [80, 15, 5])[0]  # most are decided the same day (即办)
    steps.append(("decide", at(day + later, 15), "online"))
    steps.append(("deliver", at(day + later, 16), "online"))  # the electronic licence
    case = cf.Case.open(
        policy.workflow, f"QY-{n:04d}", at(received, 9), type="企业登记", channel="online"
    )
    return case.apply_all(
        cf.Event(f"{k}", name, when, channel=how) for k, (name, when, how) in enumerate(steps)
    )


def window_problem(n: int) -> cf.Case:
    """A problem brought to the 办不成事 window: taken up, solved, and rated at the end."""
    day = rng.randrange(len(workdays) - 10)
    grade = rng.choices(["非常满意", "满意"], [85, 15])[0]
    steps = [
        ("accept", at(day, 10)),
        ("decide", at(day + rng.randrange(1, 6), 15)),
        ("deliver", at(day + 6, 10)),
    ]
    case = cf.Case.open(
        policy.workflow,
        f"BC-{n:03d}",
        at(day, 9, 45),
        type="办不成事",
        channel="hall",
        fields={"rating": grade},
    )
    return case.apply_all(
        cf.Event(f"{k}", name, when, channel="hall") for k, (name, when) in enumerate(steps)
    )


as_of = dt.datetime(2026, 1, 1)
report = co.Report(("type",))
for case in [*(registration(n) for n in range(1000)), *(window_problem(n) for n in range(69))]:
    report.add_case(case, policy, as_of, co.licence_indicators())

book = co.SERVICE_HALL
registrations = next(t for group, _, t in report.rows() if group == ("企业登记",))
window = next(t for group, _, t in report.rows() if group == ("办不成事",))
print(f"business registrations decided: {registrations.count('closed'):,}")
print(f"  全程网办率 (online at every step): {registrations.rate(book.rate('online_throughout'))}")
print(f"  即办件率 (decided the day received): {registrations.rate(book.rate('immediate'))}")
print(f"  一次办结率 (no materials asked for): {registrations.rate(book.rate('one_go'))}")
print(f"  time to decision: median {registrations.working_days('median')} working days")
print(
    f"办不成事 window: {window.count('window_brought')} problems brought, {window.count('window_solved')} solved"
)
print(
    f"  solved: {window.rate(book.rate('window_solved'))}; satisfaction: {window.rate(book.rate('window_satisfaction'))}"
)
print()
print(report_table(report, book))
