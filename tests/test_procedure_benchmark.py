"""The procedures benchmark runs (no timing asserts: it must just not rot)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def test_benchmark_quick(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent.parent / "benchmarks" / "procedures.py"
    spec = importlib.util.spec_from_file_location("bench_procedures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.main(["--quick"])
    assert set(result) == {"bare", "bare_shared", "live", "replay", "ratio"}
    assert "ratio procedure / bare machine" in capsys.readouterr().out
