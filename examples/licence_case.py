"""A licence application from receipt to delivery, with its statutory and promised limits.

The applicant is asked for missing materials (补正); the decision clock starts when they
arrive, expert review is not counted, and the body promises 10 working days against the
20 of the law.

Run: python examples/licence_case.py
"""

import datetime as dt

import civicflow as cf

D = dt.datetime
policy = cf.licence_policy(promised="10个工作日")
case = cf.Case.open(policy.workflow, "XK-2025-031", D(2025, 1, 20, 10, 0), type="建设工程规划许可")
case = case.apply_all(
    [
        cf.Event("e1", "request_supplement", D(2025, 1, 21, 11, 0)),
        cf.Event("e2", "materials_received", D(2025, 2, 5, 10, 0)),
        cf.Event("e3", "start_expert_review", D(2025, 2, 10, 9, 0)),
        cf.Event("e4", "end_expert_review", D(2025, 2, 14, 17, 30)),
        cf.Event("e5", "decide", D(2025, 2, 27, 16, 0)),
        cf.Event("e6", "deliver", D(2025, 3, 3, 10, 0)),
    ]
)
print(cf.evaluate(case, policy, at=D(2025, 3, 31)))
print()
print(cf.explain_goal(case, policy, "decision", at=D(2025, 3, 31), target="promised"))
