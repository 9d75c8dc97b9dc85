"""`LatvianCalendar`: workalendar's calendar API with the law's full set of days off and working days.

workalendar's ``Latvia`` lacks Mother's Day and Pentecost (Sundays), the festival closing
day, the one-off holidays and every Cabinet transfer order. This class keeps workalendar's
API and meaning (``is_working_day``, ``is_holiday``, ``holidays(year)``,
``add_working_days``, ``sub_working_days``, ``get_working_days_delta``) and answers from a
precomputed index of working days built once from the data in ``calendar/calendar_lv.toml``, so
``add_working_days`` is a lookup, not a day-by-day loop.

It no longer subclasses workalendar's ``Latvia``: importing ``workalendar.europe`` loads every
European country's calendar and their astronomy dependencies, most of the start-up time of
``import vkac_flow``. workalendar's other ``Calendar`` methods (``get_nth_weekday_in_month``,
``export_to_ical``, ...) are still answered, loaded on first use; a calendar that must be a
``workalendar.europe.Latvia`` instance is
:class:`~vkac_flow.calendar.workalendar_compat.WorkalendarLatvianCalendar`
(``docs/legal-time.md`` s. 7).

>>> import datetime
>>> cal = LatvianCalendar()
>>> cal.add_working_days(datetime.date(2025, 12, 19), 20)
datetime.date(2026, 1, 23)
>>> cal.is_working_day(datetime.date(2025, 11, 8)), cal.is_working_day(datetime.date(2025, 11, 17))
(True, False)
>>> cal.horizon
2026
"""

from __future__ import annotations

import datetime
import functools
import itertools
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from vkac_flow.calendar.base import DayTable, PeriodTables, RollPolicy
from vkac_flow.calendar.data import (
    CalendarData,
    DayInfo,
    DayKind,
    TransferOrder,
    load_calendar_data,
)
from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.deadline import (
    Deadline,
    compute_after,
    compute_before,
    counted_deadline,
    period_end_index,
    period_tables,
)
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import (
    CalendarDataError,
    DateOutOfRangeError,
    InputError,
    InputTypeError,
    check_flag,
    check_lang,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.messages import Text, legal_source, message

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from vkac_flow.calendar.arrays import ArrayIndex

__all__ = ["TABLES_AFTER", "LatvianCalendar", "default_calendar", "easter_sunday"]

TABLES_AFTER = 500
"""How many month or day periods a calendar counts day by day before it builds its
:meth:`~LatvianCalendar.period_tables`: about as many as cost what building them does
(a few milliseconds, start-up cost of a short command; see
:meth:`~LatvianCalendar.period_tables_if_due`)."""

_ONE_DAY = datetime.timedelta(days=1)
_DATE = datetime.date
_FROM_ORDINAL = datetime.date.fromordinal
_CONSTRUCTOR_ARGS = frozenset(
    {"transfers", "extra_orders", "extra_days_off", "extra_working_days", "roll_policy"}
)
_NON_WORKING_KINDS = frozenset(
    {DayKind.HOLIDAY, DayKind.OBSERVED, DayKind.TRANSFER_DAY_OFF, DayKind.EXTRA_DAY_OFF}
)


_MAX_BASIS = 50
"""The most citations a deadline's ``basis`` may name."""

# Names of days in error messages (made once: the counts that pass them run on the hot path).
_DATE_FIELD = Text("field.calendar.date")
_RESULT_FIELD = Text("field.calendar.result")


def _basis_tuple(basis: Iterable[str] | str) -> tuple[str, ...]:
    """The legal basis as a tuple: one citation string counts as one, not as characters."""
    if isinstance(basis, str):
        return (check_name(basis, "basis"),)
    items = _iterable(basis, "basis", "field.calendar.citations")
    out: list[str] = []
    for item in items:
        if len(out) >= _MAX_BASIS:
            raise InputError(Text("error.calendar.basis_too_long", limit=_MAX_BASIS))
        if not isinstance(item, str):
            raise InputTypeError(Text("error.calendar.basis_type", value=echo(item)))
        out.append(check_name(item, "basis"))
    return tuple(out)


def _iterable(values: object, what: str | Text, expected: str) -> Iterable[Any]:
    """``values`` if it can be iterated, else a typed error (never a bare ``TypeError``).

    ``expected`` is the catalogue key of what was expected (a ``field.calendar`` text).
    """
    if not isinstance(values, Iterable):
        raise InputTypeError(
            Text(
                "error.calendar.not_iterable",
                what=what,
                expected=Text(expected),
                value=echo(values),
            )
        )
    return values


def _date_set(values: Iterable[Any] | None, what: str) -> set[datetime.date]:
    """The dates of an optional collection of date inputs (workalendar's ``extra_*``)."""
    if values is None:
        return set()
    if isinstance(values, str | datetime.date):
        values = [values]
    return {to_date(x, what=what) for x in _iterable(values, what, "field.calendar.dates")}


def _check_delta(delta: object) -> int:
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise InputTypeError(Text("error.calendar.delta_type", value=echo(delta)))
    return delta


def easter_sunday(year: int) -> datetime.date:
    """Western (Gregorian) Easter Sunday of ``year``: the anonymous Gregorian computus.

    The same day as workalendar's ``Latvia().get_easter_sunday(year)`` (``dateutil.easter``,
    Western method), without importing workalendar.

    >>> easter_sunday(2026)
    datetime.date(2026, 4, 5)
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * leap) // 433
    month = (h + leap - 7 * m + 90) // 25
    day = (h + leap - 7 * m + 33 * month + 19) % 32
    return datetime.date(year, month, day)


class LatvianCalendar:
    """The Latvian working-day calendar of state institutions, with its legal sources.

    Args:
        transfers: Apply the Cabinet transfer orders (default). They bind state
            institutions; a municipality may not follow them, so ``transfers=False``
            gives the calendar without them (Labour Law s. 133(4)).
        extra_orders: Transfer orders to add (a new year's order, without waiting for a
            release). An order for a year already in the data replaces it. Extends the
            :attr:`horizon`.
        extra_days_off: Further days off: dates, or a mapping of date to a name (one name
            for both languages, or an ``(english, latvian)`` pair).
        extra_working_days: Further working days, given like ``extra_days_off``. They win
            over everything else.
        roll_policy: How APL s. 43(2) treats days that a transfer order changed (see
            :class:`~vkac_flow.calendar.deadline.RollPolicy`).

    Instances are immutable after construction and safe to share between threads. The
    class implements workalendar's ``Calendar`` API itself; workalendar's remaining
    ``Latvia`` methods and attributes are looked up there on first access (workalendar is
    imported then, not by ``import vkac_flow``). It is not a ``workalendar.europe.Latvia``
    subclass: for that, use
    :class:`~vkac_flow.calendar.workalendar_compat.WorkalendarLatvianCalendar`.

    Raises:
        CalendarDataError: A day given both as an extra day off and an extra working day,
            or a transfer order that contradicts a holiday.
        DateOutOfRangeError: An extra day or an order's year outside the supported range.
        InputTypeError: An argument of the wrong type.
    """

    def __init__(
        self,
        *,
        transfers: bool = True,
        extra_orders: Iterable[TransferOrder] = (),
        extra_days_off: Iterable[Any] | Mapping[Any, Any] | datetime.date = (),
        extra_working_days: Iterable[Any] | Mapping[Any, Any] | datetime.date = (),
        roll_policy: RollPolicy = RollPolicy.INSTITUTION_CALENDAR,
    ) -> None:
        transfers = check_flag(transfers, "transfers")
        if not isinstance(roll_policy, RollPolicy):
            raise InputTypeError(Text("error.calendar.roll_policy_type", value=echo(roll_policy)))
        data = load_calendar_data()
        self._data: CalendarData = data
        self._transfers = transfers
        self._roll_policy = roll_policy
        self._first_date: datetime.date = data.first_date
        self._last_date: datetime.date = data.last_date
        orders: dict[int, TransferOrder] = {o.year: o for o in data.transfer_orders}
        if isinstance(extra_orders, TransferOrder):
            extra_orders = [extra_orders]
        for order in _iterable(extra_orders, "extra_orders", "field.calendar.orders"):
            if not isinstance(order, TransferOrder):
                raise InputTypeError(Text("error.calendar.extra_order_type", value=echo(order)))
            if not self.first_date.year <= order.year <= self.last_date.year:
                raise DateOutOfRangeError(
                    Text(
                        "error.calendar.extra_order_year",
                        year=order.year,
                        first=self.first_date.year,
                        last=self.last_date.year,
                    ),
                    points=("Labour Law s. 133(4)",),
                )
            orders[order.year] = order
        self._orders: dict[int, TransferOrder] = dict(sorted(orders.items()))
        # The horizon is the end of the unbroken run of known years: an order for 2028
        # without one for 2027 must not make 2027 look known (legal-time.md s. 3).
        horizon = min(self._orders)
        while horizon + 1 in self._orders:
            horizon += 1
        self._horizon = horizon
        # The last day the calendar is sure of: the horizon's end, or the day before an
        # unconfirmed festival closing day (data: confirmed = false) if that comes first.
        sure = datetime.date(horizon, 12, 31)
        self._uncertain: tuple[tuple[datetime.date, str], ...] = tuple(
            (f.date, f.source) for f in data.festivals if not f.confirmed
        )
        for day, _source in self._uncertain:
            if day <= sure:
                sure = day - _ONE_DAY
        self._horizon_end = sure
        self._extra_off = self._named_dates(extra_days_off, "Day off (added)", "Brīvdiena")
        self._extra_work = self._named_dates(extra_working_days, "Working day (added)", "Darbdiena")
        both = set(self._extra_off) & set(self._extra_work)
        if both:
            dates = ", ".join(sorted(d.isoformat() for d in both))
            raise CalendarDataError(Text("error.calendar.extra_day_both", dates=dates))
        self._first_ordinal = self.first_date.toordinal()
        self._special: dict[datetime.date, DayInfo] = {}
        for year in range(self.first_date.year, self.last_date.year + 1):
            self._special.update(self._year_specials(year))
        self._build_index()
        self._array_lock = threading.Lock()
        self._array_index: ArrayIndex | None = None
        self._period_tables: PeriodTables | None = None
        self._counted_without_tables = 0

    # ------------------------------------------------------------------ construction

    def _named_dates(
        self,
        values: Iterable[Any] | Mapping[Any, Any] | datetime.date,
        default_en: str,
        default_lv: str,
    ) -> dict[datetime.date, tuple[str, str]]:
        out: dict[datetime.date, tuple[str, str]] = {}
        if isinstance(values, str | datetime.date):
            values = [values]
        if isinstance(values, Mapping):
            for key, name in values.items():
                day = to_date(key, what=Text("field.calendar.extra_day"))
                day_name = Text("field.calendar.day_name")
                if isinstance(name, tuple) and len(name) == 2:
                    out[day] = (check_name(name[0], day_name), check_name(name[1], day_name))
                elif isinstance(name, str):
                    out[day] = (check_name(name, day_name),) * 2
                else:
                    raise InputTypeError(
                        Text("error.calendar.extra_day_name", day=day.isoformat(), value=echo(name))
                    )
        else:
            extra_days = Text("field.calendar.extra_days")
            for key in _iterable(values, extra_days, "field.calendar.named_dates"):
                out[to_date(key, what=Text("field.calendar.extra_day"))] = (default_en, default_lv)
        for day in out:
            if not self.first_date <= day <= self.last_date:
                raise DateOutOfRangeError(
                    Text(
                        "error.calendar.extra_day_out_of_range",
                        day=day.isoformat(),
                        first=self.first_date.isoformat(),
                        last=self.last_date.isoformat(),
                    )
                )
        return out

    def _year_specials(self, year: int) -> dict[datetime.date, DayInfo]:
        data = self._data
        found: dict[datetime.date, DayInfo] = {}

        def add(info: DayInfo) -> None:
            old = found.get(info.date)
            if old is not None and old.kind is info.kind:
                info = DayInfo(
                    info.date,
                    info.kind,
                    f"{old.name_en}; {info.name_en}",
                    f"{old.name_lv}; {info.name_lv}",
                    f"{old.source}; {info.source}",
                )
            found[info.date] = info

        observed_from: list[DayInfo] = []
        for fixed in data.fixed:
            info = DayInfo(
                datetime.date(year, fixed.month, fixed.day),
                DayKind.HOLIDAY,
                fixed.name_en,
                fixed.name_lv,
                fixed.source,
            )
            add(info)
            if fixed.observed_next_working_day:
                observed_from.append(
                    DayInfo(
                        info.date,
                        DayKind.OBSERVED,
                        info.name_en,
                        info.name_lv,
                        fixed.observed_source,
                    )
                )
        easter = easter_sunday(year)
        for moving in data.moving:
            if moving.rule == "easter":
                day = easter + datetime.timedelta(days=moving.offset)
            else:  # "nth_sunday"
                first = datetime.date(year, moving.month, 1)
                day = first + datetime.timedelta(
                    days=(6 - first.weekday()) % 7 + 7 * (moving.nth - 1)
                )
            add(DayInfo(day, DayKind.HOLIDAY, moving.name_en, moving.name_lv, moving.source))
        for festival in data.festivals:
            if festival.date.year == year:
                name_en = "Closing day of the Nationwide Latvian Song and Dance Festival"
                name_lv = "Vispārējo latviešu Dziesmu un deju svētku noslēguma diena"
                add(DayInfo(festival.date, DayKind.HOLIDAY, name_en, name_lv, festival.source))
                observed_from.append(
                    DayInfo(
                        festival.date,
                        DayKind.OBSERVED,
                        name_en,
                        name_lv,
                        "likumi.lv id 72608 s. 2(3) (amendment of 2014-10-02, id 269373)",
                    )
                )
        for one_off in data.one_offs:
            if one_off.date.year == year:
                add(
                    DayInfo(
                        one_off.date,
                        DayKind.HOLIDAY,
                        one_off.name_en,
                        one_off.name_lv,
                        one_off.source,
                    )
                )
        # s. 2(3): a holiday on a Saturday or Sunday gives the next working day off.
        for holiday in observed_from:
            if holiday.date.weekday() < 5:
                continue
            day = holiday.date + _ONE_DAY
            while day.weekday() >= 5 or day in found:
                day += _ONE_DAY
            on = holiday.date.isoformat()
            add(
                DayInfo(
                    day,
                    DayKind.OBSERVED,
                    message("calendar.day_name.observed", "en", name=holiday.name_en, date=on),
                    message("calendar.day_name.observed", "lv", name=holiday.name_lv, date=on),
                    holiday.source,
                )
            )
        order = self._orders.get(year)
        if order is not None and self._transfers:
            paired = len(order.days_off) == len(order.working_saturdays)
            for k, off in enumerate(order.days_off):
                if off in found:
                    raise CalendarDataError(
                        Text(
                            "error.calendar.order_day_off_holiday",
                            year=year,
                            day=off.isoformat(),
                            name=found[off].name_text,
                            source=found[off].source_text,
                        ),
                        points=("Labour Law s. 133(4)",),
                    )
                if paired:
                    key, worked = "transfer_saturday", order.working_saturdays[k].isoformat()
                elif order.working_saturdays:
                    key = "transfer_saturdays"
                    worked = ", ".join(s.isoformat() for s in order.working_saturdays)
                else:
                    key, worked = "transfer_no_saturday", ""
                name_en = message(f"calendar.day_name.{key}", "en", worked=worked)
                name_lv = message(f"calendar.day_name.{key}", "lv", worked=worked)
                found[off] = DayInfo(
                    off,
                    DayKind.TRANSFER_DAY_OFF,
                    name_en,
                    name_lv,
                    order.source or "Cabinet transfer order (source not given)",
                )
            for sat in order.working_saturdays:
                if sat in found:
                    raise CalendarDataError(
                        Text(
                            "error.calendar.order_saturday_holiday",
                            year=year,
                            day=sat.isoformat(),
                            name=found[sat].name_text,
                            source=found[sat].source_text,
                        ),
                        points=("Labour Law s. 133(4)",),
                    )
                found[sat] = DayInfo(
                    sat,
                    DayKind.WORKING_SATURDAY,
                    "Working Saturday by Cabinet transfer order",
                    "Darbdiena sestdienā (darba dienu pārcelšana)",
                    order.source,
                )
        for day, (en, lv) in self._extra_off.items():
            if day.year == year:
                found[day] = DayInfo(day, DayKind.EXTRA_DAY_OFF, en, lv, "added by the user")
        for day, (en, lv) in self._extra_work.items():
            if day.year == year:
                found[day] = DayInfo(day, DayKind.EXTRA_WORKING_DAY, en, lv, "added by the user")
        return found

    def _build_index(self) -> None:
        # _working[i]: 1 if day i (offset from first_date) is a working day.
        # _rank[i]: number of working days among days 0..i.
        # _workdays[k]: offset of the (k+1)-th working day; _workday_ordinals: its ordinal.
        # Python lists, not array.array: indexing a list does not allocate, which keeps the
        # scalar lookup in add_working_days at a few hundred nanoseconds.
        n_days = self.last_date.toordinal() - self._first_ordinal + 1
        # Mondays to Fridays, then the special days over them; counts in C (accumulate,
        # compress): building the index is a few milliseconds of every process's start.
        weekday = self.first_date.weekday()
        week = bytes(1 if (weekday + k) % 7 < 5 else 0 for k in range(7))
        working = bytearray((week * (n_days // 7 + 1))[:n_days])
        first_ordinal = self._first_ordinal
        for day, info in self._special.items():
            working[day.toordinal() - first_ordinal] = 1 if info.kind.is_working else 0
        rank: list[int] = list(itertools.accumulate(working))
        workdays: list[int] = list(itertools.compress(range(n_days), working))
        self._working = bytes(working)
        self._rank = rank
        self._workdays = workdays
        self._workday_ordinals = list(map(first_ordinal.__add__, workdays))
        self._n_days = n_days
        self._n_workdays = len(workdays)
        self._table = DayTable(self.first_date, self._working, tuple(rank), tuple(workdays))

    def with_changes(self, **changes: Any) -> LatvianCalendar:
        """Return a new calendar with some constructor arguments changed.

        >>> LatvianCalendar().with_changes(transfers=False).transfers
        False

        Raises:
            InputTypeError: A name that is not a constructor argument, or a value the
                constructor refuses by type.
        """
        unknown = sorted(set(changes) - _CONSTRUCTOR_ARGS)
        if unknown:
            raise InputTypeError(
                Text(
                    "error.calendar.unknown_arguments",
                    names=echo_many(unknown),
                    known=", ".join(sorted(_CONSTRUCTOR_ARGS)),
                )
            )
        args: dict[str, Any] = {
            "transfers": self._transfers,
            "extra_orders": [
                o for o in self._orders.values() if o not in self._data.transfer_orders
            ],
            "extra_days_off": dict(self._extra_off),
            "extra_working_days": dict(self._extra_work),
            "roll_policy": self._roll_policy,
        }
        args.update(changes)
        return type(self)(**args)

    # ------------------------------------------------------------------ facts

    @property
    def first_date(self) -> datetime.date:
        """The first date the calendar supports (read-only)."""
        return self._first_date

    @property
    def last_date(self) -> datetime.date:
        """The last date the calendar supports (read-only)."""
        return self._last_date

    @property
    def transfers(self) -> bool:
        """Whether the Cabinet transfer orders are applied (Labour Law s. 133(4))."""
        return self._transfers

    @property
    def roll_policy(self) -> RollPolicy:
        """How APL s. 43(2) treats the days a transfer order changed (read-only)."""
        return self._roll_policy

    @property
    def horizon(self) -> int:
        """The last year of the unbroken run of years whose transfer order is known.

        A result that depends on a later date is marked provisional: a transfer order or a
        new holiday may still move it (legal-time.md s. 3). Adding an order for 2028 but
        not for 2027 leaves the horizon at 2026.
        """
        return self._horizon

    @property
    def horizon_end(self) -> datetime.date:
        """The last day the calendar is sure of.

        Normally 31 December of :attr:`horizon`; earlier if a day before it rests on
        unconfirmed data (a festival closing day reported but not verified, see
        ``calendar/calendar_lv.toml``). A result that depends on a later day is provisional.
        """
        return self._horizon_end

    def uncertainty(self, day: Any, lang: str = "en") -> str | None:
        """Why a result reaching ``day`` is provisional, or None if the calendar is sure.

        In ``lang`` (``"en"`` or ``"lv"``: the catalogue's ``calendar.uncertain_*`` texts).

        >>> LatvianCalendar().uncertainty("2027-01-04")
        'no Cabinet transfer order for 2027 is known (horizon 2026)'
        >>> LatvianCalendar().uncertainty("2027-01-04", lang="lv")
        'Ministru kabineta rīkojums par darba dienu pārcelšanu 2027. gadā nav zināms (horizonts 2026)'
        """
        check_lang(lang)
        d = to_date(day)
        if d <= self._horizon_end:
            return None
        for when, source in self._uncertain:
            if when <= d and when.year <= self._horizon:
                shown = legal_source(source, lang)
                return message(
                    "calendar.uncertain_festival", lang, date=when.isoformat(), source=shown
                )
        return message(
            "calendar.uncertain_order", lang, year=self._horizon + 1, horizon=self._horizon
        )

    @property
    def transfer_orders(self) -> tuple[TransferOrder, ...]:
        """The transfer orders known to the calendar, by year (applied if ``transfers``)."""
        return tuple(self._orders.values())

    def is_provisional(self, day: Any) -> bool:
        """Whether a result reaching ``day`` is provisional (past :attr:`horizon_end`)."""
        return to_date(day) > self._horizon_end

    def index_of(self, day: datetime.date, what: str | Text = _DATE_FIELD) -> int:
        """The position of ``day`` in :meth:`day_table` (``day - first_date``, in days).

        Args:
            day: A date.
            what: How to name the day in the error message (a code or a catalogue text).

        Raises:
            DateOutOfRangeError: ``day`` is outside ``first_date..last_date``.
        """
        i = day.toordinal() - self._first_ordinal
        if i < 0 or i >= self._n_days:
            raise DateOutOfRangeError(
                Text(
                    "error.calendar.out_of_range",
                    what=what,
                    day=day.isoformat(),
                    first=self.first_date.isoformat(),
                    last=self.last_date.isoformat(),
                )
            )
        return i

    def day_table(self) -> DayTable:
        """The precomputed index of days that every count reads (see :class:`DayTable`)."""
        return self._table

    def period_tables(self) -> PeriodTables:
        """Month and day periods as lookups (see :class:`~vkac_flow.calendar.base.PeriodTables`).

        Built on the first month or day period, not at construction. Two threads may both
        build it; they build the same tables and either one is kept.
        """
        tables = self._period_tables
        if tables is None:
            tables = self._period_tables = period_tables(self)
        return tables

    def period_tables_if_due(self) -> PeriodTables | None:
        """The :meth:`period_tables`, or None while counting day by day is still cheaper.

        Building the tables costs about what :data:`TABLES_AFTER` month or day periods
        counted day by day do (a few milliseconds), and a command that counts a handful of
        periods (``vkac-flow timeline``: five) should not pay for them at start-up (issue
        14). So the first :data:`TABLES_AFTER` periods of a calendar are counted day by day
        (the same answers: ``tests/test_period_tables.py``) and the next one builds the
        tables; :meth:`period_tables` builds them at once. At most about twice the cost of
        the better choice made in hindsight, whatever the number of periods.
        """
        tables = self._period_tables
        if tables is None:
            self._counted_without_tables += 1  # a race only moves the moment of building
            if self._counted_without_tables > TABLES_AFTER:
                tables = self.period_tables()
        return tables

    def _date_at(self, i: int) -> datetime.date:
        return datetime.date.fromordinal(self._first_ordinal + i)

    def day_info(self, day: Any) -> DayInfo:
        """Tell what kind of day ``day`` is, with its name and legal source.

        >>> LatvianCalendar().day_info("2026-01-17").kind
        <DayKind.WORKING_SATURDAY: 'working_saturday'>
        """
        d = to_date(day)
        self.index_of(d)
        info = self._special.get(d)
        if info is not None:
            return info
        if d.weekday() >= 5:
            return DayInfo(
                d,
                DayKind.WEEKEND,
                "Saturday" if d.weekday() == 5 else "Sunday",
                "sestdiena" if d.weekday() == 5 else "svētdiena",
            )
        return DayInfo(d, DayKind.WORKING)

    def special_days(self, year: int) -> list[DayInfo]:
        """The year's days off (other than plain weekends) and working Saturdays, by date."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputTypeError(Text("error.calendar.year_type", value=echo(year)))
        if not self.first_date.year <= year <= self.last_date.year:
            raise DateOutOfRangeError(
                Text(
                    "error.calendar.year_out_of_range",
                    value=echo(year),
                    first=self.first_date.year,
                    last=self.last_date.year,
                )
            )
        return sorted(
            (info for info in self._special.values() if info.date.year == year),
            key=lambda info: info.date,
        )

    # ------------------------------------------------------------------ workalendar API

    def get_easter_sunday(self, year: int) -> datetime.date:
        """Easter Sunday of ``year`` (workalendar's method; see :func:`easter_sunday`)."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputTypeError(Text("error.calendar.year_type", value=echo(year)))
        return easter_sunday(year)

    def get_weekend_days(self) -> tuple[int, int]:
        """Workalendar hook: Saturday and Sunday (weekday numbers 5 and 6)."""
        return (5, 6)

    def get_independence_days(self, year: int) -> list[tuple[datetime.date, str]]:
        """Workalendar's rule for 4 May (and its observed day), as workalendar's ``Latvia``.

        Workalendar writes the observed day with its own ``find_following_working_day``,
        which skips weekends only; this calendar's method of that name skips days off too,
        and would move the observed day past itself (a day off) to the day after. The rule
        is therefore run on a view with workalendar's meaning (:class:`_WeekendsOnly`).
        """
        from workalendar.europe import Latvia

        days: list[tuple[datetime.date, str]] = Latvia.get_independence_days(_WeekendsOnly(), year)
        return days

    def get_republic_days(self, year: int) -> list[tuple[datetime.date, str]]:
        """Workalendar's rule for 18 November (and its observed day); see :meth:`get_independence_days`."""
        from workalendar.europe import Latvia

        days: list[tuple[datetime.date, str]] = Latvia.get_republic_days(_WeekendsOnly(), year)
        return days

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            """Look up workalendar's other ``Latvia`` API on first access.

            The name is looked up on a companion of this calendar that is a
            ``workalendar.europe.Latvia`` (the class of
            :class:`~vkac_flow.calendar.workalendar_compat.WorkalendarLatvianCalendar`:
            this calendar's class first, then ``Latvia``) and shares this calendar's days,
            built once on first use. So workalendar's methods answer from this calendar's
            days (its helpers such as ``get_nth_weekday_in_month`` or ``export_to_ical``
            call :meth:`holidays` and :meth:`is_working_day`), and those that call
            ``super()`` (``get_fixed_holidays``, ``get_variable_days``) work: they are
            bound to a real ``Latvia``. Special (dunder) and private names are not
            forwarded.
            """
            if not name.startswith("_"):
                companion = self.__dict__.get("_as_latvia")
                if companion is None:
                    companion = self.__dict__["_as_latvia"] = _as_latvia(self)
                if name in dir(type(companion)):
                    return getattr(companion, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def holidays(self, year: int | None = None) -> list[tuple[datetime.date, str]]:
        """Days off of ``year`` other than plain weekends, as ``(date, label)`` pairs.

        Includes public holidays (Sundays among them), the days off that follow a weekend
        holiday, and the weekdays made days off by transfer orders (when ``transfers``).
        """
        if year is None:
            year = datetime.date.today().year
        return [
            (info.date, info.name_en)
            for info in self.special_days(year)
            if info.kind in _NON_WORKING_KINDS
        ]

    def get_calendar_holidays(self, year: int) -> list[tuple[datetime.date, str]]:
        """Workalendar hook: same as :meth:`holidays`."""
        return self.holidays(year)

    def holidays_set(self, year: int | None = None) -> set[datetime.date]:
        """The dates of :meth:`holidays` as a set."""
        return {d for d, _ in self.holidays(year)}

    def get_holiday_label(self, day: Any) -> str | None:
        """The name of the day off on ``day``, or None."""
        info = self.day_info(day)
        return info.name_en if info.kind in _NON_WORKING_KINDS else None

    def is_holiday(self, day: Any, extra_holidays: Iterable[Any] | None = None) -> bool:
        """Whether ``day`` is a day off other than a plain weekend (workalendar meaning)."""
        d = to_date(day)
        if d in _date_set(extra_holidays, "extra_holidays"):
            return True
        return self.day_info(d).kind in _NON_WORKING_KINDS

    def is_working_day(
        self,
        day: Any,
        extra_working_days: Iterable[Any] | None = None,
        extra_holidays: Iterable[Any] | None = None,
    ) -> bool:
        """Whether ``day`` is a working day (a working Saturday is one).

        ``extra_working_days`` wins over ``extra_holidays``, as in workalendar.
        """
        d = to_date(day)
        if d in _date_set(extra_working_days, "extra_working_days"):
            return True
        if d in _date_set(extra_holidays, "extra_holidays"):
            return False
        return self._working[self.index_of(d)] == 1

    def add_working_days(
        self,
        day: Any,
        delta: int,
        extra_working_days: Iterable[Any] | None = None,
        extra_holidays: Iterable[Any] | None = None,
        keep_datetime: bool = False,
    ) -> Any:
        """The ``delta``-th working day after ``day`` (before it if ``delta`` < 0).

        ``delta == 0`` returns ``day`` itself, as in workalendar. Without extras this is an
        index lookup.

        Raises:
            DateOutOfRangeError: ``day`` or the result lies outside the supported range.
            InputTypeError: ``delta`` is not an int, or ``day`` is not a date input.
        """
        # Fast path for the common call (a plain date, an int, no extras): two list lookups.
        if (
            type(day) is _DATE
            and type(delta) is int
            and extra_working_days is None
            and extra_holidays is None
        ):
            i = day.toordinal() - self._first_ordinal
            if 0 <= i < self._n_days:
                if delta > 0:
                    pos = self._rank[i] + delta - 1
                elif delta < 0:
                    pos = self._rank[i] - self._working[i] + delta
                else:
                    return day
                if 0 <= pos < self._n_workdays:
                    return _FROM_ORDINAL(self._workday_ordinals[pos])
        delta = _check_delta(delta)
        keep_datetime = check_flag(keep_datetime, "keep_datetime")
        d = to_date(day)
        if extra_working_days or extra_holidays:
            result = self._add_slow(d, delta, extra_working_days, extra_holidays)
        else:
            result = self._add_fast(d, delta)
        if keep_datetime and isinstance(day, datetime.datetime):
            return day + (result - d)
        return result

    def _add_fast(self, d: datetime.date, delta: int) -> datetime.date:
        i = self.index_of(d)
        if delta == 0:
            return d
        if delta > 0:
            pos = self._rank[i] + delta - 1
        else:
            pos = self._rank[i] - self._working[i] + delta
        if pos < 0 or pos >= self._n_workdays:
            raise DateOutOfRangeError(
                Text(
                    "error.calendar.working_days_out_of_range",
                    delta=echo(delta),
                    day=d.isoformat(),
                    first=self.first_date.isoformat(),
                    last=self.last_date.isoformat(),
                )
            )
        return _FROM_ORDINAL(self._workday_ordinals[pos])

    def _add_slow(
        self,
        d: datetime.date,
        delta: int,
        extra_working_days: Iterable[Any] | None,
        extra_holidays: Iterable[Any] | None,
    ) -> datetime.date:
        work = _date_set(extra_working_days, "extra_working_days")
        off = _date_set(extra_holidays, "extra_holidays")
        step = _ONE_DAY if delta >= 0 else -_ONE_DAY
        remaining = abs(delta)
        current = d
        while remaining:
            current += step
            self.index_of(current, _RESULT_FIELD)
            if current in work or (current not in off and self._working[self.index_of(current)]):
                remaining -= 1
        return current

    def sub_working_days(
        self,
        day: Any,
        delta: int,
        extra_working_days: Iterable[Any] | None = None,
        extra_holidays: Iterable[Any] | None = None,
        keep_datetime: bool = False,
    ) -> Any:
        """The ``abs(delta)``-th working day before ``day`` (workalendar meaning)."""
        delta = _check_delta(delta)
        return self.add_working_days(
            day, -abs(delta), extra_working_days, extra_holidays, keep_datetime
        )

    def get_working_days_delta(
        self,
        start: Any,
        end: Any,
        include_start: bool = False,
        extra_working_days: Iterable[Any] | None = None,
        extra_holidays: Iterable[Any] | None = None,
    ) -> int:
        """The number of working days after the earlier date up to the later one.

        The order of the dates does not matter; ``include_start`` also counts the earlier
        date if it is a working day (workalendar meaning).
        """
        include_start = check_flag(include_start, "include_start")
        a, b = to_date(start), to_date(end)
        if a == b:
            return 0
        if a > b:
            a, b = b, a
        if extra_working_days or extra_holidays:
            count = 0
            day = a
            while day < b:
                day += _ONE_DAY
                count += self.is_working_day(day, extra_working_days, extra_holidays)
            if include_start and self.is_working_day(a, extra_working_days, extra_holidays):
                count += 1
            return count
        i, j = self.index_of(a), self.index_of(b)
        count = self._rank[j] - self._rank[i]
        if include_start and self._working[i]:
            count += 1
        return count

    def find_following_working_day(self, day: Any) -> datetime.date:
        """The first working day on or after ``day``."""
        d = to_date(day)
        i = self.index_of(d)
        if self._working[i]:
            return d
        return self._add_fast(d, 1)

    def next_working_day_on_or_after(self, day: Any) -> datetime.date:
        """Alias of :meth:`find_following_working_day`."""
        return self.find_following_working_day(day)

    # ------------------------------------------------------------------ deadlines

    def deadline(self, start: Any, period: Period, *, basis: Iterable[str] | str = ()) -> Deadline:
        """The last day of ``period`` counted from the event on ``start``.

        The period starts the day after the event (APL s. 42(1)); a month period ends on
        the same date (or the month's last day, s. 43(1)) and moves to the next working
        day (s. 43(2), under :attr:`roll_policy`). ``basis`` names the points that set the
        period (``("p. 13.2",)``); the APL sections used are added.

        >>> from vkac_flow.calendar.periods import Months
        >>> d = LatvianCalendar().deadline("2026-04-30", Months(1))
        >>> d.due
        datetime.date(2026, 6, 1)
        """
        # Fast path for the common call (a plain date, a period, a tuple of strings): table
        # lookups, the input checks done once here; anything else takes the general path.
        if type(start) is _DATE and type(basis) is tuple:
            for item in basis:
                if type(item) is not str:
                    break
            else:
                i = start.toordinal() - self._first_ordinal
                if 0 <= i < self._n_days:
                    kind = type(period)
                    if kind is WorkingDays:
                        pos = self._rank[i] + period.n - 1
                        if pos < self._n_workdays:
                            due = _FROM_ORDINAL(self._workday_ordinals[pos])
                            return counted_deadline(due, start, period, "after", self, basis, False)
                    elif (tables := self._period_tables) is None:
                        pass  # the general path counts day by day, or builds the tables
                    elif kind is Months:
                        # period_end_index, inlined: APL s. 43(1) clamp, s. 43(2) roll.
                        m = tables.month_of[i] + period.n
                        starts = tables.month_start
                        if m + 1 < len(starts):
                            first = starts[m]
                            length = starts[m + 1] - first
                            dom = tables.day_of[i]
                            target = first + (dom if dom <= length else length) - 1
                            if target < self._n_days:
                                at = tables.roll_to[target]
                                if at >= 0:
                                    due = _FROM_ORDINAL(self._first_ordinal + at)
                                    return counted_deadline(
                                        due, start, period, "after", self, basis, at != target
                                    )
                    elif kind is Days:
                        at, target = period_end_index(tables, i, period)  # type: ignore[arg-type]
                        if at >= 0:
                            due = _FROM_ORDINAL(self._first_ordinal + at)
                            return counted_deadline(
                                due, start, period, "after", self, basis, at != target
                            )
        return compute_after(self, to_date(start, what="start"), period, _basis_tuple(basis))

    def deadline_before(
        self, event: Any, period: Period, *, basis: Iterable[str] | str = ()
    ) -> Deadline:
        """The latest day on which something must happen ``period`` before ``event``.

        Used for p. 16 ("one month in advance") and p. 19 ("five working days before").
        Named policy ``latest-consistent-working-day``: the latest working day from which
        the forward period ends on or before ``event`` (see ``docs/legal-time.md``).

        >>> from vkac_flow.calendar.periods import Months
        >>> LatvianCalendar().deadline_before("2026-06-01", Months(1)).due
        datetime.date(2026, 4, 30)
        """
        return compute_before(self, to_date(event, what="event"), period, _basis_tuple(basis))

    # ------------------------------------------------------------------ arrays (sim extra)

    def arrays(self) -> ArrayIndex:
        """The numpy view of the index (needs the ``sim`` extra); built once, thread-safe."""
        if self._array_index is None:
            with self._array_lock:
                if self._array_index is None:
                    from vkac_flow.calendar.arrays import ArrayIndex

                    self._array_index = ArrayIndex(self)
        return self._array_index

    def is_working_day_array(self, days: npt.ArrayLike) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """:meth:`is_working_day` over a ``datetime64[D]`` array."""
        return self.arrays().is_working(days)

    def add_working_days_array(
        self, days: npt.ArrayLike, delta: npt.ArrayLike
    ) -> np.ndarray[Any, np.dtype[np.datetime64]]:
        """:meth:`add_working_days` over ``datetime64[D]`` arrays (``delta`` broadcasts)."""
        return self.arrays().add_working_days(days, delta)

    def deadline_array(
        self, starts: npt.ArrayLike, period: Period
    ) -> np.ndarray[Any, np.dtype[np.datetime64]]:
        """The ``due`` date of :meth:`deadline` for every start in a ``datetime64[D]`` array."""
        return self.arrays().deadline(starts, period)

    # ------------------------------------------------------------------ misc

    def __repr__(self) -> str:
        extras = ""
        if self._extra_off or self._extra_work:
            extras = f", extra_days_off={len(self._extra_off)}, extra_working_days={len(self._extra_work)}"
        return (
            f"LatvianCalendar(transfers={self.transfers}, horizon={self.horizon}, "
            f"roll_policy={self.roll_policy.value}{extras})"
        )


_DEFAULT_LOCK = threading.Lock()


_LATVIA_CLASSES: dict[type[LatvianCalendar], type[Any]] = {}


class _WeekendsOnly:
    """Workalendar's meaning of ``find_following_working_day``: the next day off a weekend.

    Workalendar's own rules that place an observed holiday (``Latvia.get_independence_days``,
    ``get_republic_days``) run on this view, so that they answer as in workalendar.
    """

    def get_weekend_days(self) -> tuple[int, int]:
        return (5, 6)

    def find_following_working_day(self, day: datetime.date) -> datetime.date:
        while day.weekday() in self.get_weekend_days():
            day += datetime.timedelta(days=1)
        return day


def _latvia_class(cls: type[LatvianCalendar]) -> type[Any]:
    """``cls`` and workalendar's ``Latvia`` in one class, made once (imports workalendar)."""
    made = _LATVIA_CLASSES.get(cls)
    if made is None:
        from workalendar.europe import Latvia

        namespace = {"__module__": cls.__module__, "__doc__": cls.__doc__}
        made = _LATVIA_CLASSES.setdefault(cls, type(cls.__name__, (cls, Latvia), namespace))
    return made


def _as_latvia(cal: LatvianCalendar) -> Any:
    """A ``workalendar.europe.Latvia`` with ``cal``'s days (their state is shared, read only)."""
    from workalendar.europe import Latvia

    cls = _latvia_class(type(cal))
    companion: Any = object.__new__(cls)
    Latvia.__init__(companion)
    vars(companion).update(vars(cal))
    return companion


@functools.cache
def _default_calendar() -> LatvianCalendar:
    return LatvianCalendar()


def default_calendar() -> LatvianCalendar:
    """The shared default calendar (state institutions, transfers applied).

    Built once; every thread gets the same instance.
    """
    with _DEFAULT_LOCK:
        return _default_calendar()
