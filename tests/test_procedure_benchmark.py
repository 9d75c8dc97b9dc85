"""The procedures benchmark runs (no timing asserts: it must just not rot)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_benchmark_quick(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    module = load_benchmark("procedures")
    result = module.main(["--quick"])
    assert set(result) == {
        *("bare", "bare_shared", "live", "replay", "ratio", "as_of", "as_of_known"),
        *("gc_growth", "gc_growth_off", "gc_tracked"),
    }
    assert result["gc_tracked"] > 0
    assert "ratio procedure / bare machine" in capsys.readouterr().out
