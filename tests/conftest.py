import contextlib
import os
import sys

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
# Mutation testing (python -m tests.mutation) runs the tests once per mutant: fewer examples,
# always the same ones, so that a mutant's verdict does not depend on the draw.
settings.register_profile(
    "mutation",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


if os.environ.get("CIVICFLOW_MUTATION"):
    # Under mutation testing (python -m tests.mutation) each mutant's tests run in a process
    # forked after a clean run of the suite: every cache civicflow keeps (calendars' tables,
    # parsed limits, compiled policies) would hold what the unmutated code computed, and the
    # mutated code that fills it would never run. Each test starts with them empty.
    import gc

    import pytest

    import civicflow
    from civicflow.calendars.calendar import Calendar
    from civicflow.limits import arithmetic
    from civicflow.sla.policy import Policy

    def _cached_functions() -> list[object]:
        found = []
        for name, module in list(sys.modules.items()):
            if name.startswith("civicflow"):
                found += [f for f in vars(module).values() if hasattr(f, "cache_clear")]
        return found

    @pytest.fixture(autouse=True)
    def _empty_caches() -> None:
        for function in _cached_functions():
            function.cache_clear()  # type: ignore[attr-defined]
        arithmetic._READ.clear()  # the limits read from text, and the default tables, that
        arithmetic._TABLES = None  # the short paths of deadline and working_time keep
        for obj in gc.get_objects():
            if isinstance(obj, Calendar):
                for cached in ("tables", "_national", "_extra"):
                    with contextlib.suppress(AttributeError):
                        object.__delattr__(obj, cached)
            elif isinstance(obj, Policy):  # what Policy.derived keeps
                object.__getattribute__(obj, "_cache").clear()

    del civicflow
