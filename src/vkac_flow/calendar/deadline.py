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
Its sentences are catalogue texts (``messages/<lang>/calendar.toml``, keys
``calendar.explain.*``), one key per kind of step, filled in each language.
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
from vkac_flow.errors import DateOutOfRangeError, InputTypeError, check_lang, echo
from vkac_flow.messages import LANGUAGES, Text, count, legal_source, message
from vkac_flow.messages.policies import policy_text

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
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (an ``InputError``).
        """
        check_lang(lang)
        lines = [step.en if lang == "en" else step.lv for step in self.steps]
        return "\n".join(lines)

    def days_late(self, done: object) -> int:
        """Calendar days by which an act done on ``done`` missed the deadline (0 if on time).

        Args:
            done: The day of the act: anything :func:`~vkac_flow.calendar.dates.to_date` accepts (an
                aware datetime counts by its date in Riga; the act may be done until 24:00
                of the last day, APL s. 43(4)).
        """
        return max(0, (to_date(done, what=_ACT) - self.due).days)

    def is_met_by(self, done: object) -> bool:
        """Whether an act on ``done`` (any input of :func:`~vkac_flow.calendar.dates.to_date`) is in time."""
        return to_date(done, what=_ACT) <= self.due

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
            Text("error.calendar.period_type", type=type(period).__name__, value=echo(period))
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
    cal: WorkingCalendar, start: datetime.date, period: Period, direction: Direction
) -> DateOutOfRangeError:
    values = {
        "period": period.text,
        "day": start.isoformat(),
        "first": cal.first_date.isoformat(),
        "last": cal.last_date.isoformat(),
    }
    if direction == "after":
        return DateOutOfRangeError(Text("error.calendar.period_after_out_of_range", **values))
    return DateOutOfRangeError(Text("error.calendar.period_before_out_of_range", **values))


# Names of days in the errors of the counts (made once: the counts run on the hot path).
_ACT = Text("field.calendar.act")
_PERIOD_END = Text("field.calendar.period_end")
_LATEST_DAY = Text("field.calendar.latest_day")


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
    cal.index_of(target, _PERIOD_END)
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
        # Month and day periods: table lookups (PeriodTables) once a calendar has counted
        # enough of them to be worth the tables; before that, and at the edges of the
        # range, the day-by-day path below gives the same answers and the same errors.
        tables = cal.period_tables_if_due()
        if tables is not None:
            due_index, target = period_end_index(tables, i, period)
            if due_index >= 0:
                due = cal.first_date + datetime.timedelta(days=due_index)
                return counted_deadline(
                    due, start, period, "after", cal, basis, due_index != target
                )
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
        cal.index_of(cand, _LATEST_DAY)
        if cal.is_working_day(cand):
            fwd = _forward_end_or_none(cal, cand, period)
            if fwd is not None and fwd <= event:
                break
        cand -= _ONE_DAY
    return counted_deadline(cand, event, period, "before", cal, basis, False)


# ---------------------------------------------------------------------- explanation


@attrs.frozen
class _Both:
    """A value of an explanation that the data gives in each language (a day's name)."""

    en: str
    lv: str


@attrs.frozen
class _Say:
    """A catalogue text inside an explanation's sentence, filled in the sentence's language."""

    key: str
    values: dict[str, Any]


@attrs.frozen
class _Month:
    """A month of a year in an explanation's sentence.

    English writes it as an ISO month (``{year}-{month:02d}``: the number), Latvian by its
    name in the locative ("2026. gada februārī", ``month_locative`` of the catalogue).
    """

    month: int


@attrs.frozen
class _Count:
    """A count with the form the sentence's language gives it (:func:`count` of ``key``)."""

    key: str
    n: int


def _fill(value: object, lang: str) -> object:
    """``value`` as a sentence in ``lang`` shows it: a day with its weekday, a period..."""
    if isinstance(value, _Month):
        return value.month if lang == "en" else message(f"month_locative.{value.month}", lang)
    if isinstance(value, _Count):
        return count(value.key, lang, value.n)
    if isinstance(value, datetime.date):
        weekday = message(f"calendar.day.{value.isoweekday()}", lang)
        return message("calendar.day.format", lang, weekday=weekday, date=value.isoformat())
    if isinstance(value, WorkingDays | Months | Days):
        return getattr(_Both(str(value), value.lv), lang)
    if isinstance(value, _Both):
        return getattr(value, lang)
    if isinstance(value, _Say):
        return _say(value.key, lang, value.values)
    if isinstance(value, Text):
        return value.render(lang)
    return value


def _say(key: str, lang: str, values: dict[str, Any]) -> str:
    return message(key, lang, **{k: _fill(v, lang) for k, v in values.items()})


def _step(code: str, at: datetime.date, key: str, /, **values: Any) -> ExplanationStep:
    """One step about the day ``at``: the sentence ``calendar.explain.<key>``, each language."""
    en, lv = (_say(f"calendar.explain.{key}", lang, values) for lang in LANGUAGES)
    return ExplanationStep(code, at, en, lv)


def _why(cal: WorkingCalendar, day: datetime.date) -> _Both:
    info = cal.day_info(day)
    src_en = f" ({info.source})" if info.source else ""
    src_lv = f" ({legal_source(info.source, 'lv')})" if info.source else ""
    return _Both(f"{info.name_en}{src_en}", f"{info.name_lv}{src_lv}")


def _source(source: str) -> _Both:
    """A legal source as written (English) and as Latvian cites it."""
    return _Both(source, legal_source(source, "lv"))


def _start_step(start: datetime.date) -> ExplanationStep:
    first = start + _ONE_DAY
    return _step("start", first, "start", first=first, event=start)


def _ordinal(n: int) -> _Say:
    """``n`` as an ordinal ("20th", "20."): the CLDR English ordinal rule picks the form."""
    if n % 100 in (11, 12, 13):
        form = "other"
    else:
        form = {1: "one", 2: "two", 3: "few"}.get(n % 10, "other")
    return _Say(f"calendar.ordinal.{form}", {"n": n})


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
            key = "counts" if info.is_working else "not_counted"
            code = "count" if info.is_working else "skip"
            steps.append(_step(code, day, key, day=day, why=_why(cal, day)))
        day += _ONE_DAY
    if weekends:
        steps.append(_step("skip", hi, "weekends", n=weekends))
    return steps


def _roll_steps(
    cal: WorkingCalendar, target: datetime.date, due: datetime.date
) -> list[ExplanationStep]:
    policy = policy_text(cal.roll_policy.value)
    info = cal.day_info(target)
    if due == target:
        if (
            info.kind is DayKind.WORKING_SATURDAY
            and cal.roll_policy is RollPolicy.INSTITUTION_CALENDAR
        ):
            source = _source(info.source)
            return [
                _step(
                    "stay",
                    target,
                    "stay_working_saturday",
                    day=target,
                    source=source,
                    policy=policy,
                )
            ]
        if info.kind is DayKind.TRANSFER_DAY_OFF:
            source = _source(info.source)
            return [
                _step(
                    "stay",
                    target,
                    "stay_transfer_day_off",
                    day=target,
                    source=source,
                    policy=policy,
                )
            ]
        return [_step("stay", target, "stay", day=target)]
    steps: list[ExplanationStep] = []
    day = target
    while day < due:
        why = _why(cal, day)
        if cal.day_info(day).kind is DayKind.WORKING_SATURDAY:
            steps.append(
                _step("skip", day, "skip_working_saturday", day=day, why=why, policy=policy)
            )
        else:
            steps.append(_step("skip", day, "not_working", day=day, why=why))
        day += _ONE_DAY
    steps.append(_step("roll", due, "roll", day=due, policy=policy))
    return steps


def _month_back_steps(
    event: datetime.date, period: Months, cand: datetime.date
) -> list[ExplanationStep]:
    same, clamped = add_months(event, -period.n)
    if cand != same:
        return [
            _step(
                "month",
                cand,
                "month_end_back",
                event=event,
                period=period,
                first=same,
                latest=cand,
            )
        ]
    if clamped:
        return [
            _step(
                "clamp",
                cand,
                "clamp_back",
                year=cand.year,
                month=_Month(cand.month),
                number=event.day,
                latest=cand,
                period=period,
                event=event,
            )
        ]
    return [_step("month", cand, "same_date_earlier", period=_span(period), day=cand)]


def _month_steps(
    start: datetime.date, period: Period, target: datetime.date, back: bool = False
) -> list[ExplanationStep]:
    if isinstance(period, Months) and back:
        return _month_back_steps(start, period, target)
    if isinstance(period, Days):
        key = "days_before" if back else "days_after"
        return [_step("month", target, key, period=period, start=start, day=target)]
    sign = -period.n if back else period.n
    _, clamped = add_months(start, sign)
    if clamped:
        return [
            _step(
                "clamp",
                target,
                "clamp",
                year=target.year,
                month=_Month(target.month),
                number=start.day,
                day=target,
            )
        ]
    key = "same_date_earlier" if back else "same_date_later"
    return [_step("month", target, key, period=_span(period), day=target)]


def _span(period: Period) -> _Count:
    """A period as "... later/earlier" takes it (Latvian: the accusative, "1 mēnesi vēlāk")."""
    return _Count(f"calendar.explain.span.{period.unit}", period.n)


def _provisional_step(cal: WorkingCalendar, day: datetime.date) -> ExplanationStep:
    if day.year > cal.horizon:
        return _step("provisional", day, "provisional_horizon", year=day.year, horizon=cal.horizon)
    why = _Both(cal.uncertainty(day) or "", cal.uncertainty(day, lang="lv") or "")
    return _step("provisional", day, "provisional_data", why=why)


def _explain_after(cal: WorkingCalendar, d: Deadline) -> list[ExplanationStep]:
    steps = [_start_step(d.start)]
    period = d.period
    if isinstance(period, WorkingDays):
        steps += _working_day_walk(cal, d.start, d.due)
        steps.append(
            _step(
                "result",
                d.due,
                "working_day_result",
                ordinal=_ordinal(period.n),
                start=d.start,
                due=d.due,
                period=period,
            )
        )
    else:
        target, _ = _forward_due(cal, d.start, period)
        steps += _month_steps(d.start, period, target)
        steps += _roll_steps(cal, target, d.due)
        steps.append(_step("result", d.due, "result", due=d.due))
    if d.provisional:
        steps.append(_provisional_step(cal, d.due))
    return steps


def _explain_before(cal: WorkingCalendar, d: Deadline) -> list[ExplanationStep]:
    period = d.period
    event = d.start
    cand = _backward_candidate(cal, event, period)
    if isinstance(period, WorkingDays):
        steps = [_step("back", cand, "back", event=event, ordinal=_ordinal(period.n), day=cand)]
        steps += _working_day_walk(cal, cand, event - _ONE_DAY)
    else:
        steps = _month_steps(event, period, cand, back=True)
    while cand > d.due:
        if not cal.is_working_day(cand):
            why = _why(cal, cand)
            steps.append(
                _step(
                    "earlier",
                    cand,
                    "earlier_day_off",
                    day=cand,
                    why=why,
                    policy=policy_text(BACKWARD_POLICY),
                )
            )
        else:
            found = _forward_end_or_none(cal, cand, period)
            end = (
                _Say("calendar.explain.end_on", {"day": found})
                if found
                else _Say("calendar.explain.end_after", {"date": cal.last_date.isoformat()})
            )
            steps.append(
                _step(
                    "earlier",
                    cand,
                    "earlier_forward",
                    day=cand,
                    period=period,
                    end=end,
                    policy=policy_text(BACKWARD_POLICY),
                )
            )
        cand -= _ONE_DAY
    fwd = _forward_due(cal, d.due, period)[1]
    steps.append(_step("result", d.due, "latest", due=d.due, period=period, end=fwd, event=event))
    if d.provisional:
        steps.append(_provisional_step(cal, event))
    return steps
