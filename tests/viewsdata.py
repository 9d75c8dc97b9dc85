"""Real procedures for the feed and report tests (tests/test_ics.py, tests/test_report.py)."""

from __future__ import annotations

import datetime

from vkac_flow import ExclusionProcedure, Party, Service, TransferProcedure
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.procedures.base import Procedure

TODAY = datetime.date(2026, 12, 1)
HOSTILE = 'Ceļi <b id="injected">&amp; "SIA" \'x\'</b>'


def clock() -> datetime.date:
    return TODAY


def procedures() -> list[Procedure]:
    """Four procedures: a late step (a breach), an overdue one, a provisional date, an ended one."""
    holder = Party.service_holder(HOSTILE)
    road = TransferProcedure.propose(
        Service("Road permit", holder), initiator=holder, procedure_id="road-1", clock=clock
    )
    road.letter_received("2026-03-02")
    road.centres_surveyed("2026-03-10", centres=["Cēsis", "Valmiera"])
    road.information_prepared("2026-04-10")  # due 2026-03-30: late (p. 13.2)
    road.committee_decided("2026-04-20", approved=True, centres=["Cēsis"])
    passport = TransferProcedure.propose(
        Service("Passport", Party.institution("PMLP")),
        initiator=Party.municipality("Cēsu novads"),
        procedure_id="pass-2",
        clock=clock,
    )
    passport.letter_received("2026-10-01")  # information due 2026-10-29: overdue on TODAY
    late_year = LatvianCalendar().horizon_end - datetime.timedelta(days=3)
    future = TransferProcedure.propose(
        Service("Fishing licence", Party.service_holder("Valsts vides dienests & Co")),
        initiator=Party.service_holder("Valsts vides dienests & Co"),
        procedure_id="fish-3",
        clock=lambda: late_year,
    )
    future.letter_received(late_year)  # due past the calendar's horizon: provisional
    done = TransferProcedure.propose(
        Service("Old permit", holder), initiator=holder, procedure_id="old-4", clock=clock
    )
    done.letter_received("2026-03-02")
    done.withdrawn("2026-03-05")
    return [road, passport, future, done]


def exclusion() -> Procedure:
    svc = Service("Dog registration", Party.service_holder("Lauksaimniecības datu centrs"))
    return ExclusionProcedure.propose(
        svc, initiator=svc.holder, centres=["Cēsis"], procedure_id="dog-5", clock=clock
    )
