"""The result of a simulation: arrays of event dates, deadlines, breaches, and summaries."""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import check_language, message, point_labels
from vkac_flow.simulate._arrays import (
    INITIATOR_KINDS,
    BoolArray,
    CodeArray,
    DateArray,
    IntArray,
    as_date,
    data_frame,
    route_of_code,
    row_index,
)
from vkac_flow.simulate.distributions import Distribution
from vkac_flow.simulate.timelines import html_text, points_of

__all__ = [
    "DECISION_EVENT",
    "EVENT_KEYS",
    "NO_SERVICE_START",
    "BreachStat",
    "SimulatedProcedure",
    "SimulatedStep",
    "SimulationResult",
    "Summary",
]

EVENT_KEYS: tuple[str, ...] = (
    "letter_received",
    "information_prepared",
    "committee_deferred",
    "committee_decided",
    "training_completed",
    "material_uploaded",
    "service_started",
)
"""The events a simulated procedure records (the names of the live procedure's events).

``committee_deferred`` is the first meeting when it deferred the decision (NaT otherwise);
``committee_decided`` the meeting that decided."""

DECISION_EVENT = "committee_decided"
"""The committee's decision. Only a decision *to transfer* opens the steps of p. 15 (named
choice ``rejection-ends-procedure``): after a rejection they are never opened."""

QUANTILES: tuple[tuple[str, float], ...] = (("p10", 10), ("p50", 50), ("p90", 90), ("p95", 95))

NO_SERVICE_START = "no procedure reached service start"
"""What an English summary says instead of lead-time figures when nothing was transferred
(the catalogue's ``simulate.no_service_start``, in every language)."""

_TEXT_STATS: tuple[str, ...] = ("mean", *dict(QUANTILES))
"""The lead-time statistics a text summary shows (the HTML table shows ``min`` and ``max`` too)."""


def _json_number(value: float) -> float | None:
    """``value``, or None when it is NaN or infinite (not representable in JSON)."""
    return value if math.isfinite(value) else None


@attrs.frozen
class SimulatedStep:
    """One step of one simulated procedure.

    Attributes:
        key: The step key.
        title_en: What must be done.
        points: The points that set it on this procedure's route.
        responsible: Who must act.
        opened: The date of the event that opened the period (None: never opened).
        met: The date of the event that met it (None: never happened).
        due: The statutory due date counted from ``opened``.
        breached: Whether ``met`` is after ``due``.
        days_late: Calendar days after ``due`` (0 if in time).
        provisional: Whether ``due`` lies past the calendar's horizon.
    """

    key: str
    title_en: str
    points: tuple[str, ...]
    responsible: tuple[str, ...]
    opened: datetime.date | None
    met: datetime.date | None
    due: datetime.date | None
    breached: bool
    days_late: int
    provisional: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""

        def iso(d: datetime.date | None) -> str | None:
            return None if d is None else d.isoformat()

        return {
            "key": self.key,
            "points": list(self.points),
            "responsible": list(self.responsible),
            "opened": iso(self.opened),
            "met": iso(self.met),
            "due": iso(self.due),
            "breached": self.breached,
            "days_late": self.days_late,
            "provisional": self.provisional,
        }


@attrs.frozen
class SimulatedProcedure:
    """One simulated procedure: its events and its steps against their deadlines.

    Attributes:
        index: Its row in the :class:`SimulationResult`.
        initiator: The initiator's kind.
        events: Event name -> date (None: did not happen).
        steps: The steps in order.
        deferrals: How many meetings deferred the decision.
        transferred: Whether the committee decided to transfer.
    """

    index: int
    initiator: str
    events: Mapping[str, datetime.date | None]
    steps: tuple[SimulatedStep, ...]
    deferrals: int
    transferred: bool

    @property
    def letter_received(self) -> datetime.date:
        """The day the letter was received."""
        day = self.events["letter_received"]
        assert day is not None
        return day

    @property
    def route(self) -> str:
        """The route's point, ``"p. 13"`` or ``"p. 14"``."""
        return route_of_code(INITIATOR_KINDS.index(self.initiator)).point

    @property
    def breaches(self) -> tuple[SimulatedStep, ...]:
        """The steps whose deadline was missed."""
        return tuple(s for s in self.steps if s.breached)

    def __getitem__(self, key: str) -> SimulatedStep:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "index": self.index,
            "initiator": self.initiator,
            "route": self.route,
            "events": {k: None if v is None else v.isoformat() for k, v in self.events.items()},
            "steps": [s.to_dict() for s in self.steps],
            "deferrals": self.deferrals,
            "transferred": self.transferred,
        }


@attrs.frozen
class BreachStat:
    """How often one step's deadline was missed.

    Attributes:
        step: The step key.
        points: Its points on the routes simulated.
        applicable: Procedures in which the step was opened.
        breached: Procedures in which it was missed.
        share: ``breached / applicable`` (0 if none applicable).
        mean_days_late: Mean calendar days late among the breaches (0 if none).
        p90_days_late: 90th percentile of days late among the breaches (0 if none).
    """

    step: str
    points: tuple[str, ...]
    applicable: int
    breached: int
    share: float
    mean_days_late: float
    p90_days_late: float


@attrs.frozen
class Summary:
    """Summary statistics of a :class:`SimulationResult`.

    Attributes:
        n: Procedures simulated.
        transferred: Procedures in which the committee decided to transfer.
        lead_time: Days from the letter to the service start among the transferred:
            ``mean``, ``p10``, ``p50`` (the median), ``p90``, ``p95``, ``min``, ``max``.
            All NaN when no procedure reached service start (``n=0``, or every proposal
            rejected).
        breaches: One :class:`BreachStat` per step.
        any_breach_share: Share of procedures with at least one breach.
        provisional_share: Share of procedures with a due date past the calendar's horizon.
        mean_deferrals: Mean number of deferring meetings per procedure.
    """

    n: int
    transferred: int
    lead_time: Mapping[str, float]
    breaches: tuple[BreachStat, ...]
    any_breach_share: float
    provisional_share: float
    mean_deferrals: float

    @property
    def median_lead_time(self) -> float:
        """The median lead time (= ``lead_time["p50"]``; NaN if nothing was transferred)."""
        return self.lead_time["p50"]

    @property
    def has_lead_time(self) -> bool:
        """Whether at least one procedure reached service start (the lead time is known)."""
        return any(math.isfinite(v) for v in self.lead_time.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``json.dumps(..., allow_nan=False)`` accepts it.

        A statistic that is not a number (the lead time when no procedure reached service
        start: ``n=0`` or every proposal rejected) is ``None`` (JSON ``null``), never NaN.
        """
        return {
            "n": self.n,
            "transferred": self.transferred,
            "lead_time_days": {k: _json_number(v) for k, v in self.lead_time.items()},
            "breaches": [
                {
                    k: _json_number(v) if isinstance(v, float) else v
                    for k, v in attrs.asdict(b).items()
                }
                | {"points": list(b.points)}
                for b in self.breaches
            ],
            "any_breach_share": _json_number(self.any_breach_share),
            "provisional_share": _json_number(self.provisional_share),
            "mean_deferrals": _json_number(self.mean_deferrals),
        }

    def to_text(self, lang: str = "en") -> str:
        """A readable summary in ``lang`` (``"en"`` or ``"lv"``).

        When nothing was transferred it says ``no procedure reached service start`` instead
        of lead-time figures. Steps are named and points cited as ``lang`` writes them.

        ``docs/simulation.md`` shows a Latvian summary.

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
        """
        check_language(lang)

        def say(key: str, **values: object) -> str:
            return message(f"simulate.{key}", lang, **values)

        lead = (
            ", ".join(
                say("stat_value", name=say(f"stat.{k}"), value=f"{self.lead_time[k]:.0f}")
                for k in _TEXT_STATS
            )
            if self.has_lead_time
            else say("no_service_start")
        )
        steps = [message(f"step.{b.step}", lang) for b in self.breaches]
        points = [point_labels(b.points, lang) for b in self.breaches]
        sw = max((24, *map(len, steps)))
        pw = max((18, *map(len, points)))
        head = {k: say(f"head.{k}") for k in ("step", "points", "breached", "share", "mean_late")}
        bw, hw, mw = (
            max(w, len(head[k])) for k, w in (("breached", 9), ("share", 7), ("mean_late", 9))
        )
        lines = [
            say("summary_count", n=self.n, transferred=self.transferred),
            say("lead_time", lead=lead),
            f"{head['step']:<{sw}} {head['points']:<{pw}} {head['breached']:>{bw}} "
            f"{head['share']:>{hw}} {head['mean_late']:>{mw}}",
        ]
        for b, step, where in zip(self.breaches, steps, points, strict=True):
            lines.append(
                f"{step:<{sw}} {where:<{pw}} {b.breached:>{bw}} {b.share:>{hw}.1%} "
                f"{b.mean_days_late:>{mw}.1f}"
            )
        lines.append(
            say("any_breach", share=f"{self.any_breach_share:.1%}")
            if self.n
            else say("any_breach_none")
        )
        if self.provisional_share:
            lines.append(say("provisional", share=f"{self.provisional_share:.1%}"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_html(self, lang: str = "en") -> str:
        """The summary as HTML tables in ``lang`` (a notebook shows the English one).

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
        """

        def say(key: str, **values: object) -> str:
            return html_text(key, lang, **values)

        lt = "".join(f"<th>{say(f'stat.{k}')}</th>" for k in self.lead_time)
        lv = "".join(f"<td>{v:.0f}</td>" for v in self.lead_time.values())
        if not self.has_lead_time:
            lt, lv = f"<th>{say('html_lead_time')}</th>", f"<td>{say('no_service_start')}</td>"
        rows = "".join(
            f"<tr><td>{html.escape(message(f'step.{b.step}', lang))}</td>"
            f"<td>{html.escape(point_labels(b.points, lang))}</td>"
            f"<td>{b.applicable}</td><td>{b.breached}</td><td>{b.share:.1%}</td>"
            f"<td>{b.mean_days_late:.1f}</td><td>{b.p90_days_late:.0f}</td></tr>"
            for b in self.breaches
        )
        note = (
            f"<p>{say('html_provisional', share=f'{self.provisional_share:.1%}')}</p>"
            if self.provisional_share
            else ""
        )
        heads = ("step", "points", "opened", "breached", "share", "mean_days_late", "p90_days_late")
        head = "".join(f"<th>{say(f'head.{k}')}</th>" for k in heads)
        count = say(
            "html_count",
            n=self.n,
            transferred=self.transferred,
            share=f"{self.any_breach_share:.1%}",
            deferrals=f"{self.mean_deferrals:.2f}",
        )
        return (
            f"<p>{count}</p>"
            f"<table><caption>{say('html_lead_caption')}</caption>"
            f"<thead><tr>{lt}</tr></thead><tbody><tr>{lv}</tr></tbody></table>"
            f"<table><caption>{say('html_breach_caption')}</caption><thead><tr>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table>{note}"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _days(a: DateArray, b: DateArray) -> IntArray:
    out: IntArray = (a - b).astype("timedelta64[D]").astype(np.int64)
    return out


@attrs.frozen(eq=False)
class SimulationResult:
    """Simulated procedures: one ``datetime64[D]`` array per event and per deadline.

    Attributes:
        letter_received: The letters' dates.
        initiator_codes: Index of each initiator in :data:`INITIATOR_KINDS`.
        events: Event name (see :data:`EVENT_KEYS`) -> dates (NaT: did not happen).
        due: Step key -> statutory due dates, counted from the actual opening event (NaT:
            the step was never opened).
        deferrals: How many meetings deferred each decision.
        transferred: Whether the committee decided to transfer.
        seed: The seed's entropy (reproduces the run with ``simulate(..., seed=seed)``);
            None when a ``Generator`` was passed.
        durations: The distributions used, per step.
        committee_meetings: The meeting calendar (None: drawn durations).
        defer_probability: The chance a meeting defers.
        reject_probability: The chance the committee rejects.
        calendar: The calendar counted on.
    """

    letter_received: DateArray
    initiator_codes: CodeArray
    events: Mapping[str, DateArray]
    due: Mapping[str, DateArray]
    deferrals: IntArray
    transferred: BoolArray
    seed: int | None
    durations: Mapping[str, Distribution]
    committee_meetings: DateArray | None
    defer_probability: float
    reject_probability: float
    calendar: LatvianCalendar = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.letter_received)

    @property
    def step_keys(self) -> tuple[str, ...]:
        """The steps, in order."""
        return tuple(self.due)

    @property
    def initiator(self) -> np.ndarray[Any, np.dtype[np.str_]]:
        """Each procedure's initiator kind."""
        out: np.ndarray[Any, np.dtype[np.str_]] = np.asarray(INITIATOR_KINDS)[self.initiator_codes]
        return out

    def points(self, key: str) -> tuple[str, ...]:
        """The points of step ``key`` on the routes simulated."""
        return points_of(key, self.initiator_codes)

    def opened(self, key: str) -> DateArray:
        """The date of the event that opened step ``key`` (its ``opened_by``; NaT: not opened).

        A decision not to transfer opens nothing (p. 15 applies "when the committee decides
        to transfer").
        """
        event = STEPS[key].opened_by
        dates = self.events[event]
        if event == DECISION_EVENT and not self.transferred.all():
            return np.where(self.transferred, dates, np.datetime64("NaT", "D"))
        return dates

    def met(self, key: str) -> DateArray:
        """The date of the first event that met step ``key`` (its ``met_by``)."""
        found = [self.events[e] for e in STEPS[key].met_by if e in self.events]
        out = found[0]
        for other in found[1:]:
            out = np.fmin(out, other)
        return out

    def breached(self, key: str) -> BoolArray:
        """Whether step ``key`` was done after its due date (False if not applicable)."""
        out: BoolArray = self.met(key) > self.due[key]  # NaT compares False
        return out

    def days_late(self, key: str) -> IntArray:
        """Calendar days by which step ``key`` missed its due date (0 if in time)."""
        late = self.breached(key)
        out = np.zeros(len(self), dtype=np.int64)
        out[late] = _days(self.met(key)[late], self.due[key][late])
        return out

    def provisional(self, key: str) -> BoolArray:
        """Whether the due date of step ``key`` lies past the calendar's horizon."""
        out: BoolArray = self.due[key] > np.datetime64(self.calendar.horizon_end, "D")
        return out

    @property
    def any_breach(self) -> BoolArray:
        """Whether any deadline of each procedure was missed."""
        out: BoolArray = np.logical_or.reduce([self.breached(k) for k in self.step_keys])
        return out

    @property
    def lead_time_days(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Calendar days from the letter to the service start (NaN if not transferred)."""
        out = (self.events["service_started"] - self.letter_received).astype("timedelta64[D]")
        res: np.ndarray[Any, np.dtype[np.float64]] = np.where(
            np.isnat(out), np.nan, out.astype(np.int64).astype(np.float64)
        )
        return res

    def procedure(self, i: int | np.integer[Any]) -> SimulatedProcedure:
        """Procedure ``i`` as plain Python values (for :func:`vkac_flow.views.plot.gantt`).

        Args:
            i: The row (an int; negative counts from the end).

        Raises:
            InputTypeError: ``i`` is not an int (a bool is refused).
            InputError: ``i`` is out of range.
        """
        i = row_index(i, len(self), "procedure")
        code = int(self.initiator_codes[i])
        route = route_of_code(code)
        last_sure = np.datetime64(self.calendar.horizon_end, "D")
        steps = []
        for key in self.step_keys:
            rule = STEPS[key]
            due = self.due[key][i]
            met = self.met(key)[i]
            late = bool(met > due)
            steps.append(
                SimulatedStep(
                    key=key,
                    title_en=rule.title_en,
                    points=rule.points_for(route),
                    responsible=rule.responsible,
                    opened=as_date(self.opened(key)[i]),
                    met=as_date(met),
                    due=as_date(due),
                    breached=late,
                    days_late=int(_days(met, due)) if late else 0,
                    provisional=bool(due > last_sure),
                )
            )
        return SimulatedProcedure(
            index=i,
            initiator=INITIATOR_KINDS[code],
            events={k: as_date(v[i]) for k, v in self.events.items()},
            steps=tuple(steps),
            deferrals=int(self.deferrals[i]),
            transferred=bool(self.transferred[i]),
        )

    def _columns(self, limit: int | None) -> dict[str, Any]:
        sl = slice(None, limit)
        routes = np.asarray([route_of_code(i).point for i in range(len(INITIATOR_KINDS))])
        cols: dict[str, Any] = {
            "initiator": self.initiator[sl],
            "route": routes[self.initiator_codes[sl]],
        }
        for key, values in self.events.items():
            cols[key] = values[sl]
        for key in self.step_keys:
            cols[f"{key}_due"] = self.due[key][sl]
            cols[f"{key}_breached"] = self.breached(key)[sl]
            cols[f"{key}_days_late"] = self.days_late(key)[sl]
            cols[f"{key}_provisional"] = self.provisional(key)[sl]
        cols["deferrals"] = self.deferrals[sl]
        cols["transferred"] = self.transferred[sl]
        cols["lead_time_days"] = self.lead_time_days[sl]
        return cols

    def to_records(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Plain dicts (dates as :class:`datetime.date` or None), one per procedure.

        Args:
            limit: Only the first ``limit`` procedures (a million dicts are heavy).
        """
        cols = self._columns(limit)
        n = len(cols["initiator"])
        lists: dict[str, list[Any]] = {}
        for name, col in cols.items():
            if col.dtype.kind == "M":
                lists[name] = [as_date(v) for v in col]
            elif col.dtype.kind == "f":
                lists[name] = [None if np.isnan(v) else float(v) for v in col]
            else:
                lists[name] = col.tolist()
        return [{name: lists[name][i] for name in cols} for i in range(n)]

    def to_frame(self, limit: int | None = None) -> Any:
        """A pandas ``DataFrame`` (needs pandas), one row per procedure."""
        return data_frame(self._columns(limit))

    def summary(self) -> Summary:
        """Lead times, breach shares per step (with points), provisional share."""
        lead = self.lead_time_days
        done = lead[~np.isnan(lead)]
        if done.size:
            qs = np.percentile(done, [q for _, q in QUANTILES])
            lead_time = {"mean": float(done.mean())}
            lead_time |= {name: float(v) for (name, _), v in zip(QUANTILES, qs, strict=True)}
            lead_time |= {"min": float(done.min()), "max": float(done.max())}
        else:
            lead_time = {k: float("nan") for k in ("mean", *dict(QUANTILES), "min", "max")}
        stats = []
        any_breach = np.zeros(len(self), dtype=bool)
        provisional = np.zeros(len(self), dtype=bool)
        for key in self.step_keys:
            late = self.breached(key)
            any_breach |= late
            provisional |= self.provisional(key)
            applicable = int((~np.isnat(self.due[key])).sum())
            count = int(late.sum())
            days = self.days_late(key)[late]
            stats.append(
                BreachStat(
                    step=key,
                    points=self.points(key),
                    applicable=applicable,
                    breached=count,
                    share=count / applicable if applicable else 0.0,
                    mean_days_late=float(days.mean()) if count else 0.0,
                    p90_days_late=float(np.percentile(days, 90)) if count else 0.0,
                )
            )
        n = len(self)
        return Summary(
            n=n,
            transferred=int(self.transferred.sum()),
            lead_time=lead_time,
            breaches=tuple(stats),
            any_breach_share=float(any_breach.mean()) if n else 0.0,
            provisional_share=float(provisional.mean()) if n else 0.0,
            mean_deferrals=float(self.deferrals.mean()) if n else 0.0,
        )

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        return (
            f"SimulationResult(n={len(self)}, seed={self.seed}, "
            f"committee_meetings={'None' if self.committee_meetings is None else len(self.committee_meetings)}, "
            f"defer_probability={self.defer_probability}, reject_probability={self.reject_probability})"
        )
