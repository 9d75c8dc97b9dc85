"""The simulation benchmark runs (``--quick``), so it never rots. No timing is asserted."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_quick_run_prints_every_figure(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    assert load_benchmark("simulate").main(["--quick"]) == 0
    out = capsys.readouterr().out
    for needle in (
        "statutory_timelines, 5 steps",
        "numpy busday_offset, 2 WD steps",
        "ratio statutory_timelines / numpy two steps",
        "Monte Carlo: 20,000 procedures",
        "numpy wrong answers",
        "memory per simulated procedure",
    ):
        assert needle in out
