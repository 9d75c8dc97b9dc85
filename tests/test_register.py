"""The durable register on real databases: SQLite, and PostgreSQL when configured."""

from __future__ import annotations

import datetime
import json
import pathlib
import sqlite3

import pytest
import sqlalchemy as sa

from registerdb import (
    CENTRES,
    TRANSFER_CHAIN,
    exclusion,
    fixed_clock,
    transfer,
)
from vkac_flow.errors import (
    ConcurrentUpdateError,
    IllegalTransitionError,
    RegisterError,
    SchemaVersionError,
    UnknownProcedureError,
    VkacFlowError,
)
from vkac_flow.procedures.records import CorrectionRefusedError, UnknownEventError
from vkac_flow.register.core import URL_ENV, ProcedureSummary, Register
from vkac_flow.register.schema import SCHEMA_REVISION
from vkac_flow.register.store import write_connection
from vkac_flow.views.cli import main


def snapshot(reg: Register) -> dict[str, object]:
    """Every row of every table: to prove a refused write changed nothing."""
    out: dict[str, object] = {}
    with reg.engine.connect() as conn:
        for table in ("procedures", "events", "obligations", "procedure_centres"):
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").all()
            out[table] = sorted(map(repr, rows))
    return out


def test_schema_revision_and_tables(reg: Register) -> None:
    assert reg.schema_revision == SCHEMA_REVISION
    names = set(sa.inspect(reg.engine).get_table_names())
    assert {"events", "procedures", "obligations", "procedure_centres", "alembic_version"} <= names
    assert reg.upgrade() == SCHEMA_REVISION  # idempotent
    assert reg.check() == ()


def test_propose_record_get_round_trip(reg: Register) -> None:
    p = transfer("t-1")
    assert reg.propose(p, recorded_by="secretariat").version == 0
    for i, (event, on, data) in enumerate(TRANSFER_CHAIN[:5], start=1):
        result = reg.record("t-1", event, on, expected_version=i - 1, recorded_by="anna", **data)
        assert result.version == i
        assert [r.seq for r in result.records] == [i]
    log = reg.log("t-1")
    assert [r.seq for r in log] == [1, 2, 3, 4, 5]
    assert [r.event for r in log] == [e for e, _, _ in TRANSFER_CHAIN[:5]]
    assert log[0].recorded_at == fixed_clock()
    assert log[0].recorded_by == "anna"
    assert log[2].data == {"centres": list(CENTRES)}
    assert len({r.event_id for r in log}) == 5
    got = reg.get("t-1")
    live = transfer("t-1")
    for event, on, data in TRANSFER_CHAIN[:5]:
        getattr(live, event)(on, **data)
    # the same procedure; only the audit's recording facts differ (who, when)
    assert got.history == live.history
    assert {k: v for k, v in got.to_dict().items() if k != "audit"} == {
        k: v for k, v in live.to_dict().items() if k != "audit"
    }
    assert [a.recorded_at for a in got.audit_log()] == [fixed_clock()] * 5
    assert reg.version("t-1") == 5
    assert reg.check() == ()


def test_propose_with_history_replays_it(reg: Register) -> None:
    p = transfer("t-h")
    for event, on, data in TRANSFER_CHAIN[:3]:
        getattr(p, event)(on, **data)
    assert reg.propose(p).version == 3
    assert reg.get("t-h").to_dict() == p.to_dict()
    with pytest.raises(RegisterError, match="already in the register"):
        reg.propose(transfer("t-h"))


def test_refused_event_writes_nothing(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02")
    before = snapshot(reg)
    with pytest.raises(IllegalTransitionError):
        reg.record("t-1", "training_completed", "2026-03-09")
    with pytest.raises(VkacFlowError):
        reg.record("t-1", "readiness_confirmed", "2026-03-01")  # before the letter
    with pytest.raises(UnknownEventError, match="unknown event 'os_system'"):
        reg.record("t-1", "os_system", "2026-03-03")
    with pytest.raises(UnknownEventError, match="unknown data"):
        reg.record("t-1", "readiness_confirmed", "2026-03-03", approved=True)
    assert snapshot(reg) == before


def test_stale_version_raises_and_writes_nothing(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02", expected_version=0)
    before = snapshot(reg)
    with pytest.raises(ConcurrentUpdateError, match="expected version 0") as info:
        reg.record("t-1", "readiness_confirmed", "2026-03-03", expected_version=0)
    assert (info.value.expected, info.value.actual) == (0, 1)
    assert snapshot(reg) == before
    with pytest.raises(RegisterError, match="non-negative int"):
        reg.record("t-1", "readiness_confirmed", "2026-03-03", expected_version=-1)


def test_idempotency_key_returns_the_earlier_result(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    first = reg.record("t-1", "letter_received", "2026-03-02", idempotency_key="k-1")
    again = reg.record("t-1", "letter_received", "2026-03-02", idempotency_key="k-1")
    assert again.repeated
    assert not first.repeated
    assert again.records == first.records
    assert reg.version("t-1") == 1
    # the same key on another procedure is another key
    reg.propose(transfer("t-2"))
    assert not reg.record("t-2", "letter_received", "2026-03-02", idempotency_key="k-1").repeated


def test_unknown_procedure(reg: Register) -> None:
    with pytest.raises(UnknownProcedureError, match="no procedure 'nope'"):
        reg.get("nope")
    with pytest.raises(UnknownProcedureError):
        reg.record("nope", "letter_received", "2026-03-02")
    assert reg.counts()["events"] == 0


def test_correct_and_retract_through_the_rules(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    first = reg.record("t-1", "letter_received", "2026-03-02").records[0]
    assert (first.seq, first.event_id, first.recorded_at) == (1, "e1", fixed_clock())
    fixed = reg.correct("t-1", "e1", on="2026-03-03", reason="typo", recorded_by="anna")
    assert fixed.version == 2
    rec = fixed.records[0]
    assert (rec.kind, rec.event_id, rec.corrects, rec.on) == (
        "correction",
        "e2",
        "e1",
        datetime.date(2026, 3, 3),
    )
    assert rec.rules_version == reg.log("t-1")[0].rules_version is not None
    got = reg.get("t-1")
    assert got.history[0].date == datetime.date(2026, 3, 3)
    # the information is due 20 working days from the corrected date (p. 14.2)
    assert reg.find()[0].next_due == got.obligations(got.last_date)[0].due
    reg.record("t-1", "readiness_confirmed", "2026-03-04")
    dup = reg.record("t-1", "withdrawn", "2026-03-05")
    gone = reg.retract("t-1", dup.records[0].event_id, reason="entered by mistake")
    assert gone.version == 5
    assert gone.records[0].kind == "retraction"
    assert reg.get("t-1").state == "information_gathering"
    assert [r.kind for r in reg.log("t-1")] == [
        "event",
        "correction",
        "event",
        "event",
        "retraction",
    ]
    assert reg.check() == ()


def test_refused_correction_writes_nothing(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02")
    reg.record("t-1", "readiness_confirmed", "2026-03-03")
    before = snapshot(reg)
    # the letter moved after the readiness it answers: the corrected history is illegal
    with pytest.raises(CorrectionRefusedError, match="nothing changed"):
        reg.correct("t-1", "e1", on="2026-03-10", reason="wrong day")
    with pytest.raises(CorrectionRefusedError, match="no event 'e9'"):
        reg.retract("t-1", "e9", reason="no such")
    with pytest.raises(CorrectionRefusedError):
        reg.retract("t-1", "e1", reason="the letter never came")
    with pytest.raises(ConcurrentUpdateError):
        reg.correct("t-1", "e2", on="2026-03-04", reason="late", expected_version=1)
    assert snapshot(reg) == before
    assert reg.check() == ()


def test_events_are_append_only(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02")
    for statement in (
        "UPDATE events SET event = 'withdrawn'",
        "DELETE FROM events",
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), reg.engine.begin() as c:
            c.exec_driver_sql(statement)
    assert [r.event for r in reg.log("t-1")] == ["letter_received"]


def test_newer_schema_is_refused(url: str) -> None:
    Register.open(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES ('9999')")
    engine.dispose()
    with pytest.raises(SchemaVersionError, match="newer than this vkac_flow") as info:
        Register.open(url)
    assert info.value.found == "9999"
    with pytest.raises(SchemaVersionError):
        Register.open(url, upgrade=True)


def test_check_finds_a_tampered_projection(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02")
    with reg.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE procedures SET state = 'completed'")
        conn.exec_driver_sql("DELETE FROM obligations")
    problems = reg.check()
    assert any("state differs" in p for p in problems)
    assert any("obligations differs" in p for p in problems)


def test_find(reg: Register) -> None:
    reg.propose(transfer("t-1"))
    reg.record("t-1", "letter_received", "2026-03-02")
    reg.propose(transfer("t-2", initiator="Valmieras novads"))
    for event, on, data in TRANSFER_CHAIN[:3]:
        reg.record("t-2", event, on, **data)
    reg.propose(exclusion("e-1"))
    reg.propose(transfer("t-3"))
    reg.record("t-3", "letter_received", "2026-03-02")
    reg.record("t-3", "withdrawn", "2026-03-04")

    def ids(rows: tuple[ProcedureSummary, ...]) -> list[str]:
        return [r.id for r in rows]

    assert ids(reg.find()) == ["e-1", "t-1", "t-2"]
    assert ids(reg.find(open_only=False)) == ["e-1", "t-1", "t-2", "t-3"]
    assert ids(reg.find(kind="exclusion")) == ["e-1"]
    assert ids(reg.find(state="information_gathering")) == ["t-1", "t-2"]
    assert ids(reg.find(centre=CENTRES[1])) == ["t-2"]
    assert ids(reg.find(centre=CENTRES[0])) == ["e-1", "t-2"]
    assert ids(reg.find(party="Valmieras novads")) == ["t-2"]
    assert ids(reg.find(party="ministry")) == ["t-1", "t-2"]
    assert ids(reg.find(service="road PERMIT", kind="transfer")) == ["t-1", "t-2"]
    assert ids(reg.find(service="100%")) == []
    t1 = reg.find(state="information_gathering")[0]
    assert (t1.next_due, t1.next_step) == (datetime.date(2026, 3, 30), "information")
    assert json.loads(json.dumps(t1.to_dict()))["next_due"] == "2026-03-30"


def test_agenda_equals_asking_every_procedure(reg: Register) -> None:
    for n in range(6):
        pid = f"t-{n}"
        reg.propose(transfer(pid))
        for event, on, data in TRANSFER_CHAIN[: n + 1]:
            reg.record(pid, event, on, **data)
    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 6, 30)

    def asked(day: datetime.date) -> list[tuple[datetime.date, str, str, str | None]]:
        return sorted(
            (o.due, pid, o.step, o.subject)
            for pid in reg.ids()
            for o in reg.get(pid, as_of=day).obligations()
            if o.status.value in ("open", "overdue") and start <= o.due <= end
        )

    # today (the clock's 2026-12-01): the projection as it is, nothing replayed
    now_items = reg.agenda(start, end)
    assert [(a.due, a.procedure_id, a.step, a.subject) for a in now_items] == sorted(
        (o.due, pid, o.step, o.subject)
        for pid in reg.ids()
        for o in reg.get(pid).obligations(reg.get(pid).last_date)
        if o.status.value in ("open", "overdue") and start <= o.due <= end
    )
    assert now_items == tuple(sorted(now_items, key=lambda a: a.due))
    # a past day: the procedures with later events are replayed as of that day
    items = reg.agenda(start, end, as_of="2026-04-01")
    assert [(a.due, a.procedure_id, a.step, a.subject) for a in items] == asked(
        datetime.date(2026, 4, 1)
    )
    assert items != now_items
    assert items == tuple(sorted(items, key=lambda a: a.due))
    info = next(a for a in items if a.step == "information")
    assert info.points == ("p. 14.2",)
    assert "20th working day" in info.explanation
    assert info.overdue  # due 2026-03-30, as of 2026-04-01
    ministry = reg.agenda(start, end, responsible="ministry")
    assert ministry
    assert all("ministry" in a.responsible for a in ministry)
    assert len(ministry) < len(items)
    assert reg.agenda("2027-01-01", "2027-01-31") == ()
    with pytest.raises(RegisterError, match="before its start"):
        reg.agenda(end, start)


# ---------------------------------------------------------------------------- SQLite only


def test_default_url_env_and_current_folder(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(URL_ENV, raising=False)
    with Register.open() as r:
        assert r.url.endswith("vkac-register.db")
    assert (tmp_path / "vkac-register.db").exists()
    monkeypatch.setenv(URL_ENV, f"sqlite:///{tmp_path / 'other.db'}")
    with Register.open() as r:
        assert r.url.endswith("other.db")


def test_sqlite_pragmas_and_begin_immediate(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "r.db"
    with Register.open(f"sqlite:///{path}") as r, r.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        with write_connection(r.engine) as w, w.begin():
            # the write transaction holds the write lock from its first statement on
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()


def test_bad_urls() -> None:
    with pytest.raises(RegisterError, match="unsupported database"):
        Register.open("mysql://x/y")
    with pytest.raises(RegisterError, match="in-memory"):
        Register.open("sqlite://")
    with pytest.raises(RegisterError, match="not a database URL"):
        Register.open("::")


# ---------------------------------------------------------------------------- command line


def test_cli(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "init", "--db", url]) == 0
    assert SCHEMA_REVISION in capsys.readouterr().out
    with Register.open(url, clock=fixed_clock) as r:
        r.propose(transfer("t-1"))
        r.record("t-1", "letter_received", "2026-03-02")
    assert main(["register", "list", "--db", url]) == 0
    assert "t-1  information_gathering  v1" in capsys.readouterr().out
    assert main(["register", "list", "--db", url, "--format", "json", "--state", "x"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["register", "show", "t-1", "--db", url, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["procedure"]["state"] == "information_gathering"
    assert [r["event"] for r in shown["log"]] == ["letter_received"]
    assert main(["register", "show", "t-1", "--db", url]) == 0
    assert "letter_received" in capsys.readouterr().out
    args = ["register", "agenda", "--db", url, "--start", "2026-03-01", "--end", "2026-03-31"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "2026-03-30" in text
    assert "information" in text
    assert "p. 14.2" in text
    assert main([*args, "--format", "json", "--responsible", "committee"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["register", "upgrade", "--db", url]) == 0
    capsys.readouterr()
    with Register.open(url) as r:
        before = snapshot(r)
    assert main(["register", "show", "nope", "--db", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no procedure 'nope'" in err
    assert main([*args[:4], "--start", "2026-04-01", "--end", "2026-03-01"]) == 2
    assert "before its start" in capsys.readouterr().err
    with Register.open(url) as r:
        assert snapshot(r) == before


def test_cli_bad_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "list", "--db", "mysql://x/y"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unsupported database" in err
