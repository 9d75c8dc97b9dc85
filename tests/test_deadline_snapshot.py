"""Deadlines and their explanations are the same as before the speed work of issue 14.

``tests/data/deadline_snapshot.json`` was written by the implementation before month
periods and the ``Deadline`` wrapper were made table lookups (issue 14): for random starts,
periods, both directions and both :class:`RollPolicy` values it holds the due date, the
basis, the provisional flag and the first 20 hex digits of a SHA-256 of both explanations. Every case must still give
exactly that. Regenerate only on a deliberate change of wording:
``python tests/test_deadline_snapshot.py`` (and say why in the change log).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.base import RollPolicy
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import DateOutOfRangeError

SNAPSHOT = Path(__file__).parent / "data" / "deadline_snapshot.json"
SEED = 14
N_CASES = 1500


def _cases() -> list[tuple[str, str, str, str, int]]:
    """(policy, direction, start, unit, n): starts dense in the years with transfer orders,
    a share of month ends (the s. 43(1) clamp) and some near the calendar's ends."""
    rng = random.Random(SEED)
    first, last = datetime.date(2017, 1, 1), datetime.date(2099, 12, 31)
    out: list[tuple[str, str, str, str, int]] = []
    for _ in range(N_CASES):
        r = rng.random()
        if r < 0.6:
            day = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randrange(11 * 366))
        elif r < 0.8:  # a month end
            y, m = rng.randint(2017, 2030), rng.randint(1, 12)
            day = (datetime.date(y + m // 12, m % 12 + 1, 1)) - datetime.timedelta(days=1)
        elif r < 0.9:
            day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
        else:  # near the end of the range
            day = last - datetime.timedelta(days=rng.randrange(120))
        unit = rng.choice(("working_days", "months", "months", "days"))
        n = rng.randint(1, 40) if unit != "months" else rng.choice((1, 1, 1, 2, 3, 6, 12, 13))
        policy = rng.choice([p.value for p in RollPolicy])
        direction = rng.choice(("after", "after", "before"))
        out.append((policy, direction, day.isoformat(), unit, n))
    return out


_PERIODS: dict[str, type[WorkingDays] | type[Months] | type[Days]] = {
    "working_days": WorkingDays,
    "months": Months,
    "days": Days,
}


def _compute(cals: dict[str, LatvianCalendar]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for policy, direction, start, unit, n in _cases():
        cal = cals[policy]
        period: Period = _PERIODS[unit](n)
        row: dict[str, Any] = {"case": [policy, direction, start, unit, n]}
        try:
            if direction == "after":
                d: Deadline = cal.deadline(start, period, basis=("p. 13.2",))
            else:
                d = cal.deadline_before(start, period, basis=("p. 16",))
        except DateOutOfRangeError as exc:
            row["error"] = str(exc)
        else:
            text = d.explain("en") + "\n--\n" + d.explain("lv")
            row.update(
                due=d.due.isoformat(),
                basis=list(d.basis),
                provisional=d.provisional,
                explain_sha256=hashlib.sha256(text.encode()).hexdigest()[:20],
            )
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def calendars() -> dict[str, LatvianCalendar]:
    return {p.value: LatvianCalendar(roll_policy=p) for p in RollPolicy}


def test_deadlines_and_explanations_match_the_snapshot(
    calendars: dict[str, LatvianCalendar],
) -> None:
    stored = json.loads(SNAPSHOT.read_text("utf-8"))
    now = _compute(calendars)
    assert len(stored) == len(now) == N_CASES
    months = sum(1 for r in stored if r["case"][3] == "months" and "due" in r)
    assert months > 400, "the snapshot must exercise month periods"
    for old, new in zip(stored, now, strict=True):
        assert new == old, old["case"]


def test_array_deadlines_match_the_snapshot(calendars: dict[str, LatvianCalendar]) -> None:
    pytest.importorskip("numpy")
    import numpy as np

    stored = json.loads(SNAPSHOT.read_text("utf-8"))
    for (policy, unit), cal in (
        ((p, u), calendars[p]) for p in calendars for u in ("working_days", "months", "days")
    ):
        rows = [
            r
            for r in stored
            if r["case"][0] == policy and r["case"][1] == "after" and r["case"][3] == unit
        ]
        for n in {r["case"][4] for r in rows}:
            these = [r for r in rows if r["case"][4] == n and "due" in r]
            starts = np.array([r["case"][2] for r in these], dtype="datetime64[D]")
            due = cal.deadline_array(starts, _PERIODS[unit](n))
            assert [d.isoformat() for d in due.tolist()] == [r["due"] for r in these]


if __name__ == "__main__":  # regenerate (deliberate wording changes only)
    cals = {p.value: LatvianCalendar(roll_policy=p) for p in RollPolicy}
    lines = [json.dumps(row, ensure_ascii=False) for row in _compute(cals)]
    SNAPSHOT.write_text("[\n" + ",\n".join(lines) + "\n]\n", "utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)
