"""Plots for notebooks (vkac_flow.views.plot), drawn with the Agg backend."""

from __future__ import annotations

import datetime
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from vkac_flow.errors import InputError, InputTypeError
from vkac_flow.law.steps import TRANSFER_STEP_KEYS
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import Fixed, SimulationResult, regular_meetings, simulate
from vkac_flow.views import plot


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield None
    plt.close("all")


def _result(per_year: int, **kw: object) -> SimulationResult:
    return simulate(
        n=300,
        start="2027-01-01",
        end="2027-12-31",
        committee_meetings=regular_meetings(2027, 2030, per_year),
        seed=5,
        **kw,  # type: ignore[arg-type]
    )


def _ytick_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_gantt_of_a_statutory_timeline() -> None:
    t = statutory_timeline("2026-12-01", "municipality")
    ax = plot.gantt(t)
    assert isinstance(ax, Axes)
    labels = _ytick_labels(ax)
    assert len(labels) == len(TRANSFER_STEP_KEYS)
    assert "p. 14.2" in labels[0]
    assert "p. 15.3" in labels[-1]
    assert "2026-12-01" in ax.get_title()
    legend = ax.get_legend()
    assert legend is not None
    assert any("provisional" in x.get_text() for x in legend.get_texts())


def test_gantt_of_a_simulated_procedure_marks_breaches_red() -> None:
    r = simulate(
        ["2026-03-02"],
        "institution",
        durations={"information": Fixed(25, "working_days")},
        seed=0,
    )
    _fig, ax = plt.subplots()
    out = plot.gantt(r.procedure(0), ax=ax)
    assert out is ax
    assert "p. 13.2" in _ytick_labels(ax)[0]
    red = [p for p in ax.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb("#de2d26")]
    assert len(red) == int(r.procedure(0).breaches.__len__()) >= 1


def test_gantt_skips_steps_never_opened() -> None:
    r = _result(4, reject_probability=0.99)
    i = int(np.flatnonzero(~r.transferred)[0])
    ax = plot.gantt(r.procedure(i))
    assert len(_ytick_labels(ax)) == 2  # information and committee meeting only


def test_gantt_refuses_other_objects() -> None:
    with pytest.raises(InputTypeError, match="gantt"):
        plot.gantt("2026-01-01")


def test_lead_time_hist_single_and_compared() -> None:
    two, four = _result(2), _result(4)
    ax = plot.lead_time_hist(two)
    assert isinstance(ax, Axes)
    assert ax.patches
    ax2 = plot.lead_time_hist({"2 a year": two, "4 a year": four}, bins=20)
    legend = ax2.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert any(t.startswith("2 a year: median") for t in texts)
    assert any(t.startswith("4 a year: p90") for t in texts)


def test_go_live_curve_reaches_the_transferred_share() -> None:
    r = _result(4, reject_probability=0.2)
    ax = plot.go_live_curve({"4 a year": r})
    (line,) = ax.get_lines()
    assert np.asarray(line.get_ydata())[-1] == pytest.approx(r.transferred.mean())
    counts = plot.go_live_curve(r, share=False)
    assert np.asarray(counts.get_lines()[0].get_ydata())[-1] == r.transferred.sum()


def test_breach_shares_bars_follow_the_summary() -> None:
    r = _result(2)
    ax = plot.breach_shares(r)
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert heights == pytest.approx([b.share for b in r.summary().breaches])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "p. 14.3" in labels[1]
    grouped = plot.breach_shares({"a": r, "b": _result(4)})
    assert len(grouped.patches) == 2 * len(TRANSFER_STEP_KEYS)


def test_plots_of_an_empty_result() -> None:
    empty = simulate(n=0, start="2027-01-01", end="2027-01-31", seed=0)
    assert isinstance(plot.lead_time_hist(empty), Axes)
    assert isinstance(plot.go_live_curve(empty), Axes)


def test_gantt_of_a_live_transfer_procedure() -> None:
    from vkac_flow.law.parties import Party
    from vkac_flow.law.services import Service
    from vkac_flow.procedures.transfer import TransferProcedure

    holder = Party.service_holder("Latvijas Valsts ceļi")
    p = TransferProcedure.propose(
        Service("Road permit", holder),
        initiator=Party.municipality("Cēsu novads"),
        clock=lambda: datetime.date(2026, 12, 31),
    )
    p.letter_received("2026-03-02")
    p.readiness_confirmed("2026-03-05")
    p.centres_surveyed("2026-03-10", centres=["Cēsis"])
    p.information_prepared("2026-04-15")  # late: 20 working days end on 2026-03-30
    ax = plot.gantt(p, as_of="2026-06-01")
    labels = _ytick_labels(ax)
    assert len(labels) == 2
    assert "p. 14.2" in labels[0]
    red = [pt for pt in ax.patches if pt.get_facecolor()[:3] == matplotlib.colors.to_rgb("#de2d26")]
    assert len(red) == 1
    assert "TransferProcedure" in ax.get_title()


def _legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_gantt_legend_lists_only_what_is_drawn() -> None:
    # A statutory timeline: nothing is done, so no "done in time/late" entry.
    texts = _legend_texts(plot.gantt(statutory_timeline("2027-03-01", "municipality")))
    assert not [t for t in texts if t.startswith("done")]
    assert not [t for t in texts if "overdue" in t]
    assert texts[0].startswith("statutory period")
    # A simulated procedure done in time and late: both entries, no overdue marker.
    r = simulate(
        ["2026-03-02"], "institution", durations={"information": Fixed(25, "working_days")}, seed=0
    )
    texts = _legend_texts(plot.gantt(r.procedure(0)))
    assert "done in time" in texts
    assert "done late (breach)" in texts
    assert not [t for t in texts if "overdue" in t]


def test_gantt_marks_and_lists_an_overdue_open_step() -> None:
    from vkac_flow.law.parties import Party
    from vkac_flow.law.services import Service
    from vkac_flow.procedures.transfer import TransferProcedure

    p = TransferProcedure.propose(
        Service("Road permit", Party.service_holder("Latvijas Valsts ceļi")),
        initiator=Party.municipality("Cēsu novads"),
        clock=lambda: datetime.date(2026, 12, 31),
    )
    p.letter_received("2026-03-02")  # information due 2026-03-30, still not prepared
    ax = plot.gantt(p, as_of="2026-06-01")
    crosses = [ln for ln in ax.get_lines() if ln.get_marker() == "x"]
    assert len(crosses) == 1
    texts = _legend_texts(ax)
    assert "overdue (not done, past due)" in texts
    assert not [t for t in texts if t.startswith("done")]


def _deferred_procedure() -> tuple[SimulationResult, int]:
    r = simulate(
        n=400,
        start="2027-01-01",
        end="2027-12-31",
        committee_meetings=regular_meetings(2027, 2030, 4),
        defer_probability=0.3,
        seed=11,
    )
    i = int(np.flatnonzero(r.deferrals >= 3)[0])
    return r, i


def _deferral_marks(ax: Axes) -> list[datetime.date]:
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "deferral"]
    num2date: Any = mdates.num2date  # untyped in matplotlib
    return [num2date(x).date() for x in np.asarray(line.get_xdata(), dtype=float)]


def test_gantt_marks_every_deferring_meeting_given_the_calendar() -> None:
    r, i = _deferred_procedure()
    proc = r.procedure(i)
    ax = plot.gantt(proc, meetings=r.committee_meetings)
    marks = _deferral_marks(ax)
    assert len(marks) == proc.deferrals
    assert marks[0] == proc.events["committee_deferred"]
    decided = proc.events["committee_decided"]
    assert decided is not None
    assert all(m < decided for m in marks)
    assert r.committee_meetings is not None
    meetings = {d.item() for d in r.committee_meetings}
    assert set(marks) <= meetings
    # all on the committee meeting's row
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "deferral"]
    row = next(k for k, t in enumerate(_ytick_labels(ax)) if t.startswith("committee meeting"))
    assert set(np.asarray(line.get_ydata()).tolist()) == {row}
    assert f"{proc.deferrals} committee meetings deferred the decision (p. 11)" in _legend_texts(ax)


def test_gantt_without_the_calendar_marks_the_first_deferral_and_says_how_many() -> None:
    r, i = _deferred_procedure()
    proc = r.procedure(i)
    ax = plot.gantt(proc)
    assert _deferral_marks(ax) == [proc.events["committee_deferred"]]
    assert any(f"first marked; {proc.deferrals} in all" in t for t in _legend_texts(ax))
    undeferred = r.procedure(int(np.flatnonzero(r.deferrals == 0)[0]))
    ax2 = plot.gantt(undeferred, meetings=r.committee_meetings)
    assert not [ln for ln in ax2.get_lines() if ln.get_gid() == "deferral"]
    assert not [t for t in _legend_texts(ax2) if "deferred" in t]
    with pytest.raises(InputTypeError, match="meetings"):
        plot.gantt(proc, meetings="2027-06-15")


def test_gantt_marks_the_deferrals_of_a_live_procedure() -> None:
    from vkac_flow.law.parties import Party
    from vkac_flow.law.services import Service
    from vkac_flow.procedures.transfer import TransferProcedure

    p = TransferProcedure.propose(
        Service("Road permit", Party.service_holder("Latvijas Valsts ceļi")),
        initiator=Party.municipality("Cēsu novads"),
        clock=lambda: datetime.date(2026, 12, 31),
    )
    p.letter_received("2026-03-02")
    p.readiness_confirmed("2026-03-05")
    p.centres_surveyed("2026-03-10", centres=["Cēsis"])
    p.information_prepared("2026-03-20")
    p.committee_deferred("2026-04-15")
    p.committee_deferred("2026-06-10")
    ax = plot.gantt(p, as_of="2026-07-01")
    assert _deferral_marks(ax) == [datetime.date(2026, 4, 15), datetime.date(2026, 6, 10)]


def _hist_bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_lead_time_hist_bins_by_week_and_clips_the_long_tail() -> None:
    r = simulate(
        n=2000,
        start="2027-01-01",
        end="2027-12-31",
        committee_meetings=regular_meetings(2027, 2030, 2),
        defer_probability=0.2,
        seed=3,
    )
    days = r.lead_time_days[~np.isnan(r.lead_time_days)]
    ax = plot.lead_time_hist(r)
    bars = _hist_bars(ax)
    assert {round(b.get_width(), 9) for b in bars} == {7.0}  # weekly bins
    assert sum(b.get_height() for b in bars) == days.size  # nothing dropped
    _lo, hi = ax.get_xlim()
    assert hi < days.max()  # the long tail is clipped ...
    assert hi >= np.quantile(days, 0.99)  # ... at the 99th percentile
    assert hi - np.quantile(days, 0.99) <= 7
    over = int((days > hi).sum())
    assert over > 0
    assert bars[-1].get_height() >= over  # gathered in the last bar, and said so
    assert any(f"{over} over {hi:.0f} d in the last bar" in t for t in _legend_texts(ax))
    assert any(t.get_text().startswith("last bar") for t in ax.texts)
    assert "weekly bins" in ax.get_xlabel()
    # percentiles of every procedure, not of the clipped axis
    assert any(t == f"p90 {np.percentile(days, 90):.0f} d" for t in _legend_texts(ax))
    full = plot.lead_time_hist(r, clip=None)
    assert full.get_xlim()[1] >= days.max()
    assert not full.texts


def test_lead_time_hist_refuses_bad_options() -> None:
    r = _result(4)
    with pytest.raises(InputError, match="bin_days"):
        plot.lead_time_hist(r, bin_days=0)
    with pytest.raises(InputTypeError, match="bin_days"):
        plot.lead_time_hist(r, bin_days=7.5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="clip"):
        plot.lead_time_hist(r, clip=1.5)
    with pytest.raises(InputTypeError, match="clip"):
        plot.lead_time_hist(r, clip="0.9")  # type: ignore[arg-type]
