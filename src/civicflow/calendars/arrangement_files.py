"""An arrangement as a small JSON data file, for a calendar to load next year's notice.

>>> import datetime as dt
>>> from civicflow.calendars.notices import Arrangement
>>> arr = Arrangement(2027, {dt.date(2027, 1, 1): "元旦"}, {}, "notice")
>>> arrangement_from_json(arrangement_to_json(arr)) == arr
True
"""

from __future__ import annotations

import datetime as dt
import json

from civicflow._arguments import guard
from civicflow.calendars.notices import Arrangement
from civicflow.errors import SchemaError

__all__ = ["ARRANGEMENT_SCHEMA", "arrangement_from_json", "arrangement_to_json"]

ARRANGEMENT_SCHEMA = "civicflow.arrangement/1"


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object as a dict, refused when a key is given twice (the second value would
    replace the first without a word)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        twice = next(k for n, (k, _) in enumerate(pairs) if k in dict(pairs[:n]))
        raise ValueError(f"the key {twice!r} is given twice in one object; keep one")
    return data


def arrangement_to_json(arrangement: Arrangement) -> str:
    """The arrangement as a small JSON data file that calendars can load."""
    return json.dumps(
        {
            "schema": ARRANGEMENT_SCHEMA,
            "year": arrangement.year,
            "source": arrangement.source,
            "partial": arrangement.partial,
            "days_off": {d.isoformat(): name for d, name in arrangement.days_off},
            "make_up": {d.isoformat(): name for d, name in arrangement.make_up},
        },
        ensure_ascii=False,  # equivalent "None": json reads only the truth of the flag
        indent=2,
    )


def arrangement_from_json(text: str | bytes) -> Arrangement:
    """Load an arrangement written by :func:`arrangement_to_json`.

    Raises:
        SchemaError: not such a file (not JSON, another schema, a bad or missing field);
            every problem is named with its path. It is also a ``ValueError``.
    """
    what = "arrangement"
    try:
        if isinstance(text, bytes | bytearray):
            # equivalent "UTF-8-SIG": codec names are looked up whatever their case
            text = bytes(text).decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        raise SchemaError(what, ["$: not UTF-8 text"]) from None
    except RecursionError:
        raise SchemaError(what, ["$: nested too deeply to be a document"]) from None
    except ValueError as exc:
        raise SchemaError(what, [f"$: not an arrangement file: not JSON ({exc})"]) from None
    if not isinstance(data, dict) or data.get("schema") != ARRANGEMENT_SCHEMA:
        raise SchemaError(
            what, [f"$.schema: not an arrangement file: expected schema {ARRANGEMENT_SCHEMA!r}"]
        )
    problems = []
    unknown = set(data) - {"schema", "year", "days_off", "make_up", "source", "partial"}
    if unknown:
        problems.append(f"$: unknown field(s): {', '.join(sorted(unknown))}")
    year = data.get("year")
    if type(year) is not int or not 1 <= year <= 9999:
        problems.append(f"$.year: expected a year as a whole number, got {year!r}")
    days: dict[str, dict[dt.date, str]] = {}
    for key in ("days_off", "make_up"):
        value = data.get(key)
        if type(value) is not dict:
            problems.append(f"$.{key}: expected an object of dates and names, got {value!r}")
            continue
        days[key] = {}
        for day, name in value.items():
            try:
                date = dt.date.fromisoformat(day)
            except ValueError:
                problems.append(f"$.{key}: {day!r} is not a date (YYYY-MM-DD)")
                continue
            if type(name) is not str:
                problems.append(f"$.{key}.{day}: expected a festival's name, got {name!r}")
                continue
            days[key][date] = name
    source = data.get("source", "arrangement file")
    if type(source) is not str:
        problems.append(f"$.source: expected a str, got {source!r}")
    partial = data.get("partial", False)
    if type(partial) is not bool:
        problems.append(f"$.partial: expected true or false, got {partial!r}")
    weekdays = sorted(d for d in days.get("make_up", {}) if d.weekday() < 5)
    if weekdays:
        problems.append(f"$.make_up: make-up day {weekdays[0]} is not a weekend day")
    if problems:
        raise SchemaError(what, problems)
    assert isinstance(year, int)
    return Arrangement(year, days["days_off"], days["make_up"], str(source), partial is True)


guard(globals())
