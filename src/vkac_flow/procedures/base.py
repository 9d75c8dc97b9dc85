"""The reusable base of the procedures of p. 12-16: audit log, rules, time, replay.

A procedure (the transfer of p. 12-15, the exclusion of p. 16) is a state machine driven by
dated events. :class:`Procedure` gives every procedure the same machinery, in parts:

* :mod:`vkac_flow.procedures.declarations` -- the :class:`Transition` rows, :class:`EventSpec`
  and :class:`Rule` a subclass declares; one shared ``transitions`` ``Machine`` per subclass
  (built once, never per instance: the procedure object is the model);
* :mod:`vkac_flow.procedures.records` -- the append-only audit log (:class:`AuditRecord`:
  events, corrections, retractions, each with ``on`` and ``recorded_at``) and the effective
  history it folds into (:class:`EventRecord`);
* :mod:`vkac_flow.procedures.projections` -- obligations, breaches and waiting periods as of
  a day, pure functions of the steps opened and met;
* :mod:`vkac_flow.procedures.snapshot` -- the read-only view :meth:`Procedure.as_of`;
* :mod:`vkac_flow.procedures.centre_names` -- the centre-name policy and its error;
* :mod:`vkac_flow.procedures.ids` -- procedure ids;
* :mod:`vkac_flow.procedures.table` -- the transition table over ``transitions``;
* :mod:`vkac_flow.procedures.core` -- identity, context, the fields the events move, the
  hooks a kind implements (``_prepare``, ``_effect``, ``_guard``), equality;
* :mod:`vkac_flow.procedures.applying` -- one event, **transactional**: checked completely
  before anything changes, restored if anything still fails;
* :mod:`vkac_flow.procedures.queries` -- deadlines, obligations, breaches, waiting periods;
* :mod:`vkac_flow.procedures.audit` -- ``apply`` by name, corrections and retractions
  (replayed through the same rules, refused when illegal), ``as_of`` snapshots;
* :mod:`vkac_flow.procedures.codec` -- the document writer and reader (**serialisation by
  replay**);
* :mod:`vkac_flow.procedures.display` -- rows, summary, HTML;
* this module -- :class:`Procedure`, the sum of those parts, and the names a procedure kind
  imports.

Statutory deadlines are read from :data:`vkac_flow.law.steps.STEPS`: an event opens the steps
whose ``opened_by`` it is and meets those whose ``met_by`` lists it; late acts are accepted
and reported as breaches.

Centres: a procedure may be given a :class:`~vkac_flow.law.centres.CentreRegistry`
(``registry=``). It is context, like the calendar and the clock: not serialised, not compared.
With it, every centre named in an event must be registered (p. 2.1), else the event is refused
with :class:`UnregisteredCentreError`, which suggests close registered names.

Dates: every event date goes through :func:`vkac_flow.calendar.dates.to_date` and must lie on or
after the previous event, on or after the day the regulation entered into force
(2017-07-01, p. 25) and on or before the procedure's clock (default: today in Riga). The
clock may return a date or an aware datetime; the recording instant ``recorded_at`` comes from
it too (:data:`~vkac_flow.procedures.records.RECORDED_AT_POLICY`). An event whose statutory
deadlines would fall after the calendar's last date is refused
(:class:`~vkac_flow.errors.EventDateError`), so every accepted event can be counted.

Identity: every procedure has an :attr:`~Procedure.id` (:func:`new_procedure_id`, or the
caller's ``procedure_id=``), written in its document and compared by ``==``.

Errors: every refusal of an event is a :class:`~vkac_flow.errors.ProcedureError` with
``event``, ``allowed`` and ``points``, except a date that is no date at all (a naive datetime
or a malformed string). A value of the wrong type in an event raises
:class:`~vkac_flow.errors.EventInputTypeError`; a value that cannot be used a
:class:`~vkac_flow.errors.RuleViolationError`.

A subclass declares ``FORMAT``, ``VERSION``, ``STATES``, ``INITIAL``, ``FINAL_STATES``,
``TRANSITIONS``, ``EVENTS``, ``STEP_KEYS`` and implements a few hooks; see
``docs/architecture.md`` (how an event flows to the audit trail) and
:mod:`vkac_flow.procedures.transfer` for a full example.
"""

from __future__ import annotations

import attrs

from vkac_flow.procedures.centre_names import (
    CENTRE_NAMES_POLICY,
    UnregisteredCentreError,
    close_centre_names,
)
from vkac_flow.procedures.core import Clock
from vkac_flow.procedures.declarations import EventSpec, Rule, Transition
from vkac_flow.procedures.display import Displayed
from vkac_flow.procedures.ids import legacy_procedure_id, new_procedure_id
from vkac_flow.procedures.projections import (
    Breach,
    Obligation,
    ObligationStatus,
    WaitingPeriod,
    WaitingStatus,
)
from vkac_flow.procedures.records import (
    AuditRecord,
    CorrectionRefusedError,
    EventRecord,
    UnknownEventError,
)
from vkac_flow.procedures.snapshot import Snapshot

__all__ = [
    "CENTRE_NAMES_POLICY",
    "AuditRecord",
    "Breach",
    "Clock",
    "CorrectionRefusedError",
    "EventRecord",
    "EventSpec",
    "Obligation",
    "ObligationStatus",
    "Procedure",
    "Rule",
    "Snapshot",
    "Transition",
    "UnknownEventError",
    "UnregisteredCentreError",
    "WaitingPeriod",
    "WaitingStatus",
    "close_centre_names",
    "legacy_procedure_id",
    "new_procedure_id",
]


@attrs.define(slots=False, eq=False, kw_only=True)
class Procedure(Displayed):
    """Base class of a procedure driven by dated events (see the module docstring).

    Attributes:
        calendar: The working-day calendar deadlines are counted on (read-only).
        clock: Returns today (a date or an aware datetime: also the recording instant); an
            event dated after it is refused (read-only).
        state: The current state (read-only: set by the machine).
        id: The procedure's id (read-only; init argument ``procedure_id``, default
            :func:`new_procedure_id`).
        registry: The centre registry the centre names of events are checked against
            (:attr:`registry`; init argument ``registry``), or ``None``: no check.
    """
