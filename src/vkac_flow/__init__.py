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

if TYPE_CHECKING:
    # Explicit re-exports (``X as X``) of every lazily loaded name, for type checkers.
    from vkac_flow.calendar import DayInfo as DayInfo
    from vkac_flow.calendar import DayKind as DayKind
    from vkac_flow.calendar import LatvianCalendar as LatvianCalendar
    from vkac_flow.calendar import TransferOrder as TransferOrder
    from vkac_flow.calendar import default_calendar as default_calendar
    from vkac_flow.calendar.dates import to_date as to_date
    from vkac_flow.calendar.dates import today_in_riga as today_in_riga
    from vkac_flow.calendar.deadline import Deadline as Deadline
    from vkac_flow.calendar.deadline import ExplanationStep as ExplanationStep
    from vkac_flow.calendar.deadline import RollPolicy as RollPolicy
    from vkac_flow.calendar.periods import Days as Days
    from vkac_flow.calendar.periods import Months as Months
    from vkac_flow.calendar.periods import Period as Period
    from vkac_flow.calendar.periods import WorkingDays as WorkingDays
    from vkac_flow.errors import CalendarDataError as CalendarDataError
    from vkac_flow.errors import ConcurrentUpdateError as ConcurrentUpdateError
    from vkac_flow.errors import DateFormatError as DateFormatError
    from vkac_flow.errors import DateOutOfRangeError as DateOutOfRangeError
    from vkac_flow.errors import EventDateError as EventDateError
    from vkac_flow.errors import EventInputTypeError as EventInputTypeError
    from vkac_flow.errors import HistoryError as HistoryError
    from vkac_flow.errors import IllegalTransitionError as IllegalTransitionError
    from vkac_flow.errors import InputError as InputError
    from vkac_flow.errors import InputTypeError as InputTypeError
    from vkac_flow.errors import InvalidPeriodError as InvalidPeriodError
    from vkac_flow.errors import LanguageError as LanguageError
    from vkac_flow.errors import NaiveDatetimeError as NaiveDatetimeError
    from vkac_flow.errors import ProcedureError as ProcedureError
    from vkac_flow.errors import RegisterError as RegisterError
    from vkac_flow.errors import RuleViolationError as RuleViolationError
    from vkac_flow.errors import SchemaVersionError as SchemaVersionError
    from vkac_flow.errors import UnknownPointError as UnknownPointError
    from vkac_flow.errors import UnknownProcedureError as UnknownProcedureError
    from vkac_flow.errors import VkacFlowError as VkacFlowError
    from vkac_flow.law.calendars import MunicipalCalendars as MunicipalCalendars
    from vkac_flow.law.calendars import calendar_for as calendar_for
    from vkac_flow.law.calendars import municipal_calendars as municipal_calendars
    from vkac_flow.law.centres import Centre as Centre
    from vkac_flow.law.centres import CentreRegistry as CentreRegistry
    from vkac_flow.law.centres import CentreType as CentreType
    from vkac_flow.law.centres import DuplicateCentreError as DuplicateCentreError
    from vkac_flow.law.centres import UnknownCentreError as UnknownCentreError
    from vkac_flow.law.centres import synthetic_network as synthetic_network
    from vkac_flow.law.committee import CommitteeRecordCheck as CommitteeRecordCheck
    from vkac_flow.law.committee import check_committee_record as check_committee_record
    from vkac_flow.law.committee import meeting_shortfalls as meeting_shortfalls
    from vkac_flow.law.committee import survey_gaps as survey_gaps
    from vkac_flow.law.duties import Duty as Duty
    from vkac_flow.law.duties import DutyKind as DutyKind
    from vkac_flow.law.duties import DutyRole as DutyRole
    from vkac_flow.law.duties import check_centre_staffing as check_centre_staffing
    from vkac_flow.law.duties import duties_for as duties_for
    from vkac_flow.law.duties import hours_change_notice as hours_change_notice
    from vkac_flow.law.duties import notice_ok as notice_ok
    from vkac_flow.law.duties import periodic_status as periodic_status
    from vkac_flow.law.duties import staff_assignment_notice as staff_assignment_notice
    from vkac_flow.law.parties import Institution as Institution
    from vkac_flow.law.parties import Party as Party
    from vkac_flow.law.parties import PartyKind as PartyKind
    from vkac_flow.law.regulation import PROCEDURE_POINTS as PROCEDURE_POINTS
    from vkac_flow.law.regulation import REGULATION as REGULATION
    from vkac_flow.law.regulation import REGULATION_IN_FORCE as REGULATION_IN_FORCE
    from vkac_flow.law.regulation import Point as Point
    from vkac_flow.law.regulation import Regulation as Regulation
    from vkac_flow.law.regulation import TextVersion as TextVersion
    from vkac_flow.law.regulation import cite as cite
    from vkac_flow.law.regulation import ministry_name as ministry_name
    from vkac_flow.law.services import Service as Service
    from vkac_flow.law.services import ServiceCategory as ServiceCategory
    from vkac_flow.law.services import minimum_basket_service as minimum_basket_service
    from vkac_flow.law.steps import STEPS as STEPS
    from vkac_flow.law.steps import Route as Route
    from vkac_flow.law.steps import StatutoryStep as StatutoryStep
    from vkac_flow.law.steps import route_for as route_for
    from vkac_flow.law.version import rules_version as rules_version
    from vkac_flow.procedures.base import Breach as Breach
    from vkac_flow.procedures.base import EventRecord as EventRecord
    from vkac_flow.procedures.base import Obligation as Obligation
    from vkac_flow.procedures.base import ObligationStatus as ObligationStatus
    from vkac_flow.procedures.base import Procedure as Procedure
    from vkac_flow.procedures.base import UnregisteredCentreError as UnregisteredCentreError
    from vkac_flow.procedures.base import close_centre_names as close_centre_names
    from vkac_flow.procedures.documents import dump_bundle as dump_bundle
    from vkac_flow.procedures.documents import json_document as json_document
    from vkac_flow.procedures.documents import load_bundle as load_bundle
    from vkac_flow.procedures.documents import load_document as load_document
    from vkac_flow.procedures.documents import load_procedure as load_procedure
    from vkac_flow.procedures.documents import loads_procedure as loads_procedure
    from vkac_flow.procedures.exclusion import ExclusionFacts as ExclusionFacts
    from vkac_flow.procedures.exclusion import ExclusionProcedure as ExclusionProcedure
    from vkac_flow.procedures.exclusion import ExclusionRoute as ExclusionRoute
    from vkac_flow.procedures.projections import WaitingPeriod as WaitingPeriod
    from vkac_flow.procedures.projections import WaitingStatus as WaitingStatus
    from vkac_flow.procedures.reading import audit_record_from_dict as audit_record_from_dict
    from vkac_flow.procedures.records import AuditRecord as AuditRecord
    from vkac_flow.procedures.records import CorrectionRefusedError as CorrectionRefusedError
    from vkac_flow.procedures.records import UnknownEventError as UnknownEventError
    from vkac_flow.procedures.snapshot import Snapshot as Snapshot
    from vkac_flow.procedures.timeline import Timeline as Timeline
    from vkac_flow.procedures.timeline import TimelineStep as TimelineStep
    from vkac_flow.procedures.timeline import statutory_timeline as statutory_timeline
    from vkac_flow.procedures.transfer import TransferFacts as TransferFacts
    from vkac_flow.procedures.transfer import TransferProcedure as TransferProcedure
    from vkac_flow.register.core import Register as Register
    from vkac_flow.register.ledger import ScopeChange as ScopeChange
    from vkac_flow.register.ledger import ScopeConflictError as ScopeConflictError
    from vkac_flow.register.ledger import ScopeInterval as ScopeInterval
    from vkac_flow.register.ledger import ScopeLedger as ScopeLedger
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

# The public API, loaded on first access (PEP 562): ``import vkac_flow`` itself imports
# nothing but the version, so that a process using one part (the ``vkac-flow timeline``
# command, a script importing ``vkac_flow.calendar``) does not pay for every layer; every
# name below is imported from its module the first time it is read.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("DayInfo", "DayKind", "LatvianCalendar", "TransferOrder", "default_calendar"),
        "vkac_flow.calendar",
    ),
    **dict.fromkeys(("to_date", "today_in_riga"), "vkac_flow.calendar.dates"),
    **dict.fromkeys(("Deadline", "ExplanationStep", "RollPolicy"), "vkac_flow.calendar.deadline"),
    **dict.fromkeys(("Days", "Months", "Period", "WorkingDays"), "vkac_flow.calendar.periods"),
    **dict.fromkeys(
        (
            "CalendarDataError",
            "ConcurrentUpdateError",
            "DateFormatError",
            "DateOutOfRangeError",
            "EventDateError",
            "EventInputTypeError",
            "HistoryError",
            "IllegalTransitionError",
            "InputError",
            "InputTypeError",
            "InvalidPeriodError",
            "LanguageError",
            "NaiveDatetimeError",
            "ProcedureError",
            "RegisterError",
            "RuleViolationError",
            "SchemaVersionError",
            "UnknownPointError",
            "UnknownProcedureError",
            "VkacFlowError",
        ),
        "vkac_flow.errors",
    ),
    **dict.fromkeys(
        ("MunicipalCalendars", "calendar_for", "municipal_calendars"), "vkac_flow.law.calendars"
    ),
    **dict.fromkeys(
        (
            "Centre",
            "CentreRegistry",
            "CentreType",
            "DuplicateCentreError",
            "UnknownCentreError",
            "synthetic_network",
        ),
        "vkac_flow.law.centres",
    ),
    **dict.fromkeys(
        ("CommitteeRecordCheck", "check_committee_record", "meeting_shortfalls", "survey_gaps"),
        "vkac_flow.law.committee",
    ),
    **dict.fromkeys(
        (
            "Duty",
            "DutyKind",
            "DutyRole",
            "check_centre_staffing",
            "duties_for",
            "hours_change_notice",
            "notice_ok",
            "periodic_status",
            "staff_assignment_notice",
        ),
        "vkac_flow.law.duties",
    ),
    **dict.fromkeys(("Institution", "Party", "PartyKind"), "vkac_flow.law.parties"),
    **dict.fromkeys(
        (
            "PROCEDURE_POINTS",
            "REGULATION",
            "REGULATION_IN_FORCE",
            "Point",
            "Regulation",
            "TextVersion",
            "cite",
            "ministry_name",
        ),
        "vkac_flow.law.regulation",
    ),
    **dict.fromkeys(
        ("Service", "ServiceCategory", "minimum_basket_service"), "vkac_flow.law.services"
    ),
    **dict.fromkeys(("STEPS", "Route", "StatutoryStep", "route_for"), "vkac_flow.law.steps"),
    **dict.fromkeys(("rules_version",), "vkac_flow.law.version"),
    **dict.fromkeys(
        (
            "Breach",
            "EventRecord",
            "Obligation",
            "ObligationStatus",
            "Procedure",
            "UnregisteredCentreError",
            "close_centre_names",
        ),
        "vkac_flow.procedures.base",
    ),
    **dict.fromkeys(
        (
            "dump_bundle",
            "json_document",
            "load_bundle",
            "load_document",
            "load_procedure",
            "loads_procedure",
        ),
        "vkac_flow.procedures.documents",
    ),
    **dict.fromkeys(
        ("ExclusionFacts", "ExclusionProcedure", "ExclusionRoute"), "vkac_flow.procedures.exclusion"
    ),
    **dict.fromkeys(("WaitingPeriod", "WaitingStatus"), "vkac_flow.procedures.projections"),
    **dict.fromkeys(("audit_record_from_dict",), "vkac_flow.procedures.reading"),
    **dict.fromkeys(
        ("AuditRecord", "CorrectionRefusedError", "UnknownEventError"),
        "vkac_flow.procedures.records",
    ),
    **dict.fromkeys(("Snapshot",), "vkac_flow.procedures.snapshot"),
    **dict.fromkeys(
        ("Timeline", "TimelineStep", "statutory_timeline"), "vkac_flow.procedures.timeline"
    ),
    **dict.fromkeys(("TransferFacts", "TransferProcedure"), "vkac_flow.procedures.transfer"),
    **dict.fromkeys(
        ("ScopeChange", "ScopeConflictError", "ScopeInterval", "ScopeLedger"),
        "vkac_flow.register.ledger",
    ),
}

# Names of the `sim` extra: loaded on first access, so that importing vkac_flow never
# imports numpy (use ``from vkac_flow.simulate import simulate`` for the simulator). They
# are not in __all__, so ``from vkac_flow import *`` works without numpy.
_LAZY.update(
    dict.fromkeys(
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
)
# the register needs SQLAlchemy (the ``register`` extra): imported on first use only
_LAZY.update(dict.fromkeys(("Register",), "vkac_flow.register.core"))
# the `feeds` extra (icalendar, Jinja2): loaded on first access, like the register
_LAZY.update(dict.fromkeys(("ics_feed", "write_ics"), "vkac_flow.views.ics"))
_LAZY.update(dict.fromkeys(("report_html", "write_report"), "vkac_flow.views.report"))
_LAZY.update(dict.fromkeys(("ProcedureSet",), "vkac_flow.views.sources"))


# The layers, as attributes (``vkac_flow.procedures.transfer``) as when ``import vkac_flow``
# imported them all: each is imported on first access.
_SUBPACKAGES = frozenset(
    {"calendar", "errors", "law", "messages", "procedures", "register", "simulate", "views"}
)


def __getattr__(name: str) -> Any:
    """Load a public name (and the optional extras' names, and the layers) on first access."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"vkac_flow.{name}")  # binds itself as an attribute
    raise AttributeError(f"module 'vkac_flow' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, the lazily loaded ones included."""
    return sorted({*globals(), *_LAZY})


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
