"""Keeps benchmarks/register.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_quick_benchmark_runs_and_prints_ratios(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    bench = load_benchmark("register")
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "200 transfer procedures" in out
    assert out.count("ratio") == 2
    assert "same items: True" in out
    assert "get: median" in out


def test_run_returns_figures(load_benchmark: Callable[[str], ModuleType]) -> None:
    figures = load_benchmark("register").run(quick=True, seed=7)
    assert figures["same_items"] == 1.0
    assert figures["problems"] == 0.0
    assert all(figures[k] > 0 for k in ("record_ratio", "agenda_ratio", "get_s"))
