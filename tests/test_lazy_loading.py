"""The law's data are read on first use, not at import, with the same answers and errors."""

from __future__ import annotations

import subprocess
import sys
import threading

import attrs
import pytest

from vkac_flow.calendar import LatvianCalendar
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.periods import Months, WorkingDays
from vkac_flow.errors import DateOutOfRangeError, InputTypeError, UnknownPointError
from vkac_flow.law import regulation
from vkac_flow.law.lazy import Lazy
from vkac_flow.law.regulation import REGULATION, cite, load_regulation


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_import_parses_neither_the_regulation_nor_the_duties() -> None:
    out = _run(
        "import sys, vkac_flow\n"
        "from vkac_flow.law import duties, regulation\n"
        "print(hasattr(regulation.REGULATION, '_value'), hasattr(duties.DUTIES, '_value'),"
        " 'pendulum' in sys.modules)\n"
        "vkac_flow.cite('13.2')\n"
        "print(hasattr(regulation.REGULATION, '_value'))\n"
        "print(len(vkac_flow.REGULATION), hasattr(regulation.REGULATION, '_value'))\n"
    )
    # cite() checks numbers without building the regulation; the first real use builds it.
    assert out.splitlines() == ["False False False", "False", "112 True"]


def test_the_quick_point_index_is_the_parsed_regulation() -> None:
    # cite() checks numbers against a set read from regulation.toml by a regular
    # expression: it must be exactly the numbers of the fully parsed file.
    assert regulation._point_numbers() == {p.number for p in load_regulation()}


@pytest.mark.parametrize("bad", ["13.4", "p. 99", "13.", "p.13", "", "p. 0"])
def test_cite_errors_are_the_regulations_own(bad: str) -> None:
    with pytest.raises(UnknownPointError) as from_cite:
        cite("13.2", bad)
    with pytest.raises(UnknownPointError) as from_regulation:
        load_regulation().point(bad)
    assert str(from_cite.value) == str(from_regulation.value)
    with pytest.raises(InputTypeError):
        cite(13)  # type: ignore[arg-type]


def test_cite_answers() -> None:
    assert cite("13.2.1", "p. 15.3", "25") == ("p. 13.2.1", "p. 15.3", "p. 25")
    assert cite() == ()


def test_the_lazy_stand_in_behaves_as_its_value() -> None:
    real = load_regulation()
    assert real == REGULATION
    assert REGULATION.__eq__(real)
    assert hash(REGULATION) == hash(real)
    assert REGULATION.point("13.2").parent == "13"
    assert "p. 13.2" in REGULATION
    assert len(REGULATION) == 112
    assert [p.number for p in REGULATION][:2] == ["1", "2"]


def test_lazy_builds_once_across_threads_and_retries_after_an_error() -> None:
    calls: list[int] = []
    lock = threading.Lock()

    def load() -> dict[str, int]:
        with lock:
            calls.append(1)
        return {"a": 1}

    lazy = Lazy(load)
    threads = [threading.Thread(target=lambda: lazy["a"]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert dict(lazy) == {"a": 1}
    assert lazy == {"a": 1}
    assert lazy != {"a": 2}

    failures = iter([ValueError("once"), None])

    def flaky() -> tuple[int, ...]:
        exc = next(failures)
        if exc is not None:
            raise exc
        return (1, 2)

    flaky_lazy = Lazy(flaky)
    with pytest.raises(ValueError, match="once"):
        len(flaky_lazy)
    assert list(flaky_lazy) == [1, 2]


def test_a_counted_deadline_is_the_same_value_as_a_built_one(cal: LatvianCalendar) -> None:
    d = cal.deadline("2026-01-31", Months(1), basis=("p. 13.3",))
    built = Deadline(
        due=d.due,
        start=d.start,
        period=d.period,
        direction="after",
        basis=("p. 13.3", "APL s. 42(1)", "APL s. 43(1)", "APL s. 43(2)"),
        provisional=False,
        calendar=cal,
    )
    assert d == built
    assert hash(d) == hash(built)
    assert repr(d) == repr(built)
    assert d.basis == built.basis
    assert d.provisional is False
    assert repr(d).startswith("Deadline(due=datetime.date(2026, 3, 2), start=")
    other = cal.deadline("2026-01-30", WorkingDays(20))
    assert d != other
    assert other.basis == ("APL s. 42(1)",)
    assert cal.deadline("2026-12-30", WorkingDays(3)).provisional is True
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.due = d.start  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del d.period
    assert d != "2026-03-02"
    assert d in {built}


def test_fast_and_general_paths_agree(cal: LatvianCalendar) -> None:
    import datetime

    import pendulum

    for start in ("2026-01-31", "2026-06-19", "2099-11-30"):
        day = datetime.date.fromisoformat(start)
        other = pendulum.date(day.year, day.month, day.day)  # takes the general path
        for period in (Months(1), WorkingDays(5), Months(3), WorkingDays(30)):
            if day.year == 2099 and period in (Months(3), WorkingDays(30)):  # past the end
                with pytest.raises(DateOutOfRangeError) as fast_exc:
                    cal.deadline(day, period, basis=("p. 16",))
                with pytest.raises(DateOutOfRangeError) as slow_exc:
                    cal.deadline(other, period, basis=["p. 16"])
                assert str(slow_exc.value) == str(fast_exc.value)
                continue
            fast = cal.deadline(day, period, basis=("p. 16",))
            slow = cal.deadline(other, period, basis=["p. 16"])
            assert fast == slow
            assert fast.explain() == slow.explain()
