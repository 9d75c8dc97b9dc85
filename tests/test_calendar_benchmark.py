"""Keeps benchmarks/calendar.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "calendar.py"


def _load() -> ModuleType:
    # The file shares its name with the stdlib ``calendar``: load it under another name.
    spec = importlib.util.spec_from_file_location("vkac_benchmark_calendar", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_quick_benchmark_runs_and_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load()
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "workalendar Latvia" in out
    assert "np.busday_offset" in out
    assert ">= 50x faster" in out
    assert "<= 2x numpy's time" in out
    assert "numpy wrong" in out


def test_numpy_really_is_wrong_somewhere() -> None:
    # The "numpy wrong" figure must not be zero by construction: in the quick run numpy's
    # best configuration still misses the working Saturdays.
    bench = _load()
    rows = {row.name: row for row in bench.run(quick=True)}
    wrong = next(r for name, r in rows.items() if name.startswith("numpy wrong, best"))
    assert int(wrong.other.replace(",", "")) > 0
