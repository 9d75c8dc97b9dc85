"""Defects an adversarial review found in the register, each with the test that shows it
fixed (both databases unless the defect is one database's own)."""

from __future__ import annotations

import datetime
import pathlib
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from registerdb import (
    BACKENDS,
    database_url,
    fixed_clock,
    postgres_database,
    transfer,
)
from vkac_flow.errors import RegisterError
from vkac_flow.register.core import Register
from vkac_flow.register.schema import events, procedures


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as u:
        yield u


@pytest.fixture
def reg(url: str) -> Iterator[Register]:
    r = Register.open(url, clock=fixed_clock)
    yield r
    r.close()


# ------------------------------------------------------------------ 1: session time zone


def test_postgresql_database_in_another_time_zone_keeps_the_instants() -> None:
    at = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with postgres_database(timezone="Europe/Riga") as db:
        reg = Register.open(db, clock=lambda: at)
        try:
            reg.propose(transfer("tz-1"))
            reg.record("tz-1", "letter_received", "2026-03-02")
            (rec,) = reg.log("tz-1")
            assert rec.recorded_at == at
            assert rec.recorded_at.utcoffset() == datetime.timedelta(0)
            assert reg.get("tz-1").audit_log()[0].recorded_at == at
            exported = reg.export_bundle()["procedures"][0]["audit"][0]["recorded_at"]
            assert datetime.datetime.fromisoformat(exported) == at
            # what the database itself holds, read by a session in the database's zone
            raw = sa.create_engine(db)
            with raw.connect() as conn:
                assert conn.exec_driver_sql("SHOW timezone").scalar_one() == "Europe/Riga"
                stored = conn.execute(sa.select(events.c.recorded_at)).scalar_one()
                updated = conn.execute(sa.select(procedures.c.updated_at)).scalar_one()
            raw.dispose()
            assert stored == at
            assert updated == at
            # known_at just after the write sees the record, just before does not
            after = at + datetime.timedelta(minutes=30)
            before = at - datetime.timedelta(minutes=30)
            assert reg.get("tz-1", as_of="2026-03-02", known_at=after).state != "proposed"
            assert reg.get("tz-1", as_of="2026-03-02", known_at=before).state == "proposed"
        finally:
            reg.close()


# ------------------------------------------------------------------ 7: not a database


def test_a_file_that_is_not_a_database(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vkac_flow.views.cli import main

    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database\n" * 200)
    before = junk.read_bytes()
    with pytest.raises(RegisterError, match="file is not a database"):
        Register.open(f"sqlite:///{junk}")
    assert main(["register", "list", "--db", f"sqlite:///{junk}"]) == 2
    err = capsys.readouterr().err
    assert "file is not a database" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert junk.read_bytes() == before
