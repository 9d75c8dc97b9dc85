"""Error examples of the procedures' steps (see tests/test_error_messages.py).

Each is a real call of the public API: a transfer (p. 12-15) or an exclusion (p. 16) fed an
event in the wrong state or breaking a rule, a bad argument, a statutory timeline from
before the regulation, a saved transfer read with another calendar. The ``codes`` are the
event, state, parameter and policy names the Latvian message cites as they are.
"""

from __future__ import annotations

import datetime

from latvian_words import Example
from vkac_flow.law.calendars import municipal_calendars
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service, minimum_basket_service
from vkac_flow.procedures.centre_names import close_centre_names
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.procedures.transfer import TransferProcedure

TODAY = datetime.date(2026, 9, 1)
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Būvatļauja", HOLDER)
MUNICIPALITY = Party.municipality("Cēsu novads")
REGISTRY = CentreRegistry([Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)])

EVENTS = (
    "letter_received",
    "readiness_confirmed",
    "readiness_declined",
    "centres_surveyed",
    "information_prepared",
    "committee_decided",
    "committee_deferred",
    "committee_informed",
    "training_completed",
    "material_uploaded",
    "service_started",
    "withdrawn",
    "excluded",
)
STATES = ("proposed", "approved", "rollout", "completed", "rejected", "withdrawn", "excluded")
"""Event and state codes: cited as they are in both languages."""


def _transfer(initiator: Party = MUNICIPALITY) -> TransferProcedure:
    return TransferProcedure.propose(SERVICE, initiator=initiator, clock=lambda: TODAY)


def _surveyed() -> TransferProcedure:
    p = _transfer()
    p.letter_received("2026-03-02", holder_informed="2026-03-02")
    p.readiness_confirmed("2026-03-09")
    p.centres_surveyed("2026-03-16", centres=["Cēsis"])
    p.information_prepared("2026-03-20")
    return p


def _exclusion(initiator: Party = MUNICIPALITY) -> ExclusionProcedure:
    return ExclusionProcedure.propose(SERVICE, initiator=initiator, clock=lambda: TODAY)


def _informed(initiator: Party = MUNICIPALITY) -> ExclusionProcedure:
    e = _exclusion(initiator)
    e.committee_informed("2026-07-01")
    return e


def _withdrawn() -> TransferProcedure:
    p = _transfer()
    p.withdrawn("2026-03-02")
    return p


def _holder_proposed() -> TransferProcedure:
    p = _transfer(HOLDER)
    p.letter_received("2026-03-02")
    return p


def _read_with_other_calendars() -> object:
    doc = _transfer(HOLDER).to_dict()
    other = municipal_calendars().with_municipality("Cēsu novads", follows=False, source="x")
    return TransferProcedure.from_dict(doc, clock=lambda: TODAY, municipal_calendars=other)


CODES = (*EVENTS, *STATES)
BASKET = minimum_basket_service("VID", "Valsts ieņēmumu dienesta pakalpojumi")
VID = ("State Revenue Service",)  # the institution's name, as the law data give it


def codes(*names: str) -> tuple[str, ...]:
    """``names``, longest first (so a code is not cut by a shorter one inside it)."""
    return tuple(sorted(set(names), key=len, reverse=True))


EXAMPLES = [
    # ---------------------------------------------------------------- transfer (p. 12-15)
    Example(
        "IllegalTransitionError",
        lambda: _transfer().training_completed("2026-03-02"),
        codes(*CODES),
    ),
    Example(
        "IllegalTransitionError",
        lambda: _withdrawn().letter_received("2026-03-03"),
        codes(*CODES, "final-states"),
    ),
    Example(
        "IllegalTransitionError",
        lambda: _surveyed().material_uploaded("2026-03-25"),
        codes(*CODES, "material-after-training"),
    ),
    Example(
        "RuleViolationError",
        lambda: TransferProcedure.propose(BASKET, initiator=MUNICIPALITY),
        codes("minimum-basket-not-transferable", *VID),
    ),
    Example(
        "RuleViolationError",
        lambda: _holder_proposed().readiness_confirmed("2026-03-03"),
        codes(*CODES),
    ),
    Example(
        "RuleViolationError",
        lambda: _surveyed().committee_decided("2026-04-01", approved=True, centres=["Valmiera"]),
        codes(*CODES, "approval-names-willing-centres", "Valmiera"),
    ),
    Example(
        "RuleViolationError",
        lambda: _transfer().letter_received("2026-03-02", holder_informed="2026-12-24"),
        codes(*CODES, "holder_informed"),
    ),
    Example(
        "InputTypeError",
        lambda: TransferProcedure.propose("Būvatļauja", initiator=HOLDER),  # type: ignore[arg-type]
        codes("service", "Service", "str"),
    ),
    Example(
        "InputTypeError",
        lambda: TransferProcedure.propose(SERVICE, initiator=HOLDER, municipal_calendars="x"),  # type: ignore[arg-type]
        ("municipal_calendars", "MunicipalCalendars"),
    ),
    Example(
        "HistoryError",
        _read_with_other_calendars,
        codes("municipal_calendars", "step-counted-on-responsible-partys-calendar"),
    ),
    # ---------------------------------------------------------------- exclusion (p. 16)
    Example(
        "IllegalTransitionError",
        lambda: _informed(HOLDER).committee_decided("2026-07-02", approved=True),
        codes(*CODES, "EXCL-COMMITTEE-DECIDES"),
    ),
    Example(
        "IllegalTransitionError",
        lambda: _exclusion().excluded("2026-08-03"),
        codes(*CODES),
    ),
    Example("RuleViolationError", lambda: _informed(HOLDER).excluded("2026-07-21"), codes(*CODES)),
    Example(
        "RuleViolationError",
        lambda: ExclusionProcedure.propose(BASKET, initiator=MUNICIPALITY),
        VID,
    ),
    Example(
        "RuleViolationError",
        lambda: ExclusionProcedure.propose(SERVICE, initiator=Party.ministry()),
        ("EXCL-PROPOSER",),
    ),
    Example(
        "EventInputTypeError",
        lambda: _informed().committee_decided("2026-07-02", approved=1),  # type: ignore[arg-type]
        codes(*CODES, "approved"),
    ),
    Example(
        "InputTypeError",
        lambda: ExclusionProcedure.propose(SERVICE, initiator=MUNICIPALITY, centres={"Cēsis"}),
        codes("centres", "centres-in-given-order", "set"),
    ),
    Example(
        "InputError",
        lambda: ExclusionProcedure.propose(SERVICE, initiator=MUNICIPALITY, centres=[]),
        ("centres",),
    ),
    Example(
        "InputError",
        lambda: ExclusionProcedure.propose(
            SERVICE, initiator=MUNICIPALITY, centres=["Cēsis", "Cēsis"]
        ),
        ("centres",),
    ),
    Example(
        "DateOutOfRangeError",
        lambda: _exclusion().latest_notice_for("2017-07-20"),
        ("latest_notice_for",),
    ),
    # ---------------------------------------------------------------- timeline, centre names
    Example(
        "DateOutOfRangeError",
        lambda: statutory_timeline("2017-06-30", "municipality"),
        ("letter_received",),
    ),
    Example(
        "InputTypeError",
        lambda: statutory_timeline("2026-03-02", "municipality", calendar="x"),  # type: ignore[arg-type]
        ("calendar", "LatvianCalendar"),
    ),
    Example(
        "LanguageError",
        lambda: statutory_timeline("2026-03-02", "municipality").to_text(lang="de"),
        ("lang",),
    ),
    Example(
        "InputTypeError",
        lambda: close_centre_names(5, REGISTRY),  # type: ignore[arg-type]
        ("close_centre_names", "name"),
    ),
    Example(
        "InputError",
        lambda: close_centre_names("Cesis", REGISTRY, n=0),
        ("close_centre_names",),
    ),
]


def _registered() -> TransferProcedure:
    p = TransferProcedure.propose(
        SERVICE, initiator=MUNICIPALITY, clock=lambda: TODAY, registry=REGISTRY
    )
    p.letter_received("2026-03-02", holder_informed="2026-03-02")
    p.readiness_confirmed("2026-03-09")
    return p


# Refusals whose message procedures/applying.py builds (the event's date, the registry
# check, a bad value wrapped with the event).
EXAMPLES += [
    Example("EventDateError", lambda: _transfer().letter_received("2026-12-24"), codes(*CODES)),
    Example(
        "UnregisteredCentreError",
        lambda: _registered().centres_surveyed("2026-03-16", centres=["Cesis"]),
        codes(*CODES),
    ),
    Example(
        "EventInputTypeError",
        lambda: _surveyed().committee_decided("2026-04-01", approved=1, centres=["Cēsis"]),  # type: ignore[arg-type]
        codes(*CODES, "approved"),
    ),
    Example(
        "RuleViolationError",
        lambda: _registered().centres_surveyed("2026-03-16", centres=["Cēsis", "Cēsis"]),
        codes(*CODES),
    ),
]
