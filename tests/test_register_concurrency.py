"""Concurrency and crash safety of the register, on SQLite and PostgreSQL.

Eight writers (threads, and separate processes) race to record on one procedure and on
different ones; a writer process is SIGKILLed in the middle of a batch. After each:
every accepted event is in the log exactly once, every loser got
ConcurrentUpdateError, versions have no gaps, and ``check()`` (a rebuild of every procedure
from its log) matches the projection.
"""

from __future__ import annotations

import multiprocessing
import os
import pathlib
import signal
import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa

from registerdb import TRANSFER_CHAIN, fixed_clock, transfer
from vkac_flow.errors import ConcurrentUpdateError
from vkac_flow.register.core import Register

WRITERS = 8
CTX = multiprocessing.get_context("fork")


def assert_consistent(reg: Register) -> None:
    assert reg.check() == ()
    for pid in reg.ids():
        log = reg.log(pid)
        assert [r.seq for r in log] == list(range(1, len(log) + 1))
        assert reg.version(pid) == len(log)


def race_once(url: str, pid: str, round_: int, barrier: Any) -> str:
    """One writer of one round: record the round's event at the version of the round."""
    event, on, data = TRANSFER_CHAIN[round_]
    with Register.open(url, clock=fixed_clock) as reg:
        reg.engine.connect().close()  # connect before the start signal
        barrier.wait()
        try:
            result = reg.record(pid, event, on, expected_version=round_, **data)
        except ConcurrentUpdateError:
            return "lost"
        return f"won:{result.records[0].event_id}"


def _race_in_process(url: str, pid: str, round_: int, barrier: Any, out: Any) -> None:
    out.put(race_once(url, pid, round_, barrier))


def run_threads(url: str, pid: str, round_: int) -> list[str]:
    barrier = threading.Barrier(WRITERS)
    results: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        r = race_once(url, pid, round_, barrier)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=work) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def run_processes(url: str, pid: str, round_: int) -> list[str]:
    barrier = CTX.Barrier(WRITERS)
    out = CTX.Queue()
    procs = [
        CTX.Process(target=_race_in_process, args=(url, pid, round_, barrier, out))
        for _ in range(WRITERS)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


@pytest.mark.parametrize("runner", [run_threads, run_processes], ids=["threads", "processes"])
def test_writers_race_on_one_procedure(url: str, runner: Any) -> None:
    with Register.open(url, clock=fixed_clock) as reg:
        reg.propose(transfer("t-race"))
    rounds = 4
    winners: list[str] = []
    for round_ in range(rounds):
        results = runner(url, "t-race", round_)
        assert len(results) == WRITERS
        won = [r.split(":", 1)[1] for r in results if r.startswith("won:")]
        assert len(won) == 1, results  # exactly one accepted per round ...
        assert results.count("lost") == WRITERS - 1  # ... every other a ConcurrentUpdateError
        winners += won
    with Register.open(url, clock=fixed_clock) as reg:
        log = reg.log("t-race")
        assert [r.event_id for r in log] == winners  # each accepted event once, in order
        assert [r.event for r in log] == [e for e, _, _ in TRANSFER_CHAIN[:rounds]]
        assert_consistent(reg)


def _chain_writer(url: str, pid: str, barrier: Any) -> None:
    with Register.open(url, clock=fixed_clock) as reg:
        barrier.wait()
        for event, on, data in TRANSFER_CHAIN:
            reg.record(pid, event, on, **data)


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_writers_on_different_procedures(url: str, kind: str) -> None:
    ids = [f"t-{i}" for i in range(WRITERS)]
    with Register.open(url, clock=fixed_clock) as reg:
        for pid in ids:
            reg.propose(transfer(pid))
    if kind == "threads":
        barrier: Any = threading.Barrier(WRITERS)
        workers: list[Any] = [
            threading.Thread(target=_chain_writer, args=(url, pid, barrier)) for pid in ids
        ]
    else:
        barrier = CTX.Barrier(WRITERS)
        workers = [CTX.Process(target=_chain_writer, args=(url, pid, barrier)) for pid in ids]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=180)
        if kind == "processes":
            assert w.exitcode == 0
    with Register.open(url, clock=fixed_clock) as reg:
        for pid in ids:
            assert [r.event for r in reg.log(pid)] == [e for e, _, _ in TRANSFER_CHAIN]
            assert reg.get(pid).state == "completed"
        assert_consistent(reg)


def test_writes_without_expected_version_all_land(url: str) -> None:
    """Racing writers that do not name a version are applied one after another."""
    with Register.open(url, clock=fixed_clock) as reg:
        p = transfer("t-seq")
        for event, on, data in TRANSFER_CHAIN[:7]:
            getattr(p, event)(on, **data)
        reg.propose(p)  # awaiting the two starts, which may come in either order
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def start(i: int) -> None:
        event, _, data = TRANSFER_CHAIN[7 + i]
        with Register.open(url, clock=fixed_clock) as r:
            barrier.wait()
            try:
                r.record("t-seq", event, "2026-05-20", **data)
            except BaseException as err:  # pragma: no cover - reported below
                errors.append(err)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with Register.open(url, clock=fixed_clock) as reg:
        assert reg.version("t-seq") == 9
        assert reg.get("t-seq").state == "completed"
        assert_consistent(reg)


# ---------------------------------------------------------------------------- crash


def _batch_writer(url: str, ids: list[str], journal: str) -> None:
    """Record the whole chain on every procedure, noting each commit in ``journal``."""
    with Register.open(url, clock=fixed_clock) as reg, open(journal, "a") as out:
        for event, on, data in TRANSFER_CHAIN:
            for pid in ids:
                rec = reg.record(pid, event, on, **data).records[0]
                out.write(f"{pid} {rec.event_id}\n")
                out.flush()
                os.fsync(out.fileno())


def _stuck_writer(url: str, ready: Any) -> None:
    """Insert an event row and stop before the commit (and before the projection)."""
    with Register.open(url, clock=fixed_clock) as reg:

        def hold(conn: Any, clause: Any, *args: Any) -> None:
            if getattr(clause, "table", None) is not None and clause.table.name == "events":
                ready.set()
                time.sleep(600)

        sa.event.listen(reg.engine, "after_execute", hold)
        reg.record("t-stuck", "letter_received", "2026-03-02")


def test_sigkill_in_the_middle_of_a_batch(url: str, tmp_path: pathlib.Path) -> None:
    ids = [f"t-{i}" for i in range(4)]
    with Register.open(url, clock=fixed_clock) as reg:
        for pid in ids:
            reg.propose(transfer(pid))
    journal = tmp_path / "committed.txt"
    journal.touch()
    writer = CTX.Process(target=_batch_writer, args=(url, ids, str(journal)))
    writer.start()
    deadline = time.monotonic() + 120
    while len(journal.read_text().splitlines()) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.pid is not None
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(timeout=30)
    assert writer.exitcode == -signal.SIGKILL
    committed = [line.split() for line in journal.read_text().splitlines()]
    assert len(committed) >= 10
    assert len(committed) < len(ids) * len(TRANSFER_CHAIN)  # killed in the middle
    with Register.open(url, clock=fixed_clock) as reg:
        # event ids are the procedures' own (e1, e2, ...): unique with the procedure's id
        stored = {(pid, r.event_id) for pid in ids for r in reg.log(pid)}
        for pid, event_id in committed:
            assert (pid, event_id) in stored  # every committed event is there
        assert_consistent(reg)  # nothing half-written: projection = rebuild of the log
        # and writing goes on where it stopped
        pid = ids[0]
        nxt = TRANSFER_CHAIN[reg.version(pid)]
        reg.record(pid, nxt[0], nxt[1], **nxt[2])
        assert_consistent(reg)


def test_sigkill_before_commit_leaves_nothing(url: str) -> None:
    with Register.open(url, clock=fixed_clock) as reg:
        reg.propose(transfer("t-stuck"))
    ready = CTX.Event()
    writer = CTX.Process(target=_stuck_writer, args=(url, ready))
    writer.start()
    assert ready.wait(timeout=60)  # the event row is inserted, not committed
    assert writer.pid is not None
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(timeout=30)
    with Register.open(url, clock=fixed_clock) as reg:
        assert reg.log("t-stuck") == ()
        assert reg.version("t-stuck") == 0
        assert reg.counts()["events"] == 0
        assert_consistent(reg)
        reg.record("t-stuck", "letter_received", "2026-03-02")  # the lock is gone
        assert reg.version("t-stuck") == 1
