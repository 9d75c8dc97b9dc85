"""Databases for the register's tests: a SQLite file, and PostgreSQL when configured.

Every register test runs once per backend: against a SQLite file in ``tmp_path``, and
against the PostgreSQL server named by ``VKAC_TEST_POSTGRES_URL`` (each test in a fresh
schema of its own, dropped afterwards). Without that variable the PostgreSQL runs are
skipped on a developer's machine; under CI (``CI=true``) they fail instead, so a CI run
that did not start its server cannot pass for green (``.ci/run`` starts one).
"""

from __future__ import annotations

import datetime
import os
import pathlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from vkac_flow import ExclusionProcedure, Party, Service, TransferProcedure

POSTGRES_ENV = "VKAC_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def fixed_clock() -> datetime.datetime:
    return NOW


@contextmanager
def database_url(backend: str, tmp_path: pathlib.Path) -> Iterator[str]:
    """A URL of an empty database of ``backend``, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.db'}"
        return
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set under CI: .ci/run starts a server for it")
        pytest.skip(f"{POSTGRES_ENV} not set: no PostgreSQL server to test against")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


SERVICE = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
CENTRES = ("Cēsu VPVKAC", "Valmieras VPVKAC")

# the transfer's events in order (municipality route, p. 14): name, day, data
TRANSFER_CHAIN: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("letter_received", "2026-03-02", {}),
    ("readiness_confirmed", "2026-03-03", {}),
    ("centres_surveyed", "2026-03-05", {"centres": list(CENTRES)}),
    ("information_prepared", "2026-03-20", {}),
    ("committee_decided", "2026-04-10", {"approved": True, "centres": list(CENTRES)}),
    ("training_completed", "2026-05-04", {}),
    ("material_uploaded", "2026-05-08", {}),
    ("service_started", "2026-05-20", {"centre": CENTRES[0]}),
    ("service_started", "2026-05-25", {"centre": CENTRES[1]}),
)


def transfer(pid: str, initiator: str = "Cēsu novads") -> TransferProcedure:
    return TransferProcedure.propose(
        SERVICE, initiator=Party.municipality(initiator), procedure_id=pid
    )


def exclusion(pid: str) -> ExclusionProcedure:
    return ExclusionProcedure.propose(
        SERVICE, initiator=SERVICE.holder, centres=[CENTRES[0]], procedure_id=pid
    )


@contextmanager
def postgres_database(*, timezone: str | None = None) -> Iterator[str]:
    """The URL of a fresh PostgreSQL database (its own ``timezone`` setting if given), dropped
    afterwards; skipped (failed under CI) without a server, like :func:`database_url`."""
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set under CI: .ci/run starts a server for it")
        pytest.skip(f"{POSTGRES_ENV} not set: no PostgreSQL server to test against")
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
            if timezone is not None:
                conn.exec_driver_sql(f"ALTER DATABASE {name} SET timezone = '{timezone}'")
        yield sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
