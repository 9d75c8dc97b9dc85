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
This module imports matplotlib; ``import vkac_flow`` does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from vkac_flow.errors import InputTypeError
from vkac_flow.procedures.timeline import Timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from vkac_flow.simulate import SimulationResult

__all__ = ["breach_shares", "gantt", "go_live_curve", "lead_time_hist"]

_PERIOD = "#c6dbef"
_ON_TIME = "#31a354"
_LATE = "#de2d26"
_OPEN = "#9e9ac8"


@attrs.frozen
class _Bar:
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


def _date_axis(ax: Axes, mdates: Any) -> None:
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _label(key: str, points: tuple[str, ...]) -> str:
    return f"{key.replace('_', ' ')}\n{', '.join(points)}"


def _bars(obj: Any, as_of: object) -> tuple[list[_Bar], str]:
    if isinstance(obj, Timeline):
        bars = [
            _Bar(_label(s.key, s.points), s.deadline.start, s.due, None, False, s.provisional)
            for s in obj.steps
        ]
        title = (
            f"Statutory timeline: letter {obj.letter_received.isoformat()}, {obj.initiator} "
            f"({obj.route.point})"
        )
        return bars, title
    steps = getattr(obj, "steps", None)
    if steps is not None and hasattr(obj, "deferrals"):  # a SimulatedProcedure
        bars = [
            _Bar(_label(s.key, s.points), s.opened, s.due, s.met, s.breached, s.provisional)
            for s in steps
            if s.opened is not None and s.due is not None
        ]
        title = (
            f"Simulated procedure #{obj.index}: letter {obj.letter_received.isoformat()}, "
            f"{obj.initiator} ({obj.route})"
        )
        return bars, title
    if callable(getattr(obj, "obligations", None)):  # a live Procedure
        bars = [
            _Bar(
                _label(o.key, o.points),
                o.deadline.start,
                o.due,
                o.done if o.event is not None and o.status.value.startswith("met") else None,
                o.status.is_breach or o.status.value == "overdue",
                o.deadline.provisional,
            )
            for o in obj.obligations(as_of)
        ]
        return bars, f"{type(obj).__name__}: {getattr(obj, 'state', '')}"
    raise InputTypeError(
        "gantt takes a Timeline, a SimulatedProcedure (SimulationResult.procedure(i)) or a "
        f"procedure with obligations(), got {type(obj).__name__}"
    )


def gantt(obj: Any, ax: Axes | None = None, *, as_of: object = None) -> Axes:
    """A Gantt chart of one procedure's steps against their statutory deadlines.

    Each step is a light bar from the event that opens its period to its due date; when
    the step was done (simulated or live), a bar from the opening to the act, green if in
    time and red if late. Provisional due dates (past the calendar's horizon) are hatched.

    Args:
        obj: A :class:`~vkac_flow.procedures.timeline.Timeline`, a simulated procedure
            (``SimulationResult.procedure(i)``) or a live procedure (``obligations(as_of)``).
        ax: The Axes to draw on (default: a new figure).
        as_of: For a live procedure, the day to judge open steps on (default its clock).

    Returns:
        The matplotlib Axes.

    Raises:
        InputTypeError: ``obj`` is none of these.
    """
    from matplotlib.patches import Patch

    mdates = _mdates()

    bars, title = _bars(obj, as_of)
    ax = _axes(ax)
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
        elif bar.late:
            ax.plot([due], [y], marker="x", color=_LATE)
    ax.set_yticks(range(len(bars)), [b.label for b in bars], fontsize=8)
    ax.invert_yaxis()
    _date_axis(ax, mdates)
    ax.set_title(title, fontsize=10)
    handles = [
        Patch(color=_PERIOD, label="statutory period (| = due date)"),
        Patch(color=_ON_TIME, label="done in time"),
        Patch(color=_LATE, label="done late (breach)"),
    ]
    if any(b.provisional for b in bars):
        handles.append(
            Patch(facecolor=_PERIOD, hatch="//", label="provisional (no transfer order known)")
        )
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=len(handles),
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
    bins: int = 40,
) -> Axes:
    """Histogram of the days from the letter to the service start (transferred only).

    Args:
        results: A :class:`~vkac_flow.simulate.SimulationResult`, or ``{label: result}``
            to overlay scenarios.
        ax: The Axes to draw on (default: a new figure).
        bins: The number of bins.

    Returns:
        The matplotlib Axes, with the median and the 90th percentile marked.
    """
    import numpy as np

    ax = _axes(ax)
    scenarios = _scenarios(results)
    done = {k: r.lead_time_days[~np.isnan(r.lead_time_days)] for k, r in scenarios.items()}
    values = [v for v in done.values() if v.size]
    if values:
        lo = min(float(v.min()) for v in values)
        hi = max(float(v.max()) for v in values)
        edges = np.linspace(lo, max(hi, lo + 1), bins + 1)
        for (label, days), color in zip(
            done.items(), ("C0", "C1", "C2", "C3", "C4", "C5") * 4, strict=False
        ):
            if not days.size:
                continue
            p50, p90 = np.percentile(days, [50, 90])
            name = f"{label}: " if label else ""
            ax.hist(days, bins=edges.tolist(), alpha=0.5, color=color, label=f"{name}n={days.size}")
            ax.axvline(p50, color=color, linestyle="-", label=f"{name}median {p50:.0f} d")
            ax.axvline(p90, color=color, linestyle="--", label=f"{name}p90 {p90:.0f} d")
    ax.set_xlabel("days from letter received to service start")
    ax.set_ylabel("procedures")
    ax.set_title("Lead time, letter to service start (p. 13-15)", fontsize=10)
    if values:
        ax.legend(fontsize=7)
    return ax


def go_live_curve(
    results: SimulationResult | Mapping[str, SimulationResult],
    ax: Axes | None = None,
    *,
    share: bool = True,
) -> Axes:
    """How many services are live in the centres by each date (p. 15.3 service start).

    Args:
        results: A result, or ``{label: result}`` to compare scenarios.
        ax: The Axes to draw on (default: a new figure).
        share: Plot the share of all simulated procedures (default) or the count.

    Returns:
        The matplotlib Axes.
    """
    import numpy as np

    mdates = _mdates()

    ax = _axes(ax)
    for label, r in _scenarios(results).items():
        starts = np.sort(r.events["service_started"][~np.isnat(r.events["service_started"])])
        if not starts.size:
            continue
        days, counts = np.unique(starts, return_counts=True)
        y = np.cumsum(counts) / (len(r) if share else 1)
        x = mdates.date2num(days.astype("datetime64[D]").astype(datetime.date))
        ax.step(x, y, where="post", label=label or None)
    _date_axis(ax, mdates)
    ax.set_ylabel("share of proposals live" if share else "services live")
    ax.set_title("Services live in the centres (p. 15.3)", fontsize=10)
    if isinstance(results, Mapping):
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def breach_shares(
    results: SimulationResult | Mapping[str, SimulationResult],
    ax: Axes | None = None,
) -> Axes:
    """The share of procedures that miss each statutory deadline, labelled with its points.

    Args:
        results: A result, or ``{label: result}`` to compare scenarios (grouped bars).
        ax: The Axes to draw on (default: a new figure).

    Returns:
        The matplotlib Axes.
    """
    import numpy as np

    ax = _axes(ax)
    scenarios = _scenarios(results)
    summaries = {k: r.summary() for k, r in scenarios.items()}
    first = next(iter(summaries.values()))
    labels = [_label(b.step, b.points) for b in first.breaches]
    x = np.arange(len(labels))
    width = 0.8 / max(len(summaries), 1)
    for j, (label, s) in enumerate(summaries.items()):
        shares = [b.share for b in s.breaches]
        ax.bar(x + (j - (len(summaries) - 1) / 2) * width, shares, width, label=label or None)
    ax.set_xticks(x, labels, fontsize=7)
    ax.set_ylabel("share of procedures breaching")
    ax.set_ylim(0, 1)
    ax.set_title("Statutory deadlines missed, by step and point", fontsize=10)
    if isinstance(results, Mapping):
        ax.legend(fontsize=8)
    return ax
