"""Shared fixtures and hypothesis settings for the calendar and deadline tests."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings

from vkac_flow.calendar import LatvianCalendar, default_calendar

# deadline=None: test machines are noisy, a slow example must not fail a property.
# Under CI (CI=true) the examples are derandomized, so a run is reproducible and a red build
# means a real regression; on a developer's machine they are random, to find new cases
# (set HYPOTHESIS_PROFILE=ci to reproduce a CI run).
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True, database=None)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def cal() -> LatvianCalendar:
    """The shared default calendar (state institutions, transfers applied)."""
    return default_calendar()


BENCHMARKS = pathlib.Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def load_benchmark() -> Iterator[Callable[[str], ModuleType]]:
    """Load ``benchmarks/<name>.py`` as a module (under another name: ``calendar.py`` would
    shadow the stdlib), so its tests can run ``main(["--quick"])`` and keep it from rotting.
    """
    loaded: list[str] = []

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(
            f"vkac_benchmark_{name}", BENCHMARKS / f"{name}.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        loaded.append(spec.name)
        spec.loader.exec_module(module)
        return module

    yield load
    for name in loaded:
        sys.modules.pop(name, None)


def pytest_configure(config: pytest.Config) -> None:
    """Register ``@pytest.mark.cites("13.2.1", ...)``: the points a test exercises.

    tests/test_traceability.py reads these markers to check every procedure point is tested.
    """
    config.addinivalue_line(
        "markers", "cites(*points): points of the regulation the test exercises"
    )


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests read English output unless they ask for Latvian: a developer's lv_LV locale
    or VKAC_LANG must not change what ``vkac-flow`` prints under test (docs/language.md)."""
    for name in ("VKAC_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


# ------------------------------------------------------------------ the register's databases
# Every register test runs on SQLite and, with VKAC_TEST_POSTGRES_URL, on PostgreSQL
# (tests/registerdb.py); the register extra is imported only by the tests that ask.


def _backends() -> tuple[str, ...]:
    from registerdb import BACKENDS

    return tuple(BACKENDS)


@pytest.fixture(params=_backends())
def url(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[str]:
    """A fresh register database of each backend (SQLite in tmp_path, a PostgreSQL schema)."""
    from registerdb import database_url

    with database_url(request.param, tmp_path) as u:
        yield u


@pytest.fixture
def reg(url: str) -> Iterator[Any]:
    """A register opened on :func:`url` with the fixed clock of tests/registerdb.py."""
    from registerdb import fixed_clock
    from vkac_flow.register.core import Register

    r = Register.open(url, clock=fixed_clock)
    yield r
    r.close()
