"""Edge cases of vkac_flow.simulate: empty results, seeds, probabilities, date units,
row indices, warning locations and the calendar's last date (2099-12-31)."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import (
    CommitteeScheduleWarning,
    Fixed,
    SimulationResult,
    Summary,
    regular_meetings,
    simulate,
    statutory_timelines,
)
from vkac_flow.views import cli

DateArray = np.ndarray[Any, np.dtype[np.datetime64]]


def _a(*days: str) -> DateArray:
    return np.array(days, dtype="datetime64[D]")


def _strict_json(data: object) -> Any:
    """Dump and reload refusing NaN/Infinity (which are not JSON)."""

    def refuse(name: str) -> None:
        raise AssertionError(f"not JSON: {name}")

    return json.loads(json.dumps(data, allow_nan=False), parse_constant=refuse)


# ------------------------------------------------------------ 1. nothing transferred


def _empty() -> SimulationResult:
    return simulate(n=0, start="2026-01-01", end="2026-01-31", seed=0)


def _all_rejected() -> SimulationResult:
    return simulate(
        n=50,
        start="2026-01-01",
        end="2026-06-30",
        committee_meetings=regular_meetings(2026, 2028, 4),
        reject_probability=1.0,
        seed=3,
    )


@pytest.mark.parametrize("make", [_empty, _all_rejected], ids=["n=0", "all rejected"])
def test_summary_without_a_service_start_is_json_and_readable(make: Any) -> None:
    s: Summary = make().summary()
    assert s.transferred == 0
    assert all(math.isnan(v) for v in s.lead_time.values())  # the object keeps NaN (floats)
    data = _strict_json(s.to_dict())
    assert set(data["lead_time_days"]) == {"mean", "p10", "p50", "p90", "p95", "min", "max"}
    assert all(v is None for v in data["lead_time_days"].values())
    text = s.to_text()
    assert "no procedure reached service start" in text
    assert "nan" not in text.lower()
    html = s._repr_html_()
    assert "no procedure reached service start" in html
    assert "nan" not in html.lower()


def test_summary_with_service_starts_keeps_numbers() -> None:
    r = simulate(n=40, start="2026-01-01", end="2026-03-31", seed=2)
    data = _strict_json(r.summary().to_dict())
    assert all(isinstance(v, float) for v in data["lead_time_days"].values())
    assert "no procedure reached" not in r.summary().to_text()


def test_n_zero_and_no_letters_give_an_empty_result() -> None:
    for r in (_empty(), simulate([], seed=0), simulate(np.array([], dtype="datetime64[D]"))):
        assert len(r) == 0
        assert r.to_records() == []
        assert r.summary().n == 0
        assert r.summary().any_breach_share == 0.0


def test_all_rejected_result() -> None:
    r = _all_rejected()
    assert not r.transferred.any()
    assert np.isnat(r.events["service_started"]).all()
    assert r.summary().breaches[2].applicable == 0  # p. 15.1 never opened


def test_cli_json_is_valid_when_nothing_is_transferred(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", "--n", "20", "--start", "2026-01-01", "--end", "2026-03-31"]
    assert cli.main([*argv, "--reject-probability", "1", "--seed", "1", "--format", "json"]) == 0
    data = _strict_json(json.loads(capsys.readouterr().out))
    assert data["transferred"] == 0
    assert data["lead_time_days"]["p50"] is None


# ------------------------------------------------------------ 2. seeds


@pytest.mark.parametrize("seed", [-1, np.int64(-5)])
def test_negative_seeds_are_refused_with_an_input_error(seed: object) -> None:
    with pytest.raises(InputError, match=r"seed must be >= 0") as err:
        simulate(_a("2026-01-05"), seed=seed)  # type: ignore[arg-type]
    assert not isinstance(err.value, InputTypeError)


@pytest.mark.parametrize("seed", [True, False, np.True_, 1.0, "7"])
def test_non_integer_seeds_are_refused(seed: object) -> None:
    with pytest.raises(InputTypeError, match="seed"):
        simulate(_a("2026-01-05"), seed=seed)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [np.int64(7), np.int32(7), np.uint64(7), np.uint8(7)])
def test_numpy_integer_seeds_equal_int_seeds(seed: object) -> None:
    letters = _a("2026-01-05", "2026-02-02", "2026-03-02")
    ref = simulate(letters, seed=7)
    r = simulate(letters, seed=seed)  # type: ignore[arg-type]
    assert r.seed == 7
    for key, values in ref.events.items():
        assert np.array_equal(values, r.events[key], equal_nan=True), key


# ------------------------------------------------------------ 3. probabilities


def test_every_proposal_rejected_is_allowed() -> None:
    r = simulate(_a("2026-01-05", "2026-02-02"), reject_probability=1.0, seed=0)
    assert not r.transferred.any()
    assert r.reject_probability == 1.0
    assert simulate(_a("2026-01-05"), reject_probability=1, seed=0).reject_probability == 1.0


def test_defer_probability_must_stay_below_one() -> None:
    with pytest.raises(InputError, match=r"defer_probability must be in \[0, 1\)"):
        simulate(_a("2026-01-05"), defer_probability=1.0, seed=0)


@pytest.mark.parametrize("value", [np.float64(0.25), np.float32(0.25), np.int64(0)])
def test_numpy_numbers_are_accepted_as_probabilities(value: Any) -> None:
    letters = _a(*["2026-01-05"] * 200)
    for name in ("defer_probability", "reject_probability"):
        given: dict[str, Any] = {name: value}
        plain: dict[str, Any] = {name: float(value)}
        r = simulate(letters, seed=4, **given)
        ref = simulate(letters, seed=4, **plain)
        assert getattr(r, name) == float(value)
        assert np.array_equal(r.transferred, ref.transferred)
        assert np.array_equal(r.deferrals, ref.deferrals)


@pytest.mark.parametrize("name", ["defer_probability", "reject_probability"])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, InputTypeError),
        (np.True_, InputTypeError),
        ("0.1", InputTypeError),
        (None, InputTypeError),
        (float("nan"), InputError),
        (np.float32("nan"), InputError),
        (float("inf"), InputError),
        (-float("inf"), InputError),
        (-0.1, InputError),
        (1.5, InputError),
    ],
)
def test_bad_probabilities_are_refused(name: str, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=name):
        simulate(_a("2026-01-05"), seed=0, **{name: value})  # type: ignore[arg-type]


# ------------------------------------------------------------ 4. date units and rows


@pytest.mark.parametrize(
    "letters",
    [
        np.array(["2026"], dtype="datetime64[Y]"),
        np.array(["2026-03"], dtype="datetime64[M]"),
        np.array(["2026-03-05"], dtype="datetime64[W]"),
        np.array([], dtype="datetime64"),
    ],
    ids=["Y", "M", "W", "generic"],
)
def test_coarser_than_day_datetime64_is_refused(letters: DateArray) -> None:
    with pytest.raises(InputTypeError, match=r"datetime64\[D\]"):
        statutory_timelines(letters, "municipality")
    with pytest.raises(InputTypeError, match=r"datetime64\[D\]"):
        simulate(letters, seed=0)
    with pytest.raises(InputTypeError, match="committee_meetings"):
        simulate(_a("2026-01-05"), committee_meetings=letters, seed=0)
    with pytest.raises(InputError, match="not an ISO-8601 date"):  # as the scalar API does
        statutory_timeline("2026", "municipality")


def test_day_and_midnight_units_are_still_accepted() -> None:
    ref = statutory_timelines(_a("2026-03-02"), "municipality")["service_start"]
    for unit in ("D", "s", "ns"):
        days = np.array(["2026-03-02"], dtype=f"datetime64[{unit}]")
        assert (statutory_timelines(days, "municipality")["service_start"] == ref).all()


def test_timeline_row_index_errors_are_typed() -> None:
    t = statutory_timelines(_a("2026-03-02", "2026-04-01"), "municipality")
    assert t.timeline(-1) == statutory_timeline("2026-04-01", "municipality")
    assert t.timeline(np.int64(0)) == statutory_timeline("2026-03-02", "municipality")
    for bad in (2, -3, 5):
        with pytest.raises(InputError, match=r"timeline index .* out of range for 2 letters"):
            t.timeline(bad)
    for wrong in (True, 1.0, "0", None):
        with pytest.raises(InputTypeError, match="timeline index must be an int"):
            t.timeline(wrong)  # type: ignore[arg-type]
    empty = statutory_timelines(np.array([], dtype="datetime64[D]"), "municipality")
    with pytest.raises(InputError, match="no letters"):
        empty.timeline(0)


def test_procedure_row_index_errors_are_typed() -> None:
    r = simulate(_a("2026-03-02", "2026-04-01"), seed=0)
    assert r.procedure(np.int64(1)).index == 1
    with pytest.raises(InputError, match=r"procedure index 2 is out of range for 2 procedures"):
        r.procedure(2)
    with pytest.raises(InputTypeError, match="procedure index must be an int"):
        r.procedure(True)


# ------------------------------------------------------------ 5. warning location


_THIN = _a("2026-02-02", "2026-08-03", "2027-02-01")


def test_schedule_warning_points_at_the_callers_line() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        simulate(_a("2026-01-05"), committee_meetings=_THIN, seed=0)
        line = _lineno() - 1
    [w] = [w for w in caught if issubclass(w.category, CommitteeScheduleWarning)]
    assert w.filename == __file__
    assert w.lineno == line


def test_schedule_warning_through_a_library_wrapper_points_outside_the_library() -> None:
    # A vkac_flow function that calls simulate (compiled as if it lived in the package):
    # the warning must still name the user's line, not the wrapper's.
    import vkac_flow

    wrapper_file = str(Path(vkac_flow.__file__).parent / "_wrapper_for_test.py")
    code = compile(
        "def run(simulate, letters, meetings):\n"
        "    return simulate(letters, committee_meetings=meetings, seed=0)\n",
        wrapper_file,
        "exec",
    )
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        namespace["run"](simulate, _a("2026-01-05"), _THIN)
        line = _lineno() - 1
    [w] = [w for w in caught if issubclass(w.category, CommitteeScheduleWarning)]
    assert (w.filename, w.lineno) == (__file__, line)


def _lineno() -> int:
    import inspect

    frame = inspect.currentframe()
    assert frame is not None
    assert frame.f_back is not None
    return frame.f_back.f_lineno


# ------------------------------------------------------------ 6. the calendar's last date


def test_timelines_running_past_the_calendar_name_the_letter_step_and_last_date() -> None:
    ok = statutory_timelines(_a("2099-06-01"), "municipality")
    assert str(ok["service_start"][0]) == "2099-10-05"
    with pytest.raises(DateOutOfRangeError) as err:
        statutory_timelines(_a("2099-06-01", "2099-10-01"), "municipality")
    msg = str(err.value)
    assert "letters[1] = 2099-10-01" in msg
    assert "methodological_material deadline (10 working days, p. 15.2)" in msg
    assert "2099-12-31, the last date the calendar supports" in msg
    assert "cannot be computed" in msg
    with pytest.raises(DateOutOfRangeError, match=r"letters\[0\] = 2099-12-01.*p\. 13\.2"):
        statutory_timelines(_a("2099-12-01"), "institution")


def test_letters_past_the_calendar_name_the_letter_and_last_date() -> None:
    with pytest.raises(
        DateOutOfRangeError,
        match=r"letters\[1\] = 2100-01-04 is after 2099-12-31, the last date the calendar",
    ):
        statutory_timelines(_a("2026-01-05", "2100-01-04"), "municipality")
    with pytest.raises(DateOutOfRangeError, match=r"letters\[0\] = 2100-01-04 is after 2099-12-31"):
        simulate(_a("2100-01-04"), seed=0)
    with pytest.raises(DateOutOfRangeError, match=r"end 2100-12-31 is after 2099-12-31"):
        simulate(n=3, start="2099-01-01", end="2100-12-31", seed=0)
    with pytest.raises(
        DateOutOfRangeError, match=r"committee_meetings\[2\] = 2100-01-15 is after 2099-12-31"
    ):
        simulate(_a("2026-01-05"), committee_meetings=_a("2026-03-02", "2026-09-01", "2100-01-15"))


def test_simulated_procedures_running_past_the_calendar_name_the_procedure() -> None:
    durations = {"information": Fixed(20, "working_days")}
    with pytest.raises(DateOutOfRangeError) as err:
        simulate(_a("2026-01-05", "2099-12-30"), durations=durations, seed=0)
    msg = str(err.value)
    assert "procedure 1 (letter received 2099-12-30)" in msg
    assert "information_prepared" in msg
    assert "2099-12-31, the last date the calendar supports" in msg
    with pytest.raises(DateOutOfRangeError) as err:
        simulate(
            _a("2026-01-05", "2099-11-02"),
            durations={**durations, "committee_meeting": Fixed(40, "days")},
            seed=0,
        )
    msg = str(err.value)
    assert "procedure 1 (letter received 2099-11-02)" in msg
    assert "committee" in msg
    assert "40 days after" in msg
    assert "2099-12-31, the last date the calendar supports" in msg
    # a deadline counted from an actual event past the calendar's range
    with pytest.raises(DateOutOfRangeError) as err:
        simulate(
            _a("2099-12-01"),
            durations={
                "information": Fixed(1, "working_days"),
                "committee_meeting": Fixed(1, "days"),
                "training": Fixed(1, "days"),
                "methodological_material": Fixed(1, "working_days"),
                "service_start": Fixed(1, "days"),
            },
            seed=0,
        )
    msg = str(err.value)
    assert "procedure 0 (letter received 2099-12-01)" in msg
    assert "information deadline (20 working days, p. 14.2)" in msg
    assert "2099-12-31, the last date the calendar supports" in msg


def test_regular_meetings_past_the_calendar() -> None:
    with pytest.raises(DateOutOfRangeError, match=r"2100.*2099-12-31, the last date the calendar"):
        regular_meetings(2099, 2100, 4)
    assert len(regular_meetings(2099, 2099, 12)) == 12
