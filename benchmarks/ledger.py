"""Benchmark of the scope ledger (vkac_flow.register.ledger) on a national-size synthetic network.

Builds the synthetic network (166 centres in 35 municipalities, the ministry's June 2023
size; names synthetic), starts a few hundred other services in random centres on random
days, excludes some of them, and times the three queries against a naive scan of a flat
list of intervals measured in the same run. Prints ratios (naive / ledger); asserts no
timing.

    python benchmarks/ledger.py           # full size
    python benchmarks/ledger.py --quick   # seconds, for the smoke test
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
import random
import time
from collections.abc import Callable, Sequence

from vkac_flow.law.centres import synthetic_network
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.register.ledger import ScopeLedger

Interval = tuple[str, str, datetime.date, datetime.date | None]

START = datetime.date(2018, 1, 1)
SPAN = 9 * 365


def build(
    n_services: int, starts_per_service: int, seed: int
) -> tuple[ScopeLedger, list[Service], list[Interval]]:
    """A ledger and the same intervals as a flat list (the naive baseline)."""
    rng = random.Random(seed)
    registry = synthetic_network()
    names = list(registry.names)
    ledger = ScopeLedger(registry)
    services = [
        Service(f"Service {i:04d} (synthetic)", Party.service_holder(f"Holder {i % 40:02d}"))
        for i in range(n_services)
    ]
    flat: list[Interval] = []
    for svc in services:
        for centre in rng.sample(names, k=min(starts_per_service, len(names))):
            start = START + datetime.timedelta(rng.randrange(SPAN))
            end = None
            if rng.random() < 0.3:
                end = start + datetime.timedelta(rng.randrange(30, 900))
            ledger.add_interval(svc, centre, start, end)
            flat.append((centre, svc.key, start, end))
    return ledger, services, flat


def _covers(iv: Interval, day: datetime.date) -> bool:
    return iv[2] <= day and (iv[3] is None or day < iv[3])


def _time(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(*, quick: bool = False, seed: int = 2023) -> dict[str, float]:
    """Run the benchmark; print and return naive/ledger time ratios per query."""
    n_services, per_service, n_queries, repeat = (10, 5, 50, 1) if quick else (300, 25, 2000, 3)
    t0 = time.perf_counter()
    ledger, services, flat = build(n_services, per_service, seed)
    build_s = time.perf_counter() - t0
    rng = random.Random(seed + 1)
    names = list(ledger.registry.names)
    queries = [
        (
            rng.choice(names),
            rng.choice(services),
            START + datetime.timedelta(rng.randrange(SPAN)),
        )
        for _ in range(n_queries)
    ]

    # correctness first: the indexes and the scan agree on every query
    for centre, svc, day in queries:
        naive = any(iv[0] == centre and iv[1] == svc.key and _covers(iv, day) for iv in flat)
        assert ledger.offers(centre, svc, day) == naive

    cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "offers": (
            lambda: [ledger.offers(c, s, d) for c, s, d in queries],
            lambda: [
                any(iv[0] == c and iv[1] == s.key and _covers(iv, d) for iv in flat)
                for c, s, d in queries
            ],
        ),
        "services_at": (
            lambda: [ledger.services_at(c, d) for c, _, d in queries],
            lambda: [
                {iv[1] for iv in flat if iv[0] == c and _covers(iv, d)} for c, _, d in queries
            ],
        ),
        "centres_offering": (
            lambda: [ledger.centres_offering(s, d) for _, s, d in queries],
            lambda: [
                {iv[0] for iv in flat if iv[1] == s.key and _covers(iv, d)} for _, s, d in queries
            ],
        ),
    }
    print(
        f"network: {len(ledger.registry)} centres (synthetic), {len(services)} services, "
        f"{len(flat)} intervals; built in {build_s * 1000:.0f} ms; {n_queries} queries each"
    )
    ratios: dict[str, float] = {}
    for name, (fast, slow) in cases.items():
        t_fast = _time(fast, repeat)
        t_slow = _time(slow, repeat)
        ratios[name] = t_slow / t_fast if t_fast > 0 else float("inf")
        print(
            f"{name:>17}: ledger {t_fast / n_queries * 1e6:8.1f} us/query, naive scan "
            f"{t_slow / n_queries * 1e6:9.1f} us/query, ratio {ratios[name]:7.1f}x"
        )
    return ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--quick`` for tiny sizes, ``--seed N``. Returns the exit status."""
    parser = argparse.ArgumentParser(description="Benchmark of the scope ledger.")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    run(quick=args.quick, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
