"""Keeps benchmarks/ledger.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_quick_benchmark_runs_and_prints_ratios(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    bench = load_benchmark("ledger")
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "166 centres (synthetic)" in out
    for query in ("offers", "services_at", "centres_offering"):
        assert f"{query}: ledger" in out
    assert out.count("ratio") == 3


def test_run_returns_a_ratio_per_query(load_benchmark: Callable[[str], ModuleType]) -> None:
    ratios = load_benchmark("ledger").run(quick=True, seed=7)
    assert set(ratios) == {"offers", "services_at", "centres_offering"}
    assert all(r > 0 for r in ratios.values())
