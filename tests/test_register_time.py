"""The register through time: snapshots, bundles, the ledger, breaches, waiting periods,
the cache of rebuilt procedures and the schema upgrade 0001 -> 0002 -> 0003 (both databases)."""

from __future__ import annotations

import datetime
import json
import pathlib
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from registerdb import (
    CENTRES,
    SERVICE,
    TRANSFER_CHAIN,
    database_url,
    exclusion,
    fixed_clock,
    transfer,
)
from vkac_flow import TransferProcedure
from vkac_flow.errors import HistoryError, RegisterError, VkacFlowError
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.law.version import rules_version
from vkac_flow.procedures.documents import load_procedure
from vkac_flow.procedures.snapshot import Snapshot
from vkac_flow.register import store
from vkac_flow.register.core import Register
from vkac_flow.register.schema import SCHEMA_REVISION
from vkac_flow.views.cli import main

REGISTRY = CentreRegistry(
    [
        Centre(CENTRES[0], "Cēsu novads", CentreType.REGIONAL),
        Centre(CENTRES[1], "Valmieras novads", CentreType.REGIONAL),
    ]
)


@pytest.fixture
def reg(url: str) -> Iterator[Register]:
    r = Register.open(url, clock=fixed_clock, registry=REGISTRY)
    yield r
    r.close()


def fill(reg: Register, pid: str, upto: int) -> None:
    reg.propose(transfer(pid))
    for event, on, data in TRANSFER_CHAIN[:upto]:
        reg.record(pid, event, on, **data)


def test_get_as_of_and_known_at(url: str) -> None:
    instants = iter(datetime.datetime(2026, 12, 1, h, 0, tzinfo=datetime.UTC) for h in range(8, 20))
    now = [next(instants)]
    with Register.open(url, clock=lambda: now[0]) as reg:
        reg.propose(transfer("t-1"))
        for event, on, data in TRANSFER_CHAIN[:3]:
            now[0] = next(instants)
            reg.record("t-1", event, on, **data)
        before_fix = now[0]
        now[0] = next(instants)
        reg.correct("t-1", "e1", on="2026-03-03", reason="typo")
        snap = reg.get("t-1", as_of="2026-03-03")
        assert isinstance(snap, Snapshot)
        assert snap.state == "confirmed" or [e.event for e in snap.history] == [
            "letter_received",
            "readiness_confirmed",
        ]
        assert snap.history[0].date == datetime.date(2026, 3, 3)
        # as known before the correction: the letter on 2 March
        old = reg.get("t-1", as_of="2026-03-03", known_at=before_fix)
        assert old.history[0].date == datetime.date(2026, 3, 2)
        assert len(old.audit_log()) == 3
        assert reg.get("t-1", known_at=before_fix).history[0].date == datetime.date(2026, 3, 2)
        with pytest.raises(Exception, match="naive"):
            reg.get("t-1", as_of="2026-03-03", known_at=datetime.datetime(2026, 12, 1))


def test_rules_version_kept_per_record_and_procedure(reg: Register) -> None:
    fill(reg, "t-1", 2)
    today = TransferProcedure.current_rules_version()
    assert today.startswith(rules_version().split("+")[0] + "+")
    assert {r.rules_version for r in reg.log("t-1")} == {today}
    with reg.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT rules_version FROM procedures").scalar_one()
    assert kept == today


OLDER_RULES = "draft-2017+0000000000000000"


def test_a_history_under_older_rules_is_folded_and_goes_on(reg: Register) -> None:
    # A procedure brought in with a document written under other rules: its records keep
    # that version, the register reads it folded (not re-decided), and a new event is
    # decided by today's rules and stored with today's version.
    p = transfer("old-1")
    for event, on, data in TRANSFER_CHAIN[:3]:
        p.apply(event, on, **data)
    doc = json.loads(json.dumps(p.to_dict()))
    doc["rules_version"] = OLDER_RULES
    older = load_procedure(doc, clock=fixed_clock)
    assert older.folded
    reg.propose(older)
    assert {r.rules_version for r in reg.log("old-1")} == {OLDER_RULES}
    q = reg.get("old-1")
    assert q.folded
    assert q.rules_version == OLDER_RULES
    assert q.rules_note is not None
    assert "not re-decided" in q.rules_note
    event, on, data = TRANSFER_CHAIN[3]
    reg.record("old-1", event, on, **data)
    log = reg.log("old-1")
    assert [r.rules_version for r in log][-1] == TransferProcedure.current_rules_version()
    assert {r.rules_version for r in log[:-1]} == {OLDER_RULES}
    again = reg.get("old-1")
    assert again.folded
    assert again.state == "awaiting_committee"
    assert reg.check() == ()


def test_waiting_period_is_nobodys_duty_in_the_agenda(reg: Register) -> None:
    reg.propose(exclusion("x-1"))
    p = reg.get("x-1")
    event = p.allowed_events()[0]
    reg.record("x-1", event, "2026-03-02")
    items = reg.agenda("2026-03-01", "2026-12-31", as_of="2026-03-02")
    waiting = [a for a in items if a.step_kind == "waiting"]
    duties = [a for a in items if a.step_kind != "waiting"]
    for a in waiting:
        assert a.responsible == ()
        assert not a.overdue
        assert "p. 16" in " ".join(a.points)
    # a role's agenda never lists a waiting period as its duty
    for role in ("ministry", "committee", "service_holder"):
        assert all(
            a.step_kind != "waiting"
            for a in reg.agenda("2026-03-01", "2026-12-31", responsible=role)
        )
    summary = reg.find()[0]
    if summary.next_step is not None:
        assert summary.next_step in {a.step for a in duties}


def test_breaches_across_the_register(reg: Register) -> None:
    fill(reg, "t-ok", 3)
    reg.propose(transfer("t-late"))
    reg.record("t-late", "letter_received", "2026-03-02")
    reg.record("t-late", "readiness_confirmed", "2026-03-03")
    reg.record("t-late", "centres_surveyed", "2026-03-05", centres=list(CENTRES))
    reg.record("t-late", "information_prepared", "2026-05-20")  # due 2026-03-30 (p. 14.2)
    found = reg.breaches()
    assert [b.procedure_id for b in found] == ["t-late"]
    assert found[0].step == "information"
    assert found[0].days_late > 0
    assert "p. 14.2" in found[0].points
    assert json.loads(json.dumps(found[0].to_dict()))["due"] == "2026-03-30"
    expected = [str(b) for b in reg.get("t-late").breaches()]
    assert [b.text for b in found] == expected


def test_ledger_of_the_whole_register(url: str, reg: Register) -> None:
    fill(reg, "t-1", len(TRANSFER_CHAIN))  # started in both centres (p. 15.3)
    book = reg.ledger()
    assert book.offers(CENTRES[0], SERVICE, "2026-05-21")
    assert book.offers(CENTRES[1], SERVICE, "2026-05-26")
    assert not book.offers(CENTRES[1], SERVICE, "2026-05-21")
    early = reg.ledger("2026-05-21")
    assert early.offers(CENTRES[0], SERVICE, "2026-05-21")
    assert not early.offers(CENTRES[1], SERVICE, "2026-06-30")  # not started by 21 May
    with Register.open(url, clock=fixed_clock) as bare, pytest.raises(RegisterError):
        bare.ledger()  # no centre registry


def test_bundle_round_trip(url: str, tmp_path: pathlib.Path, reg: Register) -> None:
    fill(reg, "t-1", 5)
    fill(reg, "t-2", 2)
    reg.correct("t-2", "e2", on="2026-03-04", reason="typo")
    reg.propose(exclusion("x-1"))
    doc = reg.export_bundle()
    assert [p["id"] for p in doc["procedures"]] == ["t-1", "t-2", "x-1"]
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    (tmp_path / "copy").mkdir()
    with (
        database_url(backend, tmp_path / "copy") as other,
        Register.open(other, clock=fixed_clock) as copy,
    ):
        assert copy.counts()["procedures"] == 0
        copy.import_bundle(json.loads(json.dumps(doc)))
        assert copy.export_bundle() == doc
        assert copy.check() == ()
        before = copy.counts()
        with pytest.raises(RegisterError, match=r"import refused|already"):
            copy.import_bundle(doc)  # every id already there
        assert copy.counts() == before
    bad = json.loads(json.dumps(doc))
    bad["procedures"][1]["audit"][0]["on"] = "2026-13-01"
    with Register.open(f"sqlite:///{tmp_path / 'empty.db'}", clock=fixed_clock) as empty:
        with pytest.raises(HistoryError):
            empty.import_bundle(bad)
        assert empty.counts()["procedures"] == 0
        assert empty.counts()["events"] == 0


def test_cache_is_used_only_at_the_version_read(url: str) -> None:
    a = Register.open(url, clock=fixed_clock)
    b = Register.open(url, clock=fixed_clock)
    try:
        a.propose(transfer("t-1"))
        a.record("t-1", "letter_received", "2026-03-02")  # a caches t-1 at version 1
        b.record("t-1", "readiness_confirmed", "2026-03-03")  # b writes version 2
        # a's cached procedure is at version 1: not used; the log (version 2) is replayed
        a.record("t-1", "centres_surveyed", "2026-03-05", centres=list(CENTRES))
        assert [r.event for r in a.log("t-1")] == [
            "letter_received",
            "readiness_confirmed",
            "centres_surveyed",
        ]
        assert a.check() == ()
        # a refused event leaves no changed procedure behind in the cache
        with pytest.raises(VkacFlowError):
            a.record("t-1", "service_started", "2026-03-06", centre=CENTRES[0])
        a.record("t-1", "information_prepared", "2026-03-20")
        assert a.get("t-1").to_dict() == b.get("t-1").to_dict()
        assert a.check() == ()
    finally:
        a.close()
        b.close()


def test_upgrade_from_0001(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = store.create_engine(url)
    assert store.upgrade(engine, "0001") == "0001"
    # two procedures (review finding: renumbering both first events "e1" collided with the
    # register-wide unique key of 0001)
    for pid, uuid in (("t-old", "0f" * 16), ("t-two", "1e" * 16)):
        p = transfer(pid)
        p.letter_received("2026-03-02")
        identity = {k: v for k, v in p.to_dict().items() if k not in ("audit", "state")}
        identity["version"] = 2
        with store.write_connection(engine) as conn, conn.begin():
            conn.execute(
                sa.text(
                    "INSERT INTO procedures (id, kind, format_version, service, holder, "
                    "initiator, initiator_role, route, state, is_final, version, last_on, "
                    "identity, rules_version, updated_at) VALUES (:pid, 'vkac_flow.transfer', "
                    "2, 'Road permit', 'h', 'i', 'municipality', 'r', 'information_gathering', "
                    ":f, 1, :d, :ident, '0.1.0', :now)"
                ),
                {
                    "pid": pid,
                    "f": False,
                    "d": datetime.date(2026, 3, 2),
                    "ident": json.dumps(identity),
                    "now": datetime.datetime(2026, 12, 1, 9, 0),
                },
            )
            conn.execute(
                sa.text(
                    'INSERT INTO events (procedure_id, seq, event_id, kind, event, "on", '
                    "recorded_at, recorded_by, data) VALUES (:pid, 1, :uuid, 'event', "
                    "'letter_received', :d, :now, 'anna', '{}')"
                ),
                {
                    "pid": pid,
                    "uuid": uuid,
                    "d": datetime.date(2026, 3, 2),
                    "now": datetime.datetime(2026, 12, 1, 9, 0),
                },
            )
    engine.dispose()
    with pytest.raises(Exception, match="older than"):
        Register.open(url)
    assert main(["register", "upgrade", "--db", url]) == 0
    assert SCHEMA_REVISION in capsys.readouterr().out
    with Register.open(url, clock=fixed_clock) as reg:
        assert reg.schema_revision == SCHEMA_REVISION == "0003"
        log = reg.log("t-old")
        assert [(r.event_id, r.rules_version, r.recorded_by) for r in log] == [("e1", None, "anna")]
        assert [r.event_id for r in reg.log("t-two")] == ["e1"]
        reg.record("t-old", "readiness_confirmed", "2026-03-03")
        assert reg.log("t-old")[1].rules_version == TransferProcedure.current_rules_version()
        reg.propose(transfer("t-new"))
        reg.record("t-new", "letter_received", "2026-03-02")  # e1 again, another procedure
        for statement in ("UPDATE events SET event = 'x'", "DELETE FROM events"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"), reg.engine.begin() as c:
                c.exec_driver_sql(statement)
    # a database stamped newer than the code is refused, by the command too
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    assert main(["register", "upgrade", "--db", url]) == 2
    assert "newer than this vkac_flow" in capsys.readouterr().err


def test_cli_writes(url: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", url]
    assert main(["register", "init", *db]) == 0
    args = ["register", "propose", *db, "--id", "t-1", "--service", "Road permit"]
    assert main([*args, "--holder", "Latvijas Valsts ceļi", "--initiator", "Cēsu novads"]) == 0
    assert main(["register", "record", *db, "t-1", "letter_received", "2026-03-02"]) == 0
    assert "version 1" in capsys.readouterr().out
    rec = ["register", "record", *db, "t-1", "readiness_confirmed", "2026-03-03"]
    assert main([*rec, "--expected-version", "1", "--idempotency-key", "k"]) == 0
    assert main([*rec, "--expected-version", "1", "--idempotency-key", "k"]) == 0
    assert "repeated" in capsys.readouterr().out
    surveyed = ["register", "record", *db, "t-1", "centres_surveyed", "2026-03-05"]
    assert main([*surveyed, "--centres", ",".join(CENTRES), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"][0]["data"] == {"centres": list(CENTRES)}
    assert (
        main(["register", "correct", *db, "t-1", "e1", "--on", "2026-02-27", "--reason", "x"]) == 0
    )
    assert main(["register", "retract", *db, "t-1", "e3", "--reason", "by mistake"]) == 0
    capsys.readouterr()
    with Register.open(url, clock=fixed_clock) as r:
        before = r.counts()
    for bad in (
        ["register", "record", *db, "nope", "letter_received", "2026-03-02"],
        [*rec[:4], "t-1", "training_completed", "2026-03-09"],
        [*rec, "--expected-version", "0"],
        [*rec[:4], "t-1", "os_system", "2026-03-09"],
        ["register", "correct", *db, "t-1", "e1", "--on", "2026-03-10", "--reason", "x"],
        ["register", "retract", *db, "t-1", "e9", "--reason", "x"],
        # review finding: a correction that changes nothing is refused (append-only log)
        ["register", "correct", *db, "t-1", "e1", "--on", "2026-02-27", "--reason", "x"],
    ):
        assert main(bad) == 2, bad
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
    with Register.open(url, clock=fixed_clock) as r:
        assert r.counts() == before
    assert main(["register", "show", *db, "t-1", "--as-of", "2026-03-02"]) == 0
    assert "as of 2026-03-02" in capsys.readouterr().out
    assert main(["register", "breaches", *db]) == 0
    assert main(["register", "export", *db]) == 0
    bundle = capsys.readouterr().out.split("\n", 1)[1]
    path = tmp_path / "bundle.json"
    path.write_text(bundle, encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert main(["register", "import", "--db", other, str(path)]) == 0
    assert "imported 1 procedures" in capsys.readouterr().out
    assert main(["register", "import", "--db", other, str(path)]) == 2  # already there
    capsys.readouterr()
    with Register.open(other, clock=fixed_clock) as o, Register.open(url, clock=fixed_clock) as r:
        assert o.export_bundle() == r.export_bundle()
