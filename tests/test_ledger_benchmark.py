"""Keeps benchmarks/ledger.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "ledger.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vkac_benchmark_ledger", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_quick_benchmark_runs_and_prints_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load()
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "166 centres (synthetic)" in out
    for query in ("offers", "services_at", "centres_offering"):
        assert f"{query}: ledger" in out
    assert out.count("ratio") == 3


def test_run_returns_a_ratio_per_query() -> None:
    ratios = _load().run(quick=True, seed=7)
    assert set(ratios) == {"offers", "services_at", "centres_offering"}
    assert all(r > 0 for r in ratios.values())
