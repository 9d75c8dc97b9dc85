"""The full transfer of benchmarks/procedures.py (propose -> completed), for the tests.

One scenario shared by the tests that count what a completed procedure keeps
(tests/test_procedure_gc.py) and pin its records (tests/test_history_tuples_review.py).
"""

from __future__ import annotations

import datetime

from vkac_flow.calendar import default_calendar
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures.transfer import TransferProcedure

D = datetime.date
SERVICE = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
MUNI = Party.municipality("Cēsu novads")

EVENTS: tuple[tuple[str, datetime.date, dict[str, object]], ...] = (
    ("letter_received", D(2026, 3, 2), {}),
    ("readiness_confirmed", D(2026, 3, 9), {}),
    ("centres_surveyed", D(2026, 3, 16), {"centres": ["Cēsis", "Valmiera"]}),
    ("information_prepared", D(2026, 3, 20), {}),
    ("committee_decided", D(2026, 4, 16), {"approved": True, "centres": ["Cēsis"]}),
    ("training_completed", D(2026, 5, 8), {}),
    ("material_uploaded", D(2026, 5, 15), {}),
    ("service_started", D(2026, 6, 1), {"centre": "Cēsis"}),
)
"""The eight events, their days and data, as a table."""


def clock() -> datetime.date:
    """The tests' today: the last day of 2026."""
    return D(2026, 12, 31)


def completed(procedure_id: str | None = None) -> TransferProcedure:
    """The transfer after its eight events (state ``completed``)."""
    p = TransferProcedure.propose(
        SERVICE,
        initiator=MUNI,
        calendar=default_calendar(),
        clock=clock,
        procedure_id=procedure_id,
    )
    for event, day, data in EVENTS:
        getattr(p, event)(day, **data)
    assert p.state == "completed"
    return p
