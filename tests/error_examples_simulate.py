"""Error examples of ``vkac_flow.simulate`` and ``vkac_flow.views.plot`` (see
tests/test_error_messages.py): one real call of the public API per message."""

from __future__ import annotations

import datetime

import numpy as np

from latvian_words import Example
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.law.steps import TRANSFER_STEP_KEYS
from vkac_flow.simulate import (
    Empirical,
    Fixed,
    Triangular,
    Uniform,
    regular_meetings,
    simulate,
    statutory_timelines,
)

LETTER = ["2026-03-02"]
START, END = "2027-01-01", "2027-12-31"


def _gantt(obj: object, **kw: object) -> object:
    import matplotlib

    matplotlib.use("Agg")
    from vkac_flow.views import plot

    return plot.gantt(obj, lang="en", **kw)  # type: ignore[arg-type]


def _hist(**kw: object) -> object:
    import matplotlib

    matplotlib.use("Agg")
    from vkac_flow.views import plot

    return plot.lead_time_hist(simulate(LETTER, seed=0), lang="en", **kw)  # type: ignore[arg-type]


def _no_meeting(defer: float) -> object:
    return simulate(
        ["2026-08-20"],
        "municipality",
        committee_meetings=["2026-09-01", "2026-09-10"],
        defer_probability=defer,
        seed=0,
        durations={"information": Fixed(2 if defer else 20, "working_days")},
    )


# regular_meetings on a calendar whose last working days of 2099 are all off
_LATE_DAYS_OFF = LatvianCalendar(extra_days_off=[datetime.date(2099, 12, d) for d in (28, 29, 30)])

EXAMPLES = [
    # dates given as arrays (simulate/_arrays.py)
    Example("InputTypeError", lambda: simulate(5), ("letters",)),
    Example(
        "InputError",
        lambda: simulate(np.array([["2026-03-02"]], dtype="datetime64[D]")),
        ("letters",),
    ),
    Example(
        "InputTypeError",
        lambda: simulate(np.array(["2026-03"], dtype="datetime64[M]")),
        ("letters", "datetime64"),
    ),
    Example("InputError", lambda: simulate(np.array(["NaT"], dtype="datetime64[D]")), ("letters",)),
    Example("InputError", lambda: simulate([None]), ("letters",)),
    Example(
        "NaiveDatetimeError",
        lambda: simulate(np.array(["2026-03-02T10:00"], dtype="datetime64[m]")),
        ("letters", "datetime64"),
    ),
    Example("InputTypeError", lambda: simulate(np.array([1, 2])), ("letters", "datetime64")),
    Example("DateOutOfRangeError", lambda: simulate(["2017-06-30"]), ("letters",)),
    Example("DateOutOfRangeError", lambda: simulate(["2100-01-04"]), ("letters",)),
    Example(
        "DateOutOfRangeError",
        lambda: simulate(LETTER, committee_meetings=["2027-01-15", "2100-01-15"]),
        ("committee_meetings",),
    ),
    # rows of results
    Example("InputTypeError", lambda: simulate(LETTER, seed=0).procedure("0")),  # type: ignore[arg-type]
    Example("InputError", lambda: simulate(LETTER, seed=0).procedure(5)),
    Example("InputError", lambda: simulate(n=0, start=START, end=END, seed=0).procedure(0)),
    Example("InputError", lambda: statutory_timelines(LETTER, "municipality").timeline(-2)),
    Example(
        "DateOutOfRangeError",
        lambda: statutory_timelines(["2099-10-01"], "municipality"),
        ("letters",),
    ),
    # initiators
    Example("InputError", lambda: simulate(LETTER, ["municipality", "institution"])),
    Example(
        "InputError",
        lambda: simulate(n=1, start=START, end=END, initiator={"municipality": -1}),
    ),
    # regular_meetings
    Example(
        "InputTypeError",
        lambda: regular_meetings("2027", 2027),  # type: ignore[arg-type]
        ("first_year",),
    ),
    Example(
        "InputError",
        lambda: regular_meetings(2027, 2027, 13),
        ("regular_meetings", "per_year", "first_year", "last_year"),
    ),
    Example("DateOutOfRangeError", lambda: regular_meetings(2099, 2100), ("regular_meetings",)),
    Example(
        "DateOutOfRangeError",
        lambda: regular_meetings(2099, 2099, 12, day=28, calendar=_LATE_DAYS_OFF),
        ("regular_meetings",),
    ),
    # events simulated past the calendar's last date
    Example(
        "DateOutOfRangeError",
        lambda: simulate(["2099-12-01"], durations={"information": Fixed(25, "working_days")}),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: simulate(["2099-10-01"], durations={"committee_meeting": Fixed(90, "days")}),
    ),
    # parameters of simulate
    Example("InputTypeError", lambda: simulate(LETTER, durations=5), ("durations",)),  # type: ignore[arg-type]
    Example(
        "InputError",
        lambda: simulate(LETTER, durations={"x": Fixed(1, "days")}),
        ("durations", *TRANSFER_STEP_KEYS),
    ),
    Example(
        "InputTypeError",
        lambda: simulate(LETTER, durations={"information": 5}),  # type: ignore[dict-item]
        ("durations",),
    ),
    Example(
        "InputTypeError",
        lambda: simulate(LETTER, defer_probability="x"),  # type: ignore[arg-type]
        ("defer_probability",),
    ),
    Example(
        "InputError",
        lambda: simulate(LETTER, reject_probability=float("nan")),
        ("reject_probability",),
    ),
    Example("InputError", lambda: simulate(LETTER, reject_probability=2), ("reject_probability",)),
    Example("InputError", lambda: simulate(LETTER, defer_probability=1), ("defer_probability",)),
    Example("InputTypeError", lambda: simulate(LETTER, seed=1.5), ("seed",)),  # type: ignore[arg-type]
    Example("InputError", lambda: simulate(LETTER, seed=-1), ("seed",)),
    Example("InputError", lambda: simulate(LETTER, committee_meetings=[]), ("committee_meetings",)),
    Example("InputTypeError", lambda: simulate(n="5", start=START, end=END)),  # type: ignore[arg-type]
    Example("InputError", lambda: simulate(n=-1, start=START, end=END)),
    Example("InputError", lambda: simulate(n=5), ("simulate", "letters")),
    Example(
        "InputError", lambda: simulate(n=5, start="2027-02-01", end="2027-01-01"), ("simulate",)
    ),
    Example("DateOutOfRangeError", lambda: simulate(n=5, start="2099-01-01", end="2100-12-31")),
    Example(
        "InputError", lambda: simulate(n=5, start="2027-01-01", end="2027-01-01"), ("simulate",)
    ),
    Example("InputError", lambda: simulate(LETTER, n=5), ("simulate", "letters")),
    Example("InputTypeError", lambda: simulate(LETTER, municipality="Cēsis"), ("municipality",)),  # type: ignore[arg-type]
    Example("InputError", lambda: _no_meeting(0.0), ("committee_meetings",)),
    Example("InputError", lambda: _no_meeting(0.99), ("committee_meetings",)),
    # distributions
    Example("InputError", lambda: Fixed(1, "weeks"), ("unit", "working_days", "days")),
    Example("InputTypeError", lambda: Fixed(1.5, "days"), ("n",)),  # type: ignore[arg-type]
    Example("InputError", lambda: Uniform(-1, 2, "days"), ("lo",)),
    Example("InputError", lambda: Uniform(5, 1, "days")),
    Example("InputError", lambda: Triangular(5, 1, 2, "days")),
    Example("InputTypeError", lambda: Empirical("12", "days")),
    Example("InputTypeError", lambda: Empirical([1.5], "days")),
    Example("InputError", lambda: Empirical([-1], "days")),
    Example("InputError", lambda: Empirical([], "days")),
    Example("InputError", lambda: Empirical([1], "days", weights=[-1.0])),
    Example("InputError", lambda: Empirical([1, 2], "days", weights=[1.0])),
    Example("InputTypeError", lambda: Empirical([1], "days", weights=["heavy"])),
    Example("InputTypeError", lambda: Empirical([1], "days", weights=5)),
    # plots (views/plot.py)
    Example("InputTypeError", lambda: _gantt("2026-01-01")),
    Example(
        "InputTypeError",
        lambda: _gantt(simulate(LETTER, defer_probability=0.99, seed=0).procedure(0), meetings=5),
    ),
    Example("InputTypeError", lambda: _hist(bin_days="7"), ("bin_days",)),
    Example("InputError", lambda: _hist(bins=0), ("bins",)),
    Example("InputTypeError", lambda: _hist(clip="x"), ("clip",)),
    Example("InputError", lambda: _hist(clip=2.0), ("clip",)),
]
