"""Vectorised timelines and Monte Carlo simulation of transfers (the ``sim`` extra: numpy).

The same rules (:data:`vkac_flow.law.steps.STEPS`) and the same calendar
(:class:`~vkac_flow.calendar.LatvianCalendar` and its
:class:`~vkac_flow.calendar.arrays.ArrayIndex`) as the live procedures, over numpy arrays:

* :func:`statutory_timelines` -- the statutory timeline of many letters at once;
* :func:`simulate` -- Monte Carlo procedures with drawn step durations, an optional
  committee meeting calendar, deferrals and rejections; every step checked against its
  deadline counted from the actual events;
* distributions :class:`Fixed`, :class:`Uniform`, :class:`Triangular`, :class:`Empirical`;
* :func:`regular_meetings` -- a committee calendar of N meetings a year (p. 11).

See ``docs/simulation.md``. This package imports numpy; ``import vkac_flow`` does not.
"""

from __future__ import annotations

from vkac_flow.simulate._arrays import INITIATOR_KINDS
from vkac_flow.simulate.distributions import (
    UNITS,
    Distribution,
    Empirical,
    Fixed,
    Triangular,
    Uniform,
)
from vkac_flow.simulate.engine import (
    DEFAULT_DURATIONS,
    CommitteeScheduleWarning,
    regular_meetings,
    simulate,
)
from vkac_flow.simulate.result import (
    EVENT_KEYS,
    BreachStat,
    SimulatedProcedure,
    SimulatedStep,
    SimulationResult,
    Summary,
)
from vkac_flow.simulate.timelines import StatutoryTimelines, statutory_timelines

__all__ = [
    "DEFAULT_DURATIONS",
    "EVENT_KEYS",
    "INITIATOR_KINDS",
    "UNITS",
    "BreachStat",
    "CommitteeScheduleWarning",
    "Distribution",
    "Empirical",
    "Fixed",
    "SimulatedProcedure",
    "SimulatedStep",
    "SimulationResult",
    "StatutoryTimelines",
    "Summary",
    "Triangular",
    "Uniform",
    "regular_meetings",
    "simulate",
    "statutory_timelines",
]
