"""`Deadline`: a statutory deadline with its legal basis and a bilingual explanation.

How a date is reached (APL s. 42-43, see ``docs/legal-time.md``):

* counting starts the day after the event (s. 42(1));
* a working-day period ends on the N-th working day after the event;
* a month period ends on the same date of the last month, or on its last day if it has no
  such date (s. 43(1)); a day period after N calendar days;
* a month or day period that ends on a day off ends on the next working day (s. 43(2)).

Two interpretations the law leaves open are named policies:

* :class:`RollPolicy` -- how s. 43(2) treats the days a Cabinet transfer order changed;
* ``latest-consistent-working-day`` -- how a period counted *backwards* (p. 16 "one month
  in advance", p. 19 "five working days before") is placed: the latest working day (of the
  institutions' calendar, whatever the roll policy) from which the same period, counted
  forwards under the calendar's roll policy, ends on or before the event. A backward month
  that lands on a day off therefore moves *earlier* (legal-time.md s. 1, interpretation).

Only the due date is computed eagerly; :meth:`Deadline.explain` walks the days on demand.
"""

from __future__ import annotations

import datetime
import itertools
import operator
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from vkac_flow.calendar.base import PeriodTables, RollPolicy, WorkingCalendar
from vkac_flow.calendar.data import DayKind
from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError, echo
from vkac_flow.messages import legal_source

__all__ = [
    "BACKWARD_POLICY",
    "Deadline",
    "Direction",
    "ExplanationStep",
    "RollPolicy",
    "add_months",
    "counted_deadline",
    "period_end_index",
    "period_tables",
]

_ONE_DAY = datetime.timedelta(days=1)

Direction = Literal["after", "before"]

BACKWARD_POLICY = "latest-consistent-working-day"
"""Name of the policy for periods counted backwards (see the module docstring)."""

_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS_LV = (
    "pirmdiena",
    "otrdiena",
    "trešdiena",
    "ceturtdiena",
    "piektdiena",
    "sestdiena",
    "svētdiena",
)


@attrs.frozen
class ExplanationStep:
    """One step of a deadline's explanation.

    Attributes:
        code: What the step is: ``start``, ``skip``, ``count``, ``month``, ``clamp``,
            ``roll``, ``stay``, ``back``, ``earlier``, ``result``, ``provisional``.
        day: The day the step is about.
        en: The step in English.
        lv: The step in Latvian.
    """

    code: str
    day: datetime.date
    en: str
    lv: str


def _fmt(d: datetime.date, lang: str = "en") -> str:
    if lang == "lv":
        return f"{d.isoformat()} ({_WEEKDAYS_LV[d.weekday()]})"
    return f"{_WEEKDAYS_EN[d.weekday()]} {d.isoformat()}"


def _month_length(year: int, month: int) -> int:
    # Not the stdlib ``calendar`` module: benchmarks/calendar.py shares its name, and the
    # type checker and the benchmark script must not confuse the two.
    if month == 12:
        return 31
    return (datetime.date(year, month + 1, 1) - datetime.date(year, month, 1)).days


def add_months(day: datetime.date, n: int) -> tuple[datetime.date, bool]:
    """Add ``n`` months (negative: subtract) per APL s. 43(1).

    Returns:
        The same date ``n`` months later, or that month's last day if it has no such date,
        and whether that clamping happened.

    >>> add_months(datetime.date(2025, 1, 31), 1)
    (datetime.date(2025, 2, 28), True)
    """
    months = day.year * 12 + day.month - 1 + n
    year, month = divmod(months, 12)
    month += 1
    last = _month_length(year, month)
    if day.day > last:
        return datetime.date(year, month, last), True
    return datetime.date(year, month, day.day), False


_FIELDS = ("due", "start", "period", "direction", "basis", "provisional")


class Deadline:
    """A statutory deadline: when, from what, under which rule, and how sure.

    An immutable value: equal (and of equal hash) to another deadline with the same six
    attributes below; the calendar it was counted on takes no part in equality. Only the due
    date is computed when a deadline is made; :attr:`basis` and :attr:`provisional` are
    derived on access and :meth:`explain` walks the days on demand.

    Attributes:
        due: For ``direction == "after"``, the last day of the period (the act may be done
            until 24:00 of that day, APL s. 43(4)); for ``"before"``, the latest day on which
            the act may be done.
        start: The event the period counts from (``"after"``) or towards (``"before"``).
        period: The statutory period.
        direction: ``"after"`` (forward) or ``"before"`` (backward).
        basis: The points that set the period and the APL sections applied.
        provisional: True if the result depends on a date past the calendar's horizon.
    """

    # One slot holding one tuple: (due, start, period, direction, calendar, basis or None,
    # provisional or None, the caller's basis, whether s. 43(2) moved the end). A deadline
    # counted by the calendar leaves basis and provisional None, to be derived on access.
    __slots__ = ("_s",)
    _s: tuple[Any, ...]

    def __init__(
        self,
        due: datetime.date,
        start: datetime.date,
        period: Period,
        direction: Direction,
        basis: tuple[str, ...],
        provisional: bool,
        calendar: WorkingCalendar,
    ) -> None:
        object.__setattr__(
            self,
            "_s",
            (due, start, period, direction, calendar, basis, provisional, basis, False),
        )

    @property
    def due(self) -> datetime.date:
        """The last day of the period (``"after"``) or the latest day for the act."""
        return self._s[0]  # type: ignore[no-any-return]

    @property
    def start(self) -> datetime.date:
        """The event the period counts from or towards."""
        return self._s[1]  # type: ignore[no-any-return]

    @property
    def period(self) -> Period:
        """The statutory period."""
        return self._s[2]  # type: ignore[no-any-return]

    @property
    def direction(self) -> Direction:
        """``"after"`` (forward) or ``"before"`` (backward)."""
        return self._s[3]  # type: ignore[no-any-return]

    @property
    def _calendar(self) -> WorkingCalendar:
        return self._s[4]  # type: ignore[no-any-return]

    @property
    def basis(self) -> tuple[str, ...]:
        """The points that set the period and the APL sections applied."""
        s = self._s
        if s[5] is not None:
            return s[5]  # type: ignore[no-any-return]
        return _basis(s[2], s[7], s[8])

    @property
    def provisional(self) -> bool:
        """True if the result depends on a date past the calendar's horizon."""
        s = self._s
        if s[6] is not None:
            return s[6]  # type: ignore[no-any-return]
        day = s[0] if s[3] == "after" else s[1]
        return bool(day > s[4].horizon_end)

    def _key(self) -> tuple[Any, ...]:
        return (self.due, self.start, self.period, self.direction, self.basis, self.provisional)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Deadline)
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Deadline)
        return self._key() != other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{name}={value!r}" for name, value in zip(_FIELDS, self._key(), strict=True)
        )
        return f"Deadline({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Deadline, (*self._key(), self._calendar))

    @property
    def steps(self) -> tuple[ExplanationStep, ...]:
        """The explanation, step by step (computed on demand)."""
        if self.direction == "after":
            return tuple(_explain_after(self._calendar, self))
        return tuple(_explain_before(self._calendar, self))

    def explain(self, lang: str = "en") -> str:
        """How the date was reached, one step per line, in English (``"en"``) or Latvian.

        Raises:
            InputError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        if lang not in ("en", "lv"):
            raise InputError(f"lang must be 'en' or 'lv', got {echo(lang)}")
        lines = [step.en if lang == "en" else step.lv for step in self.steps]
        return "\n".join(lines)

    def days_late(self, done: object) -> int:
        """Calendar days by which an act done on ``done`` missed the deadline (0 if on time).

        Args:
            done: The day of the act: anything :func:`~vkac_flow.calendar.dates.to_date` accepts (an
                aware datetime counts by its date in Riga; the act may be done until 24:00
                of the last day, APL s. 43(4)).
        """
        return max(0, (to_date(done, what="act") - self.due).days)

    def is_met_by(self, done: object) -> bool:
        """Whether an act on ``done`` (any input of :func:`~vkac_flow.calendar.dates.to_date`) is in time."""
        return to_date(done, what="act") <= self.due

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary (without the explanation)."""
        return {
            "due": self.due.isoformat(),
            "start": self.start.isoformat(),
            "period": {self.period.unit: self.period.n},
            "direction": self.direction,
            "basis": list(self.basis),
            "provisional": self.provisional,
        }


_NEW = object.__new__
_SET_STATE = Deadline.__dict__["_s"].__set__


def counted_deadline(
    due: datetime.date,
    start: datetime.date,
    period: Period,
    direction: Direction,
    calendar: WorkingCalendar,
    basis: tuple[str, ...],
    rolled: bool,
) -> Deadline:
    """A :class:`Deadline` as counted by ``calendar``, its basis and provisional flag derived.

    The calendars' hot path: no input is checked here (the caller has checked them).
    ``basis`` is the caller's citations (the APL sections are added on access) and
    ``rolled`` whether APL s. 43(2) moved the end to a later day.
    """
    d: Deadline = _NEW(Deadline)
    _SET_STATE(d, (due, start, period, direction, calendar, None, None, basis, rolled))
    return d


# ---------------------------------------------------------------------- computation


def _check_period(period: object) -> Period:
    if not isinstance(period, WorkingDays | Months | Days):
        raise InputTypeError(
            f"period must be WorkingDays, Months or Days, got {type(period).__name__} {echo(period)}"
        )
    return period


def period_may_end_on(cal: WorkingCalendar, day: datetime.date) -> bool:
    """Whether a month/day period may end on ``day`` under the calendar's roll policy."""
    if cal.roll_policy is RollPolicy.INSTITUTION_CALENDAR:
        return bool(cal.is_working_day(day))
    if day.weekday() >= 5:
        return False
    kind = cal.day_info(day).kind
    return kind not in (DayKind.HOLIDAY, DayKind.OBSERVED, DayKind.EXTRA_DAY_OFF)


def _roll(cal: WorkingCalendar, day: datetime.date) -> datetime.date:
    while not period_may_end_on(cal, day):
        day += _ONE_DAY
    return day


def _out_of_range(
    cal: WorkingCalendar, start: datetime.date, period: Period, word: str
) -> DateOutOfRangeError:
    return DateOutOfRangeError(
        f"{period} {word} {start.isoformat()} falls outside the calendar's supported range "
        f"{cal.first_date.isoformat()}..{cal.last_date.isoformat()}"
    )


def _forward_due(
    cal: WorkingCalendar, start: datetime.date, period: Period
) -> tuple[datetime.date, datetime.date]:
    """Return (target before any roll, due)."""
    if isinstance(period, WorkingDays):
        due = cal.add_working_days(start, period.n)
        assert isinstance(due, datetime.date)
        return due, due
    try:
        if isinstance(period, Months):
            target, _ = add_months(start, period.n)
        else:
            target = start + datetime.timedelta(days=period.n)
    except (ValueError, OverflowError):  # past year 9999: far outside the range
        raise _out_of_range(cal, start, period, "after") from None
    cal.index_of(target, "end of the period")
    return target, _roll(cal, target)


def _basis(period: Period, extra: tuple[str, ...], rolled: bool) -> tuple[str, ...]:
    apl = ["APL s. 42(1)"]
    if isinstance(period, Months):
        apl.append("APL s. 43(1)")
    if rolled:
        apl.append("APL s. 43(2)")
    return extra + tuple(a for a in apl if a not in extra)


def compute_after(
    cal: WorkingCalendar, start: datetime.date, period: Period, basis: tuple[str, ...]
) -> Deadline:
    """The forward deadline (used by :meth:`WorkingCalendar.deadline`)."""
    period = _check_period(period)
    i = cal.index_of(start, "start")
    if not isinstance(period, WorkingDays):
        # Month and day periods: table lookups (PeriodTables); at the edges of the range
        # the day-by-day path below gives the same answers and the same errors.
        due_index, target = period_end_index(cal.period_tables(), i, period)
        if due_index >= 0:
            due = cal.first_date + datetime.timedelta(days=due_index)
            return counted_deadline(due, start, period, "after", cal, basis, due_index != target)
    target_day, due_day = _forward_due(cal, start, period)
    return counted_deadline(due_day, start, period, "after", cal, basis, due_day != target_day)


def period_tables(cal: WorkingCalendar) -> PeriodTables:
    """Build the :class:`PeriodTables` of ``cal`` (a few milliseconds; cache the result)."""
    table = cal.day_table()
    first = table.first_date
    n_days = len(table.working)
    last = first + datetime.timedelta(days=n_days - 1)
    # Month by month, not day by day: the tables are built in every process that counts
    # a month period, so their cost is start-up cost.
    month_of: list[int] = []
    day_of: list[int] = []
    month_start: list[int] = []
    year, month, m = first.year, first.month, 0
    index = 1 - first.day  # the index of the 1st of the first month
    while index < n_days:
        length = _month_length(year, month)
        lo, hi = max(index, 0), min(index + length, n_days)
        month_start.append(index)
        month_of.extend([m] * (hi - lo))
        day_of.extend(range(lo - index + 1, hi - index + 1))
        index += length
        m += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    month_start.append(index)  # the 1st of the month after the last
    assert len(month_of) == n_days == len(day_of)
    assert last.day == day_of[-1]
    ok: bytes | bytearray = table.working
    if cal.roll_policy is not RollPolicy.INSTITUTION_CALENDAR:
        # APL s. 43(2) read literally: a weekend day never ends a period; a weekday does
        # unless it is a holiday (a working weekday is never one): only the weekdays off
        # need a look at what they are.
        weekday = first.weekday()
        week = bytes(1 if (weekday + k) % 7 < 5 else 0 for k in range(7))
        ok = bytearray((week * (n_days // 7 + 1))[:n_days])
        for i in itertools.compress(range(n_days), ok):
            if not table.working[i]:
                ok[i] = period_may_end_on(cal, first + datetime.timedelta(days=i))
    # roll_to[i]: the first ok index >= i, i.e. the ok index whose rank is the number of
    # ok days before i (-1, the sentinel, past the last one). All of it in C. Under the
    # institution calendar the ok days are the working days: their offsets and ranks are
    # the day table's own, not counted again (start-up cost, issue 14).
    rank: Iterable[int]
    if ok is table.working:
        ok_index = [*table.workdays, -1]
        rank = table.rank
    else:
        ok_index = [*itertools.compress(range(n_days), ok), -1]
        rank = itertools.accumulate(ok)
    roll_to = list(map(ok_index.__getitem__, map(operator.sub, rank, ok)))
    return PeriodTables(month_of, day_of, month_start, roll_to)


def period_end_index(tables: PeriodTables, i: int, period: Months | Days) -> tuple[int, int]:
    """(index of the due day, index of the end before any roll) of ``period`` from day ``i``.

    The due index is -1 if the table cannot answer (the end or the roll falls outside it).
    """
    roll_to = tables.roll_to
    if type(period) is Months:
        m = tables.month_of[i] + period.n
        starts = tables.month_start
        if m + 1 >= len(starts):
            return -1, -1
        first = starts[m]
        length = starts[m + 1] - first
        dom = tables.day_of[i]
        # APL s. 43(1): the same date, or the month's last day if it has no such date.
        target = first + (dom if dom <= length else length) - 1
    else:
        target = i + period.n
    if target >= len(roll_to):
        return -1, -1
    return roll_to[target], target


def _is_month_end(day: datetime.date) -> bool:
    return (day + _ONE_DAY).month != day.month


def _backward_candidate(
    cal: WorkingCalendar, event: datetime.date, period: Period
) -> datetime.date:
    """The latest start whose forward period, before any roll, ends on or before ``event``.

    For months this is the same date ``n`` months earlier, except when ``event`` is the
    last day of its month: then every later day of the earlier month also ends on ``event``
    (APL s. 43(1): no such date, so the month's last day), and the latest is that month's
    last day (30 April is one month after 31 March).
    """
    if isinstance(period, WorkingDays):
        cand = cal.add_working_days(event, -period.n)
        assert isinstance(cand, datetime.date)
        return cand
    try:
        if isinstance(period, Months):
            cand, _ = add_months(event, -period.n)
            if _is_month_end(event) and not _is_month_end(cand):
                cand = datetime.date(cand.year, cand.month, _month_length(cand.year, cand.month))
            return cand
        return event - datetime.timedelta(days=period.n)
    except (ValueError, OverflowError):  # before year 1: far outside the range
        raise _out_of_range(cal, event, period, "before") from None


def _forward_end_or_none(
    cal: WorkingCalendar, start: datetime.date, period: Period
) -> datetime.date | None:
    """The forward due date from ``start``, or None if it falls past the calendar's end.

    Near 2099-12-31 a candidate's forward period may run past the supported range; such a
    period certainly ends after any event inside the range, so the candidate is too late.
    """
    try:
        return _forward_due(cal, start, period)[1]
    except DateOutOfRangeError:
        return None


def compute_before(
    cal: WorkingCalendar, event: datetime.date, period: Period, basis: tuple[str, ...]
) -> Deadline:
    """The backward deadline (used by :meth:`WorkingCalendar.deadline_before`)."""
    period = _check_period(period)
    cal.index_of(event, "event")
    cand = _backward_candidate(cal, event, period)
    while True:
        cal.index_of(cand, "latest day")
        if cal.is_working_day(cand):
            fwd = _forward_end_or_none(cal, cand, period)
            if fwd is not None and fwd <= event:
                break
        cand -= _ONE_DAY
    return counted_deadline(cand, event, period, "before", cal, basis, False)


# ---------------------------------------------------------------------- explanation


def _why(cal: WorkingCalendar, day: datetime.date) -> tuple[str, str]:
    info = cal.day_info(day)
    src_en = f" ({info.source})" if info.source else ""
    src_lv = f" ({legal_source(info.source, 'lv')})" if info.source else ""
    return f"{info.name_en}{src_en}", f"{info.name_lv}{src_lv}"


def _start_step(start: datetime.date) -> ExplanationStep:
    first = start + _ONE_DAY
    return ExplanationStep(
        "start",
        first,
        f"Counting starts on {_fmt(first)}, the day after the event on {_fmt(start)} "
        "(APL s. 42(1)).",
        f"Termiņa skaitīšana sākas {_fmt(first, 'lv')}, nākamajā dienā pēc notikuma "
        f"{_fmt(start, 'lv')} (APL 42. panta pirmā daļa).",
    )


def _ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _working_day_walk(
    cal: WorkingCalendar, lo: datetime.date, hi: datetime.date
) -> list[ExplanationStep]:
    """Steps naming the unusual days in ``(lo, hi]``, and a count of plain weekend days.

    Unusual: days off other than plain weekends, and working Saturdays.
    """
    steps: list[ExplanationStep] = []
    weekends = 0
    day = lo + _ONE_DAY
    while day <= hi:
        info = cal.day_info(day)
        if info.kind is DayKind.WEEKEND:
            weekends += 1
        elif info.kind is not DayKind.WORKING:
            en, lv = _why(cal, day)
            if info.is_working:
                steps.append(
                    ExplanationStep(
                        "count",
                        day,
                        f"{_fmt(day)} counts: {en}.",
                        f"{_fmt(day, 'lv')} tiek skaitīta: {lv}.",
                    )
                )
            else:
                steps.append(
                    ExplanationStep(
                        "skip",
                        day,
                        f"{_fmt(day)} is not counted: {en}.",
                        f"{_fmt(day, 'lv')} netiek skaitīta: {lv}.",
                    )
                )
        day += _ONE_DAY
    if weekends:
        steps.append(
            ExplanationStep(
                "skip",
                hi,
                f"{weekends} Saturday(s) and Sunday(s) are not counted.",
                f"{weekends} sestdienas un svētdienas netiek skaitītas.",
            )
        )
    return steps


def _roll_steps(
    cal: WorkingCalendar, target: datetime.date, due: datetime.date
) -> list[ExplanationStep]:
    policy = cal.roll_policy.value
    info = cal.day_info(target)
    if due == target:
        if (
            info.kind is DayKind.WORKING_SATURDAY
            and cal.roll_policy is RollPolicy.INSTITUTION_CALENDAR
        ):
            return [
                ExplanationStep(
                    "stay",
                    target,
                    f"{_fmt(target)} is a Saturday made a working day ({info.source}): under policy "
                    f"{policy} the period ends on it.",
                    f"{_fmt(target, 'lv')} ir sestdiena, kas noteikta par darbdienu ({legal_source(info.source, 'lv')}): "
                    f"pēc politikas {policy} termiņš beidzas šajā dienā.",
                )
            ]
        if info.kind is DayKind.TRANSFER_DAY_OFF:
            return [
                ExplanationStep(
                    "stay",
                    target,
                    f"{_fmt(target)} was made a day off by a Cabinet transfer order ({info.source}), "
                    f"but APL s. 43(2) names only Saturdays, Sundays and holidays: under policy "
                    f"{policy} the period ends on it.",
                    f"{_fmt(target, 'lv')} ar darba dienu pārcelšanu noteikta par brīvdienu "
                    f"({legal_source(info.source, 'lv')}), bet APL 43. panta otrā daļa min tikai sestdienas, svētdienas "
                    f"un svētku dienas: pēc politikas {policy} termiņš beidzas šajā dienā.",
                )
            ]
        return [
            ExplanationStep(
                "stay",
                target,
                f"{_fmt(target)} is a working day: the period ends on it.",
                f"{_fmt(target, 'lv')} ir darbdiena: termiņš beidzas šajā dienā.",
            )
        ]
    steps: list[ExplanationStep] = []
    day = target
    while day < due:
        en, lv = _why(cal, day)
        if cal.day_info(day).kind is DayKind.WORKING_SATURDAY:
            steps.append(
                ExplanationStep(
                    "skip",
                    day,
                    f"{_fmt(day)} is a Saturday, which APL s. 43(2) names, although a transfer "
                    f"order made it a working day ({en}): under policy {policy} the end moves.",
                    f"{_fmt(day, 'lv')} ir sestdiena, ko min APL 43. panta otrā daļa, lai gan tā "
                    f"noteikta par darbdienu ({lv}): pēc politikas {policy} termiņš pārceļas.",
                )
            )
        else:
            steps.append(
                ExplanationStep(
                    "skip",
                    day,
                    f"{_fmt(day)} is not a working day: {en}.",
                    f"{_fmt(day, 'lv')} nav darbdiena: {lv}.",
                )
            )
        day += _ONE_DAY
    steps.append(
        ExplanationStep(
            "roll",
            due,
            f"The period ends on the next working day, {_fmt(due)} (APL s. 43(2); policy {policy}).",
            f"Termiņš beidzas nākamajā darbdienā, {_fmt(due, 'lv')} (APL 43. panta otrā daļa; "
            f"politika {policy}).",
        )
    )
    return steps


def _month_back_steps(
    event: datetime.date, period: Months, cand: datetime.date
) -> list[ExplanationStep]:
    same, clamped = add_months(event, -period.n)
    if cand != same:
        return [
            ExplanationStep(
                "month",
                cand,
                f"{_fmt(event)} is the last day of its month: {period} counted from any day "
                f"from {_fmt(same)} to {_fmt(cand)} ends on it (APL s. 43(1)); the latest is "
                f"{_fmt(cand)}.",
                f"{_fmt(event, 'lv')} ir mēneša pēdējā diena: termiņš ({period.lv}), skaitot no "
                f"jebkuras dienas no {_fmt(same, 'lv')} līdz {_fmt(cand, 'lv')}, beidzas tajā "
                f"(APL 43. panta pirmā daļa); vēlākā ir {_fmt(cand, 'lv')}.",
            )
        ]
    if clamped:
        return [
            ExplanationStep(
                "clamp",
                cand,
                f"{cand.year}-{cand.month:02d} has no day {event.day}: its last day, "
                f"{_fmt(cand)}, is the latest from which {period} ends by {_fmt(event)} "
                "(APL s. 43(1)).",
                f"{cand.year}. gada {cand.month}. mēnesī nav {event.day}. datuma: tā pēdējā "
                f"diena, {_fmt(cand, 'lv')}, ir vēlākā, no kuras termiņš ({period.lv}) beidzas "
                f"līdz {_fmt(event, 'lv')} (APL 43. panta pirmā daļa).",
            )
        ]
    return [
        ExplanationStep(
            "month",
            cand,
            f"The same date {period} earlier is {_fmt(cand)} (APL s. 43(1)).",
            f"Tas pats datums {period.lv} agrāk ir {_fmt(cand, 'lv')} (APL 43. panta pirmā daļa).",
        )
    ]


def _month_steps(
    start: datetime.date, period: Period, target: datetime.date, back: bool = False
) -> list[ExplanationStep]:
    if isinstance(period, Months) and back:
        return _month_back_steps(start, period, target)
    if isinstance(period, Days):
        word = "before" if back else "after"
        return [
            ExplanationStep(
                "month",
                target,
                f"{period} {word} {_fmt(start)} is {_fmt(target)}.",
                f"{period.lv} {'pirms' if back else 'pēc'} {_fmt(start, 'lv')} ir {_fmt(target, 'lv')}.",
            )
        ]
    sign = -period.n if back else period.n
    _, clamped = add_months(start, sign)
    if clamped:
        return [
            ExplanationStep(
                "clamp",
                target,
                f"{target.year}-{target.month:02d} has no day {start.day}: the period ends on the "
                f"month's last day, {_fmt(target)} (APL s. 43(1)).",
                f"{target.year}. gada {target.month}. mēnesī nav {start.day}. datuma: termiņš "
                f"beidzas mēneša pēdējā dienā, {_fmt(target, 'lv')} (APL 43. panta pirmā daļa).",
            )
        ]
    word_en = "earlier" if back else "later"
    word_lv = "agrāk" if back else "vēlāk"
    return [
        ExplanationStep(
            "month",
            target,
            f"The same date {period} {word_en} is {_fmt(target)} (APL s. 43(1)).",
            f"Tas pats datums {period.lv} {word_lv} ir {_fmt(target, 'lv')} "
            "(APL 43. panta pirmā daļa).",
        )
    ]


def _provisional_step(cal: WorkingCalendar, day: datetime.date) -> ExplanationStep:
    if day.year > cal.horizon:
        return ExplanationStep(
            "provisional",
            day,
            f"PROVISIONAL: {day.year} is past the calendar's horizon ({cal.horizon}); no Cabinet "
            "transfer order for it is known, so the date may still move.",
            f"PROVIZORISKI: {day.year}. gads ir aiz kalendāra horizonta ({cal.horizon}); rīkojums "
            "par darba dienu pārcelšanu nav zināms, tāpēc datums var mainīties.",
        )
    why = cal.uncertainty(day) or ""
    return ExplanationStep(
        "provisional",
        day,
        f"PROVISIONAL: the result depends on unconfirmed calendar data: {why}; the date may "
        "still move.",
        f"PROVIZORISKI: rezultāts ir atkarīgs no neapstiprinātiem kalendāra datiem: {why}; "
        "datums var mainīties.",
    )


def _explain_after(cal: WorkingCalendar, d: Deadline) -> list[ExplanationStep]:
    steps = [_start_step(d.start)]
    period = d.period
    if isinstance(period, WorkingDays):
        steps += _working_day_walk(cal, d.start, d.due)
        steps.append(
            ExplanationStep(
                "result",
                d.due,
                f"The {_ordinal(period.n)} working day after {_fmt(d.start)} is {_fmt(d.due)}: "
                f"the last day of the {period} period.",
                f"{period.n}. darbdiena pēc {_fmt(d.start, 'lv')} ir {_fmt(d.due, 'lv')}: "
                f"termiņa ({period.lv}) pēdējā diena.",
            )
        )
    else:
        target, _ = _forward_due(cal, d.start, period)
        steps += _month_steps(d.start, period, target)
        steps += _roll_steps(cal, target, d.due)
        steps.append(
            ExplanationStep(
                "result",
                d.due,
                f"Last day of the period: {_fmt(d.due)}.",
                f"Termiņa pēdējā diena: {_fmt(d.due, 'lv')}.",
            )
        )
    if d.provisional:
        steps.append(_provisional_step(cal, d.due))
    return steps


def _explain_before(cal: WorkingCalendar, d: Deadline) -> list[ExplanationStep]:
    period = d.period
    event = d.start
    cand = _backward_candidate(cal, event, period)
    if isinstance(period, WorkingDays):
        steps = [
            ExplanationStep(
                "back",
                cand,
                f"Counting back from the event on {_fmt(event)}, the {_ordinal(period.n)} working "
                f"day before it is {_fmt(cand)}.",
                f"Skaitot atpakaļ no notikuma {_fmt(event, 'lv')}, {period.n}. darbdiena pirms tā "
                f"ir {_fmt(cand, 'lv')}.",
            )
        ]
        steps += _working_day_walk(cal, cand, event - _ONE_DAY)
    else:
        steps = _month_steps(event, period, cand, back=True)
    while cand > d.due:
        if not cal.is_working_day(cand):
            en, lv = _why(cal, cand)
            steps.append(
                ExplanationStep(
                    "earlier",
                    cand,
                    f"{_fmt(cand)} is not a working day ({en}): move earlier (policy "
                    f"{BACKWARD_POLICY}).",
                    f"{_fmt(cand, 'lv')} nav darbdiena ({lv}): jāpārceļ uz agrāku dienu "
                    f"(politika {BACKWARD_POLICY}).",
                )
            )
        else:
            end = _forward_end_or_none(cal, cand, period)
            end_en = f"on {_fmt(end)}" if end else f"after {cal.last_date.isoformat()}"
            end_lv = _fmt(end, "lv") if end else f"pēc {cal.last_date.isoformat()}"
            steps.append(
                ExplanationStep(
                    "earlier",
                    cand,
                    f"Counted forwards from {_fmt(cand)}, {period} would end {end_en}, after "
                    f"the event: move earlier (policy {BACKWARD_POLICY}).",
                    f"Skaitot uz priekšu no {_fmt(cand, 'lv')}, termiņš ({period.lv}) beigtos "
                    f"{end_lv}, pēc notikuma: jāpārceļ uz agrāku dienu "
                    f"(politika {BACKWARD_POLICY}).",
                )
            )
        cand -= _ONE_DAY
    fwd = _forward_due(cal, d.due, period)[1]
    steps.append(
        ExplanationStep(
            "result",
            d.due,
            f"Latest day: {_fmt(d.due)}; {period} counted from it ends on {_fmt(fwd)}, on or before "
            f"the event on {_fmt(event)}.",
            f"Pēdējā pieļaujamā diena: {_fmt(d.due, 'lv')}; termiņš ({period.lv}), skaitot no tās, "
            f"beidzas {_fmt(fwd, 'lv')}, ne vēlāk kā notikums {_fmt(event, 'lv')}.",
        )
    )
    if d.provisional:
        steps.append(_provisional_step(cal, event))
    return steps
