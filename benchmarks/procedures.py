"""Benchmark: a full transfer procedure against a bare ``transitions`` machine.

Prints, measured in one run:

* a full TransferProcedure (propose -> completed: 8 events with date checks, rules,
  deadlines, history) against a bare ``transitions.Machine`` built for a plain model and
  firing the same 8 triggers through the same transition table (target: at most 2x);
* the same triggers on a machine built once and shared (no construction: the pattern the
  procedure itself uses), to show what the procedure's own work costs;
* ``TransferProcedure.from_dict`` (replay) against building the procedure live;
* ``p.as_of(day)`` (a snapshot: the replay of the events on or before ``day``) on the
  completed procedure, against ``from_dict`` of the same procedure (target: no slower), and
  ``p.as_of(day, known_at)`` (folding the audit log first);
* the garbage collector: the cost per procedure of building 100 ... 30,000 full transfers
  kept alive, with the collector on (target: within 1.2x from the smallest to the largest
  number) and, as the baseline, off; and the objects the collector tracks per completed procedure
  (``gc.get_objects()`` before and after building them).

The timings are the best of many blocks, the measures of a ratio taken in turns (a burst of
load on a shared machine hits them alike); every measure of the collector part builds as
many procedures (30,000: the small sizes in batches), so each is as long as the others. Usage:
``python benchmarks/procedures.py [--quick] [--gc-only]``.
"""

from __future__ import annotations

import os
import sys

# benchmarks/calendar.py shares its name with the stdlib ``calendar`` module: run as a
# script, this directory must not shadow the stdlib.
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.curdir) != _HERE]

import argparse
import datetime
import gc
import time
import timeit
from collections.abc import Callable

from transitions import Machine

from vkac_flow.calendar import default_calendar
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date
SERVICE = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
MUNI = Party.municipality("Cēsu novads")
CAL = default_calendar()


def clock() -> datetime.date:
    return D(2026, 12, 31)


def live() -> TransferProcedure:
    p = TransferProcedure.propose(SERVICE, initiator=MUNI, calendar=CAL, clock=clock)
    p.letter_received(D(2026, 3, 2))
    p.readiness_confirmed(D(2026, 3, 9))
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis", "Valmiera"])
    p.information_prepared(D(2026, 3, 20))
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis"])
    p.training_completed(D(2026, 5, 8))
    p.material_uploaded(D(2026, 5, 15))
    p.service_started(D(2026, 6, 1), centre="Cēsis")
    assert p.state == "completed"
    return p


class _Bare:
    """A plain model for the bare machine; conditions answer like the scenario."""

    def __init__(self) -> None:
        self.uploaded = False

    def _approving(self) -> bool:
        return True

    def _rollout_complete(self) -> bool:
        done = self.uploaded
        self.uploaded = True
        return done


_TABLE = [
    {
        "trigger": t.trigger,
        "source": list(t.source),
        "dest": t.dest,
        **({"conditions": [t.condition]} if t.condition else {}),
    }
    for t in TransferProcedure.TRANSITIONS
]
_TRIGGERS = (
    "letter_received",
    "readiness_confirmed",
    "centres_surveyed",
    "information_prepared",
    "committee_decided",
    "training_completed",
    "material_uploaded",
    "service_started",
)


def bare() -> None:
    model = _Bare()
    Machine(
        model=model,
        states=list(TransferProcedure.STATES),
        transitions=_TABLE,
        initial="proposed",
        auto_transitions=False,
    )
    for trigger in _TRIGGERS:
        getattr(model, trigger)()
    assert model.state == "completed"  # type: ignore[attr-defined]


_SHARED = Machine(
    model=None,
    states=list(TransferProcedure.STATES),
    transitions=_TABLE,
    initial="proposed",
    auto_transitions=False,
)


def bare_shared() -> None:
    """The same triggers on a machine built once (the pattern the procedure uses)."""
    model = _Bare()
    model.state = "proposed"  # type: ignore[attr-defined]
    events = _SHARED.events
    for trigger in _TRIGGERS:
        events[trigger].trigger(model)
    assert model.state == "completed"  # type: ignore[attr-defined]


def _best_interleaved(fns: list[Callable[[], object]], number: int, repeat: int) -> list[float]:
    """Seconds per call of each of ``fns`` (best of), measured in turns.

    One block of each in turn, ``repeat`` times: a burst of load on a shared machine hits
    every measure alike, not the one that happened to run then (the ratios stay honest).
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            best[k] = min(best[k], timeit.timeit(fn, number=number) / number)
    return best


def tracked_per_procedure(n: int = 1000) -> float:
    """Objects the garbage collector tracks per completed procedure kept alive."""
    gc.collect()
    before = len(gc.get_objects())
    keep = [live() for _ in range(n)]
    gc.collect()
    after = len(gc.get_objects())
    del keep
    return (after - before) / n


def gc_scaling(
    sizes: tuple[int, ...], repeat: int, total: int
) -> tuple[dict[int, float], dict[int, float]]:
    """Seconds per procedure building ``n`` procedures kept alive: collector on, and off.

    One measure of a size builds ``total`` procedures, ``total // n`` batches of ``n`` (each
    batch kept alive while it is built, released after; only the building is timed): every
    measure is as long as every other, so a burst of load on a shared machine cannot favour
    the small sizes (a best of many short blocks would be lower than a best of a few long
    ones by luck alone). The sizes, collector on and off, are measured in turns, ``repeat``
    times; each figure is the best of its turns. Off is the baseline that shows what of the
    growth is the collector's (the rest: memory and caches of a larger heap).
    """
    assert gc.isenabled()
    on = dict.fromkeys(sizes, float("inf"))
    off = dict.fromkeys(sizes, float("inf"))
    for _ in range(repeat):
        for n in sizes:
            for best, collector in ((on, True), (off, False)):
                if not collector:
                    gc.disable()
                try:
                    best[n] = min(best[n], _per_procedure(n, total))
                finally:
                    gc.enable()
    return on, off


def _per_procedure(n: int, total: int) -> float:
    batches = max(1, total // n)
    gc.collect()
    spent = 0.0
    for _ in range(batches):
        keep: list[TransferProcedure] = []
        t0 = time.perf_counter()
        for _ in range(n):
            keep.append(live())
        spent += time.perf_counter() - t0
        del keep  # (no cycles: released at once, outside the timing)
    gc.collect()
    return spent / (batches * n)


def collector_time(n: int) -> dict[int, tuple[int, float]]:
    """Per generation: collections while building ``n`` procedures, seconds per procedure."""
    started: dict[int, float] = {}
    spent = {g: [0, 0.0] for g in range(3)}

    def watch(phase: str, info: dict[str, int]) -> None:
        g = info["generation"]
        if phase == "start":
            started[g] = time.perf_counter()
        else:
            spent[g][0] += 1
            spent[g][1] += time.perf_counter() - started[g]

    gc.collect()
    gc.callbacks.append(watch)
    try:
        keep = [live() for _ in range(n)]
    finally:
        gc.callbacks.remove(watch)
    del keep
    return {g: (int(c), s / n) for g, (c, s) in spent.items()}


def report_gc(quick: bool) -> dict[str, float]:
    sizes = (10, 100) if quick else (100, 1000, 10_000, 30_000)
    scaling, off = gc_scaling(sizes, 1 if quick else 3, sizes[-1])
    tracked = tracked_per_procedure(20 if quick else 1000)
    first, first_off = scaling[sizes[0]], off[sizes[0]]
    print("procedures kept alive, cost per procedure: collector on | collector off (baseline):")
    for n, t in scaling.items():
        print(
            f"  {n:>6} procedures:               {t * 1e6:8.1f} us ({t / first:.2f}x) |"
            f" {off[n] * 1e6:8.1f} us ({off[n] / first_off:.2f}x)"
        )
    growth = scaling[sizes[-1]] / first
    growth_off = off[sizes[-1]] / first_off
    print(
        f"  ratio {sizes[-1]} / {sizes[0]} procedures, collector on:   {growth:8.2f}x (target <= 1.2x)"
    )
    print(f"  the same with the collector off (baseline):   {growth_off:8.2f}x")
    print(
        f"  collector on / off at {sizes[-1]} procedures:       "
        f"{scaling[sizes[-1]] / off[sizes[-1]]:8.2f}x"
    )
    print(f"objects tracked by the collector per procedure: {tracked:8.1f}")
    spent = collector_time(sizes[-1])
    print(f"time in the collector building {sizes[-1]} procedures (per procedure):")
    for g, (count, seconds) in spent.items():
        print(f"  generation {g}: {count:>5} collections        {seconds * 1e6:8.2f} us")
    return {"gc_growth": growth, "gc_growth_off": growth_off, "gc_tracked": tracked}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few iterations (smoke test)")
    parser.add_argument("--gc-only", action="store_true", help="only the garbage collector part")
    args = parser.parse_args(argv)
    number, repeat = (20, 2) if args.quick else (2000, 5)
    if args.gc_only:
        live()
        return report_gc(args.quick)
    live()  # warm up the shared machine and the calendar
    doc = live().to_dict()

    def replay() -> None:
        TransferProcedure.from_dict(doc, calendar=CAL, clock=clock)

    t_bare, t_shared, t_live, t_replay = _best_interleaved(
        [bare, bare_shared, live, replay], max(1, number // 4), repeat * 4
    )
    done = live()
    last_day = D(2026, 6, 1)
    known = datetime.datetime(2026, 12, 31, tzinfo=datetime.UTC)

    def snapshot() -> None:
        done.as_of(last_day)

    def snapshot_known() -> None:
        done.as_of(last_day, known)

    t_as_of, t_as_of_known, t_replay_again = _best_interleaved(
        [snapshot, snapshot_known, replay], max(1, number // 4), repeat * 4
    )
    t_replay = min(t_replay, t_replay_again)
    ratio = t_live / t_bare
    print(f"bare transitions machine (build + 8 triggers): {t_bare * 1e6:8.1f} us")
    print(f"full TransferProcedure (propose -> completed): {t_live * 1e6:8.1f} us")
    print(f"  ratio procedure / bare machine:              {ratio:8.2f}x (target <= 2x)")
    print(f"bare shared machine (8 triggers, no build):    {t_shared * 1e6:8.1f} us")
    print(
        f"  ratio procedure / bare shared machine:       {t_live / t_shared:8.2f}x (target <= 1.3x)"
    )
    print(f"from_dict replay of the same history:          {t_replay * 1e6:8.1f} us")
    print(
        f"  ratio replay / live:                         {t_replay / t_live:8.2f}x (target <= 1.2x)"
    )
    print(f"as_of(last day) of the completed procedure:    {t_as_of * 1e6:8.1f} us")
    print(
        f"  ratio as_of / from_dict:                     {t_as_of / t_replay:8.2f}x (target <= 1x)"
    )
    print(f"as_of(last day, known_at):                     {t_as_of_known * 1e6:8.1f} us")
    print(f"  ratio as_of known_at / from_dict:            {t_as_of_known / t_replay:8.2f}x")
    gc_figures = report_gc(args.quick)
    return {
        **gc_figures,
        "bare": t_bare,
        "bare_shared": t_shared,
        "live": t_live,
        "replay": t_replay,
        "as_of": t_as_of,
        "as_of_known": t_as_of_known,
        "ratio": ratio,
    }


if __name__ == "__main__":
    main()
