"""A city's own urban-management limits, kept as JSON, applied to a parked and reworked case.

Run: python examples/urban_policy_json.py
"""

import datetime as dt
import json

import civicflow as cf

D = dt.datetime
# A city starts from the preset, writes it out, edits its limits, and loads it back.
data = json.loads(cf.policy_to_json(cf.urban_policy()))
data["name"] = "our-city-2026"
data["goals"][0]["limits"][0]["limit"] = "1个工作日"  # exposed garbage: 1 working day here
policy = cf.policy_from_json(json.dumps(data, ensure_ascii=False))
print("exposed garbage:", policy.goal("handling").limits[0].limit)

case = cf.Case.open(policy.workflow, "CG-0001", D(2025, 9, 30, 14, 0), category="暴露垃圾")
for event in [
    cf.Event("e1", "file", D(2025, 9, 30, 14, 10)),
    cf.Event("e2", "dispatch", D(2025, 9, 30, 14, 20)),
    cf.Event("e3", "park", D(2025, 9, 30, 16, 0)),  # 挂账: waiting for the owner to be found
    cf.Event("e4", "unpark", D(2025, 10, 9, 9, 0)),  # the clock runs again, from zero
    cf.Event("e5", "feed_back", D(2025, 10, 9, 11, 0)),
    cf.Event("e6", "rework", D(2025, 10, 9, 15, 0)),  # 返工: the check failed
    cf.Event("e7", "feed_back", D(2025, 10, 11, 10, 0)),
    cf.Event("e8", "pass_check", D(2025, 10, 11, 14, 0)),
]:
    case = case.apply(event)
    status = cf.evaluate(case, policy, at=event.at).goal("handling")
    due = "-" if status.deadline is None else f"{status.deadline:%m-%d %H:%M}"
    print(f"{event.at:%m-%d %H:%M} {event.name:<10} {status.state.value:<12} due {due}")

try:
    cf.policy_from_json(json.dumps({**data, "goals": [{"name": "x"}]}))
except cf.SchemaError as error:
    print(error)
