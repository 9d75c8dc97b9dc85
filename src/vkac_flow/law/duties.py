"""The regulation's standing duties and notice periods (p. 5.3, 6.3, 8-11, 17-21, 23-25).

Points 12-16 are procedures (:mod:`vkac_flow.procedures.transfer`, :mod:`vkac_flow.procedures.exclusion`). The
other points say who must do what, continuously, periodically or before an event. They live
as data in ``law/duties.toml`` (one entry per duty point: who owes it, the centre types it
concerns, its kind and, where the point sets one, its period); the text of every point and
the day it comes into force (p. 23-25) come from :data:`vkac_flow.law.regulation.REGULATION`.

* :func:`duties_for` -- what must this role do, as of a day, in this type of centre?
* :func:`staff_assignment_notice` (p. 19.1), :func:`hours_change_notice` (p. 19.2) -- by
  when must a notice be sent? (:meth:`LatvianCalendar.deadline_before
  <vkac_flow.calendar.LatvianCalendar.deadline_before>`, policy
  ``latest-consistent-working-day``); :func:`notice_ok` -- was it sent in time?
* :func:`periodic_status` -- is an "at least once in three years" / "once a year" /
  "twice a year" duty (p. 10.4, 11, 17.16, 18.1, 20.12) met, when is the next act due, where
  are the gaps?
* :func:`check_centre_staffing` -- does a regional (p. 5.3) or national (p. 6.3) centre have
  enough institutions serving clients on site?

Every reading the text leaves open is a named constant listed in :data:`INTERPRETATIONS`
and documented in ``docs/duties.md``.

>>> import datetime
>>> [d.point for d in duties_for("county_municipality", "county", datetime.date(2018, 5, 31))][:5]
['p. 17.1', 'p. 17.2', 'p. 17.3', 'p. 17.5', 'p. 17.6']
>>> staff_assignment_notice("2026-01-19").due      # Sat 17 January is a working day
datetime.date(2026, 1, 13)
"""

from __future__ import annotations

import datetime
import enum
import math
import tomllib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, cast

import attrs

from vkac_flow.calendar.dates import DateInput, to_date, today_in_riga
from vkac_flow.calendar.deadline import BACKWARD_POLICY, Deadline
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.calendar.periods import Months, Period, WorkingDays, period_from_dict
from vkac_flow.errors import DateOutOfRangeError, InputError, InputTypeError, check_flag, echo
from vkac_flow.law.centres import CentreType
from vkac_flow.law.lazy import Lazy, data_text
from vkac_flow.law.parties import Institution, Party, PartyKind
from vkac_flow.law.regulation import REGULATION, REGULATION_IN_FORCE, Point, cite
from vkac_flow.messages import Text, catalogue, check_language, count, message, point_label
from vkac_flow.messages.policies import policy_text

__all__ = [
    "CALENDAR_YEAR",
    "DUTIES",
    "EVERY_WORKING_DAY",
    "INTERPRETATIONS",
    "NOTICE_EARLIER_IS_IN_TIME",
    "NOTICE_LATEST_DAY",
    "NOTICE_LATE_DAY_OFF",
    "NOTICE_OWED_ONLY_WHEN_IN_FORCE",
    "ONE_ACT_PER_DAY",
    "P19_SCOPE",
    "PARTIAL_YEAR",
    "ROLLING_THREE_YEARS",
    "STAFFING_COLLECTIVE",
    "STAFFING_WEEK",
    "Duty",
    "DutyKind",
    "DutyRole",
    "Gap",
    "NoticeCheck",
    "PeriodicStatus",
    "StaffingCheck",
    "check_centre_staffing",
    "duties_for",
    "duties_markdown",
    "duty",
    "hours_change_notice",
    "load_duties",
    "notice_ok",
    "periodic_status",
    "staff_assignment_notice",
]

# ------------------------------------------------------------------ named interpretations

ROLLING_THREE_YEARS: Final = "rolling-36-months"
"""p. 10.4, 17.16, 20.12 "vismaz vienu reizi trīs gados": each act is due within 36 months
(``Months(36)``, APL s. 42(1), 43(1)-(2)) after the previous act, the first within 36 months
after the duty began."""

CALENDAR_YEAR: Final = "calendar-year"
"""p. 11 "vismaz divas reizes gadā", p. 18.1 "vismaz vienu reizi gadā": every calendar year
(1 January - 31 December) must hold the required number of acts."""

PARTIAL_YEAR: Final = "pro-rata-whole-months-rounded-up"
"""A calendar year in which the duty began after 1 January (2017, from 2017-07-01, p. 25)
requires ``ceil(times * whole_months / 12)`` acts, counting the whole calendar months in
force: 2017 requires one committee meeting (p. 11) and one training (p. 18.1)."""

ONE_ACT_PER_DAY: Final = "one-act-per-day"
"""Acts are counted by their dates: two acts on one day count once."""

NOTICE_LATEST_DAY: Final = "nth-working-day-before"
"""p. 19.1 "piecas darbdienas pirms", p. 19.2 "ne vēlāk kā piecas darbdienas pirms": the
latest day is the one :meth:`LatvianCalendar.deadline_before` gives for ``WorkingDays(5)``
(policy ``latest-consistent-working-day``): for an event on a working day, the 5th working
day before it."""

NOTICE_EARLIER_IS_IN_TIME: Final = "earlier-notice-is-in-time"
"""p. 19.1 has no "ne vēlāk kā" (no later than), unlike p. 19.2; both are read as a minimum
notice: a notice sent earlier than the latest day is in time."""

NOTICE_LATE_DAY_OFF: Final = "day-off-counts-as-next-working-day"
"""How late a notice is, in working days: a notice sent on a day off after the latest day
counts as sent on the next working day (it is received then), so it is at least one working
day late."""

NOTICE_OWED_ONLY_WHEN_IN_FORCE: Final = "notice-day-in-force"
"""A duty is not owed before its point is in force: an event whose latest notice day would
fall before the point came into force (p. 25) is refused (no notice could have been owed)."""

P19_SCOPE: Final = "p19-from-2017-07-01"
"""p. 19 applies to an institution or holder serving clients itself in a regional or national
centre "in the sense of p. 5.3 and 6.3". The reference is read as saying *which* provision
of services p. 19 concerns; p. 23 defers only the requirement of p. 5.3 (at least three
institutions), so p. 19 binds such an institution in a regional centre from 2017-07-01
(p. 25) too. The safe side: a notice is never reported as not owed when it may be."""

STAFFING_WEEK: Final = "standard-week-schedule"
"""p. 5.3 and 6.3 are checked on the regular weekly schedule: for each institution, the
number of weekdays (0-5) a week on which it provides all its services in the centre.
"Every working day" (p. 6.3) is all five: a holiday is no working day, and a Saturday made a
working day by a transfer order replaces a weekday off, which the schedule is read to follow."""

STAFFING_COLLECTIVE: Final = "staffing-is-collective"
"""p. 5.3 and 6.3 bind the institutions serving in the centre together ("at least three
institutions"); they are listed among the duties of the role ``on_site_provider`` and checked
for a whole centre by :func:`check_centre_staffing`."""

EVERY_WORKING_DAY: Final = 5
"""Days a week that count as "every working day" (p. 6.3) under :data:`STAFFING_WEEK`."""

INTERPRETATIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        ROLLING_THREE_YEARS: (
            "'At least once in three years' (p. 10.4, 17.16, 20.12) is a rolling period: the "
            "next act is due within 36 months (Months(36), APL s. 42(1), 43(1)-(2)) after the "
            "previous one, the first within 36 months after the duty began (the point in force, "
            "or a later start given as `since`). Three-year calendar blocks would need an "
            "anchor the text does not give, and would allow almost six years between two acts."
        ),
        CALENDAR_YEAR: (
            "'At least N times a year' (p. 11: twice; p. 18.1: once) counts acts in each "
            "calendar year, the unit of the ministry's plans and reports. A year is judged "
            "when it has ended; the current year is in progress."
        ),
        PARTIAL_YEAR: (
            "A year in which the duty began after 1 January requires ceil(N * whole months in "
            "force / 12) acts; a month counts when the duty is in force from its first day. "
            "2017 (from 2017-07-01, p. 25): 6 months, so one committee meeting (p. 11) and one "
            "training (p. 18.1). A duty beginning in December after the 1st owes nothing that "
            "year."
        ),
        ONE_ACT_PER_DAY: "Acts are counted by date: two acts on the same day count once.",
        NOTICE_LATEST_DAY: (
            "'Five working days before' (p. 19.1, 19.2): the latest day is given by "
            "LatvianCalendar.deadline_before(event, WorkingDays(5)), policy "
            f"{BACKWARD_POLICY}: the latest working day from which five working days counted "
            "forwards end on or before the event; for an event on a working day, the 5th "
            "working day before it."
        ),
        NOTICE_EARLIER_IS_IN_TIME: (
            "p. 19.1 ('piecas darbdienas pirms', without 'ne vēlāk kā') is read like p. 19.2 as "
            "a minimum notice: sending earlier is in time."
        ),
        NOTICE_LATE_DAY_OFF: (
            "A notice sent after the latest day is late by the working days from the latest day "
            "to the day it was sent; sent on a day off, it counts as sent on the next working "
            "day, so it is at least one working day late."
        ),
        NOTICE_OWED_ONLY_WHEN_IN_FORCE: (
            "A notice cannot be owed before its point is in force: an event whose latest notice "
            "day falls before 2017-07-01 (p. 25) is refused."
        ),
        P19_SCOPE: (
            "p. 19 ('in the sense of p. 5.3 and 6.3') says which provision of services it "
            "concerns: an institution or holder serving clients itself in a regional or "
            "national centre. p. 23 defers only p. 5.3's minimum of three institutions, so "
            "p. 19 binds such an institution in a regional centre from 2017-07-01 (p. 25)."
        ),
        STAFFING_WEEK: (
            "p. 5.3 and 6.3 are checked on the regular weekly schedule (weekdays a week, 0-5, "
            "on which an institution provides all its services in the centre); every working "
            "day (p. 6.3) is all five."
        ),
        STAFFING_COLLECTIVE: (
            "p. 5.3 and 6.3 bind the institutions serving in a centre together; they are duties "
            "of the role on_site_provider, checked for a whole centre by check_centre_staffing."
        ),
    }
)
"""The named interpretations of this module (documented in ``docs/duties.md``)."""

_READINGS: Final = frozenset({ROLLING_THREE_YEARS, CALENDAR_YEAR})


# ------------------------------------------------------------------ roles and kinds


class DutyRole(enum.Enum):
    """Who owes a duty: the role a party plays towards the centres.

    >>> DutyRole("on_site_provider").points
    ('p. 5.3', 'p. 6.3', 'p. 19')
    """

    COUNTY_MUNICIPALITY = "county_municipality"
    """The municipality running a county centre (p. 17)."""
    SERVICE_PROVIDER = "service_provider"
    """An institution or service holder whose services are provided in centres (p. 18)."""
    ON_SITE_PROVIDER = "on_site_provider"
    """An institution or service holder serving clients itself in a regional or national
    centre (p. 5.3, 6.3, 19)."""
    CENTRE_OPERATOR = "centre_operator"
    """The municipality or service holder running a regional or national centre (p. 20)."""
    MINISTRY = "ministry"
    """The ministry (p. 8, 9, 11, 21)."""
    COMMITTEE = "committee"
    """The supervisory committee (p. 10)."""

    @property
    def points(self) -> tuple[str, ...]:
        """The points that set the role's duties, e.g. ``("p. 17",)``."""
        return _ROLE_POINTS[self]

    @property
    def label(self) -> str:
        """A readable description of the role (in English; any language: :meth:`name_in`)."""
        return message(f"field.duties.role.{self.value}", "en")

    @property
    def text(self) -> Text:
        """The description of the role as a catalogue text."""
        return Text(f"field.duties.role.{self.value}")

    def name_in(self, lang: str = "en") -> str:
        """The description of the role in ``lang``, in the regulation's terms.

        >>> DutyRole.COMMITTEE.name_in("lv")
        'uzraudzības komiteja'

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        return message(f"field.duties.role.{self.value}", check_language(lang))

    @property
    def party_kinds(self) -> tuple[PartyKind, ...]:
        """The kinds of :class:`~vkac_flow.law.parties.Party` that can play the role."""
        return _ROLE_KINDS[self]


_ROLE_POINTS: Final[Mapping[DutyRole, tuple[str, ...]]] = MappingProxyType(
    {
        DutyRole.COUNTY_MUNICIPALITY: cite("17"),
        DutyRole.SERVICE_PROVIDER: cite("18"),
        DutyRole.ON_SITE_PROVIDER: cite("5.3", "6.3", "19"),
        DutyRole.CENTRE_OPERATOR: cite("20"),
        DutyRole.MINISTRY: cite("8", "9", "11", "21"),
        DutyRole.COMMITTEE: cite("10"),
    }
)
_ROLE_KINDS: Final[Mapping[DutyRole, tuple[PartyKind, ...]]] = MappingProxyType(
    {
        DutyRole.COUNTY_MUNICIPALITY: (PartyKind.MUNICIPALITY,),
        DutyRole.SERVICE_PROVIDER: (PartyKind.INSTITUTION, PartyKind.SERVICE_HOLDER),
        DutyRole.ON_SITE_PROVIDER: (PartyKind.INSTITUTION, PartyKind.SERVICE_HOLDER),
        DutyRole.CENTRE_OPERATOR: (PartyKind.MUNICIPALITY, PartyKind.SERVICE_HOLDER),
        DutyRole.MINISTRY: (PartyKind.MINISTRY,),
        DutyRole.COMMITTEE: (PartyKind.COMMITTEE,),
    }
)
# Why a role has no duties in a type of centre (said in the error of duties_for): the
# catalogue texts field.duties.scope.<role> (messages/*/errors_duties.toml).
_SCOPED_ROLES: Final = frozenset(
    {DutyRole.COUNTY_MUNICIPALITY, DutyRole.ON_SITE_PROVIDER, DutyRole.CENTRE_OPERATOR}
)


class DutyKind(enum.Enum):
    """What kind of duty a point sets."""

    CONTINUOUS = "continuous"
    """Owed all the time (e.g. p. 17.10: run the centre)."""
    PERIODIC = "periodic"
    """At least N acts per period (p. 10.4, 11, 17.16, 18.1, 20.12): :func:`periodic_status`."""
    NOTICE_BEFORE = "notice_before"
    """A notice a period before an event (p. 19.1, 19.2): :func:`notice_ok`."""
    IMMEDIATE = "immediate"
    """Without delay ("nekavējoties", p. 19.3): no countable period."""
    ON_EVENT = "on_event"
    """Owed when its occasion arises, without a period (e.g. p. 19.4: report a substitution)."""

    @property
    def text(self) -> Text:
        """The kind as a catalogue text (its value in English, its name in Latvian)."""
        return Text(f"field.duties.kind.{self.value}")


def _point_text(point: str) -> Text:
    """A point (``"p. 19.1"``) as a catalogue text: ``"19.1. apakšpunkts"`` in Latvian."""
    number = point.removeprefix("p. ")
    return Text("point_sub" if "." in number else "point", point=number)


def _numbers(duties: Iterable[Duty]) -> str:
    """The numbers of ``duties``, for a message: ``"10.4, 11, 17.16"``."""
    return ", ".join(d.number for d in duties)


# ------------------------------------------------------------------ the duty value


def _to_role(value: object) -> DutyRole:
    if isinstance(value, DutyRole):
        return value
    if isinstance(value, str):
        try:
            return DutyRole(value)
        except ValueError:
            names = ", ".join(r.value for r in DutyRole)
            raise InputError(
                Text("error.duties.role_unknown", value=echo(value), names=names)
            ) from None
    if isinstance(value, Party):
        raise InputTypeError(Text("error.duties.role_party", party=value.text))
    raise InputTypeError(Text("error.duties.role_type", got=type(value).__name__))


def _to_centre_type(value: object) -> CentreType:
    return CentreType.coerce(value)


def _to_centre_types(value: object) -> tuple[CentreType, ...]:
    if isinstance(value, str | CentreType) or not isinstance(value, Iterable):
        raise InputTypeError(Text("error.duties.centres_type", got=echo(value)))
    types = tuple(_to_centre_type(v) for v in value)
    if not types or len(set(types)) != len(types):
        raise InputError(Text("error.duties.centres_distinct", got=echo(value)))
    return tuple(t for t in CentreType if t in types)  # p. 3 order


def _to_kind(value: object) -> DutyKind:
    if isinstance(value, DutyKind):
        return value
    try:
        return DutyKind(value)
    except ValueError:
        names = ", ".join(k.value for k in DutyKind)
        raise InputError(
            Text("error.duties.kind_unknown", value=echo(value), names=names)
        ) from None


def _to_number(value: Any) -> str:
    # UnknownPointError for a number the regulation does not have, InputTypeError for a non-string.
    return REGULATION.point(value).number


def _data_error(fault: str, number: str) -> Text:
    """The message of a fault in the duty data of p. ``number`` (``error.duties.data_<fault>``)."""
    return Text(f"error.duties.data_{fault}", number=number)


def _legal_date(value: object, what: str) -> datetime.date:
    """The date in Riga of ``value``, not before the regulation came into force (p. 25)."""
    day = to_date(value, what=what)
    if day < REGULATION_IN_FORCE:
        raise DateOutOfRangeError(
            Text(
                "error.duties.before_regulation",
                what=what,
                day=day.isoformat(),
                in_force=REGULATION_IN_FORCE.isoformat(),
            ),
            points=cite("25"),
        )
    return day


@attrs.frozen
class Duty:
    """One duty point of the regulation.

    Build duties from ``law/duties.toml`` (:data:`DUTIES`, :func:`duty`), not by hand.

    Attributes:
        number: The point's number, e.g. ``"17.4"``.
        who: The role that owes the duty.
        centre_types: The centre types (p. 3) it concerns, in p. 3 order.
        kind: Continuous, periodic, notice before an event, immediate or on an occasion.
        title_en: A short English title (the full text: :attr:`text_en`).
        period: Periodic: the window (``Months(36)`` or ``Months(12)``); notice: the
            notice period (``WorkingDays(5)``); otherwise ``None``.
        times: Periodic: the least number of acts per window.
        reading: Periodic: the named reading (:data:`ROLLING_THREE_YEARS`,
            :data:`CALENDAR_YEAR`).
        event: Notice: the event the period counts back from.
        exception: Notice: the point that applies instead in the excepted case (p. 19.2 ->
            ``"19.3"``).
        min_institutions: p. 5.3 / 6.3: the least number of institutions on site.
        days_a_week: p. 5.3 / 6.3: weekdays a week each of them must serve
            (:data:`STAFFING_WEEK`).

    Raises:
        UnknownPointError: The number is not a point of the regulation.
        InputError: Fields that do not fit the kind.
        InputTypeError: A field of the wrong type.
    """

    number: str = attrs.field(converter=_to_number)
    who: DutyRole = attrs.field(converter=_to_role)
    centre_types: tuple[CentreType, ...] = attrs.field(converter=_to_centre_types)
    kind: DutyKind = attrs.field(converter=_to_kind)
    title_en: str = attrs.field()
    period: Period | None = None
    times: int | None = None
    reading: str | None = None
    event: str | None = None
    exception: str | None = None
    min_institutions: int | None = None
    days_a_week: int | None = None

    def __attrs_post_init__(self) -> None:
        """Check that the fields fit the kind."""
        number = self.number
        if not isinstance(self.title_en, str) or not self.title_en.strip():
            raise InputError(_data_error("title", number))
        periodic = self.kind is DutyKind.PERIODIC
        notice = self.kind is DutyKind.NOTICE_BEFORE
        if periodic:
            if not isinstance(self.period, Months) or self.period.n == 0:
                raise InputError(_data_error("periodic_period", number))
            if isinstance(self.times, bool) or not isinstance(self.times, int) or self.times < 1:
                raise InputError(_data_error("periodic_times", number))
            if self.reading not in _READINGS:
                raise InputError(
                    Text("error.duties.data_reading", number=number, readings=sorted(_READINGS))
                )
            if self.reading == ROLLING_THREE_YEARS and self.times != 1:
                raise InputError(_data_error("rolling_times", number))
            if self.reading == CALENDAR_YEAR and self.period != Months(12):
                raise InputError(_data_error("calendar_period", number))
        elif self.times is not None or self.reading is not None:
            raise InputError(_data_error("not_periodic", number))
        if notice:
            if not isinstance(self.period, WorkingDays) or not self.event:
                raise InputError(_data_error("notice_fields", number))
        elif not periodic and self.period is not None:
            raise InputError(
                Text("error.duties.data_no_period", number=number, kind=self.kind.text)
            )
        if not notice and (self.event is not None or self.exception is not None):
            raise InputError(_data_error("not_notice", number))
        if self.exception is not None:
            REGULATION.point(self.exception)
        staffing = (self.min_institutions, self.days_a_week)
        if staffing != (None, None):
            if any(isinstance(v, bool) or not isinstance(v, int) for v in staffing):
                raise InputError(_data_error("staffing_type", number))
            assert self.min_institutions is not None
            assert self.days_a_week is not None
            if self.min_institutions < 1 or not 1 <= self.days_a_week <= EVERY_WORKING_DAY:
                raise InputError(_data_error("staffing_range", number))

    @property
    def point(self) -> str:
        """The citation of the point, e.g. ``"p. 17.4"``."""
        return f"p. {self.number}"

    @property
    def regulation_point(self) -> Point:
        """The point in the law registry (text and entry into force)."""
        return REGULATION.point(self.number)

    @property
    def title_lv(self) -> str:
        """The Latvian (authoritative) text of the point, from the law registry."""
        return self.regulation_point.text_lv

    @property
    def text_en(self) -> str:
        """The working English translation of the point, from the law registry."""
        return self.regulation_point.text_en

    @property
    def in_force_from(self) -> datetime.date:
        """The first day the point is in force (p. 23-25)."""
        return self.regulation_point.in_force_from

    @property
    def in_force_basis(self) -> str:
        """The point that sets :attr:`in_force_from` (``"p. 23"``, ``"p. 24"``, ``"p. 25"``)."""
        return self.regulation_point.in_force_basis

    def in_force(self, on: DateInput) -> bool:
        """Whether the point is in force on ``on`` (see :meth:`Regulation.in_force`)."""
        return REGULATION.in_force(self.number, on)

    def applies_to(self, centre_type: CentreType | str) -> bool:
        """Whether the duty concerns centres of this type."""
        return _to_centre_type(centre_type) in self.centre_types

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary of the duty."""
        return {
            "point": self.point,
            "who": self.who.value,
            "centre_types": [t.value for t in self.centre_types],
            "kind": self.kind.value,
            "title_en": self.title_en,
            "title_lv": self.title_lv,
            "period": None if self.period is None else {self.period.unit: self.period.n},
            "times": self.times,
            "reading": self.reading,
            "in_force_from": self.in_force_from.isoformat(),
            "in_force_basis": self.in_force_basis,
        }


def load_duties(data: Mapping[str, Any] | None = None) -> tuple[Duty, ...]:
    """Build the duties from parsed TOML data (by default the packaged ``duties.toml``).

    Returns:
        The duties, in the regulation's document order.

    Raises:
        InputError: Incomplete or inconsistent data, or a point listed twice.
        InputTypeError: A field of the wrong type (e.g. ``centres = "county"``).
        UnknownPointError: A point that is not in the regulation.
    """
    if data is None:
        raw = data_text("duties.toml")
        data = tomllib.loads(raw)
    known = {"point", "who", "centres", "kind", "title_en", "period", "times", "years"}
    known |= {"reading", "event", "exception", "min_institutions", "days_a_week"}
    known |= {"every_working_day"}
    duties: list[Duty] = []
    try:
        rows = data["duty"]
        for row in rows:
            unknown = set(row) - known
            if unknown:
                raise InputError(
                    Text(
                        "error.duties.row_unknown_keys",
                        point=echo(row.get("point")),
                        keys=sorted(map(str, unknown)),
                    )
                )
            period: Period | None = None
            if "years" in row:
                years = row["years"]
                if isinstance(years, bool) or not isinstance(years, int) or years < 1:
                    raise InputError(Text("error.duties.row_years", point=echo(row["point"])))
                period = Months(12 * years)  # "trīs gados" = 36 months (APL s. 43(1))
            if "period" in row:
                period = period_from_dict(row["period"])
            days_a_week = row.get("days_a_week")
            if row.get("every_working_day") is True:
                if days_a_week is not None:
                    raise InputError(Text("error.duties.row_days_both", point=echo(row["point"])))
                days_a_week = EVERY_WORKING_DAY  # p. 6.3 "visās darbdienās": STAFFING_WEEK
            elif "every_working_day" in row:
                raise InputError(Text("error.duties.row_every_day", point=echo(row["point"])))
            duties.append(
                Duty(
                    number=row["point"],
                    who=row["who"],
                    centre_types=row["centres"],
                    kind=row["kind"],
                    title_en=row["title_en"],
                    period=period,
                    times=row.get("times"),
                    reading=row.get("reading"),
                    event=row.get("event"),
                    exception=row.get("exception"),
                    min_institutions=row.get("min_institutions"),
                    days_a_week=days_a_week,
                )
            )
    except InputTypeError:
        raise  # a field of the wrong type: its own message says which
    except (KeyError, TypeError) as exc:
        raise InputError(Text("error.duties.data_incomplete", error=echo(exc))) from exc
    seen: set[str] = set()
    for d in duties:
        if d.number in seen:
            raise InputError(Text("error.duties.data_twice", number=d.number))
        seen.add(d.number)
    order = {p.number: i for i, p in enumerate(REGULATION)}
    return tuple(sorted(duties, key=lambda d: order[d.number]))


DUTIES: Final[tuple[Duty, ...]] = cast(tuple[Duty, ...], Lazy(load_duties))
"""Every duty point, from ``law/duties.toml`` (read on first use), in document order."""

_BY_NUMBER: Final[Mapping[str, Duty]] = cast(
    Mapping[str, Duty], Lazy(lambda: MappingProxyType({d.number: d for d in DUTIES}))
)


def duty(point: str) -> Duty:
    """Return the duty of a point.

    Args:
        point: ``"19.1"`` or ``"p. 19.1"``.

    Raises:
        UnknownPointError: Not a point of the regulation.
        InputError: A point of the regulation that sets no duty listed here (e.g. a
            procedure step of p. 12-16, or a heading such as p. 17).

    >>> duty("p. 19.1").period
    WorkingDays(n=5)
    """
    number = REGULATION.point(point).number
    try:
        return _BY_NUMBER[number]
    except KeyError:
        raise InputError(
            Text("error.duties.no_duty", point=_point_text(number)), points=(f"p. {number}",)
        ) from None


def duties_for(
    party_role: DutyRole | str,
    centre_type: CentreType | str | None = None,
    on: DateInput | None = None,
) -> tuple[Duty, ...]:
    """The duties a role owes on a day, in a type of centre.

    A duty is owed from the day its point comes into force: p. 5.3 from 2018-07-01 (p. 23),
    p. 17.4 and 20.14 from 2018-06-01 (p. 24), the rest from 2017-07-01 (p. 25).

    Args:
        party_role: A :class:`DutyRole` or its value (``"county_municipality"``, ...).
        centre_type: A :class:`~vkac_flow.law.centres.CentreType` or its value; ``None`` for
            every type. The ministry's and the committee's duties concern every type.
        on: The day (date, aware datetime or ISO string); ``None`` for today in Riga.

    Returns:
        The duties in force, in document order.

    Raises:
        InputError: Unknown role or centre type, or a role that owes no duty in that type
            of centre (e.g. p. 19 concerns only regional and national centres).
        DateOutOfRangeError: ``on`` is before 2017-07-01 (p. 25).
        InputTypeError: An argument of the wrong type.
    """
    role = _to_role(party_role)
    wanted = None if centre_type is None else _to_centre_type(centre_type)
    day = today_in_riga() if on is None else _legal_date(on, "on")
    mine = [d for d in DUTIES if d.who is role]
    if wanted is not None and not any(wanted in d.centre_types for d in mine):
        assert role in _SCOPED_ROLES  # the ministry's and committee's duties concern every type
        raise InputError(
            Text(
                "error.duties.role_scope",
                role=echo(role.value),
                label=role.text,
                centre=wanted.text,
                reason=Text(f"field.duties.scope.{role.value}"),
            ),
            points=role.points,
        )
    return tuple(
        d
        for d in mine
        if (wanted is None or wanted in d.centre_types) and d.in_force(day)  # p. 23-25
    )


# ------------------------------------------------------------------ notices (p. 19.1, 19.2)


def _notice_duty(point: str) -> Duty:
    d = duty(point)
    if d.kind is not DutyKind.NOTICE_BEFORE:
        notices = _numbers(x for x in DUTIES if x.kind is DutyKind.NOTICE_BEFORE)
        key = "not_notice_immediate" if d.kind is DutyKind.IMMEDIATE else "not_notice"
        raise InputError(
            Text(
                f"error.duties.{key}", point=_point_text(d.point), kind=d.kind.text, notices=notices
            ),
            points=(d.point,),
        )
    return d


def _check_calendar(calendar: object) -> None:
    if calendar is not None and not isinstance(calendar, LatvianCalendar):
        raise InputTypeError(Text("error.duties.calendar_type", got=type(calendar).__name__))


def _notice_deadline(
    d: Duty, event: object, calendar: LatvianCalendar | None, centre_type: object, what: str
) -> Deadline:
    _check_calendar(calendar)
    if centre_type is not None and not d.applies_to(_to_centre_type(centre_type)):
        raise InputError(
            Text(
                "error.duties.notice_scope",
                point=_point_text(d.point),
                centre=_to_centre_type(centre_type).text,
            ),
            points=(d.point, *cite("5.3", "6.3")),
        )
    day = _legal_date(event, what)
    cal = calendar if calendar is not None else default_calendar()
    assert isinstance(d.period, WorkingDays)  # checked when the duty was built
    # p. 19.1/19.2: "piecas darbdienas pirms" -- NOTICE_LATEST_DAY, via deadline_before.
    deadline = cal.deadline_before(day, d.period, basis=[d.point])
    # NOTICE_OWED_ONLY_WHEN_IN_FORCE: no notice is owed before its point is in force.
    if deadline.due < d.in_force_from:
        raise DateOutOfRangeError(
            Text(
                "error.duties.notice_before_force",
                event=Text(f"field.duties.event.{d.number}"),
                day=day.isoformat(),
                due=deadline.due.isoformat(),
                point=_point_text(d.point),
                in_force=d.in_force_from.isoformat(),
            ),
            points=(d.point, d.in_force_basis),
        )
    return deadline


def staff_assignment_notice(
    start_of_work: DateInput,
    calendar: LatvianCalendar | None = None,
    *,
    centre_type: CentreType | str | None = None,
) -> Deadline:
    """The latest day to send the assigned employee's post and name (p. 19.1).

    p. 19.1: "piecas darbdienas pirms darba uzsākšanas" -- five working days before the
    start of work. Read (:data:`NOTICE_LATEST_DAY`) with
    :meth:`LatvianCalendar.deadline_before`: the 5th working day before a start on a working
    day. Sending earlier is in time (:data:`NOTICE_EARLIER_IS_IN_TIME`). p. 19 binds only an
    institution or holder serving clients in a regional or national centre (p. 5.3, 6.3).

    Args:
        start_of_work: The first day of work in the centre.
        calendar: The working-day calendar; by default the state institutions' calendar.
        centre_type: Optionally, the type of the centre, to check that p. 19 applies.

    Returns:
        The deadline (``direction == "before"``; ``explain()`` walks the days).

    Raises:
        InputError: ``centre_type`` is a county centre (p. 19 does not apply there).
        DateOutOfRangeError: A start before 2017-07-01, or one whose notice would be due
            before p. 19.1 was in force (p. 25).
        InputTypeError: An argument of the wrong type.

    >>> staff_assignment_notice("2026-03-09").due
    datetime.date(2026, 3, 2)
    """
    return _notice_deadline(duty("19.1"), start_of_work, calendar, centre_type, "start_of_work")


def hours_change_notice(
    new_hours_from: DateInput,
    calendar: LatvianCalendar | None = None,
    *,
    centre_type: CentreType | str | None = None,
    absence_without_substitute: bool = False,
) -> Deadline:
    """The latest day to send changed client reception hours (p. 19.2).

    p. 19.2: "ne vēlāk kā piecas darbdienas pirms klientu pieņemšanas atbilstoši jaunajam
    klientu pieņemšanas laikam" -- no later than five working days before clients are first
    received under the new hours; same reading as :func:`staff_assignment_notice`. Except
    when the change comes from an employee's temporary absence that cannot be covered:
    then p. 19.3 applies (report without delay) and there is no five-day deadline.

    Args:
        new_hours_from: The first day of reception under the new hours.
        calendar: The working-day calendar; by default the state institutions' calendar.
        centre_type: Optionally, the type of the centre, to check that p. 19 applies.
        absence_without_substitute: True if the change is due to a temporary absence
            without a substitute (the exception of p. 19.2).

    Returns:
        The deadline.

    Raises:
        InputError: The exception of p. 19.2 applies (see p. 19.3), or ``centre_type`` is a
            county centre.
        DateOutOfRangeError: As for :func:`staff_assignment_notice`.
        InputTypeError: An argument of the wrong type.
    """
    d = duty("19.2")
    if check_flag(absence_without_substitute, "absence_without_substitute"):
        assert d.exception is not None
        raise InputError(
            Text(
                "error.duties.absence_exception",
                point=_point_text(d.point),
                exception=_point_text(d.exception),
            ),
            points=(d.point, *cite(d.exception)),
        )
    return _notice_deadline(d, new_hours_from, calendar, centre_type, "new_hours_from")


@attrs.frozen
class NoticeCheck:
    """Whether a notice of p. 19.1 / 19.2 was sent in time.

    Attributes:
        point: The point, e.g. ``"p. 19.1"``.
        sent_on: The day the notice was sent.
        event_on: The day of the event (start of work, new hours).
        deadline: The latest day (:func:`staff_assignment_notice` /
            :func:`hours_change_notice`).
        in_time: Sent on or before the latest day (:data:`NOTICE_EARLIER_IS_IN_TIME`).
        working_days_late: 0 if in time; else the working days from the latest day to the
            day sent (a day off counts as the next working day, :data:`NOTICE_LATE_DAY_OFF`).
        days_late: 0 if in time; else calendar days after the latest day.
    """

    point: str
    sent_on: datetime.date
    event_on: datetime.date
    deadline: Deadline
    in_time: bool
    working_days_late: int
    days_late: int

    def __str__(self) -> str:
        return self.describe("en")

    def describe(self, lang: str = "en") -> str:
        """The check in one line, in ``lang`` (``str(check)`` is the English one).

        Raises:
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        values = {
            "point": point_label(self.point, check_language(lang)),
            "sent": self.sent_on.isoformat(),
            "due": self.deadline.due.isoformat(),
            "event": self.event_on.isoformat(),
        }
        if self.in_time:
            return message("duties.notice.in_time", lang, **values)
        late = count("duties.notice.late_days", lang, self.working_days_late)
        return message("duties.notice.late", lang, late=late, **values)


def notice_ok(
    sent_on: DateInput,
    event_on: DateInput,
    point: str,
    calendar: LatvianCalendar | None = None,
) -> NoticeCheck:
    """Check whether a notice of p. 19.1 or 19.2 was sent in time, and how late.

    A late notice is a fact: it is recorded with how late it was, never refused. A notice
    sent after the event is late too.

    Args:
        sent_on: The day the notice was sent.
        event_on: The event: start of work (p. 19.1) or first day of the new hours (p. 19.2).
        point: ``"19.1"`` or ``"19.2"`` (or ``"p. 19.1"``...).
        calendar: The working-day calendar; by default the state institutions' calendar.

    Returns:
        The check.

    Raises:
        InputError: ``point`` is not a notice with a period (p. 19.3 "nekavējoties" has none).
        UnknownPointError: ``point`` is not a point of the regulation.
        DateOutOfRangeError: A date before 2017-07-01 (p. 25).
        InputTypeError: An argument of the wrong type.

    >>> notice_ok("2026-01-14", "2026-01-19", "19.1").working_days_late
    1
    """
    d = _notice_duty(point)
    sent = _legal_date(sent_on, "sent_on")
    deadline = _notice_deadline(d, event_on, calendar, None, "event_on")
    cal = calendar if calendar is not None else default_calendar()
    in_time = deadline.is_met_by(sent)  # NOTICE_EARLIER_IS_IN_TIME: any day up to the latest
    working_late = 0
    if not in_time:
        # NOTICE_LATE_DAY_OFF: a notice sent on a day off is received on the next working day.
        received = cal.find_following_working_day(sent)
        working_late = cal.get_working_days_delta(deadline.due, received)
    return NoticeCheck(
        point=d.point,
        sent_on=sent,
        event_on=deadline.start,
        deadline=deadline,
        in_time=in_time,
        working_days_late=working_late,
        days_late=deadline.days_late(sent),
    )


# ------------------------------------------------------------------ periodic duties


@attrs.frozen
class Gap:
    """A window in which a periodic duty was not met.

    Attributes:
        start: First day of the window (rolling: the previous act, or the day the duty
            began; calendar year: 1 January, or the day the duty began).
        end: Last day of the window: the day by which the act was owed.
        required: Acts owed in the window.
        done: Acts done in it.
        closed_on: Rolling reading: the late act that ended the gap (``None`` while open,
            and always ``None`` for a calendar year).
        open: True while no act has closed the gap (rolling reading, as of the check).
        days_late: Rolling reading: calendar days from :attr:`end` to :attr:`closed_on` (or
            to the day of the check while open); ``None`` for a calendar year.
    """

    start: datetime.date
    end: datetime.date
    required: int
    done: int
    closed_on: datetime.date | None = None
    open: bool = False
    days_late: int | None = None


@attrs.frozen
class PeriodicStatus:
    """The state of a periodic duty on a day (:func:`periodic_status`).

    Attributes:
        point: The point, e.g. ``"p. 11"``.
        reading: The named reading applied (:data:`ROLLING_THREE_YEARS`, :data:`CALENDAR_YEAR`).
        as_of: The day of the check.
        since: The day the duty began.
        acts: The acts counted, one per day, in date order (:data:`ONE_ACT_PER_DAY`).
        gaps: The windows in which the duty was not met, in date order.
        next_due: The last day by which the next act(s) are owed; ``None`` if that day
            would lie past the calendar's last date (2099-12-31), where nothing can be
            counted (no gap can be open then either).
        remaining: How many acts are owed by :attr:`next_due`.
        deadline: Rolling reading: the :class:`~vkac_flow.calendar.deadline.Deadline` of
            :attr:`next_due` (``explain()`` shows the count); ``None`` for calendar years.
    """

    point: str
    reading: str
    as_of: datetime.date
    since: datetime.date
    acts: tuple[datetime.date, ...]
    gaps: tuple[Gap, ...]
    next_due: datetime.date | None
    remaining: int
    deadline: Deadline | None = attrs.field(default=None, eq=False)

    @property
    def met(self) -> bool:
        """True if the duty has been met throughout, from :attr:`since` to :attr:`as_of`."""
        return not self.gaps

    @property
    def in_breach(self) -> bool:
        """True if the duty is not met on :attr:`as_of` (an open gap, rolling reading)."""
        return any(g.open for g in self.gaps)


def _required_in_year(times: int, year_start: datetime.date) -> int:
    # PARTIAL_YEAR: ceil(times * whole months in force / 12); full year when from 1 January.
    whole_months = 12 - year_start.month + (1 if year_start.day == 1 else 0)
    return math.ceil(times * whole_months / 12)


def periodic_status(
    point: str,
    done_dates: Iterable[DateInput],
    as_of: DateInput,
    calendar: LatvianCalendar | None = None,
    *,
    since: DateInput | None = None,
) -> PeriodicStatus:
    """Whether a periodic duty is met as of a day, when the next act is due, and the gaps.

    Readings (named, see :data:`INTERPRETATIONS`):

    * p. 10.4, 17.16, 20.12 "at least once in three years": :data:`ROLLING_THREE_YEARS`;
    * p. 11 "at least twice a year", p. 18.1 "at least once a year": :data:`CALENDAR_YEAR`,
      with :data:`PARTIAL_YEAR` for the first year.

    Args:
        point: The duty point (``"11"``, ``"p. 17.16"``...).
        done_dates: The days the act was done (any order; duplicates count once).
        as_of: The day of the check.
        calendar: The working-day calendar for the rolling reading's deadlines (APL
            s. 43(2)); by default the state institutions' calendar.
        since: The day the duty began for this party (e.g. the day a centre opened); by
            default the day the point came into force. Not earlier than that.

    Returns:
        The status.

    Raises:
        InputError: ``point`` is not a periodic duty.
        DateOutOfRangeError: ``since`` before the point is in force, an act before
            ``since`` or after ``as_of``, or ``as_of`` before ``since``.
        InputTypeError: An argument of the wrong type.

    >>> s = periodic_status("11", ["2017-10-05", "2018-03-01"], "2018-12-31")
    >>> s.met, s.remaining, s.next_due
    (True, 1, datetime.date(2018, 12, 31))
    """
    d = duty(point)
    if d.kind is not DutyKind.PERIODIC:
        raise InputError(
            Text(
                "error.duties.not_periodic",
                point=_point_text(d.point),
                kind=d.kind.text,
                periodic=_numbers(x for x in DUTIES if x.kind is DutyKind.PERIODIC),
            ),
            points=(d.point,),
        )
    _check_calendar(calendar)
    cal = calendar if calendar is not None else default_calendar()
    start = d.in_force_from if since is None else _legal_date(since, "since")
    if start < d.in_force_from:
        raise DateOutOfRangeError(
            Text(
                "error.duties.since_before_force",
                day=start.isoformat(),
                point=_point_text(d.point),
                in_force=d.in_force_from.isoformat(),
            ),
            points=(d.point, d.in_force_basis),
        )
    day = _legal_date(as_of, "as_of")
    if day < start:
        raise DateOutOfRangeError(
            Text("error.duties.as_of_before_start", day=day.isoformat(), start=start.isoformat()),
            points=(d.point,),
        )
    if isinstance(done_dates, str | datetime.date) or not isinstance(done_dates, Iterable):
        raise InputTypeError(Text("error.duties.done_dates_type", got=type(done_dates).__name__))
    acts_set: set[datetime.date] = set()
    for value in done_dates:
        act = _legal_date(value, "done_dates")
        if not start <= act <= day:
            raise DateOutOfRangeError(
                Text(
                    "error.duties.act_outside",
                    act=act.isoformat(),
                    start=start.isoformat(),
                    end=day.isoformat(),
                ),
                points=(d.point,),
            )
        acts_set.add(act)  # ONE_ACT_PER_DAY
    acts = tuple(sorted(acts_set))
    assert d.times is not None
    assert d.period is not None
    if d.reading == ROLLING_THREE_YEARS:
        return _rolling(d, cal, start, day, acts)
    return _calendar_years(d, start, day, acts)


def _rolling_due(cal: LatvianCalendar, anchor: datetime.date, d: Duty) -> datetime.date | None:
    """The rolling due date after ``anchor``, or None past the calendar's last date."""
    assert d.period is not None
    try:
        return cal.deadline(anchor, d.period, basis=[d.point]).due
    except DateOutOfRangeError:
        return None


def _rolling(
    d: Duty,
    cal: LatvianCalendar,
    start: datetime.date,
    as_of: datetime.date,
    acts: tuple[datetime.date, ...],
) -> PeriodicStatus:
    # ROLLING_THREE_YEARS: each act within Months(36) of the previous one (APL s. 42(1),
    # 43(1)-(2)), the first within Months(36) of the day the duty began.
    assert d.period is not None
    gaps: list[Gap] = []
    anchor = start
    for act in acts:
        due = _rolling_due(cal, anchor, d)
        if due is not None and act > due:
            gaps.append(Gap(anchor, due, 1, 0, closed_on=act, days_late=(act - due).days))
        anchor = act
    try:
        deadline: Deadline | None = cal.deadline(anchor, d.period, basis=[d.point])
    except DateOutOfRangeError:
        # Due past 2099-12-31: it cannot be before as_of, so no gap is open.
        deadline = None
    if deadline is not None and as_of > deadline.due:
        gaps.append(
            Gap(anchor, deadline.due, 1, 0, open=True, days_late=(as_of - deadline.due).days)
        )
    return PeriodicStatus(
        point=d.point,
        reading=ROLLING_THREE_YEARS,
        as_of=as_of,
        since=start,
        acts=acts,
        gaps=tuple(gaps),
        next_due=None if deadline is None else deadline.due,
        remaining=1,
        deadline=deadline,
    )


def _calendar_years(
    d: Duty, start: datetime.date, as_of: datetime.date, acts: tuple[datetime.date, ...]
) -> PeriodicStatus:
    # CALENDAR_YEAR: every calendar year holds `times` acts; PARTIAL_YEAR for the first.
    assert d.times is not None
    gaps: list[Gap] = []
    for year in range(start.year, as_of.year):  # the years that have ended
        first = max(datetime.date(year, 1, 1), start)
        last = datetime.date(year, 12, 31)
        required = _required_in_year(d.times, first)
        done = sum(1 for a in acts if first <= a <= last)
        if done < required:
            gaps.append(Gap(first, last, required, done))
    first = max(datetime.date(as_of.year, 1, 1), start)
    required = _required_in_year(d.times, first)
    done = sum(1 for a in acts if a >= first)
    if done < required:
        next_due, remaining = datetime.date(as_of.year, 12, 31), required - done
    else:
        next_due, remaining = datetime.date(as_of.year + 1, 12, 31), d.times
    return PeriodicStatus(
        point=d.point,
        reading=CALENDAR_YEAR,
        as_of=as_of,
        since=start,
        acts=acts,
        gaps=tuple(gaps),
        next_due=next_due,
        remaining=remaining,
    )


# ------------------------------------------------------------------ staffing (p. 5.3, 6.3)


@attrs.frozen
class StaffingCheck:
    """Whether a centre has the institutions on site that p. 5.3 / 6.3 require.

    Attributes:
        centre_type: The type of the centre.
        on: The day of the check.
        point: The requirement checked (``"p. 5.3"``, ``"p. 6.3"``), or ``"p. 4"`` for a
            county centre, which has none.
        in_force: Whether the requirement is in force on :attr:`on` (p. 5.3: from
            2018-07-01, p. 23).
        required_institutions: The least number of institutions (0 for a county centre).
        required_days: Weekdays a week each must serve (:data:`STAFFING_WEEK`).
        qualifying: The institutions that serve enough days, in p. 8 order.
        short_by: How many more qualifying institutions are needed (0 if enough).
    """

    centre_type: CentreType
    on: datetime.date
    point: str
    in_force: bool
    required_institutions: int
    required_days: int
    qualifying: tuple[Institution, ...]
    short_by: int

    @property
    def met(self) -> bool:
        """True unless a requirement in force is not met."""
        return not self.in_force or self.short_by == 0

    def explain(self, lang: str = "en") -> str:
        """One sentence on the result, citing the point, in ``lang``.

        Raises:
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        point = point_label(self.point, check_language(lang))
        if self.required_institutions == 0:
            centre = self.centre_type.name_in(lang)
            return message("duties.staffing.none", lang, centre=centre, point=point)
        codes = ", ".join(i.code for i in self.qualifying) or message("none", lang)
        head = message(
            "duties.staffing.head",
            lang,
            point=point,
            n=self.required_institutions,
            days=_staffing_days(self.required_days, lang),
            codes=codes,
        )
        if not self.in_force:
            basis = point_label("p. 23", lang)
            date = self.on.isoformat()
            return message("duties.staffing.not_in_force", lang, head=head, date=date, basis=basis)
        if self.short_by:
            return message("duties.staffing.short", lang, head=head, n=self.short_by)
        return message("duties.staffing.met", lang, head=head)


def _staffing_days(days: int, lang: str, table: str = "duties.staffing") -> str:
    """The weekdays each institution must serve (p. 5.3, 6.3), in ``lang``."""
    if days == EVERY_WORKING_DAY:
        return message("duties.staffing.every_day", lang)
    return count(f"{table}.days", lang, days)


def _to_staffing_institution(key: object) -> Institution:
    if isinstance(key, Institution):
        return key
    if isinstance(key, Party):
        if key.institution is None:
            raise InputError(
                Text("error.duties.staffing_party", party=key.text),
                points=cite("5.3", "6.3", "2.4"),
            )
        return key.institution
    if isinstance(key, str):
        try:
            return Institution(key)
        except ValueError:
            codes = ", ".join(i.code for i in Institution)
            raise InputError(
                Text("error.duties.staffing_code", code=echo(key), codes=codes),
                points=cite("5.3", "6.3", "2.4"),
            ) from None
    raise InputTypeError(Text("error.duties.staffing_key_type", got=type(key).__name__))


def check_centre_staffing(
    centre_type: CentreType | str,
    institutions_serving: Mapping[Any, int],
    on: DateInput,
) -> StaffingCheck:
    """Check p. 5.3 (regional) or p. 6.3 (national) for one centre on a day.

    p. 5.3: "vismaz trīs iestādes vismaz vienu darbdienu nedēļā sniedz visus savā pārziņā
    esošus pakalpojumus" (in force from 2018-07-01, p. 23); p. 6.3: "vismaz četras
    iestādes visās darbdienās ...". Only institutions count (p. 2.4: the seven of p. 8), and
    only on the days they provide *all* their services there (the caller's schedule says so).

    Args:
        centre_type: The centre's type. A county centre has no such requirement (p. 4):
            the result says so and is met.
        institutions_serving: Institution (an :class:`~vkac_flow.law.parties.Institution`, its
            code or an institution :class:`~vkac_flow.law.parties.Party`) -> weekdays a week
            (0-5) on which it provides all its services in the centre (:data:`STAFFING_WEEK`).
        on: The day of the check.

    Returns:
        The check.

    Raises:
        InputError: A key that is not one of the seven institutions, an institution given
            twice, or a number of days outside 0-5.
        DateOutOfRangeError: ``on`` before 2017-07-01 (p. 25).
        InputTypeError: Arguments of the wrong type.

    >>> check_centre_staffing("regional", {"VID": 1, "VSAA": 2, "NVA": 1}, "2018-07-01").met
    True
    """
    ctype = _to_centre_type(centre_type)
    day = _legal_date(on, "on")
    if not isinstance(institutions_serving, Mapping):
        raise InputTypeError(
            Text("error.duties.schedule_type", got=type(institutions_serving).__name__)
        )
    schedule: dict[Institution, int] = {}
    for key, days in institutions_serving.items():
        inst = _to_staffing_institution(key)
        if inst in schedule:
            raise InputError(Text("error.duties.schedule_twice", code=inst.code))
        if isinstance(days, bool) or not isinstance(days, int):
            raise InputTypeError(
                Text("error.duties.schedule_days_type", code=inst.code, got=type(days).__name__)
            )
        if not 0 <= days <= EVERY_WORKING_DAY:
            raise InputError(
                Text(
                    "error.duties.schedule_days_range",
                    code=inst.code,
                    days=days,
                    limit=EVERY_WORKING_DAY,
                    reading=policy_text(STAFFING_WEEK),
                )
            )
        schedule[inst] = days
    rule = next(
        (x for x in DUTIES if x.min_institutions is not None and ctype in x.centre_types), None
    )
    if rule is None:
        # p. 4: a county centre -- the municipality provides the minimum basket (p. 4.2).
        return StaffingCheck(ctype, day, ctype.defining_point, True, 0, 0, (), 0)
    assert rule.min_institutions is not None
    assert rule.days_a_week is not None
    qualifying = tuple(i for i in Institution if schedule.get(i, 0) >= rule.days_a_week)
    return StaffingCheck(
        centre_type=ctype,
        on=day,
        point=rule.point,
        in_force=rule.in_force(day),  # p. 23: p. 5.3 from 2018-07-01
        required_institutions=rule.min_institutions,
        required_days=rule.days_a_week,
        qualifying=qualifying,
        short_by=max(0, rule.min_institutions - len(qualifying)),
    )


# ------------------------------------------------------------------ the table of duties


def _period_text(d: Duty, lang: str) -> str:
    if d.kind is DutyKind.PERIODIC and d.period is not None:
        times = count("duties.table.times", lang, d.times or 0)
        if d.reading == CALENDAR_YEAR:
            return message("duties.table.calendar_year", lang, times=times, reading=d.reading)
        period = d.period.text.render(lang)
        return message(
            "duties.table.per_period", lang, times=times, period=period, reading=d.reading
        )
    if d.kind is DutyKind.NOTICE_BEFORE and d.period is not None:
        period = d.period.text.render(lang)
        key = f"field.duties.event.{d.number}"
        event = d.event if lang == "en" or key not in catalogue(lang) else message(key, lang)
        if d.exception:
            exception = point_label(f"p. {d.exception}", lang)
            return message(
                "duties.table.notice_except", lang, period=period, event=event, exception=exception
            )
        return message("duties.table.notice", lang, period=period, event=event)
    if d.min_institutions is not None:
        assert d.days_a_week is not None  # checked with min_institutions (Duty)
        days = _staffing_days(d.days_a_week, lang, "duties.table")
        return message("duties.table.staffing", lang, n=d.min_institutions, days=days)
    return "—"


def duties_markdown(lang: str = "en") -> str:
    """The table of every duty in ``docs/duties.md``, generated from the data, in ``lang``.

    In English the roles, centre types and kinds are their codes and the duty its short
    title (``law/duties.toml``); in Latvian they are named in the regulation's terms and the
    duty is the point's authoritative Latvian text.

    Returns:
        A Markdown table: point, who, centre types, kind, period, in force from, title.

    Raises:
        LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
    """
    lines = [message("duties.table.head", check_language(lang)), "|---|---|---|---|---|---|---|"]
    for d in DUTIES:
        if lang == "en":
            who, kind, title = d.who.value, d.kind.value, d.title_en
            centres = ", ".join(t.value for t in d.centre_types)
        else:
            who, kind = d.who.name_in(lang), d.kind.text.render(lang)
            title = d.regulation_point.text_lv
            centres = ", ".join(t.name_in(lang) for t in d.centre_types)
        basis = point_label(d.in_force_basis, lang)
        lines.append(
            f"| {point_label(d.point, lang)} | {who} | {centres} | {kind} | "
            f"{_period_text(d, lang)} | {d.in_force_from.isoformat()} ({basis}) | {title} |"
        )
    return "\n".join(lines) + "\n"
