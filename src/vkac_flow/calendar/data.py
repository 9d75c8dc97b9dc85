"""The Latvian calendar's legal data, loaded from ``calendar/calendar_lv.toml``.

Holidays (law "Par svētku, atceres un atzīmējamām dienām", likumi.lv id 72608), the
festival closing days, one-off holidays and the Cabinet transfer orders (Labour Law
s. 133(4)) are data with their sources, not literals in code. A user adds a new year's
order with :class:`TransferOrder` (see :class:`~vkac_flow.calendar.LatvianCalendar`).
"""

from __future__ import annotations

import datetime
import enum
import functools
import os
import tomllib
from collections.abc import Iterable
from typing import Any

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    CalendarDataError,
    DateOutOfRangeError,
    InputTypeError,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.messages import InLanguage, Text, legal_source

__all__ = [
    "CalendarData",
    "DayInfo",
    "DayKind",
    "FestivalDay",
    "FixedHoliday",
    "MovingHoliday",
    "OneOffHoliday",
    "OrderFileTypeError",
    "TransferOrder",
    "load_calendar_data",
    "load_transfer_orders",
]


class DayKind(enum.Enum):
    """Why a day is (or is not) a working day."""

    WORKING = "working"
    """An ordinary Monday-Friday working day."""
    WEEKEND = "weekend"
    """A Saturday or Sunday that no order made a working day."""
    HOLIDAY = "holiday"
    """A public holiday (law id 72608 s. 1, festival, one-off law)."""
    OBSERVED = "observed"
    """The working day off after 4 May, 18 Nov or the festival day on a weekend (s. 2(3))."""
    TRANSFER_DAY_OFF = "transfer_day_off"
    """A weekday made a day off by a Cabinet transfer order."""
    WORKING_SATURDAY = "working_saturday"
    """A Saturday made a working day by a Cabinet transfer order."""
    EXTRA_DAY_OFF = "extra_day_off"
    """A day off added by the user (e.g. a municipality's own day off)."""
    EXTRA_WORKING_DAY = "extra_working_day"
    """A working day added by the user."""

    @property
    def is_working(self) -> bool:
        """Whether a day of this kind is a working day."""
        return self in _WORKING_KINDS


_WORKING_KINDS = frozenset({DayKind.WORKING, DayKind.WORKING_SATURDAY, DayKind.EXTRA_WORKING_DAY})


@attrs.frozen
class DayInfo:
    """What the calendar knows about one day: its kind, its name and the act behind it.

    Attributes:
        date: The day.
        kind: Why it is or is not a working day.
        name_en: English name ("Christmas Eve", "Day off (Cabinet transfer order)").
        name_lv: Latvian name.
        source: The act that made it (likumi.lv id), empty for ordinary days.
    """

    date: datetime.date
    kind: DayKind
    name_en: str = ""
    name_lv: str = ""
    source: str = ""

    @property
    def is_working(self) -> bool:
        """Whether the day is a working day."""
        return self.kind.is_working

    @property
    def name_text(self) -> Text:
        """The day's name in a message: :attr:`name_en` in English, :attr:`name_lv` in Latvian."""
        return InLanguage("day.name", en=self.name_en, lv=self.name_lv)

    @property
    def source_text(self) -> Text:
        """The day's legal source in a message, as each language writes it."""
        return InLanguage(
            "day.source", en=legal_source(self.source, "en"), lv=legal_source(self.source, "lv")
        )


@attrs.frozen
class FixedHoliday:
    """A holiday on the same date every year (law id 72608 s. 1)."""

    month: int
    day: int
    name_lv: str
    name_en: str
    source: str
    observed_next_working_day: bool = False
    observed_source: str = ""


@attrs.frozen
class MovingHoliday:
    """A holiday on a moving date: Easter offset or the n-th Sunday of a month."""

    rule: str
    name_lv: str
    name_en: str
    source: str
    offset: int = 0
    month: int = 0
    nth: int = 0


@attrs.frozen
class FestivalDay:
    """The closing day of one Nationwide Latvian Song and Dance Festival."""

    date: datetime.date
    source: str
    confirmed: bool = True


@attrs.frozen
class OneOffHoliday:
    """A holiday for one year only, made by its own law."""

    date: datetime.date
    name_lv: str
    name_en: str
    source: str


_MAX_ORDER_DAYS = 53
"""A year has at most 53 Saturdays: a longer list of days is not a transfer order."""


def _source_text(value: object) -> str:
    return check_name(value, Text("field.calendar.order_source"))


def _date_tuple(value: Iterable[datetime.date | str]) -> tuple[datetime.date, ...]:
    if isinstance(value, str | datetime.date) or not isinstance(value, Iterable):
        raise InputTypeError(Text("error.calendar.order_dates_type", value=echo(value)))
    out: list[datetime.date] = []
    for d in value:
        if len(out) >= _MAX_ORDER_DAYS:
            raise CalendarDataError(
                Text("error.calendar.order_too_many_days", limit=_MAX_ORDER_DAYS)
            )
        if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date | str):
            raise InputTypeError(Text("error.calendar.order_date_type", value=echo(d)))
        out.append(to_date(d, what=Text("field.calendar.order_date")))
    if len(set(out)) != len(out):
        raise CalendarDataError(
            Text("error.calendar.order_date_twice", dates=echo_many(sorted(map(str, out))))
        )
    return tuple(sorted(out))


@attrs.frozen
class TransferOrder:
    """A Cabinet order transferring working days for one year (Labour Law s. 133(4)).

    Each weekday in ``days_off`` becomes a day off, each Saturday in ``working_saturdays``
    a working day. An order with both lists empty records that the year had no transfer,
    which makes the year known (its results are not provisional).

    >>> TransferOrder(2027, days_off=[datetime.date(2027, 5, 3)],
    ...               working_saturdays=[datetime.date(2027, 5, 8)], source="order id 1")
    ... # doctest: +ELLIPSIS
    TransferOrder(year=2027, ...)

    Raises:
        CalendarDataError: A date outside ``year``, a day off that is not a weekday, or a
            working day that is not a Saturday.
        DateOutOfRangeError: ``year`` outside 1..9999.
        InputTypeError: A year that is not an int, dates that are not a list of dates, a
            source that is not a string.
        InputError: A source with control characters or longer than
            :data:`~vkac_flow.errors.MAX_NAME_LENGTH`.
    """

    year: int
    days_off: tuple[datetime.date, ...] = attrs.field(converter=_date_tuple, default=())
    working_saturdays: tuple[datetime.date, ...] = attrs.field(converter=_date_tuple, default=())
    source: str = attrs.field(converter=_source_text, default="")

    def __attrs_post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InputTypeError(Text("error.calendar.order_year_type", value=echo(self.year)))
        if not 1 <= self.year <= 9999:
            raise DateOutOfRangeError(
                Text("error.calendar.order_year_range", value=echo(self.year)),
                points=("Labour Law s. 133(4)",),
            )
        for d in self.days_off + self.working_saturdays:
            if d.year != self.year:
                raise CalendarDataError(
                    Text("error.calendar.order_other_year", year=self.year, day=d.isoformat())
                )
        for d in self.days_off:
            if d.weekday() >= 5:
                raise CalendarDataError(
                    Text("error.calendar.order_day_off_weekend", year=self.year, day=d.isoformat()),
                    points=("Labour Law s. 133(4)",),
                )
        for d in self.working_saturdays:
            if d.weekday() != 5:
                raise CalendarDataError(
                    Text("error.calendar.order_not_saturday", year=self.year, day=d.isoformat()),
                    points=("Labour Law s. 133(4)",),
                )


@attrs.frozen
class CalendarData:
    """All the legal data of the calendar (see ``calendar/calendar_lv.toml``)."""

    first_date: datetime.date
    last_date: datetime.date
    holiday_law: str
    fixed: tuple[FixedHoliday, ...]
    moving: tuple[MovingHoliday, ...]
    festivals: tuple[FestivalDay, ...]
    one_offs: tuple[OneOffHoliday, ...]
    transfer_orders: tuple[TransferOrder, ...]


def _records(cls: type[Any], rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    return tuple(cls(**row) for row in rows)


@functools.cache
def load_calendar_data() -> CalendarData:
    """Load the packaged calendar data (once; the result is immutable and shared)."""
    # a plain path next to this module, not importlib.resources (see vkac_flow.law.lazy)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calendar_lv.toml")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    raw = tomllib.loads(text)
    meta = raw["meta"]
    return CalendarData(
        first_date=meta["first_date"],
        last_date=meta["last_date"],
        holiday_law=meta["holiday_law"],
        fixed=_records(FixedHoliday, raw["fixed"]),
        moving=_records(MovingHoliday, raw["moving"]),
        festivals=_records(FestivalDay, raw["festival"]),
        one_offs=_records(OneOffHoliday, raw["one_off"]),
        transfer_orders=_records(TransferOrder, raw["transfer_order"]),
    )


def load_transfer_orders(text: str) -> tuple[TransferOrder, ...]:
    """Read transfer orders from TOML text in the packaged data's format.

    The format is that of ``calendar/calendar_lv.toml``: one ``[[transfer_order]]`` table per
    year with exactly the keys ``year`` (an integer), ``days_off`` and ``working_saturdays``
    (arrays of TOML dates or ISO date strings, possibly empty) and ``source`` (a non-empty
    string naming the order); see ``docs/legal-time.md``, "The order file format". This is how a
    user adds a new year's Cabinet order without a new release (``vkac-flow ... --orders
    FILE``; ``LatvianCalendar(extra_orders=...)``).

    >>> load_transfer_orders('''
    ... [[transfer_order]]
    ... year = 2027
    ... days_off = [2027-05-03]
    ... working_saturdays = [2027-05-08]
    ... source = "Cabinet order (example)"
    ... ''')[0].days_off
    (datetime.date(2027, 5, 3),)

    Raises:
        CalendarDataError: The text is not TOML, has no ``transfer_order`` tables, a table
            has unknown or missing keys, a value of the wrong type (then also an
            :class:`~vkac_flow.errors.InputTypeError`) or contradictory dates.
    """
    if not isinstance(text, str):
        raise InputTypeError(Text("error.calendar.orders_text_type", value=echo(text)))
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CalendarDataError(Text("error.calendar.orders_toml", detail=echo(str(err)))) from None
    except (ValueError, RecursionError):  # an integer too long to convert, deep nesting
        raise CalendarDataError(Text("error.calendar.orders_toml_large")) from None
    rows = raw.get("transfer_order")
    if not isinstance(rows, list) or not rows:
        raise CalendarDataError(Text("error.calendar.orders_none"))
    known = ("days_off", "source", "working_saturdays", "year")
    orders = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or set(row) != set(known):
            got = echo_many(sorted(row)) if isinstance(row, dict) else echo(row)
            raise CalendarDataError(
                Text("error.calendar.order_keys", n=i, keys=", ".join(known), got=got)
            )
        for key in ("days_off", "working_saturdays"):
            if not isinstance(row[key], list):
                raise OrderFileTypeError(
                    Text("error.calendar.order_days_type", n=i, key=key, value=echo(row[key]))
                )
        if not isinstance(row["source"], str) or not row["source"].strip():
            raise OrderFileTypeError(
                Text("error.calendar.order_source_type", n=i, value=echo(row["source"]))
            )
        try:
            orders.append(TransferOrder(**row))
        except InputTypeError as err:
            inner = err.text if err.text is not None else err.message
            raise OrderFileTypeError(
                Text("error.calendar.order_in_file", n=i, error=inner)
            ) from None
    years = [o.year for o in orders]
    if len(set(years)) != len(years):
        raise CalendarDataError(
            Text("error.calendar.orders_year_twice", years=echo_many(sorted(years)))
        )
    return tuple(orders)


class OrderFileTypeError(CalendarDataError, InputTypeError):
    """A value of the wrong type in an order file: bad calendar data, and a type error."""
