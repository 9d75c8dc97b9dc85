"""Keeps benchmarks/calendar.py from rotting: its main runs with --quick (no timing checks)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_quick_benchmark_runs_and_prints_the_table(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    bench = load_benchmark("calendar")
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "workalendar Latvia" in out
    assert "np.busday_offset" in out
    assert ">= 50x faster" in out
    assert "<= 2x numpy's time" in out
    assert "numpy wrong" in out


def test_numpy_really_is_wrong_somewhere(load_benchmark: Callable[[str], ModuleType]) -> None:
    # The "numpy wrong" figure must not be zero by construction: in the quick run numpy's
    # best configuration still misses the working Saturdays.
    bench = load_benchmark("calendar")
    rows = {row.name: row for row in bench.run(quick=True)}
    wrong = next(r for name, r in rows.items() if name.startswith("numpy wrong, best"))
    assert int(wrong.other.replace(",", "")) > 0


def test_quick_benchmark_prints_the_issue_14_targets(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    bench = load_benchmark("calendar")
    rows = {row.name: row for row in bench.run(quick=True)}
    # The month baseline (dateutil + roll) must give the same answers as ours.
    check = next(r for name, r in rows.items() if "differ from dateutil" in name)
    assert check.other == "0"
    names = "\n".join(rows)
    assert "deadline(d, Months(1)).due vs dateutil" in names
    assert "deadline(d, WorkingDays(20)).due vs bare add_working_days" in names
    assert "add_working_days_array vs plain numpy rank lookup" in names
    assert "deadline_array(.., WorkingDays(20)) vs plain numpy rank lookup" in names
