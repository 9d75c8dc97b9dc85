"""Plots for notebooks (vkac_flow.views.plot), drawn with the Agg backend."""

from __future__ import annotations

import datetime

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from vkac_flow.errors import InputTypeError
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
