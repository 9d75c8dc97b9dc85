"""Monte Carlo simulation of transfer procedures (p. 13-15) on the Latvian calendar.

Each simulated procedure draws how long every step really takes, places the events on the
calendar, and checks each event against its statutory deadline computed from the *actual*
date of the event that opened it -- as a live
:class:`~vkac_flow.procedures.transfer.TransferProcedure` does. Everything is vectorised over numpy
arrays: a million procedures is an ordinary request.

Named choices (see ``docs/simulation.md``):

* ``next-meeting-after-information``: with a meeting calendar, the committee examines a
  proposal at the first scheduled meeting **on or after the day after** the information is
  prepared (p. 13.3/14.3: the meeting follows the information). Without a calendar the
  meeting is a drawn duration after the information.
* ``deferral-to-next-meeting``: with probability ``defer_probability`` a meeting defers the
  decision to the next meeting (independently at each meeting). The *first* meeting meets
  the p. 13.3/14.3 deadline (``committee_deferred`` is one of the step's ``met_by`` events);
  the training period (p. 15.1) counts from the meeting that decides.
* ``rejection-ends-procedure``: with probability ``reject_probability`` the committee
  decides not to transfer (p. 10.1); p. 15 then never applies (training, material and
  service start are NaT and never breached). ``reject_probability=1`` (every proposal
  rejected) is a legitimate scenario; ``defer_probability`` must stay below 1 (a proposal
  deferred with certainty would be deferred forever).
* ``empty-simulation``: ``n=0`` (or no letters) is allowed and gives an empty result whose
  summary has no lead time (NaN in :class:`Summary`, ``None`` in its ``to_dict()``).
* p. 11 (at least two meetings a year): a calendar with fewer meetings in one of its years
  triggers :class:`CommitteeScheduleWarning`; a proposal for which no meeting is scheduled
  late enough raises :class:`~vkac_flow.errors.InputError` naming p. 11.
"""

from __future__ import annotations

import datetime
import math
import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from vkac_flow.calendar.arrays import ArrayIndex
from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError, echo
from vkac_flow.law.calendars import MunicipalCalendars, step_calendar
from vkac_flow.law.parties import Party
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS
from vkac_flow.messages import Text
from vkac_flow.simulate._arrays import (
    NAT,
    CodeArray,
    DateArray,
    IntArray,
    as_date_array,
    check_in_force,
    check_in_range,
    draw_initiator_codes,
    due_offsets,
    initiator_codes,
    route_of_code,
    stacklevel_outside_package,
)
from vkac_flow.simulate.distributions import Distribution, Triangular
from vkac_flow.simulate.result import DECISION_EVENT, EVENT_KEYS, SimulationResult

__all__ = [
    "DEFAULT_DURATIONS",
    "MAX_PROCEDURES",
    "CommitteeScheduleWarning",
    "regular_meetings",
    "simulate",
]

DEFAULT_DURATIONS: Mapping[str, Distribution] = MappingProxyType(
    {
        "information": Triangular(5, 15, 25, "working_days"),
        "committee_meeting": Triangular(5, 20, 40, "days"),
        "training": Triangular(10, 21, 40, "days"),
        "methodological_material": Triangular(2, 7, 14, "working_days"),
        "service_start": Triangular(5, 20, 35, "days"),
    }
)
"""Illustrative defaults (assumptions, not measurements): how long each step takes after
the event that opens it. ``committee_meeting`` is used only without a meeting calendar.
Override any of them with ``durations={...}``, e.g. with :class:`Empirical` observed data."""


class CommitteeScheduleWarning(UserWarning):
    """A committee calendar with fewer than two meetings in one of its years (p. 11).

    Reported at the first caller outside vkac_flow (the user's call of :func:`simulate`).
    """


def regular_meetings(
    first_year: int,
    last_year: int,
    per_year: int = 2,
    *,
    day: int = 15,
    calendar: LatvianCalendar | None = None,
) -> DateArray:
    """A regular committee calendar: ``per_year`` meetings a year, evenly spaced.

    Meetings fall in months 1, 1 + 12/per_year, ... (two a year: January and July; four:
    January, April, July, October) on ``day``, moved to the next working day. p. 11 asks for
    at least two a year.

    >>> regular_meetings(2027, 2027, 2)
    array(['2027-01-15', '2027-07-15'], dtype='datetime64[D]')

    Raises:
        InputError: ``per_year`` not in 1..12, ``day`` not in 1..28, or years reversed.
        DateOutOfRangeError: A year outside the calendar's range (it supports dates up to
            2099-12-31).
    """
    for name, value in (
        ("first_year", first_year),
        ("last_year", last_year),
        ("per_year", per_year),
        ("day", day),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputTypeError(Text("error.simulate.expected_int", name=name, value=echo(value)))
    if not 1 <= per_year <= 12 or not 1 <= day <= 28 or last_year < first_year:
        raise InputError(
            Text(
                "error.simulate.meetings_params",
                first=echo(first_year),
                last=echo(last_year),
                per_year=echo(per_year),
                day=echo(day),
            )
        )
    cal = calendar or default_calendar()
    if first_year < cal.first_date.year or last_year > cal.last_date.year:
        raise DateOutOfRangeError(
            Text(
                "error.simulate.meetings_years",
                first=echo(first_year),
                last=echo(last_year),
                lo=cal.first_date.isoformat(),
                hi=cal.last_date.isoformat(),
            )
        )
    out = []
    for year in range(first_year, last_year + 1):
        for k in range(per_year):
            d = datetime.date(year, 1 + k * 12 // per_year, day)
            try:
                out.append(cal.find_following_working_day(d))
            except DateOutOfRangeError:
                raise DateOutOfRangeError(
                    Text(
                        "error.simulate.meeting_past_calendar",
                        day=d.isoformat(),
                        last=cal.last_date.isoformat(),
                    )
                ) from None
    return np.array(out, dtype="datetime64[D]")


Who = Callable[[int], Text]
"""Given a position in the arrays being advanced, which procedure it is (for messages)."""


def _advance(
    index: ArrayIndex, off: IntArray, k: IntArray, unit: str, what: Text, who: Who
) -> IntArray:
    """The day of an event ``k`` units after the events on ``off`` (see distributions).

    Raises:
        DateOutOfRangeError: An event past the calendar's last date, naming the procedure.
    """
    nwork = len(index.workdays)
    if unit == "working_days":
        # the k-th working day after off is workdays[rank[off] + k - 1] (k = 0 keeps off)
        beyond = (k > 0) & (index.rank[off] + k - 1 >= nwork)
    else:
        t = off + k
        inside = t < index.size
        # first working day on or after t: the (rank[t] - working[t])-th working day
        tt = np.where(inside, t, 0)
        beyond = ~inside | (index.rank[tt] - index.working[tt] >= nwork)
    if beyond.any():
        i = int(np.argmax(beyond))
        start = index.to_dates(off[i : i + 1])[0]
        key = (
            "error.simulate.event_past_calendar_working_days"
            if unit == "working_days"
            else "error.simulate.event_past_calendar_days"
        )
        raise DateOutOfRangeError(
            Text(
                key,
                row=who(i),
                event=what,
                k=int(k[i]),
                start=str(start),
                last=index.calendar.last_date.isoformat(),
            )
        )
    if unit == "working_days":
        return index.add_working_days_offsets(off, k)
    pos = index.rank[t] - index.working[t]
    out: IntArray = index.workdays[pos]
    return out


def _on_index(
    own: ArrayIndex,
    index: ArrayIndex,
    starts: IntArray,
    count: Callable[[ArrayIndex, IntArray], IntArray],
) -> IntArray:
    """``count`` on the responsible party's calendar ``own``; offsets in and out on ``index``."""
    if own is index:
        return count(index, starts)
    out = count(own, own.offsets(index.to_dates(starts), "start"))
    return index.offsets(own.to_dates(out), "date")


def _check_durations(durations: Mapping[str, Any] | None) -> dict[str, Distribution]:
    merged: dict[str, Distribution] = dict(DEFAULT_DURATIONS)
    if durations is None:
        return merged
    if not isinstance(durations, Mapping):
        raise InputTypeError(Text("error.simulate.durations_type", value=echo(durations)))
    for key, dist in durations.items():
        if key not in DEFAULT_DURATIONS:
            raise InputError(
                Text(
                    "error.simulate.durations_step",
                    value=echo(key),
                    steps=", ".join(TRANSFER_STEP_KEYS),
                )
            )
        if not isinstance(dist, Distribution):
            raise InputTypeError(
                Text("error.simulate.durations_value", key=echo(key), value=echo(dist))
            )
        merged[key] = dist
    return merged


def _check_probability(name: str, value: object, *, one_allowed: bool) -> float:
    """A probability as a float: Python or numpy ints and floats, not bools.

    ``one_allowed``: the range is [0, 1] (else [0, 1)).
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise InputTypeError(Text("error.simulate.probability_type", name=name, value=echo(value)))
    p = float(value)
    interval = "[0, 1]" if one_allowed else "[0, 1)"
    if not math.isfinite(p):
        raise InputError(
            Text("error.simulate.probability_finite", name=name, interval=interval, value=p)
        )
    if not (0.0 <= p <= 1.0 if one_allowed else 0.0 <= p < 1.0):
        key = (
            "error.simulate.probability_range"
            if one_allowed
            else "error.simulate.probability_certain"
        )
        raise InputError(Text(key, name=name, interval=interval, value=p))
    return p


def _check_seed(seed: object) -> int | None:
    """A seed for :class:`numpy.random.SeedSequence`: None or a non-negative int."""
    if seed is None:
        return None
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, int | np.integer):
        raise InputTypeError(Text("error.simulate.seed_type", value=echo(seed)))
    if seed < 0:
        raise InputError(Text("error.simulate.seed_negative", value=int(seed)))
    return int(seed)


def _meetings(values: object, index: ArrayIndex) -> DateArray:
    given = as_date_array(values, "committee_meetings")
    check_in_range(given, "committee_meetings", index)
    days = np.unique(given)
    if not days.size:
        raise InputError(Text("error.simulate.meetings_empty"), points=("p. 11",))
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    counts = np.bincount(years - years.min())
    thin = [int(years.min()) + i for i, c in enumerate(counts) if c < 2]
    if thin:
        said = Text("simulate.thin_meetings", years=", ".join(map(str, thin)))
        warnings.warn(
            CommitteeScheduleWarning(said),  # the CLI prints it in the user's language
            stacklevel=stacklevel_outside_package(),  # the user's line, not the library's
        )
    return days


MAX_PROCEDURES = 10_000_000
"""The most procedures one :func:`simulate` call draws (``n``): some 2 GB of arrays; a
larger request is refused with :class:`~vkac_flow.errors.InputError` instead of exhausting
memory. Split a bigger study into several seeded runs."""


def _window(
    n: object, start: object, end: object, rng: np.random.Generator, index: ArrayIndex
) -> DateArray:
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise InputTypeError(Text("error.simulate.expected_int", name="n", value=echo(n)))
    if not 0 <= n <= MAX_PROCEDURES:
        raise InputError(Text("error.simulate.n_range", limit=MAX_PROCEDURES, value=echo(n)))
    if start is None or end is None:
        raise InputError(Text("error.simulate.window_missing"))
    lo, hi = to_date(start, what="start"), to_date(end, what="end")
    if hi < lo:
        raise InputError(
            Text("error.simulate.window_reversed", end=hi.isoformat(), start=lo.isoformat())
        )
    window = np.array([lo, hi], dtype="datetime64[D]")
    check_in_force(window[:1], "start")
    last = index.calendar.last_date
    for name, day in (("start", lo), ("end", hi)):
        if day > last:
            raise DateOutOfRangeError(
                Text(
                    "error.simulate.window_after_calendar",
                    name=name,
                    day=day.isoformat(),
                    last=last.isoformat(),
                )
            )
    span = index.offsets(window, "window")
    # Letters arrive on working days: draw uniformly among the window's working days.
    work = np.flatnonzero(index.working[span[0] : span[1] + 1]) + span[0]
    if not work.size:
        raise InputError(
            Text("error.simulate.window_no_working_day", start=lo.isoformat(), end=hi.isoformat())
        )
    return index.to_dates(np.sort(work[rng.integers(0, len(work), size=int(n))]))


def simulate(
    letters: object = None,
    initiator: object = "municipality",
    *,
    n: int | None = None,
    start: object = None,
    end: object = None,
    durations: Mapping[str, Distribution] | None = None,
    committee_meetings: object = None,
    defer_probability: float | np.floating[Any] | np.integer[Any] = 0.0,
    reject_probability: float | np.floating[Any] | np.integer[Any] = 0.0,
    seed: int | np.integer[Any] | np.random.Generator | None = None,
    calendar: LatvianCalendar | None = None,
    municipality: Party | None = None,
    municipal_calendars: MunicipalCalendars | None = None,
) -> SimulationResult:
    """Simulate transfer procedures (p. 13-15) and check every step against its deadline.

    Args:
        letters: The dates the ministry receives the letters (p. 13.1/14.1), as for
            :func:`statutory_timelines`. Or leave it out and give ``n``, ``start``, ``end``:
            ``n`` letters drawn uniformly among the working days of ``[start, end]``.
        initiator: Who proposes (p. 12): one Party / PartyKind / kind string for all, a
            sequence of one per letter, or a mapping of kind to share
            (``{"municipality": 0.6, "institution": 0.4}``) drawn at random.
        n: The number of letters to draw (with ``start`` and ``end``).
        start: The first day of the window letters arrive in.
        end: The last day of that window.
        durations: Per step key, a distribution of how long the step takes after the event
            that opens it (:class:`Fixed`, :class:`Uniform`, :class:`Triangular`,
            :class:`Empirical`); missing keys use :data:`DEFAULT_DURATIONS`.
        committee_meetings: The committee's meeting dates. The proposal goes to the first
            one on or after the day after the information is prepared. ``None``: the meeting
            is the drawn ``committee_meeting`` duration after the information.
        defer_probability: The chance that a meeting defers the decision to the next one,
            in [0, 1) (1 would defer forever). A Python or numpy int or float.
        reject_probability: The chance that the committee decides not to transfer, in
            [0, 1] (1: every proposal rejected). A Python or numpy int or float.
        seed: A non-negative int (Python or numpy) or a numpy ``Generator`` for
            reproducible results; ``None`` draws fresh entropy, recorded in the result's
            ``seed``.
        calendar: The calendar (default :func:`~vkac_flow.calendar.default_calendar`).
        municipality: The municipality that starts the service (p. 15.3), if known: its
            step is drawn and counted on that municipality's calendar, by the same rule as a
            live procedure (:func:`~vkac_flow.law.calendars.step_calendar`, reading
            ``step-counted-on-responsible-partys-calendar``); ``None``: the state
            institutions' calendar.
        municipal_calendars: Which municipalities do not follow the Cabinet transfer orders
            (default: the packaged registry).

    Returns:
        A :class:`SimulationResult`: every event's date, every step's due date, breaches,
        days late, lead times; ``summary()``, ``to_frame()``, ``to_records()``. ``n=0`` or
        no letters give an empty result (named choice ``empty-simulation``).

    Raises:
        DateOutOfRangeError: A letter before 2017-07-01 (p. 25), or a letter, meeting,
            simulated event or deadline past the calendar's last date (2099-12-31); the
            message names the procedure.
        InputError: Bad parameters (a negative seed, a probability out of range, NaN or
            infinite), or no committee meeting scheduled late enough (p. 11).
        InputTypeError: Parameters of the wrong type (bools are refused as numbers and
            seeds; ``datetime64`` coarser than a day is refused as dates).
        RuleViolationError: An initiator that may not propose (p. 12).

    >>> r = simulate(n=1000, start="2027-01-01", end="2027-12-31", seed=1,
    ...              committee_meetings=regular_meetings(2027, 2029, 4))
    >>> len(r), r.summary().lead_time["p50"] > 60
    (1000, True)
    """
    cal = calendar or default_calendar()
    index = cal.arrays()
    if municipality is not None and not isinstance(municipality, Party):
        raise InputTypeError(Text("error.simulate.municipality_type", value=echo(municipality)))
    # step-counted-on-responsible-partys-calendar: the one rule of the live procedures
    step_index = {
        key: index
        if (step_cal := step_calendar(key, municipality, municipal_calendars, base=cal)) is cal
        else step_cal.arrays()
        for key in TRANSFER_STEP_KEYS
    }
    dists = _check_durations(durations)
    # rejection-ends-procedure: rejecting every proposal is a scenario; deferring every
    # decision is not (it would never be taken)
    p_defer = _check_probability("defer_probability", defer_probability, one_allowed=False)
    p_reject = _check_probability("reject_probability", reject_probability, one_allowed=True)
    if isinstance(seed, np.random.Generator):
        rng = seed
        entropy: int | None = None
    else:
        ss = np.random.SeedSequence(_check_seed(seed))
        entropy = int(ss.entropy) if isinstance(ss.entropy, int) else None
        rng = np.random.default_rng(ss)
    meetings = None if committee_meetings is None else _meetings(committee_meetings, index)

    if letters is None:
        days = _window(n, start, end, rng, index)
    else:
        if n is not None or start is not None or end is not None:
            raise InputError(Text("error.simulate.letters_and_window"))
        days = as_date_array(letters, "letters")
        check_in_range(days, "letters", index)
    size = len(days)
    codes: CodeArray
    if isinstance(initiator, Mapping):
        codes = draw_initiator_codes(initiator, size, rng)
    else:
        codes = initiator_codes(initiator, size)

    draws = {key: dists[key].sample(rng, size) for key in TRANSFER_STEP_KEYS}
    defers = (
        rng.geometric(1.0 - p_defer, size=size).astype(np.int64) - 1
        if p_defer > 0
        else np.zeros(size, dtype=np.int64)
    )
    rejected = rng.random(size) < p_reject if p_reject > 0 else np.zeros(size, dtype=bool)

    def who(rows: IntArray | None = None) -> Who:
        """Describe position i of arrays holding the procedures ``rows`` (None: all)."""

        def describe(i: int) -> Text:
            row = i if rows is None else int(rows[i])
            return Text("field.simulate.procedure_row", row=row, date=str(days[row]))

        return describe

    letter = index.offsets(days, "letter")
    info = _advance(
        index,
        letter,
        draws["information"],
        dists["information"].unit,
        Text("event.information_prepared"),
        who(),
    )
    if meetings is not None:
        m_off = index.offsets(meetings, "committee meeting")
        first_idx = np.searchsorted(m_off, info + 1, side="left")  # next-meeting-after-information
        last_idx = first_idx + defers
        late = last_idx >= len(m_off)
        if late.any():
            i = int(np.flatnonzero(late)[0])
            day = index.to_dates(info[i : i + 1])[0]
            last = str(meetings[-1])
            text = (
                Text(
                    "error.simulate.no_meeting_deferred",
                    day=str(day),
                    deferrals=int(defers[i]),
                    last=last,
                )
                if defers[i]
                else Text("error.simulate.no_meeting", day=str(day), last=last)
            )
            raise InputError(text, points=("p. 11",))
        first = m_off[first_idx]
        decided = m_off[last_idx]
    else:
        unit = dists["committee_meeting"].unit
        meeting = Text("field.simulate.committee_meeting")
        first = _advance(index, info, draws["committee_meeting"], unit, meeting, who())
        decided = first.copy()
        remaining = defers.copy()
        while (mask := remaining > 0).any():
            k = dists["committee_meeting"].sample(rng, int(mask.sum()))
            decided[mask] = _advance(
                index,
                decided[mask],
                k,
                unit,
                Text("field.simulate.deferred_committee_meeting"),
                who(np.flatnonzero(mask)),
            )
            remaining[mask] -= 1

    go = ~rejected
    transferred = who(np.flatnonzero(go))
    training = np.full(size, -1, dtype=np.int64)
    material = np.full(size, -1, dtype=np.int64)
    service = np.full(size, -1, dtype=np.int64)
    training[go] = _advance(
        index,
        decided[go],
        draws["training"][go],
        dists["training"].unit,
        Text("event.training_completed"),
        transferred,
    )
    material[go] = _advance(
        index,
        training[go],
        draws["methodological_material"][go],
        dists["methodological_material"].unit,
        Text("event.material_uploaded"),
        transferred,
    )
    service[go] = _on_index(
        step_index["service_start"],
        index,
        training[go],
        lambda own, starts: _advance(
            own,
            starts,
            draws["service_start"][go],
            dists["service_start"].unit,
            Text("event.service_started"),
            transferred,
        ),
    )
    deferred_first = np.where(defers > 0, first, -1)
    events_off: dict[str, IntArray] = {
        "letter_received": letter,
        "information_prepared": info,
        "committee_deferred": deferred_first,
        "committee_decided": decided,
        "training_completed": training,
        "material_uploaded": material,
        "service_started": service,
    }
    assert tuple(events_off) == EVENT_KEYS

    # Due dates from the ACTUAL date of each step's opening event (as a live procedure).
    due_off: dict[str, IntArray] = {}
    for key in TRANSFER_STEP_KEYS:
        rule = STEPS[key]
        opened = events_off[rule.opened_by]
        d = np.full(size, -1, dtype=np.int64)
        ok = opened >= 0
        if rule.opened_by == DECISION_EVENT:
            ok &= go  # only a decision to transfer opens p. 15 (rejection-ends-procedure)
        rows = np.flatnonzero(ok)

        def row(i: int, rows: IntArray = rows, rule: Any = rule) -> tuple[Text, tuple[str, ...]]:
            r = int(rows[i])
            return who()(r), rule.points_for(route_of_code(int(codes[r])))

        def count(
            own: ArrayIndex, starts: IntArray, rule: Any = rule, key: str = key, row: Any = row
        ) -> IntArray:
            return due_offsets(own, starts, rule.period, key, row=row)

        d[ok] = _on_index(step_index[key], index, opened[ok], count)
        due_off[key] = d

    def dates(off: IntArray) -> DateArray:
        out = index.to_dates(off)
        out[off < 0] = NAT
        return out

    return SimulationResult(
        letter_received=days,
        initiator_codes=codes,
        events={k: dates(v) for k, v in events_off.items()},
        due={k: dates(v) for k, v in due_off.items()},
        deferrals=defers,
        transferred=go,
        seed=entropy,
        durations=dists,
        committee_meetings=meetings,
        defer_probability=p_defer,
        reject_probability=p_reject,
        calendar=cal,
    )
