"""The statutory timeline of many letters at once (numpy ``datetime64[D]``).

:func:`statutory_timelines` is :func:`vkac_flow.procedures.timeline.statutory_timeline` over an
array: the same steps (read from :data:`vkac_flow.law.steps.STEPS`, chained through their
``opened_by``/``met_by`` events exactly like :func:`vkac_flow.procedures.timeline.chain_steps`), the
same calendar (its :class:`~vkac_flow.calendar.arrays.ArrayIndex`), the same due dates and
the same provisional flags, date for date.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar
from vkac_flow.law.steps import STEPS, TRANSFER_STEP_KEYS, Route
from vkac_flow.messages import message, point_labels
from vkac_flow.procedures.timeline import Timeline, statutory_timeline
from vkac_flow.simulate._arrays import (
    INITIATOR_KINDS,
    BoolArray,
    CodeArray,
    DateArray,
    IntArray,
    as_date,
    as_date_array,
    check_in_range,
    data_frame,
    due_offsets,
    initiator_codes,
    route_of_code,
    row_index,
)

__all__ = ["StatutoryTimelines", "statutory_timelines"]


def html_text(key: str, lang: str, /, **values: object) -> str:
    """The catalogue message ``simulate.<key>`` in ``lang``, escaped for HTML.

    Raises:
        MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
    """
    return html.escape(message(f"simulate.{key}", lang, **values))


def points_of(key: str, codes: CodeArray) -> tuple[str, ...]:
    """The points of step ``key`` on the routes present among initiator ``codes`` (p. 13 first)."""
    present = {route_of_code(int(c)) for c in np.unique(codes)} if codes.size else set(Route)
    out: list[str] = []
    for route in (Route.INSTITUTION, Route.MUNICIPALITY):
        if route in present:
            out.extend(p for p in STEPS[key].points_for(route) if p not in out)
    return tuple(out)


@attrs.frozen(eq=False)
class StatutoryTimelines:
    """The statutory timelines of many letters: one ``datetime64[D]`` array per step.

    Attributes:
        letter_received: The letters' dates (p. 13.1/14.1).
        initiator_codes: Index of each initiator in :data:`INITIATOR_KINDS`.
        due: The latest date the law allows, per step key (``information``,
            ``committee_meeting``, ``training``, ``methodological_material``,
            ``service_start``).
        provisional: Per step key, whether the date lies past the calendar's horizon (no
            transfer order known for its year).
        calendar: The calendar counted on.
    """

    letter_received: DateArray
    initiator_codes: CodeArray
    due: Mapping[str, DateArray]
    provisional: Mapping[str, BoolArray]
    calendar: LatvianCalendar = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.letter_received)

    def __getitem__(self, key: str) -> DateArray:
        return self.due[key]

    @property
    def keys(self) -> tuple[str, ...]:
        """The step keys, in order."""
        return tuple(self.due)

    @property
    def initiator(self) -> np.ndarray[Any, np.dtype[np.str_]]:
        """Each procedure's initiator kind (``municipality``, ``institution``...)."""
        out: np.ndarray[Any, np.dtype[np.str_]] = np.asarray(INITIATOR_KINDS)[self.initiator_codes]
        return out

    @property
    def any_provisional(self) -> BoolArray:
        """Whether any step of each timeline is provisional."""
        out: BoolArray = np.logical_or.reduce([self.provisional[k] for k in self.keys])
        return out

    def points(self, key: str) -> tuple[str, ...]:
        """The points that set step ``key`` on the routes present (``("p. 13.2", "p. 14.2")``)."""
        return points_of(key, self.initiator_codes)

    def timeline(self, i: int | np.integer[Any]) -> Timeline:
        """The scalar :class:`~vkac_flow.procedures.timeline.Timeline` of letter ``i`` (with explanations).

        Args:
            i: The row (an int; negative counts from the end).

        Raises:
            InputTypeError: ``i`` is not an int (a bool is refused).
            InputError: ``i`` is out of range.
        """
        i = row_index(i, len(self), "timeline")
        letter = as_date(self.letter_received[i])
        return statutory_timeline(
            letter, INITIATOR_KINDS[int(self.initiator_codes[i])], calendar=self.calendar
        )

    def _columns(self, limit: int | None) -> dict[str, Any]:
        sl = slice(None, limit)
        routes = np.asarray([route_of_code(i).point for i in range(len(INITIATOR_KINDS))])
        cols: dict[str, Any] = {
            "letter_received": self.letter_received[sl],
            "initiator": self.initiator[sl],
            "route": routes[self.initiator_codes[sl]],
        }
        for key in self.keys:
            cols[key] = self.due[key][sl]
            cols[f"{key}_provisional"] = self.provisional[key][sl]
        return cols

    def to_records(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Plain dicts (dates as :class:`datetime.date`), one per letter (the first ``limit``)."""
        cols = self._columns(limit)
        n = len(cols["letter_received"])
        out: list[dict[str, Any]] = []
        for i in range(n):
            row: dict[str, Any] = {}
            for name, col in cols.items():
                value = col[i]
                if isinstance(value, np.datetime64):
                    row[name] = as_date(value)
                else:
                    row[name] = value.item() if hasattr(value, "item") else value
            out.append(row)
        return out

    def to_frame(self, limit: int | None = None) -> Any:
        """A pandas ``DataFrame`` (needs pandas): one row per letter, one column per date."""
        return data_frame(self._columns(limit))

    def to_html(self, lang: str = "en") -> str:
        """A table of each step's earliest and latest due date, in ``lang`` (``"en"``, ``"lv"``).

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
        """

        def say(key: str, **values: object) -> str:
            return html_text(key, lang, **values)

        n = len(self)
        if not n:
            return f"<p>{say('timelines_empty')}</p>"
        rows = "".join(
            f"<tr><td>{html.escape(message(f'step.{k}', lang))}</td>"
            f"<td>{html.escape(point_labels(self.points(k), lang))}</td>"
            f"<td>{self.due[k].min()}</td><td>{self.due[k].max()}</td>"
            f"<td>{self.provisional[k].mean():.1%}</td></tr>"
            for k in self.keys
        )
        caption = say(
            "timelines_caption",
            n=n,
            first=str(self.letter_received.min()),
            last=str(self.letter_received.max()),
        )
        heads = ("step", "points", "earliest", "latest", "provisional")
        head = "".join(f"<th>{say(f'head.{k}')}</th>" for k in heads)
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def statutory_timelines(
    letters: object,
    initiator: object,
    *,
    calendar: LatvianCalendar | None = None,
) -> StatutoryTimelines:
    """The statutory timeline (p. 13-15) of every letter in an array, vectorised.

    Equal, date for date and flag for flag, to :func:`vkac_flow.procedures.timeline.statutory_timeline`
    on each letter: every step uses its whole period and counts from the latest date of the
    step before it.

    Args:
        letters: The dates the ministry received the letters (p. 13.1/14.1): a numpy
            ``datetime64`` array, or a list / pandas Series of dates.
        initiator: Who proposed (p. 12): one Party / PartyKind / kind string for all, or a
            sequence of one per letter. Picks the points (p. 13 or p. 14); the periods are
            the same on both routes.
        calendar: The calendar (default :func:`~vkac_flow.calendar.default_calendar`).

    Returns:
        A :class:`StatutoryTimelines` with one due-date array per step.

    Raises:
        DateOutOfRangeError: A letter before 2017-07-01 (p. 25) or past the calendar's
            last date (2099-12-31), or a step whose latest date would fall past it (the
            message names the letter and the step).
        InputTypeError: ``letters`` does not hold dates (or holds ``datetime64`` coarser
            than a day, such as ``[M]`` or ``[Y]``).
        NaiveDatetimeError: A ``datetime64`` value with a time of day (APL s. 42(1)).
        RuleViolationError: An initiator that may not propose (p. 12).

    >>> import numpy as np
    >>> t = statutory_timelines(np.array(["2026-12-01"], dtype="datetime64[D]"), "municipality")
    >>> t["information"], t.provisional["information"]
    (array(['2027-01-04'], dtype='datetime64[D]'), array([ True]))
    """
    cal = calendar or default_calendar()
    days = as_date_array(letters, "letters")
    index = cal.arrays()
    check_in_range(days, "letters", index)
    codes = initiator_codes(initiator, len(days))
    start = index.offsets(days, "letter")
    due, provisional = chain_offsets(
        cal, {"letter_received": start}, row=letter_row(days, codes, "letters")
    )
    return StatutoryTimelines(
        letter_received=days,
        initiator_codes=codes,
        due={k: index.to_dates(v) for k, v in due.items()},
        provisional=provisional,
        calendar=cal,
    )


def horizon_offset(cal: LatvianCalendar) -> int:
    """The offset of the last day of the calendar's horizon (later: provisional)."""
    return (cal.horizon_end - cal.first_date).days


RowInfo = Callable[[str], Callable[[int], tuple[str, tuple[str, ...]]]]
"""Given a step key, a function of a row giving who it is and the step's points there."""


def letter_row(days: DateArray, codes: CodeArray, what: str) -> RowInfo:
    """Describe row ``i`` as ``"letters[i] = <date>"`` with the points of a step on its route."""

    def for_step(key: str) -> Callable[[int], tuple[str, tuple[str, ...]]]:
        def describe(i: int) -> tuple[str, tuple[str, ...]]:
            route = route_of_code(int(codes[i]))
            return f"{what}[{i}] = {days[i]}", STEPS[key].points_for(route)

        return describe

    return for_step


def chain_offsets(
    cal: LatvianCalendar,
    events: dict[str, IntArray],
    keys: tuple[str, ...] = TRANSFER_STEP_KEYS,
    *,
    row: RowInfo | None = None,
) -> tuple[dict[str, IntArray], dict[str, BoolArray]]:
    """Array twin of :func:`vkac_flow.procedures.timeline.chain_steps` on calendar offsets.

    Each step counts its period from the date of its ``opened_by`` event; its ``met_by``
    events, when unknown, are taken to happen on its due date.

    Args:
        cal: The calendar.
        events: Known event offsets, one array per event (all of the same length).
        keys: The steps to chain.
        row: Describes a row for the message when a due date falls past the calendar.

    Returns:
        The due offsets and the provisional flags, per step key.
    """
    index = cal.arrays()
    last_sure = horizon_offset(cal)
    known = dict(events)
    due: dict[str, IntArray] = {}
    provisional: dict[str, BoolArray] = {}
    for key in keys:
        rule = STEPS[key]
        d = due_offsets(
            index, known[rule.opened_by], rule.period, key, row=None if row is None else row(key)
        )
        due[key] = d
        provisional[key] = d > last_sure
        for event in rule.met_by:
            known.setdefault(event, d)
    return due, provisional


def route_points(key: str, route: Route) -> tuple[str, ...]:
    """The points of step ``key`` on ``route`` (read from :data:`~vkac_flow.law.steps.STEPS`)."""
    return STEPS[key].points_for(route)
