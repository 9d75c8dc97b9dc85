"""The transfer of a service to the centres (p. 12-15) as a state machine with deadlines.

A municipality, an institution or a service holder proposes (p. 12); the route is p. 13
(institution or holder) or p. 14 (municipality). The ministry receives the letter
(p. 13.1/14.1) and within 20 working days prepares the information (p. 13.2/14.2): the
holder's readiness (p. 13.2.1/14.2.1) and the number of centres willing to provide the
service (p. 13.2.2/14.2.2). Within a month the committee meets (p. 13.3/14.3) and decides
(p. 10.1). After a decision to transfer, training within a month (p. 15.1), methodological
material within 10 working days of the end of training (p. 15.2) and the start of the service
in each approved centre within a month of it (p. 15.3).

>>> from datetime import date
>>> from vkac_flow.law.parties import Party
>>> from vkac_flow.law.services import Service
>>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
>>> p = TransferProcedure.propose(svc, initiator=svc.holder, clock=lambda: date(2026, 12, 31))
>>> p.letter_received(date(2026, 3, 2))
>>> p.state, p.allowed_events()
('information_gathering', ('centres_surveyed', 'withdrawn'))

Interpretations (named, documented in ``docs/transfer.md``, tested):

* :data:`MINIMUM_BASKET_POLICY` -- a minimum-basket service cannot be proposed: it is already
  provided in every centre (p. 2.6, 7.1); p. 10.1 and 12 concern the other services (p. 7.3).
* :data:`MUNICIPAL_POLICY` -- a municipal service (p. 7.2) is designated by the municipality
  itself; proposing it through p. 12-15 is refused.
* :data:`DEFERRAL_POLICY` -- the first committee meeting after the information meets the
  one-month period of p. 13.3/14.3 even if it defers; no statutory deadline then applies to a
  later meeting (p. 11's "at least twice a year" is a general duty, not a deadline of this
  procedure), so nothing is projected after a deferral.
* :data:`DECLINED_POLICY` -- after the holder declines (p. 13.2.1/14.2.1) no centres are
  surveyed (p. 13.2.2/14.2.2); the information is prepared with the refusal and the committee
  can then only reject.
* :data:`APPROVAL_CENTRES_POLICY` -- p. 13.2.2/14.2.2 ask the ministry for the *number*
  ("skaitu") of willing centres, and p. 10.1 for a decision on the transfer; neither says
  where. This module keeps the names of the willing centres and requires an approval to name
  at least one centre, each of them a surveyed, willing one (and a rejection to name none):
  stricter than the text, so that p. 15.3 knows where the service starts.
* :data:`MATERIAL_AFTER_TRAINING_POLICY` -- p. 15.2 ("10 darbdienu laikā pēc mācību
  beigām") sets the latest day for the material, counted from the end of training. This
  module accepts the material only after ``training_completed`` (the state machine has no
  earlier place for it): stricter than the text, which would allow an early upload.
* :data:`WITHDRAWAL_POLICY` -- p. 12 gives the right to propose; the regulation says nothing
  about withdrawing. The proposer may withdraw until the committee decides, not after.
* :data:`FINAL_STATES_POLICY` -- nothing is accepted after completion, rejection or
  withdrawal (the regulation has no re-opening); a new proposal (p. 12) is a new procedure.
* :data:`CENTRES_ORDER_POLICY` -- centres are given as a list or tuple, in the order to
  record; a set (or a mapping) is refused, since its order is not stable and the document
  and equality depend on the order.
* :data:`~vkac_flow.procedures.base.CENTRE_NAMES_POLICY` -- centre names are compared exactly after
  stripping whitespace. With a :class:`~vkac_flow.law.centres.CentreRegistry`
  (``propose(..., registry=...)``) every centre an event names must be registered (p. 2.1)
  and the p. 15.3 obligation of a centre names the municipality that runs it; without one,
  any name is accepted, as a new centre.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs

from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import (
    DateOutOfRangeError,
    HistoryError,
    InputError,
    InputTypeError,
    RuleViolationError,
    check_lang,
    check_name,
    echo,
    echo_many,
)
from vkac_flow.law.calendars import (
    STEP_ON_RESPONSIBLE_CALENDAR,
    MunicipalCalendars,
    load_municipal_calendars,
    municipal_calendars,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.law.parties import MINISTRY_NAME, Party
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.scope import ScopeFact
from vkac_flow.law.services import Service, ServiceCategory
from vkac_flow.law.steps import TRANSFER_STEP_KEYS, Route, route_for
from vkac_flow.messages import Text, message, point_label, with_points
from vkac_flow.messages.policies import policy_text
from vkac_flow.procedures.arguments import check_instance
from vkac_flow.procedures.base import (
    Clock,
    EventSpec,
    Procedure,
    Rule,
    Transition,
)
from vkac_flow.procedures.display import (
    initiator_name,
    party_name,
    party_text,
    service_name,
    service_text,
)
from vkac_flow.procedures.projections import PER_SUBJECT_STEPS
from vkac_flow.procedures.records import (
    ENTRY_DATA,
    ENTRY_DATE,
    ENTRY_EVENT,
    HistoryEntry,
    data_items,
    entry_item,
    entry_value,
    entry_with_data,
)
from vkac_flow.procedures.step_calendars import party_deadline
from vkac_flow.procedures.timeline import Timeline, chain_steps

__all__ = [
    "APPROVAL_CENTRES_POLICY",
    "CENTRES_ORDER_POLICY",
    "DECLINED_POLICY",
    "DEFERRAL_POLICY",
    "FINAL_STATES_POLICY",
    "HOLDER_INFORMED_DATES_POLICY",
    "HOLDER_INFORMED_POLICY",
    "MATERIAL_AFTER_TRAINING_POLICY",
    "MINIMUM_BASKET_POLICY",
    "MUNICIPAL_CALENDARS_KEY",
    "MUNICIPAL_POLICY",
    "RULES",
    "STEP_CALENDAR_POLICY",
    "WITHDRAWAL_POLICY",
    "TransferFacts",
    "TransferProcedure",
    "diagram_markdown",
    "rules_markdown",
]

MINIMUM_BASKET_POLICY: Final = "minimum-basket-not-transferable"
"""Proposing the transfer of a minimum-basket service is refused (p. 2.6, 7.1)."""
MUNICIPAL_POLICY: Final = "municipal-services-are-the-municipalitys-choice"
"""Proposing the transfer of a municipal service (p. 7.2) is refused."""
DEFERRAL_POLICY: Final = "first-meeting-meets-13.3"
"""The first meeting meets p. 13.3/14.3 even if it defers; later meetings have no deadline."""
DECLINED_POLICY: Final = "declined-means-reject-only"
"""After the holder declines, no survey; information prepared; the committee can only reject."""
APPROVAL_CENTRES_POLICY: Final = "approval-names-willing-centres"
"""An approval names at least one centre, each surveyed as willing (p. 13.2.2/14.2.2 ask only
the number of willing centres: a named interpretation, stricter than the text)."""
MATERIAL_AFTER_TRAINING_POLICY: Final = "material-after-training"
"""The material (p. 15.2) is accepted only after the training ends (the text sets only the
latest day: a named interpretation, stricter than the text)."""
WITHDRAWAL_POLICY: Final = "withdrawal-before-decision"
"""The proposer may withdraw until the committee decides (p. 12 gives only the right to
propose; withdrawal is a named interpretation)."""
FINAL_STATES_POLICY: Final = "final-states"
"""Nothing follows completion, rejection or withdrawal; a new proposal is a new procedure."""
HOLDER_INFORMED_POLICY: Final = "holder-copy-as-letter-data"
"""p. 14.1: the municipality sends its letter to the ministry and to the institution or
holder. The copy to the holder is its own fact, recorded as the ``holder_informed`` date of
``letter_received`` (audited and correctable with it); no date on route p. 14 is a finding
(:meth:`TransferProcedure.findings`, in the summary), not a refusal: p. 14.1 sets no period."""
MUNICIPAL_CALENDARS_KEY: Final = "municipal_calendars"
"""The document key of the municipalities that do not follow the Cabinet transfer orders.

Part of a transfer's identity, written only when the procedure's
:class:`~vkac_flow.law.calendars.MunicipalCalendars` is not the packaged one
(``law/calendars.toml``): the list of ``{"name": ..., "source": ...}`` tables of
:attr:`MunicipalCalendars.not_following`, in name order. Absent: the packaged list. So a saved
file, a bundle and the register (which stores the identity) count p. 15.3 on the same
calendar as the live procedure (:data:`STEP_CALENDAR_POLICY`)."""


def _own_calendars(value: MunicipalCalendars | None) -> MunicipalCalendars | None:
    """``value``, or ``None`` when it is (equal to) the packaged list."""
    return None if value is None or value == municipal_calendars() else value


HOLDER_INFORMED_DATES_POLICY: Final = "holder-copy-dated-in-force-to-today"
"""p. 14.1 sets no period for the copy to the holder, so its date is read as plausible when it
is not before the regulation entered into force (p. 25, 2017-07-01: no p. 14.1 copy existed
before) and not after the clock's today; any other date is refused (``RuleViolationError``
citing p. 14.1). When the proposing municipality is itself the holder, the copy would be a
letter to itself: no finding that the holder was not informed."""
STEP_CALENDAR_POLICY: Final = STEP_ON_RESPONSIBLE_CALENDAR
"""Each step is counted on the calendar of the party responsible for it: p. 15.3 on that of
the municipality running the centre (from the centre registry; unknown: the state
institutions' calendar), the other steps on the state institutions' calendar
(:func:`vkac_flow.law.calendars.step_calendar`, the simulator's rule too)."""
CENTRES_ORDER_POLICY: Final = "centres-in-given-order"
"""Centres are a list or tuple in the order to record; a set or a mapping is refused."""

RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "who-may-propose",
        ("12",),
        "Only a municipality, an institution or a service holder may propose a transfer.",
    ),
    Rule(
        "route",
        ("12", "13", "14"),
        "A municipality's proposal follows p. 14; an institution's or holder's follows p. 13.",
    ),
    Rule(
        "no-minimum-basket",
        ("2.6", "7.1"),
        "A minimum-basket service is already provided in every centre: its transfer cannot be proposed.",
    ),
    Rule(
        "no-municipal-service",
        ("7.2",),
        "A municipal service is designated by the municipality itself, not transferred by the committee.",
    ),
    Rule(
        "letter-opens",
        ("13.1", "14.1"),
        "The procedure starts when the ministry receives the proposer's letter (p. 14.1: also sent to the holder).",
    ),
    Rule(
        "holder-informed",
        ("14.1",),
        "Interpretation holder-copy-as-letter-data: the municipality's copy to the holder is "
        "the holder_informed date of letter_received; none recorded on route p. 14 is a finding "
        "(none when the municipality is itself the holder); interpretation "
        "holder-copy-dated-in-force-to-today: dated from p. 25's entry into force to today.",
    ),
    Rule(
        "step-calendar",
        ("15.3",),
        "Interpretation step-counted-on-responsible-partys-calendar: p. 15.3 is counted on the "
        "calendar of the municipality running the centre; the other steps on the state "
        "institutions' calendar.",
    ),
    Rule(
        "information-deadline",
        ("13.2", "14.2"),
        "The ministry prepares the information within 20 working days of receiving the letter.",
    ),
    Rule(
        "readiness-only-other-proposer",
        ("13.2.1",),
        "On route p. 13 the holder's readiness is asked only when another body proposed.",
    ),
    Rule(
        "readiness-always-municipality",
        ("14.2.1",),
        "On route p. 14 the holder's readiness is always asked.",
    ),
    Rule("readiness-once", ("13.2.1", "14.2.1"), "The holder answers once: confirmed or declined."),
    Rule(
        "survey-when-ready",
        ("13.2.2", "14.2.2"),
        "Willing centres are surveyed when the holder proposed itself or confirmed readiness, never after it declined.",
    ),
    Rule("survey-once", ("13.2.2", "14.2.2"), "The willing centres are surveyed once."),
    Rule(
        "information-complete",
        ("13.2", "13.2.1", "13.2.2", "14.2", "14.2.1", "14.2.2"),
        "The information cannot be prepared while the readiness answer (when required) or the survey (unless readiness was declined) is missing.",
    ),
    Rule(
        "committee-deadline",
        ("13.3", "14.3"),
        "The committee meets within one month of the information being prepared.",
    ),
    Rule(
        "deferral",
        ("11", "13.3", "14.3"),
        "A meeting may defer the decision; the first meeting meets the one-month period; later meetings have no deadline of this procedure.",
    ),
    Rule(
        "approve-only-if-ready",
        ("10.1", "13.2.1", "14.2.1"),
        "The committee cannot approve a transfer the holder declined.",
    ),
    Rule(
        "approve-willing-centres",
        ("10.1", "13.2.2", "14.2.2"),
        "An approval names only centres that said they were willing (interpretation "
        "approval-names-willing-centres: the text asks only their number).",
    ),
    Rule(
        "approve-names-centre",
        ("10.1",),
        "An approval names at least one centre; a rejection names none (interpretation "
        "approval-names-willing-centres).",
    ),
    Rule(
        "withdraw-before-decision",
        ("12",),
        "Interpretation withdrawal-before-decision: the proposer (who has the right to propose, "
        "p. 12; the text says nothing of withdrawal) may withdraw until the committee decides.",
    ),
    Rule(
        "training-after-approval",
        ("15", "15.1"),
        "Training follows a decision to transfer, within one month.",
    ),
    Rule(
        "material-after-training",
        ("15.2",),
        "The methodological material is uploaded once, within 10 working days of the end of "
        "training; not before it (interpretation material-after-training: the text sets only "
        "the latest day).",
    ),
    Rule(
        "centres-registered",
        ("2.1", "10.1", "13.2.2", "14.2.2", "15.3"),
        "With a centre registry, every centre a survey, an approval or a start names must be registered; the start obligation names the centre's municipality.",
    ),
    Rule(
        "start-after-training",
        ("15.3",),
        "The service starts after training, within one month, only in approved centres, once per centre.",
    ),
    Rule(
        "completion",
        ("15.2", "15.3"),
        "The procedure completes when the material is uploaded and every approved centre has started.",
    ),
    Rule(
        "final-states",
        ("10.1", "12"),
        "Interpretation final-states: nothing is accepted after completion, rejection (p. 10.1) "
        "or withdrawal; a new proposal (p. 12) is a new procedure.",
    ),
    Rule(
        "centres-in-given-order",
        ("13.2.2", "14.2.2", "10.1"),
        "Interpretation centres-in-given-order: centres are a list or tuple in the order to "
        "record, each named once; a set or a mapping is refused.",
    ),
    Rule(
        "event-dates",
        ("25",),
        "Events are dated in order, not before 2017-07-01 and not in the future.",
    ),
    Rule(
        "late-is-breach",
        ("13.2", "13.3", "14.2", "14.3", "15.1", "15.2", "15.3"),
        "A step done late is accepted and recorded as a breach with days and working days late.",
    ),
)
"""The rules :class:`TransferProcedure` enforces, with their points (for traceability)."""

for _rule in RULES:  # every cited point exists (fails at import otherwise)
    cite(*_rule.points)

_COMMITTEE = ("10.1", "13.3", "14.3")


def _clean_centre(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(
            Text("error.transfer.centre_type", what=what, got=type(value).__name__)
        )
    name = check_name(value, what)  # stripped; no control characters or surrogates
    if not name:
        raise InputError(Text("error.transfer.centre_empty", what=what))
    return name


def _clean_centres(value: object, what: str) -> tuple[str, ...]:
    if (
        type(value) is not list
        and type(value) is not tuple
        and (
            isinstance(value, str | bytes | AbstractSet | Mapping)
            or not isinstance(value, Iterable)
        )
    ):
        got = type(value).__name__
        if isinstance(value, AbstractSet | Mapping):  # CENTRES_ORDER_POLICY
            raise InputTypeError(
                Text(
                    "error.transfer.centres_unordered",
                    what=what,
                    got=got,
                    value=echo(value),
                    policy=policy_text(CENTRES_ORDER_POLICY),
                )
            )
        raise InputTypeError(
            Text("error.transfer.centres_type", what=what, got=got, value=echo(value))
        )
    names = tuple(_clean_centre(v, what) for v in value)
    if len(set(names)) != len(names):  # linear: no names.count per name
        seen: set[str] = set()
        dupes = sorted({n for n in names if n in seen or seen.add(n)})  # type: ignore[func-returns-value]
        raise InputError(Text("error.transfer.centres_twice", what=what, names=echo_many(dupes)))
    return names


_LOOKUP_SCAN: Final = 8
"""Up to this many centres, membership is a scan of their tuple (see :func:`_lookup`)."""


def _lookup(centres: tuple[str, ...]) -> frozenset[str] | tuple[str, ...]:
    """``centres`` for membership checks: a frozenset for many, else the tuple itself.

    A scan of a few names is as quick as a set, and the tuple (of strings: untracked by the
    garbage collector) is no object more per procedure (issue 14); a set keeps the checks
    O(1) for thousands of centres.
    """
    return frozenset(centres) if len(centres) > _LOOKUP_SCAN else centres


@attrs.frozen
class TransferFacts:
    """What a transfer's events have established: one frozen record, replaced per event.

    Attributes:
        readiness: The holder's answer (p. 13.2.1/14.2.1), ``None`` before it.
        willing: The centres willing to provide the service (p. 13.2.2), ``None`` before.
        willing_set: The same, for membership (:func:`_lookup`).
        approved: The committee's decision (p. 10.1), ``None`` before it.
        centres: The centres the committee approved.
        centre_set: The same, for membership (:func:`_lookup`).
        n_started: How many approved centres have started (p. 15.3).
        material: The day the material was uploaded (p. 15.2), ``None`` before it.
    """

    readiness: bool | None = None
    willing: tuple[str, ...] | None = None
    willing_set: frozenset[str] | tuple[str, ...] = frozenset()
    approved: bool | None = None
    centres: tuple[str, ...] = ()
    centre_set: frozenset[str] | tuple[str, ...] = frozenset()
    n_started: int = 0
    material: datetime.date | None = None


@attrs.define(slots=False, eq=False, kw_only=True, repr=False)
class TransferProcedure(Procedure):
    """A proposal to transfer a service (or a stage of it) to the centres (p. 12-15).

    Build it with :meth:`propose`; feed it the dated events in order. States:
    ``proposed``, ``information_gathering``, ``awaiting_committee``, ``approved``,
    ``rollout``, ``completed``, ``rejected``, ``withdrawn``.

    Attributes:
        service: The service or stage proposed; its holder is the holder of p. 13.2.1.
        initiator: Who proposed (p. 12).
    """

    FORMAT: ClassVar[str] = "vkac_flow.transfer"
    RULES: ClassVar[tuple[Rule, ...]] = RULES  # part of the rules version
    VERSION: ClassVar[int] = 3
    STATES: ClassVar[tuple[str, ...]] = (
        "proposed",
        "information_gathering",
        "awaiting_committee",
        "approved",
        "rollout",
        "completed",
        "rejected",
        "withdrawn",
    )
    INITIAL: ClassVar[str] = "proposed"
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset({"completed", "rejected", "withdrawn"})
    TRANSITIONS: ClassVar[tuple[Transition, ...]] = (
        Transition("letter_received", ("proposed",), "information_gathering", ("13.1", "14.1")),
        Transition("readiness_confirmed", ("information_gathering",), "information_gathering", ("13.2.1", "14.2.1")),
        Transition("readiness_declined", ("information_gathering",), "information_gathering", ("13.2.1", "14.2.1")),
        Transition("centres_surveyed", ("information_gathering",), "information_gathering", ("13.2.2", "14.2.2")),
        Transition("information_prepared", ("information_gathering",), "awaiting_committee", ("13.2", "14.2")),
        Transition("committee_decided", ("awaiting_committee",), "approved", _COMMITTEE, "_approving", "committee_decided [approved]"),
        Transition("committee_decided", ("awaiting_committee",), "rejected", _COMMITTEE, None, "committee_decided [rejected]"),
        Transition("committee_deferred", ("awaiting_committee",), "awaiting_committee", ("11", "13.3", "14.3")),
        Transition("withdrawn", ("proposed", "information_gathering", "awaiting_committee"), "withdrawn", ("12",)),
        Transition("training_completed", ("approved",), "rollout", ("15.1",)),
        Transition("material_uploaded", ("rollout",), "completed", ("15.2",), "_rollout_complete", "material_uploaded [last]"),
        Transition("material_uploaded", ("rollout",), "rollout", ("15.2",)),
        Transition("service_started", ("rollout",), "completed", ("15.3",), "_rollout_complete", "service_started [last]"),
        Transition("service_started", ("rollout",), "rollout", ("15.3",)),
    )  # fmt: skip
    EVENTS: ClassVar[Mapping[str, EventSpec]] = MappingProxyType({  # read-only (issue 13)
        "letter_received": EventSpec("letter_received", ("holder_informed",), (), "The ministry receives the proposal letter (p. 13.1/14.1; p. 14.1: holder_informed, the day the copy reached the holder)."),
        "readiness_confirmed": EventSpec("readiness_confirmed", description="The holder confirms readiness (p. 13.2.1/14.2.1)."),
        "readiness_declined": EventSpec("readiness_declined", description="The holder declines (p. 13.2.1/14.2.1)."),
        "centres_surveyed": EventSpec("centres_surveyed", ("centres",), ("centres",), "The ministry learns which centres are willing (p. 13.2.2/14.2.2)."),
        "information_prepared": EventSpec("information_prepared", description="The ministry has prepared the information (p. 13.2/14.2)."),
        "committee_decided": EventSpec("committee_decided", ("approved", "centres"), ("approved",), "The committee decides (p. 10.1, 13.3/14.3)."),
        "committee_deferred": EventSpec("committee_deferred", description="A committee meeting defers the decision (p. 11, 13.3/14.3)."),
        "withdrawn": EventSpec("withdrawn", description="The proposer withdraws before the decision (p. 12)."),
        "training_completed": EventSpec("training_completed", description="Training of the centres' staff ends (p. 15.1)."),
        "material_uploaded": EventSpec("material_uploaded", description="Methodological material is in the service management system (p. 15.2)."),
        "service_started": EventSpec("service_started", ("centre",), ("centre",), "A centre starts providing the service (p. 15.3)."),
    })  # fmt: skip
    STEP_KEYS: ClassVar[tuple[str, ...]] = TRANSFER_STEP_KEYS
    IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ("service", "initiator")
    OPTIONAL_IDENTITY_KEYS: ClassVar[tuple[str, ...]] = (MUNICIPAL_CALENDARS_KEY,)

    # read-only (init arguments service, initiator): reassigning would bypass p. 7 and 12
    _service: Service = attrs.field(alias="service")
    _initiator: Party = attrs.field(alias="initiator")
    # which municipalities do not follow the Cabinet transfer orders
    # (STEP_ON_RESPONSIBLE_CALENDAR): part of the identity, written under
    # MUNICIPAL_CALENDARS_KEY when not the packaged list
    _municipal_calendars: MunicipalCalendars | None = attrs.field(
        default=None, alias="municipal_calendars", repr=False
    )

    def __attrs_post_init__(self) -> None:
        """Check who proposes what (p. 12, 7), then start in ``proposed``."""
        check_instance(self.service, Service, "service")
        check_instance(self.initiator, Party, "initiator")
        # p. 12: only a municipality, an institution or a service holder may propose.
        self._route_value: Route = route_for(self.initiator)
        category = self.service.category
        if category is ServiceCategory.MINIMUM_BASKET:
            # p. 2.6, 7.1: the minimum basket is indivisible and already in every centre.
            raise RuleViolationError(
                Text(
                    "error.transfer.minimum_basket",
                    service=service_text(self.service),
                    policy=policy_text(MINIMUM_BASKET_POLICY),
                ),
                points=cite("2.6", "7.1"),
            )
        if category is ServiceCategory.MUNICIPAL:
            # p. 7.2: municipal services are designated for the centre by the municipality.
            raise RuleViolationError(
                Text(
                    "error.transfer.municipal",
                    service=service_text(self.service),
                    policy=policy_text(MUNICIPAL_POLICY),
                ),
                points=cite("7.2", "7.3"),
            )
        super().__attrs_post_init__()

    @classmethod
    def propose(
        cls,
        service: Service,
        *,
        initiator: Party,
        calendar: LatvianCalendar | None = None,
        clock: Clock | None = None,
        registry: CentreRegistry | None = None,
        procedure_id: str | None = None,
        municipal_calendars: MunicipalCalendars | None = None,
    ) -> TransferProcedure:
        """Start a transfer proposal (p. 12).

        Args:
            service: The service or stage to transfer (category "other", p. 7.3).
            initiator: A municipality (route p. 14), an institution or a service holder
                (route p. 13).
            calendar: The calendar to count on (default: the shared default calendar).
            clock: Today's date (default: today in Riga); later-dated events are refused.
            registry: The centres (p. 2.1) that surveys, approvals and starts may name
                (default ``None``: any name). Context, not serialised.
            procedure_id: The procedure's :attr:`~vkac_flow.procedures.base.Procedure.id`
                (default: a random id, :func:`~vkac_flow.procedures.base.new_procedure_id`).
            municipal_calendars: Which municipalities do not follow the Cabinet transfer
                orders (default: the packaged registry, ``law/calendars.toml``). A p. 15.3
                start is counted on the calendar of the municipality running its centre
                (known from ``registry``; :data:`STEP_CALENDAR_POLICY`). Saved with the
                procedure when not the packaged list (:data:`MUNICIPAL_CALENDARS_KEY`).

        Raises:
            RuleViolationError: The initiator may not propose (p. 12), or the service is in
                the minimum basket (p. 2.6, 7.1) or municipal (p. 7.2).
            InputTypeError: ``service``, ``initiator``, ``registry`` or ``procedure_id`` of the
                wrong type.
            InputError: An empty ``procedure_id``, or one with surrounding whitespace.
        """
        kwargs: dict[str, Any] = {
            "service": service,
            "initiator": initiator,
            "procedure_id": procedure_id,
        }
        if calendar is not None:
            kwargs["calendar"] = calendar
        kwargs["clock"] = clock if clock is not None else today_in_riga
        if registry is not None:
            kwargs["registry"] = registry
        if municipal_calendars is not None:
            check_instance(
                municipal_calendars, MunicipalCalendars, "municipal_calendars", optional=True
            )
            kwargs["municipal_calendars"] = municipal_calendars
        return cls(**kwargs)

    # ------------------------------------------------------------------ properties

    @property
    def service(self) -> Service:
        """The service or stage proposed (read-only)."""
        return self._service

    @property
    def initiator(self) -> Party:
        """Who proposed (p. 12; read-only)."""
        return self._initiator

    @property
    def route(self) -> Route:
        """The route: p. 13 (institution or holder proposed) or p. 14 (municipality)."""
        return self._route_value

    @property
    def self_initiated(self) -> bool:
        """Whether the holder of the service proposed it itself."""
        return self.initiator == self.service.holder

    @property
    def readiness_required(self) -> bool:
        """Whether the holder's readiness is asked (p. 13.2.1: another proposer; p. 14.2.1: always)."""
        return self._route_value is Route.MUNICIPALITY or not self.self_initiated

    @property
    def readiness(self) -> bool | None:
        """The holder's answer: ``True`` confirmed, ``False`` declined, ``None`` not given."""
        value: bool | None = self.facts.readiness
        return value

    @property
    def willing_centres(self) -> tuple[str, ...] | None:
        """The centres that said they are willing (``None``: not surveyed)."""
        value: tuple[str, ...] | None = self.facts.willing
        return value

    @property
    def approved_centres(self) -> tuple[str, ...]:
        """The centres the committee approved (empty before or without approval)."""
        value: tuple[str, ...] = self.facts.centres
        return value

    @property
    def started_centres(self) -> tuple[str, ...]:
        """The approved centres that have started, in order."""
        return tuple(
            subject
            for (step, subject) in self.steps_met
            if step == "service_start" and subject is not None
        )

    @property
    def material_uploaded_on(self) -> datetime.date | None:
        """The day the methodological material was uploaded (p. 15.2), or ``None``."""
        value: datetime.date | None = self.facts.material
        return value

    # ------------------------------------------------------------------ events

    def _as_known_on(self, entry: HistoryEntry, day: datetime.date) -> HistoryEntry:
        """The letter as it stood on ``day``: a copy to the holder dated later was not made yet.

        p. 14.1: the copy is its own fact, with its own day; a snapshot of a day before it
        shows the holder not yet informed (and says so), instead of a copy "in the future".
        """
        if entry[ENTRY_EVENT] != "letter_received":
            return entry
        informed = entry_value(entry, "holder_informed")
        if not isinstance(informed, str) or informed <= day.isoformat():
            return entry
        kept = {k: v for k, v in entry[ENTRY_DATA] if k != "holder_informed"}
        return entry_with_data(entry, data_items(kept))

    def letter_received(self, when: object, *, holder_informed: object = None) -> None:
        """The ministry receives the proposal letter (p. 13.1; p. 14.1: also sent to the holder).

        Opens the 20-working-day period of the information (p. 13.2/14.2).

        Args:
            when: The day the ministry received the letter.
            holder_informed: On route p. 14, the day the municipality's copy of the letter
                reached the institution or holder (p. 14.1; :data:`HOLDER_INFORMED_POLICY`),
                recorded as its own fact of the event (correct it with
                ``correct(event_id, holder_informed=...)``). ``None``: not informed (shown by
                :meth:`findings`).
        """
        data: dict[str, Any] = {}
        if holder_informed is not None:
            data["holder_informed"] = holder_informed
        self._apply("letter_received", when, data)

    @property
    def holder_informed_on(self) -> datetime.date | None:
        """The day the holder received the copy of the municipality's letter (p. 14.1), or ``None``."""
        for entry in self._history:
            if entry[ENTRY_EVENT] == "letter_received":
                value = entry_value(entry, "holder_informed")
                return None if value is None else datetime.date.fromisoformat(value)
        return None

    def findings(self, lang: str = "en") -> tuple[str, ...]:
        """What the record shows missing that is no deadline (p. 14.1: the holder's copy).

        Args:
            lang: ``"en"`` or ``"lv"`` (:mod:`vkac_flow.messages`).
        """
        check_lang(lang)
        if (
            self._route_value is Route.MUNICIPALITY
            and self.service.holder != self.initiator  # HOLDER_INFORMED_DATES_POLICY
            and any(e[ENTRY_EVENT] == "letter_received" for e in self._history)
            and self.holder_informed_on is None
        ):
            return (
                message(
                    "display.holder_not_informed",
                    lang,
                    point=point_label("p. 14.1", lang),
                    holder=party_name(self.service.holder, lang),
                    policy=policy_text(HOLDER_INFORMED_POLICY).render(lang),
                ),
            )
        return ()

    def readiness_confirmed(self, when: object) -> None:
        """The holder confirms it is ready to transfer (p. 13.2.1/14.2.1)."""
        self._apply("readiness_confirmed", when, {})

    def readiness_declined(self, when: object) -> None:
        """The holder declines (p. 13.2.1/14.2.1); the committee can then only reject."""
        self._apply("readiness_declined", when, {})

    def centres_surveyed(self, when: object, *, centres: Iterable[str]) -> None:
        """The ministry has found out which centres wish to provide it (p. 13.2.2/14.2.2).

        Args:
            when: The day.
            centres: The willing centres' names (may be empty: none is willing); with a
                :attr:`registry`, each must be registered (p. 2.1).

        Raises:
            UnregisteredCentreError: A name not in the :attr:`registry` (p. 2.1, 13.2.2/14.2.2);
                the message suggests close registered names.
        """
        self._apply("centres_surveyed", when, {"centres": centres})

    def information_prepared(self, when: object) -> None:
        """The ministry has prepared the information (p. 13.2/14.2).

        Meets the 20-working-day period; opens the one month of the committee (p. 13.3/14.3).
        """
        self._apply("information_prepared", when, {})

    def committee_decided(
        self, when: object, *, approved: bool, centres: Iterable[str] = ()
    ) -> None:
        """The committee decides (p. 10.1) at its meeting (p. 13.3/14.3).

        Args:
            when: The day of the meeting.
            approved: ``True`` to transfer, ``False`` to reject.
            centres: For an approval, the centres (at least one, each willing; with a
                :attr:`registry`, each registered, p. 2.1).
        """
        self._apply("committee_decided", when, {"approved": approved, "centres": centres})

    def committee_deferred(self, when: object) -> None:
        """A committee meeting takes no decision; the procedure keeps awaiting it.

        Interpretation :data:`DEFERRAL_POLICY`: this first meeting meets p. 13.3/14.3; no
        statutory deadline applies to the next one (p. 11: at least twice a year, generally).
        """
        self._apply("committee_deferred", when, {})

    def withdrawn(self, when: object) -> None:
        """The proposer withdraws the proposal before the committee decides (p. 12)."""
        self._apply("withdrawn", when, {})

    def training_completed(self, when: object) -> None:
        """The training of the centres' staff ends (p. 15.1).

        Opens the 10 working days of the material (p. 15.2) and the month of the start
        (p. 15.3) in every approved centre.
        """
        self._apply("training_completed", when, {})

    def material_uploaded(self, when: object) -> None:
        """The holder puts methodological material into the management system (p. 15.2)."""
        self._apply("material_uploaded", when, {})

    def service_started(self, when: object, *, centre: str) -> None:
        """The municipality starts providing the service in an approved centre (p. 15.3).

        Raises:
            UnregisteredCentreError: ``centre`` is not in the :attr:`registry` (p. 2.1, 15.3).
            RuleViolationError: ``centre`` was not approved, or has already started.
        """
        self._apply("service_started", when, {"centre": centre})

    # ------------------------------------------------------------------ hooks

    def _init_facts(self) -> None:
        self._facts = TransferFacts()

    @property
    def facts(self) -> TransferFacts:
        """What the events so far have established (a frozen record, replaced per event)."""
        facts: TransferFacts = self._facts
        return facts

    def _select_points(self, numbers: Iterable[str]) -> tuple[str, ...]:
        drop = "14" if self._route_value is Route.INSTITUTION else "13"
        return tuple(n for n in numbers if n != drop and not n.startswith(drop + "."))

    def _route(self) -> Route:
        return self._route_value

    def _alt(self, number: str) -> Text:
        """The citation of a p. 13 number on this route: ``13.2.1`` -> p. 14.2.1 on p. 14."""
        if self._route_value is Route.MUNICIPALITY and number.startswith("13."):
            number = "14." + number[3:]
        return Text("point_sub" if "." in number else "point", point=number)

    def _rule(self, event: str, message: Text, *numbers: str) -> RuleViolationError:
        points = self._points(*numbers)
        return RuleViolationError(
            with_points(message, points),
            points=points,
            event=event,
            allowed=self.allowed_events(),
        )

    def _guard(self, event: str) -> tuple[Text, tuple[str, ...]] | None:
        """Why ``event`` is refused now whatever its data (message, points), or ``None``.

        The one statement of each data-independent precondition: :meth:`_prepare` raises it
        and :meth:`allowed_events` lists only the events it lets through.
        """
        f = self.facts
        if event in ("readiness_confirmed", "readiness_declined"):
            if not self.readiness_required:
                # p. 13.2.1: readiness is asked only where another body proposed.
                return (
                    Text(
                        "error.transfer.readiness_not_asked",
                        event=event,
                        holder=party_text(self.service.holder),
                    ),
                    ("13.2.1",),
                )
            if f.readiness is not None:
                key = "confirmed" if f.readiness else "declined"
                return (
                    Text(
                        f"error.transfer.readiness_{key}_already",
                        event=event,
                        point=self._alt("13.2.1"),
                    ),
                    ("13.2.1", "14.2.1"),
                )
        elif event == "centres_surveyed":
            if f.willing is not None:
                return (
                    Text("error.transfer.surveyed_already", event=event, point=self._alt("13.2.2")),
                    ("13.2.2", "14.2.2"),
                )
            if f.readiness is False:
                # p. 13.2.2/14.2.2: never after the holder declined.
                return (
                    Text(
                        "error.transfer.survey_after_decline",
                        event=event,
                        point=self._alt("13.2.2"),
                    ),
                    ("13.2.2", "14.2.2"),
                )
            if self.readiness_required and f.readiness is None:
                return (
                    Text(
                        "error.transfer.survey_before_readiness",
                        event=event,
                        point=self._alt("13.2.2"),
                        readiness=self._alt("13.2.1"),
                    ),
                    ("13.2.2", "14.2.2", "13.2.1", "14.2.1"),
                )
        elif event == "information_prepared":
            if self.readiness_required and f.readiness is None:
                return (
                    Text(
                        "error.transfer.information_without_readiness",
                        event=event,
                        readiness=self._alt("13.2.1"),
                        information=self._alt("13.2"),
                    ),
                    ("13.2", "14.2", "13.2.1", "14.2.1"),
                )
            if f.readiness is not False and f.willing is None:
                return (
                    Text(
                        "error.transfer.information_without_survey",
                        event=event,
                        survey=self._alt("13.2.2"),
                        information=self._alt("13.2"),
                    ),
                    ("13.2", "14.2", "13.2.2", "14.2.2"),
                )
        elif event == "material_uploaded":
            if f.material is not None:
                return (
                    Text(
                        "error.transfer.material_already",
                        event=event,
                        date=f.material.isoformat(),
                    ),
                    ("15.2",),
                )
        elif event == "service_started" and f.n_started >= len(f.centres):
            return (
                Text(
                    "error.transfer.all_started",
                    event=event,
                    centres=", ".join(f.centres) or Text("none"),
                ),
                ("15.3",),
            )
        return None

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        f = self.facts
        refused = self._guard(event)
        if refused is not None:
            raise self._rule(event, refused[0], *refused[1])
        if event == "letter_received":
            if "holder_informed" not in data:
                return data
            field = "holder_informed"
            if self._route_value is not Route.MUNICIPALITY:
                raise self._rule(
                    event,
                    Text("error.transfer.holder_informed_route", event=event, field=field),
                    "13.1",
                )
            informed = to_date(data["holder_informed"], what="holder_informed")
            if informed > self._today():
                raise self._rule(
                    event,
                    Text(
                        "error.transfer.holder_informed_future",
                        event=event,
                        field=field,
                        date=informed.isoformat(),
                    ),
                    "14.1",
                )
            if informed < REGULATION_IN_FORCE:
                raise self._rule(
                    event,
                    Text(
                        "error.transfer.holder_informed_before_force",
                        event=event,
                        field=field,
                        date=informed.isoformat(),
                        in_force=REGULATION_IN_FORCE.isoformat(),
                        policy=policy_text(HOLDER_INFORMED_DATES_POLICY),
                    ),
                    "14.1",
                    "25",
                )
            return {"holder_informed": informed.isoformat()}
        if event == "centres_surveyed":
            centres = _clean_centres(data["centres"], "centres_surveyed")
            if self.registry is not None:
                # p. 2.1: the centres surveyed are centres of the network (the registry).
                self._require_registered(centres, event=event, numbers=("13.2.2", "14.2.2"))
            return {"centres": centres}
        if event == "committee_decided":
            approved = data["approved"]
            if not isinstance(approved, bool):
                raise InputTypeError(
                    Text(
                        "error.steps.approved_type",
                        event=event,
                        field="approved",
                        value=echo(approved),
                    )
                )
            centres = _clean_centres(data.get("centres", ()), "committee_decided centres")
            if approved:
                if f.readiness is False:
                    raise self._rule(
                        event,
                        Text(
                            "error.transfer.approve_declined",
                            event=event,
                            point=self._alt("13.2.1"),
                            policy=policy_text(DECLINED_POLICY),
                        ),
                        "10.1",
                        "13.2.1",
                        "14.2.1",
                    )
                if not centres:
                    raise self._rule(
                        event,
                        Text(
                            "error.transfer.approve_without_centre",
                            event=event,
                            policy=policy_text(APPROVAL_CENTRES_POLICY),
                        ),
                        "10.1",
                    )
                if self.registry is not None:
                    # p. 2.1: the committee transfers the service to centres of the network.
                    self._require_registered(centres, event=event, numbers=("10.1",))
                willing = f.willing or ()
                willing_set = f.willing_set  # built once, at the survey
                unwilling = [c for c in centres if c not in willing_set]
                if unwilling:
                    raise self._rule(
                        event,
                        Text(
                            "error.transfer.approve_unwilling",
                            event=event,
                            centres=", ".join(unwilling),
                            point=self._alt("13.2.2"),
                            willing=", ".join(willing) or Text("none"),
                            policy=policy_text(APPROVAL_CENTRES_POLICY),
                        ),
                        "10.1",
                        "13.2.2",
                        "14.2.2",
                    )
            elif centres:
                raise self._rule(
                    event, Text("error.transfer.reject_with_centres", event=event), "10.1"
                )
            return {"approved": approved, "centres": centres}
        if event == "service_started":
            centre = _clean_centre(data["centre"], "service_started centre")
            if self.registry is not None:
                # p. 2.1, 15.3: the municipality starts the service in a centre it runs.
                self._require_registered((centre,), event=event, numbers=("15.3",))
            if centre not in f.centre_set:
                raise self._rule(
                    event,
                    Text(
                        "error.transfer.start_not_approved",
                        event=event,
                        centre=centre,
                        approved=", ".join(f.centres),
                    ),
                    "15.3",
                    "10.1",
                )
            if ("service_start", centre) in self.steps_met:
                raise self._rule(
                    event, Text("error.transfer.start_again", event=event, centre=centre), "15.3"
                )
            return {"centre": centre}
        return data

    def _effect(self, entry: HistoryEntry) -> None:
        f = self.facts
        event = entry[ENTRY_EVENT]
        if event == "readiness_confirmed":
            self._facts = attrs.evolve(f, readiness=True)
        elif event == "readiness_declined":
            self._facts = attrs.evolve(f, readiness=False)
        elif event == "centres_surveyed":
            centres = entry_item(entry, "centres")
            self._facts = attrs.evolve(f, willing=centres, willing_set=_lookup(centres))
        elif event == "committee_decided":
            centres = entry_item(entry, "centres")
            self._facts = attrs.evolve(
                f,
                approved=entry_item(entry, "approved"),
                centres=centres,
                centre_set=_lookup(centres),  # O(1) checks per start when many
            )
        elif event == "material_uploaded":
            self._facts = attrs.evolve(f, material=entry[ENTRY_DATE])
        elif event == "service_started":
            # a count, not a tuple rebuilt per start (the centres started: the p. 15.3 steps met)
            self._facts = attrs.evolve(f, n_started=f.n_started + 1)

    # transitions conditions (routing between rows of the same trigger)
    def _approving(self) -> bool:
        return bool(self.facts.approved)

    def _rollout_complete(self) -> bool:
        f = self.facts
        return f.material is not None and f.n_started == len(f.centres)

    def _final_reason(self, event: str) -> Text:
        return Text(
            "error.transfer.final",
            event=event,
            state=self.state,
            policy=policy_text(FINAL_STATES_POLICY),
        )

    def _illegal_reason(self, event: str) -> Text:
        s = self.state
        if event == "letter_received":
            return Text(
                "error.transfer.letter_again", event=event, state=s, point=self._alt("13.1")
            )
        if s == "proposed":
            return Text("error.transfer.before_letter", event=event, point=self._alt("13.1"))
        if event in (
            "readiness_confirmed",
            "readiness_declined",
            "centres_surveyed",
            "information_prepared",
        ):
            return Text(
                "error.transfer.information_done", event=event, state=s, point=self._alt("13.2")
            )
        if event in ("committee_decided", "committee_deferred"):
            if s == "information_gathering":
                return Text(
                    "error.transfer.committee_before_information",
                    event=event,
                    point=self._alt("13.3"),
                )
            return Text("error.transfer.committee_done", event=event, state=s)
        if event == "withdrawn":
            return Text(
                "error.transfer.withdrawal_late",
                event=event,
                state=s,
                policy=policy_text(WITHDRAWAL_POLICY),
            )
        if event == "training_completed":
            if s == "rollout":
                return Text("error.transfer.training_again", event=event)
            return Text("error.transfer.training_before_approval", event=event, state=s)
        if event == "material_uploaded":
            return Text(
                "error.transfer.material_before_training",
                event=event,
                state=s,
                policy=policy_text(MATERIAL_AFTER_TRAINING_POLICY),
            )
        if event == "service_started":
            return Text("error.transfer.start_before_training", event=event, state=s)
        return self._not_allowed(event)

    def _step_subjects(self, step: str, entry: HistoryEntry) -> tuple[str | None, ...]:
        if step == "training":
            return (None,) if entry_item(entry, "approved") else ()
        if step == "service_start":
            centres: tuple[str, ...] = self.facts.centres
            return centres
        return (None,)

    def _step_subject_met(self, step: str, entry: HistoryEntry) -> str | None:
        if step == "service_start":
            centre: str = entry_item(entry, "centre")
            return centre
        return None

    def _by(self, role: str, subject: str | None, lang: str = "en") -> str:
        if role == "ministry":
            return message("by_ministry", lang, name=MINISTRY_NAME)
        if role == "service_holder":
            return message("by_holder", lang, holder=party_name(self.service.holder, lang))
        if role == "municipality":
            # p. 15.3: the municipality (that runs the centre, p. 4-6) starts the service.
            if not subject:
                return message("role.municipality", lang)
            registry = self.registry
            centre = registry.get(subject) if registry is not None else None
            if centre is not None:
                return message(
                    "by_municipality", lang, municipality=centre.municipality, centre=subject
                )
            return message("by_centre_municipality", lang, centre=subject)
        return initiator_name(self.initiator, lang)

    @property
    def municipal_calendars(self) -> MunicipalCalendars | None:
        """Which municipalities do not follow the transfer orders (``None``: the packaged list)."""
        return self._municipal_calendars

    def step_municipality(self, step: str, subject: str | None) -> Party | None:
        """The municipality responsible for ``step`` (for ``subject``), if known.

        p. 15.3: the municipality that runs the centre starts the service there; it is known
        from the centre :attr:`registry`. Without one (or for another step): ``None``, and
        the step is counted on the state institutions' calendar (:data:`STEP_CALENDAR_POLICY`).
        """
        if step not in PER_SUBJECT_STEPS or subject is None or self.registry is None:
            return None
        centre = self.registry.get(subject)
        return None if centre is None else Party.municipality(centre.municipality)

    def _deadline(self, step: str, start: datetime.date, subject: str | None = None) -> Deadline:
        municipality = self.step_municipality(step, subject)
        if municipality is None:
            return super()._deadline(step, start, subject)
        # STEP_CALENDAR_POLICY: the one rule (law.calendars.step_calendar), also the simulator's
        return party_deadline(
            step,
            start,
            self._step_points(step),
            municipality,
            self._municipal_calendars,
            base=self.calendar,
        )

    def _blank(self, clock: Clock | None = None) -> TransferProcedure:
        fresh = super()._blank(clock)
        fresh._municipal_calendars = self._municipal_calendars  # context, like the registry
        return fresh

    def _identity(self) -> tuple[Any, ...]:
        return (self.service, self.initiator, _own_calendars(self._municipal_calendars))

    def _identity_to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "service": self.service.to_dict(),
            "initiator": self.initiator.to_dict(),
        }
        own = _own_calendars(self._municipal_calendars)
        if own is not None:
            out[MUNICIPAL_CALENDARS_KEY] = [
                {"name": e.name, "source": e.source} for e in own.not_following
            ]
        return out

    @classmethod
    def from_dict(
        cls,
        doc: object,
        *,
        calendar: LatvianCalendar | None = None,
        clock: Clock | None = None,
        registry: CentreRegistry | None = None,
        municipal_calendars: MunicipalCalendars | None = None,
    ) -> TransferProcedure:
        """As :meth:`Documented.from_dict`; the municipal calendars come from the document.

        Args:
            doc: The document.
            calendar: The calendar to count on (default: the shared default).
            clock: Today's date for the date checks (default: today in Riga).
            registry: The centre registry to check centre names against (default: none).
            municipal_calendars: If given, the municipalities the caller expects not to
                follow the transfer orders: it must be the document's
                (:data:`MUNICIPAL_CALENDARS_KEY`; absent: the packaged list), else the
                document is refused (a saved procedure is not counted on another calendar).

        Raises:
            HistoryError: As :meth:`Documented.from_dict`, or ``municipal_calendars`` is not
                the document's (p. 15.3).
            InputTypeError: ``municipal_calendars`` is not a
                :class:`~vkac_flow.law.calendars.MunicipalCalendars`.
        """
        if municipal_calendars is not None:
            check_instance(
                municipal_calendars, MunicipalCalendars, "municipal_calendars", optional=True
            )
        proc = super().from_dict(doc, calendar=calendar, clock=clock, registry=registry)
        if municipal_calendars is not None and _own_calendars(
            municipal_calendars
        ) != _own_calendars(proc._municipal_calendars):
            raise HistoryError(
                Text(
                    "error.transfer.calendars_mismatch",
                    what="municipal_calendars",
                    document=_calendars_text(proc._municipal_calendars),
                    argument=_calendars_text(municipal_calendars),
                    key=repr(MUNICIPAL_CALENDARS_KEY),
                    policy=policy_text(STEP_CALENDAR_POLICY),
                ),
                points=cite("15.3"),
            )
        return proc

    @classmethod
    def _from_identity(
        cls,
        doc: Mapping[str, Any],
        *,
        calendar: LatvianCalendar | None,
        clock: Clock | None,
    ) -> TransferProcedure:
        own = None
        if MUNICIPAL_CALENDARS_KEY in doc:
            rows = doc[MUNICIPAL_CALENDARS_KEY]
            if not isinstance(rows, list):
                raise InputError(
                    Text(
                        "error.transfer.calendars_not_list",
                        key=MUNICIPAL_CALENDARS_KEY,
                        got=type(rows).__name__,
                    )
                )
            own = load_municipal_calendars({"not_following": rows})
        return cls.propose(
            Service.from_dict(doc["service"]),
            initiator=Party.from_dict(doc["initiator"]),
            calendar=calendar,
            clock=clock,
            municipal_calendars=own,
        )

    # ------------------------------------------------------------------ projections, display

    def timeline_or_none(self) -> Timeline | None:
        """:meth:`projected_timeline` (what a snapshot shows)."""
        return self.projected_timeline()

    def projected_timeline(self) -> Timeline | None:
        """The statutory timeline of the remaining steps, from what actually happened.

        Steps already met are left out; each remaining step counts from the actual date of
        the event that opens it, or, if that has not happened, from the latest date the law
        allows for it (:func:`vkac_flow.procedures.timeline.chain_steps`). Dates past the calendar's
        horizon are provisional.

        Returns:
            ``None`` before the letter is received (nothing is counted yet, also when the
            proposal was withdrawn before any letter). An empty
            timeline once the procedure is final, and after a deferral (no statutory date
            for the decision, :data:`DEFERRAL_POLICY`). After the holder declined, only the
            committee meeting (the committee can only reject). Steps that would fall after
            the calendar's last date are left out (with the steps after them).
        """
        events: dict[str, datetime.date] = {}
        for entry in self._history:
            events.setdefault(entry[ENTRY_EVENT], entry[ENTRY_DATE])
        if "letter_received" not in events:
            return None
        letter = events["letter_received"]
        keys: tuple[str, ...] = ()
        if not self.is_final and not (
            self.state == "awaiting_committee" and "committee_deferred" in events
        ):
            met_steps = {step for (step, _) in self.steps_met}
            starts_left = self.facts.n_started < len(self.approved_centres)
            remaining = [
                k
                for k in TRANSFER_STEP_KEYS
                if k not in met_steps or (k == "service_start" and starts_left)
            ]
            if self.facts.readiness is False:
                remaining = [k for k in remaining if k in ("information", "committee_meeting")]
            keys = tuple(remaining)
        # STEP_CALENDAR_POLICY: p. 15.3 projected for the first approved centre not started
        started = set(self.started_centres)
        waiting = [c for c in self.approved_centres if c not in started]
        next_start = self.step_municipality("service_start", waiting[0]) if waiting else None
        # Near the calendar's last date (2099-12-31) a projected step may fall past it: the
        # projection stops before the first such step (nothing can be counted there).
        while True:
            try:
                steps = chain_steps(
                    self.calendar,
                    self._route_value,
                    events,
                    keys,
                    municipality=next_start,
                    municipal_calendars=self._municipal_calendars,
                )
                break
            except DateOutOfRangeError:
                keys = keys[:-1]
        return Timeline(
            letter_received=letter,
            route=self._route_value,
            initiator=self.initiator.kind.value,
            steps=steps,
        )

    # ------------------------------------------------------------------ scope ledger

    @property
    def scope_source_id(self) -> str:
        """The id the scope ledger records this transfer's facts under: ``transfer:<id>``."""
        return f"transfer:{self.id}"

    def scope_facts(self) -> tuple[ScopeFact, ...]:
        """What the transfer establishes for the ledger: one start per started centre.

        p. 15.3 ("pašvaldība uzsāk pakalpojuma ... izpildi"): the service is provided in a
        centre from the day of its ``service_started`` event (points p. 7.3, 15.3).
        """
        points = cite("7.3", "15.3")
        return tuple(
            ScopeFact("start", self.service, entry_item(e, "centre"), e[ENTRY_DATE], points)
            for e in self._history
            if e[ENTRY_EVENT] == "service_started"
        )

    def _title(self, lang: str = "en") -> str:
        return message(
            "title_transfer",
            lang,
            service=service_name(self.service, lang),
            initiator=initiator_name(self.initiator, lang),
            point=point_label(self._route_value.point, lang),
        )

    def __repr__(self) -> str:
        return (
            f"TransferProcedure(service={self.service.label!r}, initiator={str(self.initiator)!r}, "
            f"route={self._route_value.point!r}, state={self.state!r}, events={len(self._history)})"
        )


def _calendars_text(value: MunicipalCalendars | None) -> str | Text:
    own = _own_calendars(value)
    if own is None:
        return Text("field.steps.packaged_list")
    if not len(own):
        return Text("field.steps.none_listed")
    return echo_many([e.name for e in own.not_following])


def rules_markdown() -> str:
    """The :data:`RULES` table as markdown (embedded in ``docs/transfer.md``)."""
    lines = ["| rule | points | description |", "|---|---|---|"]
    lines.extend(
        f"| `{r.id}` | {', '.join('p. ' + n for n in r.points)} | {r.description} |" for r in RULES
    )
    return "\n".join(lines) + "\n"


def diagram_markdown() -> str:
    """The state diagram of :class:`TransferProcedure` as a fenced mermaid block."""
    return "```mermaid\n" + TransferProcedure.state_diagram() + "```\n"
