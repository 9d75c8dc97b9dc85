"""Monte Carlo simulation of transfer procedures (p. 13-15) on the Latvian calendar.

Each simulated procedure draws how long every step really takes, places the events on the
calendar, and checks each event against its statutory deadline computed from the *actual*
date of the event that opened it -- as a live
:class:`~vkac_flow.transfer.TransferProcedure` does. Everything is vectorised over numpy
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
  service start are NaT and never breached).
* p. 11 (at least two meetings a year): a calendar with fewer meetings in one of its years
  triggers :class:`CommitteeScheduleWarning`; a proposal for which no meeting is scheduled
  late enough raises :class:`~vkac_flow.errors.InputError` naming p. 11.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from vkac_flow.calendar.arrays import ArrayIndex
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.dates import to_date
from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError
from vkac_flow.rules import STEPS, TRANSFER_STEP_KEYS
from vkac_flow.simulate._arrays import (
    NAT,
    CodeArray,
    DateArray,
    IntArray,
    as_date_array,
    check_in_force,
    draw_initiator_codes,
    due_offsets,
    initiator_codes,
)
from vkac_flow.simulate.distributions import Distribution, Triangular
from vkac_flow.simulate.result import DECISION_EVENT, EVENT_KEYS, SimulationResult

__all__ = [
    "DEFAULT_DURATIONS",
    "CommitteeScheduleWarning",
    "regular_meetings",
    "simulate",
]

DEFAULT_DURATIONS: Mapping[str, Distribution] = {
    "information": Triangular(5, 15, 25, "working_days"),
    "committee_meeting": Triangular(5, 20, 40, "days"),
    "training": Triangular(10, 21, 40, "days"),
    "methodological_material": Triangular(2, 7, 14, "working_days"),
    "service_start": Triangular(5, 20, 35, "days"),
}
"""Illustrative defaults (assumptions, not measurements): how long each step takes after
the event that opens it. ``committee_meeting`` is used only without a meeting calendar.
Override any of them with ``durations={...}``, e.g. with :class:`Empirical` observed data."""


class CommitteeScheduleWarning(UserWarning):
    """A committee calendar with fewer than two meetings in one of its years (p. 11)."""


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
    """
    for name, value in (
        ("first_year", first_year),
        ("last_year", last_year),
        ("per_year", per_year),
        ("day", day),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputTypeError(f"{name} must be an int, got {value!r}")
    if not 1 <= per_year <= 12 or not 1 <= day <= 28 or last_year < first_year:
        raise InputError(
            f"regular_meetings: need 1 <= per_year <= 12, 1 <= day <= 28 and first_year <= "
            f"last_year, got {first_year}..{last_year}, per_year={per_year}, day={day}"
        )
    cal = calendar or default_calendar()
    out = []
    for year in range(first_year, last_year + 1):
        for k in range(per_year):
            d = datetime.date(year, 1 + k * 12 // per_year, day)
            out.append(cal.find_following_working_day(d))
    return np.array(out, dtype="datetime64[D]")


def _advance(index: ArrayIndex, off: IntArray, k: IntArray, unit: str, what: str) -> IntArray:
    """The day of an event ``k`` units after the events on ``off`` (see distributions)."""
    if unit == "working_days":
        try:
            return index.add_working_days_offsets(off, k)
        except DateOutOfRangeError as exc:
            raise DateOutOfRangeError(f"{what}: {exc}") from None
    t = off + k
    if t.size and t.max() >= index.size:
        raise DateOutOfRangeError(f"{what}: a simulated date falls past the calendar's range")
    # first working day on or after t: the (rank[t] - working[t])-th working day
    pos = index.rank[t] - index.working[t]
    if pos.size and pos.max() >= len(index.workdays):
        raise DateOutOfRangeError(f"{what}: a simulated date falls past the calendar's range")
    out: IntArray = index.workdays[pos]
    return out


def _check_durations(durations: Mapping[str, Any] | None) -> dict[str, Distribution]:
    merged: dict[str, Distribution] = dict(DEFAULT_DURATIONS)
    if durations is None:
        return merged
    if not isinstance(durations, Mapping):
        raise InputTypeError(
            f"durations must be a mapping of step key to distribution, got {durations!r}"
        )
    for key, dist in durations.items():
        if key not in DEFAULT_DURATIONS:
            raise InputError(
                f"durations: unknown step {key!r}; steps: {', '.join(TRANSFER_STEP_KEYS)}"
            )
        if not isinstance(dist, Distribution):
            raise InputTypeError(
                f"durations[{key!r}] must be a distribution (Fixed, Uniform, Triangular, "
                f"Empirical), got {dist!r}"
            )
        merged[key] = dist
    return merged


def _check_probability(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"{name} must be a number, got {value!r}")
    p = float(value)
    if not 0.0 <= p < 1.0:
        raise InputError(f"{name} must be in [0, 1), got {p}")
    return p


def _meetings(values: object, cal: LatvianCalendar) -> DateArray:
    days = np.unique(as_date_array(values, "committee_meetings"))
    check_in_force(days, "committee_meetings")
    if not days.size:
        raise InputError(
            "committee_meetings is empty: the committee meets at least twice a year (p. 11)",
            points=("p. 11",),
        )
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    counts = np.bincount(years - years.min())
    thin = [int(years.min()) + i for i, c in enumerate(counts) if c < 2]
    if thin:
        warnings.warn(
            f"committee_meetings has fewer than two meetings in {', '.join(map(str, thin))}; "
            "the ministry convenes the committee at least twice a year (p. 11)",
            CommitteeScheduleWarning,
            stacklevel=3,
        )
    return days


def _window(
    n: object, start: object, end: object, rng: np.random.Generator, index: ArrayIndex
) -> DateArray:
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise InputTypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise InputError(f"n must be >= 0, got {n}")
    if start is None or end is None:
        raise InputError("simulate: give letters, or n with a start and an end date")
    lo, hi = to_date(start, what="start"), to_date(end, what="end")
    if hi < lo:
        raise InputError(f"simulate: end {hi} is before start {lo}")
    first = np.datetime64(lo, "D")
    check_in_force(np.array([first]), "start")
    span = index.offsets(np.array([lo, hi], dtype="datetime64[D]"), "window")
    # Letters arrive on working days: draw uniformly among the window's working days.
    work = np.flatnonzero(index.working[span[0] : span[1] + 1]) + span[0]
    if not work.size:
        raise InputError(f"simulate: no working day between {lo} and {hi}")
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
    defer_probability: float = 0.0,
    reject_probability: float = 0.0,
    seed: int | np.random.Generator | None = None,
    calendar: LatvianCalendar | None = None,
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
        defer_probability: The chance that a meeting defers the decision to the next one.
        reject_probability: The chance that the committee decides not to transfer.
        seed: An int (or a numpy ``Generator``) for reproducible results; ``None`` draws
            fresh entropy, recorded in the result's ``seed``.
        calendar: The calendar (default :func:`~vkac_flow.calendar.default_calendar`).

    Returns:
        A :class:`SimulationResult`: every event's date, every step's due date, breaches,
        days late, lead times; ``summary()``, ``to_frame()``, ``to_records()``.

    Raises:
        DateOutOfRangeError: A letter before 2017-07-01 (p. 25) or a date past the calendar.
        InputError: Bad parameters, or no committee meeting scheduled late enough (p. 11).
        InputTypeError: Parameters of the wrong type.
        RuleViolationError: An initiator that may not propose (p. 12).

    >>> r = simulate(n=1000, start="2027-01-01", end="2027-12-31", seed=1,
    ...              committee_meetings=regular_meetings(2027, 2029, 4))
    >>> len(r), r.summary().lead_time["p50"] > 60
    (1000, True)
    """
    cal = calendar or default_calendar()
    index = cal.arrays()
    dists = _check_durations(durations)
    p_defer = _check_probability("defer_probability", defer_probability)
    p_reject = _check_probability("reject_probability", reject_probability)
    meetings = None if committee_meetings is None else _meetings(committee_meetings, cal)
    if isinstance(seed, np.random.Generator):
        rng = seed
        entropy: int | None = None
    else:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
            raise InputTypeError(f"seed must be an int, a numpy Generator or None, got {seed!r}")
        ss = np.random.SeedSequence(None if seed is None else int(seed))
        entropy = int(ss.entropy) if isinstance(ss.entropy, int) else None
        rng = np.random.default_rng(ss)

    if letters is None:
        days = _window(n, start, end, rng, index)
    else:
        if n is not None or start is not None or end is not None:
            raise InputError("simulate: give either letters or n/start/end, not both")
        days = as_date_array(letters, "letters")
        check_in_force(days, "letters")
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

    letter = index.offsets(days, "letter")
    info = _advance(
        index, letter, draws["information"], dists["information"].unit, "information_prepared"
    )
    if meetings is not None:
        m_off = index.offsets(meetings, "committee meeting")
        first_idx = np.searchsorted(m_off, info + 1, side="left")  # next-meeting-after-information
        last_idx = first_idx + defers
        late = last_idx >= len(m_off)
        if late.any():
            i = int(np.flatnonzero(late)[0])
            day = index.to_dates(info[i : i + 1])[0]
            raise InputError(
                f"no committee meeting is scheduled after information prepared on {day}"
                f"{' and ' + str(int(defers[i])) + ' deferral(s)' if defers[i] else ''}: the "
                f"last scheduled meeting is {meetings[-1]}; extend committee_meetings (the "
                "ministry convenes the committee at least twice a year, p. 11)",
                points=("p. 11",),
            )
        first = m_off[first_idx]
        decided = m_off[last_idx]
    else:
        unit = dists["committee_meeting"].unit
        first = _advance(index, info, draws["committee_meeting"], unit, "committee meeting")
        decided = first.copy()
        remaining = defers.copy()
        while (mask := remaining > 0).any():
            k = dists["committee_meeting"].sample(rng, int(mask.sum()))
            decided[mask] = _advance(index, decided[mask], k, unit, "committee meeting")
            remaining[mask] -= 1

    go = ~rejected
    training = np.full(size, -1, dtype=np.int64)
    material = np.full(size, -1, dtype=np.int64)
    service = np.full(size, -1, dtype=np.int64)
    training[go] = _advance(
        index, decided[go], draws["training"][go], dists["training"].unit, "training_completed"
    )
    material[go] = _advance(
        index,
        training[go],
        draws["methodological_material"][go],
        dists["methodological_material"].unit,
        "material_uploaded",
    )
    service[go] = _advance(
        index,
        training[go],
        draws["service_start"][go],
        dists["service_start"].unit,
        "service_started",
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
        d[ok] = due_offsets(index, opened[ok], rule.period, key)
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
