"""Keeps benchmarks/startup.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_quick_startup_benchmark_runs_and_prints_the_table(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    bench = load_benchmark("startup")
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "python -c pass (baseline)" in out
    assert "<= 60 ms" in out
    assert "<= 8x pass" in out
    rows = {row[0]: row for row in bench.run(quick=True)}
    # Not timings: facts the benchmark reports and that must hold.
    assert rows["heavy packages loaded by import vkac_flow"][1] == "none"
    assert "regulation" not in rows["law TOML parsed by import vkac_flow"][1]
    assert "duties" not in rows["law TOML parsed by import vkac_flow"][1]
