"""Benchmark of the vectorised timeline and the Monte Carlo simulator, in one run.

Run ``python benchmarks/simulate.py`` (``--quick`` for a fast smoke run). Each figure is the
minimum of several timeit repeats. It prints:

* one million statutory timelines (:func:`vkac_flow.simulate.statutory_timelines`, all
  five steps) against the time numpy's own ``busday_offset`` needs for the two
  working-day steps alone (p. 13.2/14.2: 20 working days; p. 15.2: 10 working days) --
  the lower bound of this work; target: within 5x. numpy is given its best configuration
  (Mon-Fri weekmask, every weekday off as a holiday, ``roll="backward"``, which gives the
  N-th working day after a non-working day too) and still cannot express a Saturday made a
  working day by a Cabinet order: the count of its wrong answers is printed;
* the same timelines chained through ``ArrayIndex.deadline_offsets`` without the memoised
  tables (what the memo saves);
* one million Monte Carlo procedures (:func:`vkac_flow.simulate.simulate`: four committee
  meetings a year, deferrals and rejections) and their ``summary()``;
* the memory per simulated procedure (``tracemalloc``, numpy's buffers included): what the
  result keeps, and the peak while simulating.
"""

from __future__ import annotations

import os
import sys

# benchmarks/calendar.py shares its name with the stdlib ``calendar`` module: run as a
# script, this directory must not shadow the stdlib.
_HERE = os.path.dirname(os.path.realpath(__file__))
for _entry in list(sys.path):
    if os.path.realpath(_entry or os.curdir) == _HERE:
        sys.path.remove(_entry)

import argparse
import timeit
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from vkac_flow.calendar import LatvianCalendar, default_calendar
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS
from vkac_flow.simulate import regular_meetings, simulate, statutory_timelines

DateArray = np.ndarray[Any, np.dtype[np.datetime64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]

TARGET_RATIO = 5.0


def _memory(func: Callable[[], object]) -> tuple[int, int]:
    """Bytes (tracemalloc, numpy included) that ``func``'s result keeps, and the peak."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = func()
        kept, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return kept - before, peak - before


def _best(func: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` runs of ``func``."""
    return min(timeit.repeat(func, number=1, repeat=repeat))


def _holidays(cal: LatvianCalendar) -> DateArray:
    days = [
        day
        for year in range(cal.first_date.year, cal.last_date.year + 1)
        for day, _ in cal.holidays(year)
        if day.weekday() < 5
    ]
    out: DateArray = np.array(sorted(days), dtype="datetime64[D]")
    return out


def _unmemoised(cal: LatvianCalendar, letters: DateArray) -> dict[str, IntArray]:
    """The statutory chain through ``ArrayIndex.deadline_offsets`` directly (no tables)."""
    index = cal.arrays()
    known = {"letter_received": index.offsets(letters)}
    due: dict[str, IntArray] = {}
    for key in TRANSFER_STEP_KEYS:
        rule = STEPS[key]
        due[key] = index.deadline_offsets(known[rule.opened_by], rule.period)
        for event in rule.met_by:
            known.setdefault(event, due[key])
    return due


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args(argv)
    n = 20_000 if args.quick else 1_000_000
    repeat = 1 if args.quick else 5

    cal = default_calendar()
    rng = np.random.default_rng(2027)
    first = np.datetime64("2017-07-01", "D")
    span = int((np.datetime64("2026-06-30", "D") - first).astype(int))
    letters: DateArray = first + rng.integers(0, span, size=n).astype("timedelta64[D]")

    statutory_timelines(letters[:10], "municipality")  # build the index and tables once
    ours = _best(lambda: statutory_timelines(letters, "municipality"), repeat)
    result = statutory_timelines(letters, "municipality")

    bdc = np.busdaycalendar(weekmask="1111100", holidays=_holidays(cal))
    training = result["training"]

    def numpy_two_steps() -> tuple[DateArray, DateArray]:
        a = np.busday_offset(letters, 20, roll="backward", busdaycal=bdc)
        b = np.busday_offset(training, 10, roll="backward", busdaycal=bdc)
        return a, b

    base = _best(numpy_two_steps, repeat)
    np_info, np_material = numpy_two_steps()
    wrong = int((np_info != result["information"]).sum()) + int(
        (np_material != result["methodological_material"]).sum()
    )
    direct = _best(lambda: _unmemoised(cal, letters), repeat)

    meetings = regular_meetings(2027, 2040, 4)

    def run_sim() -> object:
        return simulate(
            n=n,
            start="2027-01-01",
            end="2027-12-31",
            initiator={"municipality": 0.6, "institution": 0.4},
            committee_meetings=meetings,
            defer_probability=0.1,
            reject_probability=0.05,
            seed=1,
        )

    sim_time = _best(run_sim, max(1, repeat // 2))
    sim = simulate(
        n=n,
        start="2027-01-01",
        end="2027-12-31",
        committee_meetings=meetings,
        defer_probability=0.1,
        reject_probability=0.05,
        seed=1,
    )
    summary_time = _best(sim.summary, max(1, repeat // 2))
    del sim
    kept, peak = _memory(run_sim)

    ratio = ours / base
    rows = [
        ("statutory_timelines, 5 steps", f"{ours * 1e3:9.1f} ms", f"{n / ours / 1e6:6.2f} M/s"),
        ("numpy busday_offset, 2 WD steps", f"{base * 1e3:9.1f} ms", f"{n / base / 1e6:6.2f} M/s"),
        (
            "chained deadline_offsets (no memo)",
            f"{direct * 1e3:9.1f} ms",
            f"{n / direct / 1e6:6.2f} M/s",
        ),
        ("simulate (Monte Carlo)", f"{sim_time * 1e3:9.1f} ms", f"{n / sim_time / 1e6:6.2f} M/s"),
        ("SimulationResult.summary()", f"{summary_time * 1e3:9.1f} ms", ""),
    ]
    print(f"vkac_flow simulation benchmark: n = {n:,} (best of {repeat})")
    for name, t, rate in rows:
        print(f"  {name:<36} {t}  {rate}")
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"  ratio statutory_timelines / numpy two steps: {ratio:.2f}x "
        f"(target <= {TARGET_RATIO:.0f}x: {met})"
    )
    print(f"  numpy wrong answers (working Saturdays it cannot express): {wrong:,} of {2 * n:,}")
    print(f"  Monte Carlo: {n:,} procedures in {sim_time:.2f} s")
    print(
        f"  memory per simulated procedure: {kept / n:.0f} bytes kept (the result), "
        f"{peak / n:.0f} bytes at the peak while simulating ({peak / kept:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
