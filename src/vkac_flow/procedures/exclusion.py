"""The exclusion of a service from the centres' scope (p. 16), as a state machine.

p. 16 (Latvian, authoritative): "Iestāde un pašvaldība var rosināt cita pakalpojuma
izslēgšanu no vienotajā klientu apkalpošanas centrā sniegto pakalpojumu apjoma, vienu
mēnesi iepriekš par to informējot uzraudzības komiteju. Pakalpojuma turētājs var izslēgt
savā kompetencē esošu pakalpojumu no vienotajā klientu apkalpošanas centrā sniegto
pakalpojumu apjoma, izņemot minimālo pakalpojumu grozu, vienu mēnesi iepriekš par to
informējot uzraudzības komiteju."

Two routes, chosen from who initiates (:class:`ExclusionRoute`):

* **proposal** -- an institution (p. 2.4) or a municipality (p. 2.5) proposes ("var
  rosināt") excluding "cita pakalpojuma", an *other service* (the category of p. 7.3) that it
  does not hold. The committee is informed; p. 16 does not say who decides, and this module
  lets the committee decide (named interpretation ``EXCL-COMMITTEE-DECIDES``, resting on
  p. 9: the committee exists to regulate the centres' scope). The exclusion takes effect no
  earlier than one month after the committee was informed;
* **own service** -- the holder of the service (p. 2.3) excludes it ("var izslēgt"):
  informing the committee one month in advance is enough; no decision is needed.

Never the minimum basket (p. 2.6: an indivisible set; p. 16: "izņemot minimālo
pakalpojumu grozu"), whoever initiates; and not a municipal service (p. 7.2), which the
municipality designates and drops by its own choice, outside p. 16
(:meth:`vkac_flow.register.ledger.ScopeLedger.end_designation`).

>>> import datetime
>>> from vkac_flow.law.parties import Party
>>> from vkac_flow.law.services import Service
>>> csdd = Party.service_holder("CSDD")
>>> roads = Service("Vehicle registration", csdd)
>>> e = ExclusionProcedure.propose(roads, initiator=csdd, centres=["Cēsis"],
...                                clock=lambda: datetime.date(2026, 11, 30))
>>> e.route.value
'own_service'
>>> e.committee_informed(datetime.date(2026, 9, 1))
>>> e.earliest_exclusion().due
datetime.date(2026, 10, 1)
>>> e.excluded(datetime.date(2026, 10, 5))
>>> e.state
'excluded'
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs

from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.deadline import Deadline
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.errors import (
    DateOutOfRangeError,
    EventInputTypeError,
    InputError,
    InputTypeError,
    RuleViolationError,
    check_name,
    echo,
)
from vkac_flow.law.centres import Centre, CentreRegistry
from vkac_flow.law.parties import Party, PartyKind
from vkac_flow.law.regulation import REGULATION_IN_FORCE, cite
from vkac_flow.law.scope import ScopeFact
from vkac_flow.law.services import Service, ServiceCategory
from vkac_flow.law.steps import STEPS
from vkac_flow.messages import Count, Text, message
from vkac_flow.messages.policies import policy_text
from vkac_flow.procedures.arguments import check_instance
from vkac_flow.procedures.base import Clock, EventSpec, Procedure, Rule, Transition
from vkac_flow.procedures.display import initiator_name, party_text, service_name, service_text
from vkac_flow.procedures.records import ENTRY_DATE, ENTRY_EVENT, HistoryEntry, entry_item

__all__ = [
    "EXCLUSION_EVENTS",
    "INTERPRETATIONS",
    "RULES",
    "ExclusionFacts",
    "ExclusionProcedure",
    "ExclusionRoute",
    "diagram_markdown",
    "exclusion_route",
    "rules_markdown",
]

_STEP: Final = "exclusion_notice"
"""The statutory step of p. 16 in :data:`vkac_flow.law.steps.STEPS` (1 month, kind waiting)."""


class ExclusionRoute(enum.Enum):
    """Which sentence of p. 16 governs an exclusion: who initiates it."""

    PROPOSAL = "proposal"
    """p. 16, first sentence: an institution or a municipality proposes excluding an other
    service (p. 7.3) it does not hold; the committee decides (interpretation
    ``EXCL-COMMITTEE-DECIDES``)."""
    OWN_SERVICE = "own_service"
    """p. 16, second sentence: the holder excludes its own service after one month's
    notice to the committee."""

    @property
    def label(self) -> str:
        """A readable name of the route."""
        return (
            "proposal to exclude an other service"
            if self is ExclusionRoute.PROPOSAL
            else ("holder excludes its own service")
        )


_INTERPRETATIONS: Final[dict[str, str]] = {
    "EXCL-COMMITTEE-DECIDES": (
        "On the proposal route (p. 16, first sentence: 'var rosināt ... vienu mēnesi iepriekš "
        "par to informējot uzraudzības komiteju') an institution or a municipality only "
        "'proposes' (rosināt) the exclusion and informs the committee; the text names no "
        "decision and no one who decides. This is an interpretation, not a rule of the text: "
        "p. 9 sets up the supervisory committee to regulate the centres' scope of services, so "
        "the committee decides on the proposal: committee_decided(approved=...) is required "
        "before excluded. (p. 10.1 gives the committee the decisions on TRANSFERRING services; "
        "it is not cited for exclusions.) On the own-service route the holder 'excludes' "
        "(izslēgt) by itself: notice is enough."
    ),
    "EXCL-PROPOSER": (
        "Only an institution (p. 2.4) or a municipality (p. 2.5) may propose an exclusion "
        "under p. 16, first sentence ('iestāde un pašvaldība'), so a service holder that is not "
        "an institution (and the ministry or committee) may not propose excluding a service it "
        "does not hold. 'Cita pakalpojuma' means 'of an other service': the category of p. 7.3 "
        "(neither the minimum basket, p. 7.1, nor a municipal service, p. 7.2), not 'another "
        "holder's service'; the text does not limit whose other service it may be, so an "
        "institution may propose excluding any other service it does not hold."
    ),
    "EXCL-WITHDRAWAL": (
        "p. 16 gives the right to propose (and the holder's right to exclude) and says nothing "
        "about withdrawing. This module lets the initiator withdraw until the exclusion takes "
        "effect (or the committee rejects it), and accepts nothing after an exclusion, a "
        "rejection or a withdrawal (final states): a new proposal is a new procedure."
    ),
    "EXCL-OWN-SERVICE": (
        "The own-service route applies when the initiator is the service's holder (p. 2.3), "
        "whatever its kind: an institution is a service holder too (p. 2.4), and so is a "
        "municipality holding an other service (p. 7.3)."
    ),
    "EXCL-NOTICE-PERIOD": (
        "'Vienu mēnesi iepriekš' is a one-month waiting period counted from the day the "
        "committee was informed, as a forward period under APL s. 42(1), 43(1)-(2): the "
        "exclusion may take effect on its last day (the same date a month later, moved to the "
        "next working day if that is a day off) or later, never earlier (an earlier date is "
        "refused, not recorded as a breach). The backward question (when must the committee be "
        "told for a planned date) uses calendar.deadline_before, policy "
        "latest-consistent-working-day, so the two directions agree."
    ),
    "EXCL-CENTRES": (
        "An exclusion may name centres; without names it covers every centre that provides "
        "the service on the day before it takes effect (the ledger resolves them)."
    ),
    "EXCLUSION-DAY-EXCLUSIVE": (
        "The day an exclusion takes effect is the first day the service is no longer provided "
        "in the centre (the ledger's intervals are half-open)."
    ),
}
# read-only (issue 13): the mutable dict stays private
INTERPRETATIONS: Final[Mapping[str, str]] = MappingProxyType(_INTERPRETATIONS)
"""The named interpretations of p. 16 this module makes (documented in docs/exclusion.md)."""


RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "exclusion-never-minimum-basket",
        ("2.6", "16"),
        "The minimum basket is never excluded, whoever initiates.",
    ),
    Rule(
        "exclusion-municipal-service-outside-p16",
        ("7.2", "16"),
        "A municipal service is designated and dropped by the municipality, not under p. 16.",
    ),
    Rule(
        "exclusion-proposer-institution-or-municipality",
        ("16", "2.4", "2.5", "7.3"),
        "Only an institution or a municipality may propose excluding an other service (p. 7.3) "
        "it does not hold.",
    ),
    Rule(
        "exclusion-own-service-by-holder",
        ("16", "2.3"),
        "A holder excludes its own service after informing the committee; no decision needed.",
    ),
    Rule(
        "exclusion-committee-decides-proposal",
        ("16", "9"),
        "Interpretation EXCL-COMMITTEE-DECIDES: a proposal (p. 16 names no decision) takes "
        "effect only if the committee, which regulates the centres' scope (p. 9), approves.",
    ),
    Rule(
        "exclusion-one-month-notice",
        ("16",),
        "The exclusion takes effect no earlier than one month after the committee was informed.",
    ),
    Rule(
        "exclusion-centres-registered",
        ("2.1", "16"),
        "With a centre registry, every centre an exclusion names must be registered.",
    ),
    Rule(
        "exclusion-withdrawal-and-final-states",
        ("16",),
        "Interpretation EXCL-WITHDRAWAL: the initiator (whose right to propose or exclude is "
        "p. 16) may withdraw until the exclusion takes effect; nothing follows a final state.",
    ),
    Rule(
        "exclusion-centres-in-given-order",
        ("16",),
        "Centres are a list or tuple in the order to record, each named once; a set or a "
        "mapping is refused (policy centres-in-given-order).",
    ),
    Rule(
        "exclusion-notice-in-force",
        ("16", "25"),
        "No notice date before 2017-07-01 exists: latest_notice_for refuses a planned date "
        "whose notice would fall before the regulation entered into force.",
    ),
)
"""The rules this module enforces, with their points (read by the traceability test)."""

for _rule in RULES:  # every cited point exists (fails at import otherwise)
    cite(*_rule.points)


def exclusion_route(service: Service, initiator: Party) -> ExclusionRoute:
    """The route of p. 16 for ``initiator`` excluding ``service``, or a typed refusal.

    Args:
        service: The service to exclude.
        initiator: Who initiates.

    Returns:
        :attr:`ExclusionRoute.OWN_SERVICE` if the initiator holds the service, else
        :attr:`ExclusionRoute.PROPOSAL`.

    Raises:
        InputTypeError: Arguments of the wrong type.
        RuleViolationError: The service is in the minimum basket (p. 2.6, 16) or municipal
            (p. 7.2), or the initiator may not propose excluding a service it does not hold
            (p. 16).

    >>> from vkac_flow.law.parties import Party
    >>> from vkac_flow.law.services import Service
    >>> exclusion_route(Service("X", Party.service_holder("A")), Party.municipality("Cēsu novads"))
    <ExclusionRoute.PROPOSAL: 'proposal'>
    """
    check_instance(service, Service, "service")
    check_instance(initiator, Party, "initiator")
    if service.category is ServiceCategory.MINIMUM_BASKET:
        # p. 2.6: the basket is indivisible; p. 16: "izņemot minimālo pakalpojumu grozu".
        raise RuleViolationError(
            Text(
                "error.exclusion.minimum_basket",
                service=service_text(service),
                initiator=party_text(initiator),
            ),
            points=cite("2.6", "16"),
        )
    if service.category is ServiceCategory.MUNICIPAL:
        # p. 7.2: the municipality designates its own services; dropping one is its choice.
        raise RuleViolationError(
            Text(
                "error.exclusion.municipal",
                service=service_text(service),
                method="ScopeLedger.end_designation",
            ),
            points=cite("7.2", "16"),
        )
    if initiator == service.holder:
        # p. 16, second sentence: "Pakalpojuma turētājs var izslēgt savā kompetencē esošu
        # pakalpojumu" (interpretation EXCL-OWN-SERVICE).
        return ExclusionRoute.OWN_SERVICE
    if initiator.kind in (PartyKind.INSTITUTION, PartyKind.MUNICIPALITY):
        # p. 16, first sentence: "Iestāde un pašvaldība var rosināt cita pakalpojuma
        # izslēgšanu" (interpretation EXCL-PROPOSER).
        return ExclusionRoute.PROPOSAL
    raise RuleViolationError(
        Text(
            "error.exclusion.not_empowered",
            initiator=party_text(initiator),
            service=service_text(service),
            interpretation=policy_text("EXCL-PROPOSER"),
        ),
        points=cite("16"),
    )


def _clean_centres(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, AbstractSet | Mapping):
        raise InputTypeError(
            Text(
                "error.exclusion.centres_unordered",
                what="centres",
                got=type(value).__name__,
                value=echo(value),
                policy=policy_text("centres-in-given-order"),
            )
        )
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(
            Text("error.exclusion.centres_type", what="centres", value=echo(value))
        )
    names: list[str] = []
    seen: set[str] = set()
    for item in value:
        name = getattr(item, "name", item)  # a Centre or a name
        if not isinstance(name, str):
            raise InputTypeError(
                Text("error.exclusion.centre_type", what="centres", value=echo(item))
            )
        name = check_name(name, "centres")  # stripped; no control characters or surrogates
        if not name:
            raise InputError(
                Text("error.exclusion.centre_empty", what="centres"), points=cite("2.1")
            )
        if name in seen:
            raise InputError(Text("error.exclusion.centre_twice", what="centres", name=echo(name)))
        seen.add(name)
        names.append(name)
    if not names:
        raise InputError(Text("error.exclusion.centres_empty", what="centres"))
    return tuple(names)


_EXCLUSION_EVENTS: Final[dict[str, EventSpec]] = {
    "committee_informed": EventSpec(
        "committee_informed",
        description="The initiator informs the supervisory committee (p. 16); the month runs.",
    ),
    "committee_decided": EventSpec(
        "committee_decided",
        ("approved",),
        ("approved",),
        "The committee decides on a proposal (p. 16, 9; interpretation EXCL-COMMITTEE-DECIDES).",
    ),
    "excluded": EventSpec(
        "excluded",
        description="The exclusion takes effect (not before the month is over, p. 16).",
    ),
    "withdrawn": EventSpec(
        "withdrawn",
        description="The initiator withdraws the proposal or the notice (EXCL-WITHDRAWAL).",
    ),
}
# read-only (issue 13): the mutable dict stays private
EXCLUSION_EVENTS: Final[Mapping[str, EventSpec]] = MappingProxyType(_EXCLUSION_EVENTS)
"""The events of an exclusion, in the order :meth:`ExclusionProcedure.allowed_events` lists."""


@attrs.frozen
class ExclusionFacts:
    """What an exclusion's events have established: one frozen record, replaced per event.

    Attributes:
        informed: The day the committee was informed (p. 16), ``None`` before it.
        approved: The committee's decision on a proposal, ``None`` before it.
        excluded: The day the exclusion took effect, ``None`` before it.
    """

    informed: datetime.date | None = None
    approved: bool | None = None
    excluded: datetime.date | None = None


# on_setattr NO_OP: the converter of centres runs at init only (the field is read-only), and
# no __setattr__ hook slows every event
@attrs.define(slots=False, eq=False, kw_only=True, on_setattr=attrs.setters.NO_OP)
class ExclusionProcedure(Procedure):
    """An exclusion of a service from the centres' scope (p. 16).

    Build one with :meth:`propose`. States: ``proposed`` -> ``committee_informed`` ->
    (``proposal``: ``awaiting_decision`` -> ``approved`` | ``rejected``) ->
    ``excluded``; ``withdrawn`` from any state that is not final.

    Attributes:
        service: The service to exclude (an other service, p. 7.3).
        initiator: Who initiates (the holder, or an institution or a municipality).
        centres: The centres' names, or ``None`` for every centre that provides it.
        route: Which sentence of p. 16 applies (derived).
        registry: The centre registry :attr:`centres` are checked against (context, not
            serialised; init argument ``registry``), or ``None``.
    """

    FORMAT: ClassVar[str] = "vkac_flow.exclusion"
    RULES: ClassVar[tuple[Rule, ...]] = RULES  # part of the rules version
    VERSION: ClassVar[int] = 3
    STATES: ClassVar[tuple[str, ...]] = (
        "proposed",
        "awaiting_decision",
        "notice_running",
        "approved",
        "rejected",
        "excluded",
        "withdrawn",
    )
    INITIAL: ClassVar[str] = "proposed"
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset({"rejected", "excluded", "withdrawn"})
    TRANSITIONS: ClassVar[tuple[Transition, ...]] = (
        # p. 16, first sentence: a proposal; the committee will decide (EXCL-COMMITTEE-DECIDES).
        Transition(
            "committee_informed",
            ("proposed",),
            "awaiting_decision",
            ("16",),
            condition="_is_proposal",
            label="committee_informed [proposal]",
        ),
        # p. 16, second sentence: the holder's notice; the month runs, no decision.
        Transition(
            "committee_informed",
            ("proposed",),
            "notice_running",
            ("16",),
            condition="_is_own_service",
            label="committee_informed [own service]",
        ),
        Transition(
            "committee_decided",
            ("awaiting_decision",),
            "approved",
            ("16", "9"),
            condition="_was_approved",
            label="committee_decided [approved]",
        ),
        Transition(
            "committee_decided",
            ("awaiting_decision",),
            "rejected",
            ("16", "9"),
            condition="_was_rejected",
            label="committee_decided [rejected]",
        ),
        # p. 16: "vienu mēnesi iepriekš": not before the month after the notice is over.
        Transition("excluded", ("approved", "notice_running"), "excluded", ("16",)),
        Transition(
            "withdrawn",
            ("proposed", "awaiting_decision", "notice_running", "approved"),
            "withdrawn",
            ("16",),
        ),
    )
    EVENTS: ClassVar[Mapping[str, EventSpec]] = EXCLUSION_EVENTS
    STEP_KEYS: ClassVar[tuple[str, ...]] = (_STEP,)
    IDENTITY_KEYS: ClassVar[tuple[str, ...]] = ("service", "initiator", "centres")

    # read-only (init arguments service, initiator, centres): reassigning would bypass p. 16
    _service: Service = attrs.field(alias="service")
    _initiator: Party = attrs.field(alias="initiator")
    _centres: tuple[str, ...] | None = attrs.field(
        default=None, alias="centres", converter=_clean_centres
    )
    _route_value: ExclusionRoute = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        """Check who may exclude what (p. 2.6, 7.2, 16) and start in ``proposed``."""
        self._route_value = exclusion_route(self.service, self.initiator)
        super().__attrs_post_init__()

    @property
    def service(self) -> Service:
        """The service to exclude (read-only)."""
        return self._service

    @property
    def initiator(self) -> Party:
        """Who initiates (read-only)."""
        return self._initiator

    @property
    def centres(self) -> tuple[str, ...] | None:
        """The centres' names, or ``None`` for every centre that provides it (read-only)."""
        return self._centres

    @property
    def route(self) -> ExclusionRoute:
        """Which sentence of p. 16 applies, from who initiates (read-only)."""
        return self._route_value

    @classmethod
    def propose(
        cls,
        service: Service,
        *,
        initiator: Party,
        centres: Iterable[str | Centre] | None = None,
        calendar: LatvianCalendar | None = None,
        clock: Clock | None = None,
        registry: CentreRegistry | None = None,
        procedure_id: str | None = None,
    ) -> ExclusionProcedure:
        """Start an exclusion of ``service`` initiated by ``initiator`` (p. 16).

        Args:
            service: An other service (p. 7.3).
            initiator: Its holder (own-service route), or an institution or a municipality
                (proposal route).
            centres: The centres, by name or :class:`~vkac_flow.law.centres.Centre` (default
                ``None``: every centre providing it).
            calendar: The working-day calendar (default: the shared default).
            clock: Returns today's date (default: today in Riga).
            registry: The centres (p. 2.1) ``centres`` may name (default ``None``: any
                name). Context like the calendar: not serialised, not compared.
            procedure_id: The procedure's :attr:`~vkac_flow.procedures.base.Procedure.id`
                (default: a random id, :func:`~vkac_flow.procedures.base.new_procedure_id`).

        Raises:
            RuleViolationError: The minimum basket (p. 2.6, 16), a municipal service
                (p. 7.2), or an initiator p. 16 does not empower.
            UnregisteredCentreError: A centre not in ``registry`` (p. 2.1, 16); the message
                suggests close registered names.
            InputTypeError: Arguments of the wrong type (also a set of centres: order
                matters for the record).
            InputError: Empty or repeated centre names, or a bad ``procedure_id``.
        """
        kwargs: dict[str, Any] = {"procedure_id": procedure_id}
        if calendar is not None:
            kwargs["calendar"] = calendar
        if clock is not None:
            kwargs["clock"] = clock
        if registry is not None:
            kwargs["registry"] = registry
        return cls(service=service, initiator=initiator, centres=centres, **kwargs)

    # ------------------------------------------------------------------ events

    def committee_informed(self, when: object) -> None:
        """The initiator informs the supervisory committee (p. 16); the month starts.

        Raises:
            IllegalTransitionError: The committee was already informed, or the procedure ended.
            EventDateError: A date before the previous event, in the future or before p. 25.
        """
        self._apply("committee_informed", when, {})

    def committee_decided(self, when: object, *, approved: bool) -> None:
        """The committee decides on a proposal (proposal route only; EXCL-COMMITTEE-DECIDES).

        Args:
            when: The day of the decision.
            approved: Whether the committee approved the exclusion.

        Raises:
            IllegalTransitionError: Not awaiting a decision (e.g. own-service route: no
                decision is needed, p. 16).
            EventInputTypeError: ``approved`` is not a bool.
        """
        self._apply("committee_decided", when, {"approved": approved})

    def excluded(self, when: object) -> None:
        """The exclusion takes effect on ``when`` (first day without the service).

        Raises:
            RuleViolationError: ``when`` is earlier than one month after the committee was
                informed (p. 16).
            IllegalTransitionError: The committee was not informed, or (proposal route) has
                not approved.
        """
        self._apply("excluded", when, {})

    def withdrawn(self, when: object) -> None:
        """The initiator withdraws the proposal or notice (the procedure ends).

        Interpretation ``EXCL-WITHDRAWAL``: p. 16 says nothing of withdrawing; it is allowed
        until the exclusion takes effect or the committee rejects it.

        Raises:
            IllegalTransitionError: The procedure already ended.
        """
        self._apply("withdrawn", when, {})

    # ------------------------------------------------------------------ queries

    @property
    def informed_on(self) -> datetime.date | None:
        """The day the committee was informed, or ``None``."""
        return self.facts.informed

    @property
    def excluded_on(self) -> datetime.date | None:
        """The day the exclusion took effect, or ``None``."""
        return self.facts.excluded

    @property
    def approved(self) -> bool | None:
        """The committee's decision (proposal route), or ``None`` before it."""
        return self.facts.approved

    def earliest_exclusion(self) -> Deadline | None:
        """The earliest day the exclusion may take effect: one month after the notice (p. 16).

        The period is ``rules.STEPS["exclusion_notice"]`` (interpretation
        ``EXCL-NOTICE-PERIOD``); :meth:`~vkac_flow.calendar.deadline.Deadline.explain` tells how the
        day was reached.

        Returns:
            The deadline, or ``None`` if the committee has not been informed yet.
        """
        informed = self.informed_on
        if informed is None:
            return None
        return self._deadline(_STEP, informed)

    def latest_notice_for(self, planned: object) -> Deadline:
        """The latest day to inform the committee for an exclusion planned on ``planned``.

        Counted backwards one month (p. 16) with ``calendar.deadline_before`` (policy
        ``latest-consistent-working-day``, see :mod:`vkac_flow.calendar.deadline`): notice on the
        returned ``due`` makes ``planned`` permissible; notice one working day later does not.

        Raises:
            DateOutOfRangeError: The notice would fall before 2017-07-01, when the regulation
                entered into force (p. 25): no notice date in force exists for ``planned``.
            InputError: A bad date.
        """
        step = STEPS[_STEP]
        day = to_date(planned, what="planned exclusion")
        deadline = self.calendar.deadline_before(day, step.period, basis=step.points_for())
        if deadline.due < REGULATION_IN_FORCE:
            # p. 25: the regulation, and so p. 16's notice, exists from 2017-07-01 only.
            raise DateOutOfRangeError(
                Text(
                    "error.exclusion.notice_before_force",
                    what="latest_notice_for",
                    date=day.isoformat(),
                    due=deadline.due.isoformat(),
                    in_force=REGULATION_IN_FORCE.isoformat(),
                ),
                points=cite("16", "25"),
            )
        return deadline

    def scope_facts(self) -> tuple[ScopeFact, ...]:
        """What the exclusion establishes for the ledger: the service ends in its centres.

        Empty until ``excluded``; then one fact per named centre, or one fact with
        ``centre=None`` (every centre providing it, interpretation ``EXCL-CENTRES``).
        """
        day = self.excluded_on
        if day is None:
            return ()
        points = cite("16")
        centres: tuple[str | None, ...] = self.centres if self.centres is not None else (None,)
        return tuple(ScopeFact("end", self.service, c, day, points) for c in centres)

    @property
    def scope_source_id(self) -> str:
        """The id the scope ledger records this exclusion under: ``exclusion:<id>``.

        The procedure's own :attr:`~vkac_flow.procedures.base.Procedure.id` (kept in its document),
        so two exclusions of one service by one initiator on one day stay two sources.
        """
        return f"exclusion:{self.id}"

    # ------------------------------------------------------------------ hooks

    def _is_proposal(self) -> bool:
        return self.route is ExclusionRoute.PROPOSAL

    def _is_own_service(self) -> bool:
        return self.route is ExclusionRoute.OWN_SERVICE

    def _was_approved(self) -> bool:
        return self.facts.approved is True

    def _was_rejected(self) -> bool:
        return self.facts.approved is False

    def _check_identity_centres(self) -> None:
        if self.centres is not None:
            # p. 2.1: the centres an exclusion names are centres of the network (p. 16).
            self._require_registered(self.centres, event=None, numbers=("16",))

    def _prepare(self, event: str, day: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
        if event == "committee_decided":
            approved = data.get("approved")
            if not isinstance(approved, bool):
                raise EventInputTypeError(
                    Text(
                        "error.steps.approved_type",
                        event=event,
                        field="approved",
                        value=echo(approved),
                    ),
                    points=cite("16", "9"),
                    event=event,
                    allowed=self.allowed_events(),
                )
            return {"approved": approved}
        if event == "excluded":
            earliest = self.earliest_exclusion()
            assert earliest is not None  # the state guarantees the committee was informed
            if day < earliest.due:
                informed = self.informed_on
                assert informed is not None
                raise RuleViolationError(
                    Text(
                        "error.exclusion.too_early",
                        event=event,
                        date=day.isoformat(),
                        informed=informed.isoformat(),
                        earliest=earliest.due.isoformat(),
                        days=Count("days", (earliest.due - day).days),
                    ),
                    points=cite("16"),
                    event=event,
                    allowed=self.allowed_events(),
                )
        return {}

    def _init_facts(self) -> None:
        self._facts = ExclusionFacts()

    @property
    def facts(self) -> ExclusionFacts:
        """What the events so far have established (a frozen record, replaced per event)."""
        facts: ExclusionFacts = self._facts
        return facts

    def _effect(self, entry: HistoryEntry) -> None:
        f = self.facts
        event = entry[ENTRY_EVENT]
        if event == "committee_informed":
            self._facts = attrs.evolve(f, informed=entry[ENTRY_DATE])
        elif event == "committee_decided":
            self._facts = attrs.evolve(f, approved=entry_item(entry, "approved"))
        elif event == "excluded":
            self._facts = attrs.evolve(f, excluded=entry[ENTRY_DATE])

    def _by(self, role: str, subject: str | None, lang: str = "en") -> str:
        if role == "initiator":
            return initiator_name(self.initiator, lang)
        return super()._by(role, subject, lang)

    def _final_reason(self, event: str) -> Text:
        return Text(
            "error.exclusion.final",
            event=event,
            state=self.state,
            interpretation=policy_text("EXCL-WITHDRAWAL"),
        )

    def _illegal_reason(self, event: str) -> Text:
        state = self.state
        decides = policy_text("EXCL-COMMITTEE-DECIDES")
        if event == "committee_decided" and self.route is ExclusionRoute.OWN_SERVICE:
            return Text(
                "error.exclusion.own_service_no_decision",
                event=event,
                initiator=party_text(self.initiator),
                interpretation=decides,
            )
        if event == "committee_decided" and state == "proposed":
            return Text("error.exclusion.decision_before_notice", event=event)
        if event == "excluded" and state == "proposed":
            return Text("error.exclusion.excluded_before_notice", event=event)
        if event == "excluded" and state == "awaiting_decision":
            return Text(
                "error.exclusion.excluded_before_approval", event=event, interpretation=decides
            )
        if event == "committee_informed":
            return Text("error.exclusion.informed_again", event=event, state=state)
        return self._not_allowed(event)

    def _title(self, lang: str = "en") -> str:
        centres = message("all_centres", lang) if self.centres is None else ", ".join(self.centres)
        return message(
            "title_exclusion",
            lang,
            service=service_name(self.service, lang),
            centres=centres,
            route=message(f"exclusion_route.{self.route.value}", lang),
            initiator=initiator_name(self.initiator, lang),
        )

    def __repr__(self) -> str:
        return (
            f"ExclusionProcedure(service={self.service.label!r}, initiator={str(self.initiator)!r}, "
            f"route={self.route.value!r}, centres={self.centres!r}, state={self.state!r}, "
            f"events={len(self._history)})"
        )

    def _identity(self) -> tuple[Any, ...]:
        return (self.service, self.initiator, self.centres)

    def _identity_to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service.to_dict(),
            "initiator": self.initiator.to_dict(),
            "centres": None if self.centres is None else list(self.centres),
        }

    @classmethod
    def _from_identity(
        cls,
        doc: Mapping[str, Any],
        *,
        calendar: LatvianCalendar | None,
        clock: Clock | None,
    ) -> ExclusionProcedure:
        centres = doc["centres"]
        if centres is not None and not (
            type(centres) is list and all(type(c) is str for c in centres)
        ):
            # only what to_dict writes: null or a list of strings
            raise InputTypeError(
                Text("error.exclusion.centres_document", what="centres", value=echo(centres))
            )
        return cls.propose(
            Service.from_dict(doc["service"]),
            initiator=Party.from_dict(doc["initiator"]),
            centres=centres,
            calendar=calendar,
            clock=clock,
        )


def rules_markdown() -> str:
    """The :data:`RULES` table as markdown (embedded in ``docs/exclusion.md``)."""
    lines = ["| rule | points | description |", "|---|---|---|"]
    lines.extend(
        f"| `{r.id}` | {', '.join('p. ' + n for n in r.points)} | {r.description} |" for r in RULES
    )
    return "\n".join(lines) + "\n"


def diagram_markdown() -> str:
    """The state diagram of :class:`ExclusionProcedure` as a fenced mermaid block."""
    return "```mermaid\n" + ExclusionProcedure.state_diagram() + "```\n"
