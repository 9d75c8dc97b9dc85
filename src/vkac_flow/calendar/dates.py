"""Turning user input into a legal date: the date in Riga, per APL s. 42(1).

A period counted in days or months starts on the day after its event, and the time of day
plays no part (APL s. 42(1); Supreme Court SKA-483/2022). So every input is reduced to a
plain :class:`datetime.date`, and an aware datetime counts by its date in Europe/Riga:
``2026-12-01T23:30Z`` is 2 December in Riga.

Accepted: :class:`datetime.date`, :class:`pendulum.Date`, aware :class:`datetime.datetime`
or :class:`pendulum.DateTime`, and ISO-8601 strings (``"2026-03-02"`` or an aware datetime
such as ``"2026-12-01T23:30:00+00:00"``/``"...Z"``). Rejected with a typed error: naive
datetimes (:class:`~vkac_flow.errors.NaiveDatetimeError`), malformed strings
(:class:`~vkac_flow.errors.DateFormatError`) and other types
(:class:`~vkac_flow.errors.InputTypeError`).

>>> to_date("2026-12-01T23:30Z")
datetime.date(2026, 12, 2)
>>> to_date(datetime.date(2026, 3, 2))
datetime.date(2026, 3, 2)
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any, TypeAlias

from vkac_flow.errors import (
    DateFormatError,
    DateOutOfRangeError,
    InputTypeError,
    NaiveDatetimeError,
    echo,
)
from vkac_flow.messages import Text

__all__ = ["RIGA", "DateInput", "riga_zone", "to_date", "today_in_riga"]

if TYPE_CHECKING:
    import zoneinfo

    import pendulum

    RIGA: pendulum.Timezone
    """The time zone whose calendar date counts (APL s. 42(1)), as a pendulum time zone."""


@functools.cache
def riga_zone() -> zoneinfo.ZoneInfo:
    """The standard library's Europe/Riga zone, loaded on first use.

    The same zone as :data:`RIGA` (pendulum's Timezone is a ZoneInfo): converting with it
    needs no pendulum, and loading it on first use keeps ``zoneinfo`` (and ``sysconfig``)
    off the start-up path (issue 14).
    """
    import zoneinfo

    return zoneinfo.ZoneInfo("Europe/Riga")


def __getattr__(name: str) -> Any:
    """``RIGA``, the pendulum time zone, is built on first access (pendulum loads then)."""
    if name == "RIGA":
        import pendulum

        value = pendulum.timezone("Europe/Riga")
        globals()["RIGA"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DateInput: TypeAlias = datetime.date | str
"""Anything :func:`to_date` accepts (``datetime``/``pendulum`` values are ``date`` subclasses)."""


_DATE = Text("field.calendar.date")
"""The default name of a date in error messages ("date", "datums")."""


def to_date(value: object, *, what: str | Text = _DATE) -> datetime.date:
    """Return the legal date (the date in Riga) of ``value``.

    Args:
        value: A date, an aware datetime (stdlib or pendulum) or an ISO-8601 string.
        what: A name for the value, used in error messages: a code (a parameter name
            such as ``"start"``, the same in every language) or a catalogue text.

    Returns:
        A plain :class:`datetime.date`.

    Raises:
        NaiveDatetimeError: ``value`` is a datetime (or datetime string) without a zone.
        DateFormatError: ``value`` is a string that is not ISO-8601.
        DateOutOfRangeError: an aware datetime whose date in Riga is before year 1 or
            after year 9999.
        InputTypeError: ``value`` is of another type.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise NaiveDatetimeError(
                Text("error.calendar.naive_datetime", what=what, value=value.isoformat()),
                points=("APL s. 42(1)",),
            )
        try:
            local = value.astimezone(riga_zone())
        except (OverflowError, ValueError):
            raise DateOutOfRangeError(
                Text("error.calendar.no_riga_date", what=what, value=value.isoformat()),
                points=("APL s. 42(1)",),
            ) from None
        return datetime.date(local.year, local.month, local.day)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if isinstance(value, str):
        return _parse_iso(value.strip(), what)
    raise InputTypeError(
        Text("error.calendar.date_type", what=what, type=type(value).__name__, value=echo(value))
    )


def _parse_iso(text: str, what: str | Text) -> datetime.date:
    # A date alone ("2026-03-02", also the basic "20260302") is a date, not a naive
    # datetime at midnight: try it first.
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise DateFormatError(
            Text("error.calendar.date_format", what=what, value=echo(text))
        ) from None
    return to_date(parsed, what=what)


def today_in_riga() -> datetime.date:
    """Return today's date in Riga (the default clock of procedures)."""
    now = datetime.datetime.now(riga_zone())
    return datetime.date(now.year, now.month, now.day)
