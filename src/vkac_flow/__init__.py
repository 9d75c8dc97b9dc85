"""vkac_flow: the Latvian VPVKAC regulation (points 12-16) as executable policy logic.

The regulation on unified customer service centres (VPVKAC) sets how a public service is
transferred to the centres (p. 12-15) and excluded from them (p. 16). vkac_flow models
these procedures as state machines on the Latvian working-day calendar: it computes every
statutory deadline and explains it, rejects illegal steps with the point they break, keeps
an audit trail, and simulates timelines in bulk.

>>> from vkac_flow import statutory_timeline
>>> statutory_timeline("2026-03-02", "institution")["information"].due
datetime.date(2026, 3, 30)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vkac_flow._version import __version__
from vkac_flow.calendar import (
    DayInfo,
    DayKind,
    LatvianCalendar,
    TransferOrder,
    default_calendar,
)
from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.calendar.deadline import Deadline, ExplanationStep, RollPolicy
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import (
    CalendarDataError,
    ConcurrentUpdateError,
    DateFormatError,
    DateOutOfRangeError,
    EventDateError,
    EventInputTypeError,
    HistoryError,
    IllegalTransitionError,
    InputError,
    InputTypeError,
    InvalidPeriodError,
    LanguageError,
    NaiveDatetimeError,
    ProcedureError,
    RegisterError,
    RuleViolationError,
    SchemaVersionError,
    UnknownPointError,
    UnknownProcedureError,
    VkacFlowError,
)
from vkac_flow.law.calendars import MunicipalCalendars, calendar_for, municipal_calendars
from vkac_flow.law.centres import (
    Centre,
    CentreRegistry,
    CentreType,
    DuplicateCentreError,
    UnknownCentreError,
    synthetic_network,
)
from vkac_flow.law.committee import (
    CommitteeRecordCheck,
    check_committee_record,
    meeting_shortfalls,
    survey_gaps,
)
from vkac_flow.law.duties import (
    Duty,
    DutyKind,
    DutyRole,
    check_centre_staffing,
    duties_for,
    hours_change_notice,
    notice_ok,
    periodic_status,
    staff_assignment_notice,
)
from vkac_flow.law.parties import Institution, Party, PartyKind
from vkac_flow.law.regulation import (
    PROCEDURE_POINTS,
    REGULATION,
    REGULATION_IN_FORCE,
    Point,
    Regulation,
    TextVersion,
    cite,
    ministry_name,
)
from vkac_flow.law.services import Service, ServiceCategory, minimum_basket_service
from vkac_flow.law.steps import STEPS, Route, StatutoryStep, route_for
from vkac_flow.law.version import rules_version
from vkac_flow.procedures.base import (
    Breach,
    EventRecord,
    Obligation,
    ObligationStatus,
    Procedure,
    UnregisteredCentreError,
    close_centre_names,
)
from vkac_flow.procedures.documents import (
    dump_bundle,
    json_document,
    load_bundle,
    load_document,
    load_procedure,
    loads_procedure,
)
from vkac_flow.procedures.exclusion import ExclusionFacts, ExclusionProcedure, ExclusionRoute
from vkac_flow.procedures.projections import WaitingPeriod, WaitingStatus
from vkac_flow.procedures.reading import audit_record_from_dict
from vkac_flow.procedures.records import (
    AuditRecord,
    CorrectionRefusedError,
    UnknownEventError,
)
from vkac_flow.procedures.snapshot import Snapshot
from vkac_flow.procedures.timeline import Timeline, TimelineStep, statutory_timeline
from vkac_flow.procedures.transfer import TransferFacts, TransferProcedure
from vkac_flow.register.ledger import ScopeChange, ScopeConflictError, ScopeInterval, ScopeLedger

if TYPE_CHECKING:
    # Explicit re-exports (``X as X``) of the lazily loaded names, for type checkers.
    from vkac_flow.register.core import Register as Register
    from vkac_flow.simulate import Empirical as Empirical
    from vkac_flow.simulate import Fixed as Fixed
    from vkac_flow.simulate import SimulationResult as SimulationResult
    from vkac_flow.simulate import StatutoryTimelines as StatutoryTimelines
    from vkac_flow.simulate import Triangular as Triangular
    from vkac_flow.simulate import Uniform as Uniform
    from vkac_flow.simulate import regular_meetings as regular_meetings
    from vkac_flow.simulate import statutory_timelines as statutory_timelines
    from vkac_flow.views.ics import ics_feed as ics_feed
    from vkac_flow.views.ics import write_ics as write_ics
    from vkac_flow.views.report import report_html as report_html
    from vkac_flow.views.report import write_report as write_report
    from vkac_flow.views.sources import ProcedureSet as ProcedureSet

# Names of the `sim` extra: loaded on first access, so that importing vkac_flow never
# imports numpy (use ``from vkac_flow.simulate import simulate`` for the simulator). They
# are not in __all__, so ``from vkac_flow import *`` works without numpy.
_LAZY = dict.fromkeys(
    (
        "Empirical",
        "Fixed",
        "SimulationResult",
        "StatutoryTimelines",
        "Triangular",
        "Uniform",
        "regular_meetings",
        "statutory_timelines",
    ),
    "vkac_flow.simulate",
)
# the register needs SQLAlchemy (the ``register`` extra): imported on first use only
_LAZY.update(dict.fromkeys(("Register",), "vkac_flow.register.core"))
# the `feeds` extra (icalendar, Jinja2): loaded on first access, like the register
_LAZY.update(dict.fromkeys(("ics_feed", "write_ics"), "vkac_flow.views.ics"))
_LAZY.update(dict.fromkeys(("report_html", "write_report"), "vkac_flow.views.report"))
_LAZY.update(dict.fromkeys(("ProcedureSet",), "vkac_flow.views.sources"))


def __getattr__(name: str) -> Any:
    """Load the names of the optional ``sim`` extra on first access."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vkac_flow' has no attribute {name!r}")


__all__ = [
    "PROCEDURE_POINTS",
    "REGULATION",
    "REGULATION_IN_FORCE",
    "STEPS",
    "AuditRecord",
    "Breach",
    "CalendarDataError",
    "Centre",
    "CentreRegistry",
    "CentreType",
    "CommitteeRecordCheck",
    "ConcurrentUpdateError",
    "CorrectionRefusedError",
    "DateFormatError",
    "DateOutOfRangeError",
    "DayInfo",
    "DayKind",
    "Days",
    "Deadline",
    "DuplicateCentreError",
    "Duty",
    "DutyKind",
    "DutyRole",
    "EventDateError",
    "EventInputTypeError",
    "EventRecord",
    "ExclusionFacts",
    "ExclusionProcedure",
    "ExclusionRoute",
    "ExplanationStep",
    "HistoryError",
    "IllegalTransitionError",
    "InputError",
    "InputTypeError",
    "Institution",
    "InvalidPeriodError",
    "LanguageError",
    "LatvianCalendar",
    "Months",
    "MunicipalCalendars",
    "NaiveDatetimeError",
    "Obligation",
    "ObligationStatus",
    "Party",
    "PartyKind",
    "Period",
    "Point",
    "Procedure",
    "ProcedureError",
    "Register",
    "RegisterError",
    "Regulation",
    "RollPolicy",
    "Route",
    "RuleViolationError",
    "SchemaVersionError",
    "ScopeChange",
    "ScopeConflictError",
    "ScopeInterval",
    "ScopeLedger",
    "Service",
    "ServiceCategory",
    "Snapshot",
    "StatutoryStep",
    "TextVersion",
    "Timeline",
    "TimelineStep",
    "TransferFacts",
    "TransferOrder",
    "TransferProcedure",
    "UnknownCentreError",
    "UnknownEventError",
    "UnknownPointError",
    "UnknownProcedureError",
    "UnregisteredCentreError",
    "VkacFlowError",
    "WaitingPeriod",
    "WaitingStatus",
    "WorkingDays",
    "__version__",
    "audit_record_from_dict",
    "calendar_for",
    "check_centre_staffing",
    "check_committee_record",
    "cite",
    "close_centre_names",
    "default_calendar",
    "dump_bundle",
    "duties_for",
    "hours_change_notice",
    "json_document",
    "load_bundle",
    "load_document",
    "load_procedure",
    "loads_procedure",
    "meeting_shortfalls",
    "minimum_basket_service",
    "ministry_name",
    "municipal_calendars",
    "notice_ok",
    "periodic_status",
    "route_for",
    "rules_version",
    "staff_assignment_notice",
    "statutory_timeline",
    "survey_gaps",
    "synthetic_network",
    "to_date",
    "today_in_riga",
]
