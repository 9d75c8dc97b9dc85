"""Checks of the supervisory committee's record: its meetings (p. 11) and the survey report (p. 10.4).

From the dates of the committee's meetings and of the satisfaction-survey reports, report
each calendar year with fewer meetings than p. 11 requires ("vismaz divas reizes gadā") and
each three-year period without the report (p. 10.4; the survey itself, p. 17.16 and 20.12).

There is no second copy of a rule here: both checks are
:func:`vkac_flow.law.duties.periodic_status` under the readings named there
(:data:`~vkac_flow.law.duties.CALENDAR_YEAR` with
:data:`~vkac_flow.law.duties.PARTIAL_YEAR` for p. 11,
:data:`~vkac_flow.law.duties.ROLLING_THREE_YEARS` for p. 10.4, 17.16, 20.12); this module
turns their gaps into the shortfalls a reader of the record asks about.

>>> check = check_committee_record(
...     meetings=["2017-10-05", "2018-03-01", "2018-11-20", "2019-05-14"],
...     survey_reports=["2019-06-01"],
...     as_of="2020-12-31",
... )
>>> [(s.year, s.required, s.held) for s in check.short_years]
[(2019, 2, 1)]
>>> check.survey_gaps
()
>>> print(check.explain())  # doctest: +NORMALIZE_WHITESPACE
Committee record as of 2020-12-31
p. 11 (calendar-year): 2019: 1 of 2 meetings; 2020 in progress: 2 more by 2020-12-31
p. 10.4 (rolling-36-months): every report within 36 months; next by 2022-06-01
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Final

import attrs

from vkac_flow.calendar.dates import DateInput
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import InputError
from vkac_flow.law.duties import Gap, PeriodicStatus, periodic_status
from vkac_flow.law.regulation import cite
from vkac_flow.messages import Points, Text

__all__ = [
    "SURVEY_POINTS",
    "CommitteeRecordCheck",
    "MeetingShortfall",
    "SurveyGap",
    "check_committee_record",
    "meeting_shortfalls",
    "survey_gaps",
]

MEETINGS_POINT: Final = cite("11")[0]
SURVEY_POINTS: Final[tuple[str, ...]] = cite("10.4", "17.16", "20.12")
"""The "at least once in three years" survey points :func:`survey_gaps` checks."""


@attrs.frozen
class MeetingShortfall:
    """A calendar year (ended) with fewer committee meetings than p. 11 requires.

    Attributes:
        year: The calendar year.
        start: Its first day counted (1 January, or the day the duty began).
        end: 31 December.
        required: Meetings required (2; fewer in a partial first year, ``PARTIAL_YEAR``).
        held: Meetings held (one per day, ``ONE_ACT_PER_DAY``).
    """

    year: int
    start: datetime.date
    end: datetime.date
    required: int
    held: int

    @property
    def missing(self) -> int:
        """How many meetings are missing."""
        return self.required - self.held


@attrs.frozen
class SurveyGap:
    """A three-year period (rolling) in which no survey report was made.

    Attributes:
        point: The point checked (``"p. 10.4"``, ``"p. 17.16"`` or ``"p. 20.12"``).
        start: The previous report (or the day the duty began).
        due: The last day the next report was owed (36 months after :attr:`start`, APL).
        closed_on: The late report that ended the gap, or ``None`` while it is open.
        days_late: Calendar days from :attr:`due` to :attr:`closed_on` (or to the day of
            the check while open).
    """

    point: str
    start: datetime.date
    due: datetime.date
    closed_on: datetime.date | None
    days_late: int

    @property
    def open(self) -> bool:
        """True while no report has closed the gap."""
        return self.closed_on is None


def _shortfalls(status: PeriodicStatus) -> tuple[MeetingShortfall, ...]:
    return tuple(
        MeetingShortfall(g.start.year, g.start, g.end, g.required, g.done) for g in status.gaps
    )


def _survey_gaps(status: PeriodicStatus) -> tuple[SurveyGap, ...]:
    def one(g: Gap) -> SurveyGap:
        assert g.days_late is not None  # the rolling reading always sets it
        return SurveyGap(status.point, g.start, g.end, g.closed_on, g.days_late)

    return tuple(one(g) for g in status.gaps)


def meeting_shortfalls(
    meetings: Iterable[DateInput], as_of: DateInput, *, since: DateInput | None = None
) -> tuple[MeetingShortfall, ...]:
    """Each ended calendar year with fewer committee meetings than p. 11 requires.

    Args:
        meetings: The days the committee met (any order; one meeting per day counts).
        as_of: The day of the check; its own year is in progress and never a shortfall.
        since: The day the duty began; by default p. 11's entry into force (2017-07-01).

    Returns:
        The shortfalls, in year order (empty if every ended year had enough meetings).

    Raises:
        DateOutOfRangeError: A meeting before ``since`` or after ``as_of``, or ``as_of``
            before ``since``.
        InputTypeError: ``meetings`` is not an iterable of dates, or a date of the wrong type.
        InputError: A naive datetime or a malformed date string.

    >>> [(s.year, s.held) for s in meeting_shortfalls(["2018-02-01"], "2019-01-10")]
    [(2017, 0), (2018, 1)]
    """
    return _shortfalls(periodic_status("11", meetings, as_of, since=since))


def survey_gaps(
    reports: Iterable[DateInput],
    as_of: DateInput,
    *,
    point: str = "10.4",
    since: DateInput | None = None,
    calendar: LatvianCalendar | None = None,
) -> tuple[SurveyGap, ...]:
    """Each three-year period without the satisfaction-survey report (p. 10.4, 17.16, 20.12).

    Args:
        reports: The days of the reports (p. 10.4: the committee examined the ministry's
            report; p. 17.16, 20.12: a centre's survey was run and reported).
        as_of: The day of the check.
        point: ``"10.4"`` (default), ``"17.16"`` or ``"20.12"``.
        since: The day the duty began (e.g. a centre's opening); by default the point's
            entry into force.
        calendar: The calendar of the 36-month deadlines (APL s. 43(2)); by default the
            state institutions'.

    Returns:
        The gaps, in date order: closed ones (a late report) and at most one open one.

    Raises:
        InputError: ``point`` is not one of the three survey points.
        UnknownPointError: ``point`` is not a point of the regulation.
        DateOutOfRangeError: A report before ``since`` or after ``as_of``.
        InputTypeError: An argument of the wrong type.

    >>> [(g.due, g.open) for g in survey_gaps([], "2020-07-02")]
    [(datetime.date(2020, 7, 1), True)]
    """
    ref = cite(point)[0]
    if ref not in SURVEY_POINTS:
        raise InputError(
            Text("error.law.not_survey_point", point=Points((ref,)), points=Points(SURVEY_POINTS)),
            points=SURVEY_POINTS,
        )
    status = periodic_status(ref, reports, as_of, calendar, since=since)
    return _survey_gaps(status)


@attrs.frozen
class CommitteeRecordCheck:
    """The committee's record checked against p. 11 and p. 10.4 (:func:`check_committee_record`).

    Attributes:
        as_of: The day of the check.
        meetings: The status of p. 11 (its gaps are the short years).
        surveys: The status of p. 10.4 (its gaps are the periods without a report).
    """

    as_of: datetime.date
    meetings: PeriodicStatus
    surveys: PeriodicStatus

    @property
    def short_years(self) -> tuple[MeetingShortfall, ...]:
        """The ended calendar years with fewer meetings than p. 11 requires."""
        return _shortfalls(self.meetings)

    @property
    def survey_gaps(self) -> tuple[SurveyGap, ...]:
        """The three-year periods without the survey report (p. 10.4)."""
        return _survey_gaps(self.surveys)

    @property
    def ok(self) -> bool:
        """True if no year was short of meetings and no report was missed."""
        return self.meetings.met and self.surveys.met

    def explain(self) -> str:
        """The check in a few lines of English, citing the points and readings."""
        m, s = self.meetings, self.surveys
        short = [f"{x.year}: {x.held} of {x.required} meetings" for x in self.short_years]
        year = self.as_of.year
        if m.next_due is not None and m.next_due.year == year:
            short.append(f"{year} in progress: {m.remaining} more by {m.next_due.isoformat()}")
        else:
            short.append(f"{year}: met")
        gaps = [
            f"due {g.due.isoformat()}, "
            + (
                f"open, {g.days_late} days late"
                if g.open
                else f"made {g.closed_on}, {g.days_late} days late"
            )
            for g in self.survey_gaps
        ]
        survey = "; ".join(gaps) if gaps else "every report within 36 months"
        nxt = "" if s.next_due is None else f"; next by {s.next_due.isoformat()}"
        return "\n".join(
            [
                f"Committee record as of {self.as_of.isoformat()}",
                f"{m.point} ({m.reading}): {'; '.join(short)}",
                f"{s.point} ({s.reading}): {survey}{nxt}",
            ]
        )


def check_committee_record(
    meetings: Iterable[DateInput],
    survey_reports: Iterable[DateInput],
    as_of: DateInput,
    *,
    since: DateInput | None = None,
    calendar: LatvianCalendar | None = None,
) -> CommitteeRecordCheck:
    """Check the committee's record: meetings (p. 11) and survey reports examined (p. 10.4).

    Args:
        meetings: The days the committee met.
        survey_reports: The days it examined the ministry's satisfaction-survey report.
        as_of: The day of the check.
        since: The day both duties began; by default their entry into force (2017-07-01).
        calendar: The calendar of the 36-month deadlines; by default the state institutions'.

    Returns:
        The check.

    Raises:
        DateOutOfRangeError: A date before ``since`` or after ``as_of``.
        InputTypeError: An argument of the wrong type.
        InputError: A naive datetime or a malformed date string.
    """
    met = periodic_status("11", meetings, as_of, since=since)
    surveyed = periodic_status("10.4", survey_reports, as_of, calendar, since=since)
    return CommitteeRecordCheck(as_of=met.as_of, meetings=met, surveys=surveyed)
