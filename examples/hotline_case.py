"""A 12345 complaint followed day by day: suspended over the Spring Festival, extended, late.

Shows how the handling clock's deadline moves as events arrive, when the yellow and red
cards show, and the explanation of the final deadline. The case is also saved as JSON and
loaded back.

Run: python examples/hotline_case.py
"""

import datetime as dt

import civicflow as cf

D = dt.datetime
policy = cf.hotline_policy()
case = cf.Case.open(policy.workflow, "12345-2026-000187", D(2026, 2, 10, 10, 0), type="投诉")
events = [
    cf.Event("e1", "dispatch", D(2026, 2, 10, 10, 30)),
    cf.Event("e2", "sign_for", D(2026, 2, 10, 14, 0)),
    cf.Event("e3", "start", D(2026, 2, 11, 9, 0)),
    cf.Event("e4", "suspend", D(2026, 2, 12, 15, 0), note="awaiting the property company"),
    cf.Event("e5", "resume", D(2026, 2, 25, 9, 30)),
    cf.Event("e6", "approve_extension", D(2026, 3, 2, 10, 0), extension="5个工作日"),
    cf.Event("e7", "reply", D(2026, 3, 23, 11, 0)),
]
for event in events:
    case = case.apply(event)
    handling = cf.evaluate(case, policy, at=event.at).goal("handling")
    due = "-" if handling.deadline is None else f"{handling.deadline:%m-%d %H:%M}"
    print(f"{event.at:%m-%d %H:%M} {event.name:<18} handling {handling.state.value:<8} due {due}")

print("\nThe cards, looked at on a few mornings:")
for day in (D(2026, 3, 18, 9), D(2026, 3, 20, 9), D(2026, 3, 23, 9)):
    status = cf.evaluate(case, policy, at=day).goal("handling")
    card = "no card" if status.card is cf.Card.NONE else f"{status.card.value} card"
    print(f"  {day:%m-%d}: {status.state.value}, {card}")

print()
print(cf.explain_goal(case, policy, "handling", at=D(2026, 3, 31)))

assert cf.case_from_json(cf.case_to_json(case)) == case
print("\nJSON round trip: the same case")
