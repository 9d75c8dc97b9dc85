"""Benchmark of the durable register (vkac_flow.register) on a 10,000-procedure SQLite file.

Fills a register with transfer procedures at random stages, then measures, in one run:

* recording an event (``reg.record``: rebuild from the log, the rules, the insert, the
  projection, the commit) against a raw ``sqlite3`` insert-and-commit of the same row in a
  table of the same shape (WAL, same file system): the ratio is the register's overhead;
* ``reg.agenda`` for a two-week window against loading every saved procedure document
  (``load_procedure`` of its ``to_dict()`` JSON) and asking each for its obligations
  (target: the agenda at least 20x faster);
* ``reg.get(id)`` latency (a rebuild of one procedure from its log).

Prints figures and ratios; asserts no timing.

    python benchmarks/register.py           # 10,000 procedures
    python benchmarks/register.py --quick   # seconds, for the smoke test
"""

from __future__ import annotations

import os
import sys

# benchmarks/calendar.py shadows the stdlib ``calendar`` when this directory is on sys.path
# (as it is when this file runs as a script): take it off before importing anything else.
_HERE = os.path.dirname(os.path.realpath(__file__))
for _entry in list(sys.path):
    if os.path.realpath(_entry or os.curdir) == _HERE:
        sys.path.remove(_entry)

import argparse
import datetime
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Sequence
from typing import Any

from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.base import ObligationStatus
from vkac_flow.procedures.documents import load_procedure
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.procedures.waiting import WaitingStatus
from vkac_flow.register.core import Register

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
CENTRES = ["Cēsu VPVKAC", "Valmieras VPVKAC", "Siguldas VPVKAC"]
# (event, days after the letter, data): the transfer's events in order (route p. 14)
CHAIN: list[tuple[str, int, dict[str, Any]]] = [
    ("letter_received", 0, {}),
    ("readiness_confirmed", 1, {}),
    ("centres_surveyed", 3, {"centres": CENTRES}),
    ("information_prepared", 18, {}),
    ("committee_decided", 39, {"approved": True, "centres": CENTRES[:2]}),
    ("training_completed", 63, {}),
    ("material_uploaded", 67, {}),
    ("service_started", 79, {"centre": CENTRES[0]}),
]
PENDING = (ObligationStatus.OPEN, ObligationStatus.OVERDUE)
WAITING = (WaitingStatus.RUNNING, WaitingStatus.ELAPSED)


def clock() -> datetime.datetime:
    return NOW


def build(n: int, seed: int) -> list[tuple[TransferProcedure, int]]:
    """``n`` procedures, each with a random number of the chain's events (and the next one)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        svc = Service(f"Service {i % 97}", Party.service_holder(f"Holder {i % 13}"))
        p = TransferProcedure.propose(
            svc,
            initiator=Party.municipality(f"Novads {i % 43}"),
            clock=clock,
            procedure_id=f"p{i:05d}",
        )
        letter = datetime.date(2026, 1, 5) + datetime.timedelta(days=rnd.randrange(0, 210))
        stage = rnd.randrange(1, len(CHAIN) - 1)
        for event, days, data in CHAIN[:stage]:
            getattr(p, event)(letter + datetime.timedelta(days=days), **data)
        out.append((p, stage))
    return out


def best(times: list[float]) -> float:
    return min(times) if times else float("nan")


def run(*, quick: bool = False, seed: int = 2026) -> dict[str, float]:
    """Run the benchmark; the figures (seconds) and ratios by name."""
    n, n_writes, n_agenda, n_get = (200, 20, 3, 20) if quick else (10_000, 200, 10, 200)
    folder = tempfile.mkdtemp(prefix="vkac-bench-register-")
    print(f"register: {n} transfer procedures (synthetic) in a SQLite file")
    procs = build(n, seed)
    t0 = time.perf_counter()
    reg = Register.open(f"sqlite:///{os.path.join(folder, 'register.db')}", clock=clock)
    for p, _stage in procs:
        reg.propose(p)
    print(f"  filled in {time.perf_counter() - t0:.1f} s ({reg.counts()})")
    documents = {p.id: json.dumps(p.to_dict()) for p, _ in procs}

    # --- recording an event vs a raw sqlite3 insert-and-commit of the same row: "cold" (a
    # register just opened: the procedure is rebuilt from its log) and "warm" (the next
    # event on a procedure the register wrote last: its cached procedure at that version)
    rnd = random.Random(seed + 1)
    targets = rnd.sample([(p, s) for p, s in procs if s + 1 < len(CHAIN)], n_writes)
    reg.close()
    reg = Register.open(f"sqlite:///{os.path.join(folder, 'register.db')}", clock=clock)
    cold_times: list[float] = []
    warm_times: list[float] = []
    rows: list[tuple[str, Any]] = []
    for p, stage in targets:
        letter = p.history[0].date
        for step, times in ((stage, cold_times), (stage + 1, warm_times)):
            event, days, data = CHAIN[step]
            t = time.perf_counter()
            result = reg.record(
                p.id, event, letter + datetime.timedelta(days=days), expected_version=step, **data
            )
            times.append(time.perf_counter() - t)
            rows.append((p.id, result.records[0]))
        documents[p.id] = json.dumps(reg.get(p.id).to_dict())  # saved again, as by hand
    raw = sqlite3.connect(os.path.join(folder, "raw.db"), isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute(
        "CREATE TABLE events (procedure_id TEXT, seq INTEGER, event_id TEXT, kind TEXT, "
        'event TEXT, "on" DATE, recorded_at DATETIME, recorded_by TEXT, data JSON, '
        "corrects TEXT, reason TEXT, idempotency_key TEXT, rules_version TEXT, "
        "PRIMARY KEY (procedure_id, seq), UNIQUE (procedure_id, event_id))"
    )
    raw_times = []
    for pid, r in rows:
        values = (
            pid,
            r.seq,
            r.event_id,
            r.kind,
            r.event,
            str(r.on),
            str(r.recorded_at),
            r.recorded_by,
            json.dumps(dict(r.data)),
            None,
            None,
            None,
            r.rules_version,
        )
        t = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        raw.execute("COMMIT")
        raw_times.append(time.perf_counter() - t)
    raw.close()
    rec, raw_t = statistics.median(warm_times), statistics.median(raw_times)
    cold = statistics.median(cold_times)
    print(
        f"record: register {rec * 1e3:.2f} ms per event (warm: cached procedure), "
        f"{cold * 1e3:.2f} ms (cold: rebuilt from its log); raw sqlite3 insert+commit "
        f"{raw_t * 1e3:.3f} ms: ratio {rec / raw_t:.1f}x warm, {cold / raw_t:.1f}x cold "
        "(register / raw)"
    )

    # --- agenda for two weeks vs loading every saved document
    start = datetime.date(2026, 6, 1)
    end = start + datetime.timedelta(days=13)
    agenda_times, count = [], 0
    for _ in range(n_agenda):
        t = time.perf_counter()
        count = len(reg.agenda(start, end))
        agenda_times.append(time.perf_counter() - t)
    t = time.perf_counter()
    naive = 0
    for doc in documents.values():
        loaded = load_procedure(json.loads(doc), clock=clock)
        last = loaded.last_date
        if last is None:
            continue
        naive += sum(
            1 for o in loaded.obligations(last) if o.status in PENDING and start <= o.due <= end
        )
        naive += sum(
            1
            for w in loaded.waiting_periods(last)
            if w.status in WAITING and start <= w.earliest <= end
        )
    naive_t = time.perf_counter() - t
    agenda_t = best(agenda_times)
    print(
        f"agenda (two weeks, {count} items): register {agenda_t * 1e3:.2f} ms, loading "
        f"{n} documents and asking each {naive_t * 1e3:.0f} ms: ratio {naive_t / agenda_t:.0f}x"
        f" (naive / register; target >= 20x); same items: {naive == count}"
    )

    # --- get latency
    get_times = []
    for p, _ in rnd.sample(procs, n_get):
        t = time.perf_counter()
        reg.get(p.id)
        get_times.append(time.perf_counter() - t)
    get_t = statistics.median(get_times)
    print(f"get: median {get_t * 1e3:.2f} ms per procedure (rebuilt from its log)")
    as_of_times = []
    for p, _ in rnd.sample(procs, n_get):
        t = time.perf_counter()
        reg.get(p.id, as_of=p.history[0].date + datetime.timedelta(days=3))
        as_of_times.append(time.perf_counter() - t)
    as_of_t = statistics.median(as_of_times)
    print(f"get(id, as_of=...): median {as_of_t * 1e3:.2f} ms per snapshot")
    problems = reg.check() if quick else ()
    reg.close()
    return {
        "record_s": rec,
        "raw_insert_s": raw_t,
        "record_ratio": rec / raw_t,
        "record_cold_s": cold,
        "record_cold_ratio": cold / raw_t,
        "get_as_of_s": as_of_t,
        "agenda_s": agenda_t,
        "naive_agenda_s": naive_t,
        "agenda_ratio": naive_t / agenda_t,
        "get_s": get_t,
        "same_items": float(naive == count),
        "problems": float(len(problems)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--quick`` for tiny sizes, ``--seed N``. Returns the exit status."""
    parser = argparse.ArgumentParser(description="Benchmark of the durable register.")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    run(quick=args.quick, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
