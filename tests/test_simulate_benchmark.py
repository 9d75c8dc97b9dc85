"""The simulation benchmark runs (``--quick``), so it never rots. No timing is asserted."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

_PATH = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "simulate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vkac_bench_simulate", _PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load().main(["--quick"]) == 0
    out = capsys.readouterr().out
    for needle in (
        "statutory_timelines, 5 steps",
        "numpy busday_offset, 2 WD steps",
        "ratio statutory_timelines / numpy two steps",
        "Monte Carlo: 20,000 procedures",
        "numpy wrong answers",
    ):
        assert needle in out
