"""Plots for notebooks (the ``plot`` extra: matplotlib): timelines, lead times, breaches.

* :func:`gantt` -- one procedure's steps against their deadlines: a statutory
  :class:`~vkac_flow.procedures.timeline.Timeline`, one simulated procedure
  (:meth:`SimulationResult.procedure(i) <vkac_flow.simulate.SimulationResult.procedure>`)
  or a live procedure (anything with ``obligations(as_of)``, e.g. a ``TransferProcedure``);
* :func:`lead_time_hist` -- the distribution of days from letter to service start;
* :func:`go_live_curve` -- how many services are live by each date;
* :func:`breach_shares` -- the share of procedures missing each statutory deadline, by point.

Every function draws on ``ax`` (or a new figure) and returns the ``Axes``. The functions
that take simulation results also take a mapping ``{label: result}`` to compare scenarios.
Every label, title and legend is in the language ``lang`` (``"lv"`` or ``"en"``; default
:func:`~vkac_flow.messages.choose_language`: ``VKAC_LANG``, else the locale, else English),
the steps named and the points cited as that language writes them ("14.2. apakšpunkts").
This module imports matplotlib; ``import vkac_flow`` does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vkac_flow.errors import InputError, InputTypeError, echo
from vkac_flow.messages import (
    Text,
    catalogue,
    choose_language,
    count,
    message,
    point_label,
    point_labels,
)
from vkac_flow.procedures.timeline import Timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from vkac_flow.simulate import SimulationResult

__all__ = ["breach_shares", "gantt", "go_live_curve", "lead_time_hist"]

_PERIOD = "#c6dbef"
_ON_TIME = "#31a354"
_LATE = "#de2d26"
_OPEN = "#9e9ac8"
_DEFERRED = "#e6550d"


@attrs.frozen
class _Bar:
    key: str
    label: str
    start: datetime.date
    due: datetime.date
    end: datetime.date | None
    late: bool
    provisional: bool


def _axes(ax: Axes | None, size: tuple[float, float] = (9.0, 4.0)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, new = plt.subplots(figsize=size)
    return new


def _mdates() -> Any:
    # matplotlib.dates is untyped; keep it Any for mypy --strict.
    import matplotlib.dates

    return matplotlib.dates


def _date_axis(ax: Axes, mdates: Any, lang: str) -> None:
    """Concise date ticks; the month written as ``lang``'s catalogue says (``plot.date``)."""
    month, month_day = _say("date.month", lang), _say("date.month_day", lang)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", month, "%d", "%H:%M", "%H:%M", "%S.%f"],
        offset_formats=["", "%Y", f"%Y-{month}", month_day, month_day, f"{month_day} %H:%M"],
    )
    ax.xaxis.set_major_formatter(formatter)


def _say(key: str, lang: str, /, **values: object) -> str:
    return message(f"plot.{key}", lang, **values)


def _label(key: str, points: tuple[str, ...], lang: str) -> str:
    """A step's label: its name and its points, in ``lang``."""
    known = f"plot.step.{key}" in catalogue(lang)
    step = _say(f"step.{key}", lang) if known else key.replace("_", " ")
    cited = point_labels(points, lang)
    return _say("step_label", lang, step=step, points=cited)


@attrs.frozen
class _Deferrals:
    """The committee meetings that deferred the decision, as far as they are known."""

    row: int  # the committee meeting's bar
    days: tuple[datetime.date, ...]  # the deferring meetings drawn
    count: int  # how many meetings deferred (may exceed len(days) without a calendar)
    decided: datetime.date | None


def _meeting_dates(meetings: object) -> list[datetime.date]:
    from vkac_flow.calendar.dates import to_date

    if isinstance(meetings, str | bytes) or not hasattr(meetings, "__iter__"):
        raise InputTypeError(Text("error.plot.meetings_type", kind=type(meetings).__name__))
    out = []
    for m in meetings:
        if hasattr(m, "dtype"):  # a numpy datetime64 scalar
            m = m.astype("datetime64[D]").item()
        out.append(to_date(m))
    return sorted(out)


def _deferrals(obj: Any, bars: list[_Bar], meetings: object) -> _Deferrals | None:
    row = next((i for i, b in enumerate(bars) if b.key == "committee_meeting"), None)
    if row is None:
        return None
    if isinstance(obj, Timeline):
        return None
    if hasattr(obj, "deferrals") and hasattr(obj, "events"):  # a SimulatedProcedure
        count = int(obj.deferrals)
        first = obj.events.get("committee_deferred")
        decided = obj.events.get("committee_decided")
        if count == 0 or first is None:
            return None
        if meetings is None:
            return _Deferrals(row, (first,), count, decided)
        # deferral-to-next-meeting: the deferring meetings are the calendar's meetings from
        # the first deferral up to (not including) the deciding one.
        days = tuple(
            d for d in _meeting_dates(meetings) if first <= d and (decided is None or d < decided)
        )
        return _Deferrals(row, days, count, decided)
    history = getattr(obj, "history", ())
    days = tuple(r.date for r in history if r.event == "committee_deferred")
    decided = next((r.date for r in history if r.event == "committee_decided"), None)
    return _Deferrals(row, days, len(days), decided) if days else None


def _initiator(kind: str, lang: str) -> str:
    """An initiator's kind in ``lang`` (as written when the catalogue does not know it)."""
    return message(f"initiator.{kind}", lang) if f"initiator.{kind}" in catalogue(lang) else kind


def _bars(obj: Any, as_of: object, lang: str) -> tuple[list[_Bar], str]:
    if isinstance(obj, Timeline):
        bars = [
            _Bar(
                s.key,
                _label(s.key, s.points, lang),
                s.deadline.start,
                s.due,
                None,
                False,
                s.provisional,
            )
            for s in obj.steps
        ]
        title = _say(
            "title_timeline",
            lang,
            date=obj.letter_received.isoformat(),
            initiator=_initiator(obj.initiator, lang),
            point=point_label(obj.route.point, lang),
        )
        return bars, title
    steps = getattr(obj, "steps", None)
    if steps is not None and hasattr(obj, "deferrals"):  # a SimulatedProcedure
        bars = [
            _Bar(
                s.key,
                _label(s.key, s.points, lang),
                s.opened,
                s.due,
                s.met,
                s.breached,
                s.provisional,
            )
            for s in steps
            if s.opened is not None and s.due is not None
        ]
        title = _say(
            "title_simulated",
            lang,
            index=obj.index,
            date=obj.letter_received.isoformat(),
            initiator=_initiator(obj.initiator, lang),
            point=point_label(obj.route, lang),
        )
        return bars, title
    if callable(getattr(obj, "obligations", None)):  # a live Procedure
        bars = [
            _Bar(
                o.key,
                _label(o.key, o.points, lang),
                o.deadline.start,
                o.due,
                o.done if o.event is not None and o.status.value.startswith("met") else None,
                o.status.is_breach or o.status.value == "overdue",
                o.deadline.provisional,
            )
            for o in obj.obligations(as_of)
        ]
        state = str(getattr(obj, "state", ""))
        if f"state.{state}" in catalogue(lang):
            state = message(f"state.{state}", lang)
        return bars, _say("title_live", lang, kind=type(obj).__name__, state=state)
    raise InputTypeError(Text("error.plot.gantt_type", kind=type(obj).__name__))


def gantt(
    obj: Any,
    ax: Axes | None = None,
    *,
    as_of: object = None,
    meetings: object = None,
    lang: str | None = None,
) -> Axes:
    """A Gantt chart of one procedure's steps against their statutory deadlines.

    Each step is a light bar from the event that opens its period to its due date; when
    the step was done (simulated or live), a bar from the opening to the act, green if in
    time and red if late; an open step past its due date is marked with a red cross.
    Provisional due dates (past the calendar's horizon) are hatched. Committee meetings
    that deferred the decision (p. 11, 13.3/14.3) are marked with orange triangles on the
    committee meeting's row, joined by a dotted line to the meeting that decided (if any). The
    legend lists only what is drawn.

    Args:
        obj: A :class:`~vkac_flow.procedures.timeline.Timeline`, a simulated procedure
            (``SimulationResult.procedure(i)``) or a live procedure (``obligations(as_of)``).
        ax: The Axes to draw on (default: a new figure).
        as_of: For a live procedure, the day to judge open steps on (default its clock).
        meetings: For a simulated procedure, the committee's meeting calendar (for
            example ``SimulationResult.committee_meetings``): every deferring meeting is
            marked. Without it only the first deferral (the one a simulated procedure
            records) is marked and the legend gives the number of deferrals. A live
            procedure's deferrals are read from its history.
        lang: The language of the labels, title and legend (``"lv"`` or ``"en"``;
            default :func:`~vkac_flow.messages.choose_language`).

    Returns:
        The matplotlib Axes.

    Raises:
        InputTypeError: ``obj`` is none of these, or ``meetings`` is not a sequence of
            dates.
        MessageError: ``lang`` (or ``VKAC_LANG``) is another language.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    mdates = _mdates()

    lang = choose_language(lang)
    bars, title = _bars(obj, as_of, lang)
    deferred = _deferrals(obj, bars, meetings)
    ax = _axes(ax)
    drawn: set[str] = set()
    for y, bar in enumerate(bars):
        start = mdates.date2num(bar.start)
        due = mdates.date2num(bar.due)
        ax.barh(
            y,
            max(due - start, 0.5),
            left=start,
            height=0.6,
            color=_PERIOD,
            edgecolor="#6baed6",
            hatch="//" if bar.provisional else None,
        )
        drawn.add("period")
        if bar.provisional:
            drawn.add("provisional")
        ax.plot([due, due], [y - 0.4, y + 0.4], color="black", linewidth=1.5)
        if bar.end is not None:
            end = mdates.date2num(bar.end)
            ax.barh(
                y,
                max(end - start, 0.5),
                left=start,
                height=0.25,
                color=_LATE if bar.late else _ON_TIME,
            )
            drawn.add("late" if bar.late else "on_time")
        elif bar.late:
            ax.plot([due], [y], marker="x", color=_LATE, linestyle="none", markersize=8)
            drawn.add("overdue")
    if deferred is not None:
        y = deferred.row
        xs = [mdates.date2num(d) for d in deferred.days]
        if xs:  # joined up to the deciding meeting (or, undecided, the last deferral)
            last = xs[-1] if deferred.decided is None else mdates.date2num(deferred.decided)
            ax.plot(
                [xs[0], last],
                [y, y],
                color=_DEFERRED,
                linestyle=":",
                linewidth=1.2,
            )
        ax.plot(
            xs,
            [y] * len(xs),
            marker="v",
            color=_DEFERRED,
            linestyle="none",
            markersize=7,
            gid="deferral",
        )
        drawn.add("deferral")
    ax.set_yticks(range(len(bars)), [b.label for b in bars], fontsize=8)
    ax.invert_yaxis()
    _date_axis(ax, mdates, lang)
    ax.set_title(title, fontsize=10)
    handles: list[Any] = []
    if "period" in drawn:
        handles.append(Patch(color=_PERIOD, label=_say("period", lang)))
    if "provisional" in drawn:
        handles.append(Patch(facecolor=_PERIOD, hatch="//", label=_say("provisional", lang)))
    if "on_time" in drawn:
        handles.append(Patch(color=_ON_TIME, label=_say("on_time", lang)))
    if "late" in drawn:
        handles.append(Patch(color=_LATE, label=_say("late", lang)))
    if "overdue" in drawn:
        handles.append(
            Line2D(
                [],
                [],
                marker="x",
                color=_LATE,
                linestyle="none",
                label=_say("overdue", lang),
            )
        )
    if deferred is not None:
        n = deferred.count
        key = "plot.deferrals" if len(deferred.days) == n else "plot.deferrals_first"
        handles.append(
            Line2D(
                [],
                [],
                marker="v",
                color=_DEFERRED,
                linestyle=":",
                label=count(key, lang, n),
            )
        )
    if handles:
        ax.legend(
            handles=handles,
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=min(len(handles), 3),
            frameon=False,
        )
    return ax


def _scenarios(results: Any) -> dict[str, SimulationResult]:
    if isinstance(results, Mapping):
        return {str(k): v for k, v in results.items()}
    return {"": results}


def lead_time_hist(
    results: SimulationResult | Mapping[str, SimulationResult],
    ax: Axes | None = None,
    *,
    bin_days: int = 7,
    clip: float | None = 0.99,
    bins: int | None = None,
    lang: str | None = None,
) -> Axes:
    """Histogram of the days from the letter to the service start (transferred only).

    The bins are ``bin_days`` wide (a week by default: whole-day bins are spiky, because
    the steps end on working days). A few procedures deferred meeting after meeting can
    take years; so that they do not squeeze the rest into a corner, the axis stops at the
    ``clip`` quantile of the lead times (rounded up to a whole bin) and the longer ones are
    gathered into the last bar, labelled with their count and the longest. No procedure is
    dropped: the bars add up to every transferred procedure, and the median and the 90th
    percentile are those of all of them.

    Args:
        results: A :class:`~vkac_flow.simulate.SimulationResult`, or ``{label: result}``
            to overlay scenarios.
        ax: The Axes to draw on (default: a new figure).
        bin_days: The width of a bin in days (a positive int; 7: a week).
        clip: The quantile, in (0, 1], at which the axis stops (the longer lead times go
            into the last bar); ``None`` or 1: no clipping, the axis reaches the longest.
        bins: A number of equal bins instead of ``bin_days`` wide ones (the old behaviour).
        lang: The language of the labels (default :func:`~vkac_flow.messages.choose_language`).

    Returns:
        The matplotlib Axes, with the median and the 90th percentile marked.

    Raises:
        InputTypeError: ``bin_days`` or ``bins`` is not an int, or ``clip`` not a number.
        InputError: ``bin_days`` or ``bins`` is below 1, or ``clip`` outside (0, 1].
        MessageError: ``lang`` (or ``VKAC_LANG``) is another language.
    """
    import numpy as np

    for name, value in (("bin_days", bin_days), ("bins", bins)):
        if value is None and name == "bins":
            continue
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise InputTypeError(Text("error.plot.expected_int", name=name, value=echo(value)))
        if value < 1:
            raise InputError(Text("error.plot.at_least_one", name=name, value=echo(value)))
    if clip is not None:
        if isinstance(clip, bool) or not isinstance(clip, int | float | np.number):
            raise InputTypeError(Text("error.plot.clip_type", value=echo(clip)))
        if not 0 < float(clip) <= 1:
            raise InputError(Text("error.plot.clip_range", value=echo(clip)))
    lang = choose_language(lang)

    ax = _axes(ax)
    scenarios = _scenarios(results)
    done = {k: r.lead_time_days[~np.isnan(r.lead_time_days)] for k, r in scenarios.items()}
    values = [v for v in done.values() if v.size]
    if values:
        every = np.concatenate(values)
        lo, longest = float(every.min()), float(every.max())
        top = longest if clip is None else float(np.quantile(every, float(clip)))
        if bins is not None:
            hi = max(top, lo + 1)
            edges = np.linspace(lo, hi, int(bins) + 1)
        else:
            width = int(bin_days)
            first = np.floor(lo / width) * width
            n_bins = max(int(np.ceil((top - first) / width)), 1)
            if first + n_bins * width <= top:  # top on an edge: keep it inside the last bin
                n_bins += 1
            edges = first + width * np.arange(n_bins + 1, dtype=np.float64)
        hi = float(edges[-1])
        last_top = 0.0
        for (label, days), color in zip(
            done.items(), ("C0", "C1", "C2", "C3", "C4", "C5") * 4, strict=False
        ):
            if not days.size:
                continue
            p50, p90 = np.percentile(days, [50, 90])
            name = _say("scenario", lang, label=label) if label else ""
            over = int((days > hi).sum())
            shown = (
                _say(
                    "hist_count_over",
                    lang,
                    name=name,
                    n=days.size,
                    over=over,
                    hi=f"{hi:.0f}",
                    longest=f"{float(days.max()):.0f}",
                )
                if over
                else _say("hist_count", lang, name=name, n=days.size)
            )
            counts, _edges, _bars = ax.hist(
                np.minimum(days, hi),
                bins=edges.tolist(),
                alpha=0.5,
                color=color,
                label=shown,
            )
            last_top = max(last_top, float(counts[-1]))
            median = _say("hist_median", lang, name=name, days=f"{p50:.0f}")
            ax.axvline(p50, color=color, linestyle="-", label=median)
            p90_label = _say("hist_p90", lang, name=name, days=f"{p90:.0f}")
            ax.axvline(p90, color=color, linestyle="--", label=p90_label)
        ax.set_xlim(float(edges[0]), hi)
        if any(bool((v > hi).any()) for v in values):
            ax.annotate(
                _say("hist_overflow", lang, hi=f"{hi:.0f}"),
                xy=(hi, last_top),
                xytext=(-2, 3),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
                gid="overflow",
            )
    if bins is not None:
        width_text = _say("bins_equal", lang, n=int(bins))
    elif bin_days == 7:
        width_text = _say("bins_weekly", lang)
    else:
        width_text = count("plot.bins_days", lang, int(bin_days))
    ax.set_xlabel(_say("hist_xlabel", lang, bins=width_text))
    ax.set_ylabel(_say("hist_ylabel", lang))
    ax.set_title(_say("hist_title", lang), fontsize=10)
    if values:
        ax.legend(fontsize=7, loc="upper right")
    return ax


def go_live_curve(
    results: SimulationResult | Mapping[str, SimulationResult],
    ax: Axes | None = None,
    *,
    share: bool = True,
    lang: str | None = None,
) -> Axes:
    """How many services are live in the centres by each date (p. 15.3 service start).

    Args:
        results: A result, or ``{label: result}`` to compare scenarios.
        ax: The Axes to draw on (default: a new figure).
        share: Plot the share of all simulated procedures (default) or the count.
        lang: The language of the labels (default :func:`~vkac_flow.messages.choose_language`).

    Returns:
        The matplotlib Axes.

    Raises:
        MessageError: ``lang`` (or ``VKAC_LANG``) is another language.
    """
    import numpy as np

    mdates = _mdates()
    lang = choose_language(lang)

    ax = _axes(ax)
    for label, r in _scenarios(results).items():
        starts = np.sort(r.events["service_started"][~np.isnat(r.events["service_started"])])
        if not starts.size:
            continue
        days, counts = np.unique(starts, return_counts=True)
        y = np.cumsum(counts) / (len(r) if share else 1)
        x = mdates.date2num(days.astype("datetime64[D]").astype(datetime.date))
        ax.step(x, y, where="post", label=label or None)
    _date_axis(ax, mdates, lang)
    ax.set_ylabel(_say("live_share" if share else "live_count", lang))
    ax.set_title(_say("live_title", lang), fontsize=10)
    if isinstance(results, Mapping):
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def breach_shares(
    results: SimulationResult | Mapping[str, SimulationResult],
    ax: Axes | None = None,
    *,
    lang: str | None = None,
) -> Axes:
    """The share of procedures that miss each statutory deadline, labelled with its points.

    Args:
        results: A result, or ``{label: result}`` to compare scenarios (grouped bars).
        ax: The Axes to draw on (default: a new figure).
        lang: The language of the labels (default :func:`~vkac_flow.messages.choose_language`).

    Returns:
        The matplotlib Axes.

    Raises:
        MessageError: ``lang`` (or ``VKAC_LANG``) is another language.
    """
    import numpy as np

    lang = choose_language(lang)
    ax = _axes(ax)
    scenarios = _scenarios(results)
    summaries = {k: r.summary() for k, r in scenarios.items()}
    first = next(iter(summaries.values()))
    labels = [_label(b.step, b.points, lang) for b in first.breaches]
    x = np.arange(len(labels))
    width = 0.8 / max(len(summaries), 1)
    for j, (label, s) in enumerate(summaries.items()):
        shares = [b.share for b in s.breaches]
        ax.bar(x + (j - (len(summaries) - 1) / 2) * width, shares, width, label=label or None)
    ax.set_xticks(x, labels, fontsize=7)
    ax.set_ylabel(_say("breach_ylabel", lang))
    ax.set_ylim(0, 1)
    ax.set_title(_say("breach_title", lang), fontsize=10)
    if isinstance(results, Mapping):
        ax.legend(fontsize=8)
    return ax
