"""Write ``network-2027.ipynb`` (without outputs) from the cells below.

Run ``python docs/examples/make_network_2027.py`` after editing a cell; commit both files.
tests/test_notebook.py executes the notebook and checks it is in sync with this script.
"""

from __future__ import annotations

import importlib
import pathlib
import sys
from typing import Any

# nbformat is untyped: use it through Any (mypy --strict)
nbformat: Any = importlib.import_module("nbformat")
v4: Any = importlib.import_module("nbformat.v4")

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOK = HERE / "network-2027.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# 2027 proposals to the 166-centre network: when will the services be live?

**Question.** Suppose about 60 services (or stages of services) are proposed for transfer
to the unified customer service centres during 2027, some by municipalities (route p. 14),
some by institutions or service holders (route p. 13). When will they be provided in the
centres, which statutory deadlines are at risk, and what does the supervisory committee's
meeting calendar (p. 11: *at least twice a year*) do to that?

The network: 166 centres in 35 municipalities (ministry figure, June 2023).

Everything below uses the same rules (`vkac_flow.law.steps.STEPS`, from the regulation's points
13-15) and the same Latvian working-day calendar as the live `TransferProcedure`.

> **Provisional dates.** No Cabinet order transferring working days is known for 2027 or
> later, so every 2027+ date here is *provisional*: a transfer order could still move it by
> a day or two. Add the order with `LatvianCalendar(extra_orders=[TransferOrder(...)])` when
> it is published.""",
    ),
    (
        "code",
        """import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from vkac_flow.calendar import default_calendar
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.simulate import (
    DEFAULT_DURATIONS,
    regular_meetings,
    simulate,
    statutory_timelines,
)
from vkac_flow.views import plot

cal = default_calendar()
print(f"calendar horizon: {cal.horizon} (later dates are provisional)")""",
    ),
    (
        "md",
        """## 1. The statutory timeline of one proposal

A municipality's letter received on 1 March 2027: the latest dates the law allows, each step
using its whole period (p. 14.2: 20 working days; p. 14.3, 15.1, 15.3: one month; p. 15.2:
10 working days).""",
    ),
    (
        "code",
        """one = statutory_timeline("2027-03-01", "municipality")
print(one.to_text())
plot.gantt(one);""",
    ),
    (
        "md",
        """## 2. The latest legal go-live date for every possible letter date in 2027

`statutory_timelines` computes the same timeline for an array of letters at once.""",
    ),
    (
        "code",
        """days = np.arange(np.datetime64("2027-01-01"), np.datetime64("2028-01-01"))
letters = days[cal.is_working_day_array(days)]
legal = statutory_timelines(letters, "municipality").to_frame()
legal["month"] = legal["letter_received"].dt.to_period("M")
legal["legal_lead_days"] = (legal["service_start"] - legal["letter_received"]).dt.days
legal.groupby("month").agg(
    latest_service_start=("service_start", "max"),
    legal_lead_days_max=("legal_lead_days", "max"),
)""",
    ),
    (
        "md",
        """## 3. Simulating the year: two committee meetings a year vs four

Assumptions (illustrative: replace them with measured durations via `Empirical`):

* 60 proposals arrive on working days spread evenly over 2027; 60 % from municipalities,
  40 % from institutions or holders;
* how long each step really takes is drawn from `DEFAULT_DURATIONS` (shown below);
* the committee examines a proposal at its first meeting on or after the day after the
  information is prepared; 10 % of meetings defer a proposal to the next meeting; 10 % of
  proposals are rejected;
* 500 simulated years per scenario (30,000 procedures each).""",
    ),
    (
        "code",
        """for step, dist in DEFAULT_DURATIONS.items():
    print(f"{step:<25} {dist}")

N_PROPOSALS, YEARS = 60, 500
common = {
    "n": N_PROPOSALS * YEARS,
    "start": "2027-01-01",
    "end": "2027-12-31",
    "initiator": {"municipality": 0.6, "institution": 0.4},
    "defer_probability": 0.1,
    "reject_probability": 0.1,
    "seed": 2027,
}
scenarios = {
    "2 meetings a year": simulate(committee_meetings=regular_meetings(2027, 2030, 2), **common),
    "4 meetings a year": simulate(committee_meetings=regular_meetings(2027, 2030, 4), **common),
}
scenarios["2 meetings a year"]""",
    ),
    (
        "code",
        """scenarios["4 meetings a year"]""",
    ),
    (
        "md",
        """## 4. Which deadlines are at risk?

Share of proposals missing each statutory deadline, by step and point. The one-month period
for convening the committee (p. 13.3/14.3) cannot be kept with a fixed calendar of a few
meetings a year: p. 11's minimum of two meetings is far from enough for it.""",
    ),
    (
        "code",
        """rows = []
for name, r in scenarios.items():
    for b in r.summary().breaches:
        rows.append(
            {
                "scenario": name,
                "step": b.step,
                "points": ", ".join(b.points),
                "share breached": round(b.share, 3),
                "mean days late": round(b.mean_days_late, 1),
            }
        )
order = [(b.step, ", ".join(b.points)) for b in scenarios["2 meetings a year"].summary().breaches]
risk = (
    pd.DataFrame(rows)
    .pivot(
        index=["step", "points"], columns="scenario", values=["share breached", "mean days late"]
    )
    .reindex(order)
)
plot.breach_shares(scenarios)
risk""",
    ),
    (
        "code",
        """# The same by route: p. 13 (institution or holder) and p. 14 (municipality)
frame = scenarios["2 meetings a year"].to_frame()
frame.groupby("route")[[c for c in frame.columns if c.endswith("_breached")]].mean().round(3)""",
    ),
    (
        "md",
        """## 5. When are the services live?

Share of the year's proposals provided in the centres by each date (rejected proposals
never go live), and the distribution of the lead time from the letter to the service
start.

Reading the histogram: the bins are a week wide (steps end on working days, so whole-day
bins look spiky), and the axis stops at the 99th percentile of the lead times. A few
proposals deferred meeting after meeting take years (the longest over 1,000 days); they
are not dropped but gathered into the **last bar**, and the legend gives their number and
the longest. The median and p90 lines are those of all proposals. `plot.lead_time_hist(...,
clip=None)` draws the whole range.

The labels of every plot follow your language (`VKAC_LANG`, else the locale); `lang="en"` or
`lang="lv"` chooses one. In Latvian the last bar is the *pēdējais stabiņš*, the median the
*mediāna*, and the steps and points read as the regulation writes them
(`plot.lead_time_hist(scenarios, lang="lv")`).""",
    ),
    (
        "code",
        """fig, axes = plt.subplots(1, 2, figsize=(14, 4))
plot.go_live_curve(scenarios, ax=axes[0])
plot.lead_time_hist(scenarios, ax=axes[1])
fig.tight_layout()

checkpoints = ["2027-06-30", "2027-12-31", "2028-06-30"]
live = pd.DataFrame(
    {
        name: {
            c: float((r.events["service_started"] <= np.datetime64(c)).mean()) for c in checkpoints
        }
        for name, r in scenarios.items()
    }
)
live.index.name = "share live by"
live.round(3)""",
    ),
    (
        "code",
        """lead = pd.DataFrame({name: r.summary().lead_time for name, r in scenarios.items()})
for name, r in scenarios.items():
    s = r.summary()
    worst = max(s.breaches, key=lambda b: b.share)
    print(
        f"{name}: median {s.lead_time['p50']:.0f} days from letter to service start "
        f"(p90 {s.lead_time['p90']:.0f}); most breached: {worst.step} "
        f"({', '.join(worst.points)}) in {worst.share:.0%} of proposals; "
        f"provisional: {s.provisional_share:.0%}"
    )
lead.round(0)""",
    ),
    (
        "md",
        """## 6. An unlucky proposal

The simulated proposal with the longest lead time under two meetings a year: its steps
(green: done in time, red: late) against the statutory periods. The two-year gap between
the committee meeting and the training is the committee deferring the decision meeting
after meeting (p. 11 allows it; the one-month period of p. 13.3/14.3 counts to the first
meeting): the orange triangles mark the deferring meetings, read from the meeting calendar
passed as `meetings=`.""",
    ),
    (
        "code",
        """r2 = scenarios["2 meetings a year"]
worst = int(np.nanargmax(r2.lead_time_days))
proc = r2.procedure(worst)
print(f"deferred by {proc.deferrals} meetings, decided on {proc.events['committee_decided']}")
plot.gantt(proc, meetings=r2.committee_meetings)
pd.DataFrame([s.to_dict() for s in proc.steps])[
    ["key", "points", "opened", "met", "due", "days_late"]
]""",
    ),
    (
        "md",
        """## Conclusions

* With the assumed step durations, the meeting calendar dominates the lead time: four
  meetings a year bring services live months earlier than two (figures printed above).
* The deadline most at risk is the committee meeting within one month of the information
  (p. 13.3/14.3): a fixed calendar of a few meetings a year breaches it for most proposals.
  The other deadlines (p. 13.2/14.2, 15.1, 15.2, 15.3) depend on the assumed durations.
* All 2027+ dates are provisional until the Cabinet's 2027 transfer order is known.""",
    ),
]


def build() -> Any:
    """The notebook, without outputs."""
    cells = [
        v4.new_markdown_cell(src) if kind == "md" else v4.new_code_cell(src) for kind, src in CELLS
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    return nb


def main(argv: list[str] | None = None) -> int:
    """Write the notebook (or with ``--check`` only compare it); return 0 if in sync."""
    args = sys.argv[1:] if argv is None else argv
    text = nbformat.writes(build()) + "\n"
    if "--check" in args:
        return 0 if NOTEBOOK.read_text("utf-8") == text else 1
    NOTEBOOK.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
