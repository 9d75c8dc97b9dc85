"""What a procedure class declares: its transition rows, its events and its rules.

Plain frozen values read by :mod:`vkac_flow.procedures.machine` (the transition table over
``transitions``) and by the document reader (the ``EVENTS`` whitelist).
"""

from __future__ import annotations

import attrs

__all__ = ["EventSpec", "Rule", "Transition"]


@attrs.frozen
class Transition:
    """One row of a procedure's transition table.

    Attributes:
        trigger: The event's name (also the method that fires it).
        source: The states the event is allowed in.
        dest: The state it leads to.
        points: The points of the regulation the transition rests on (bare numbers,
            ``"13.1"``); a subclass may filter them by route (:meth:`Procedure._select_points`).
        condition: ``None``, or the name of a model method returning ``bool`` that picks this
            row among rows with the same trigger and source (routing, not validation:
            rules are checked before the machine fires).
        label: A short text for the diagram (default: the trigger).
    """

    trigger: str
    source: tuple[str, ...]
    dest: str
    points: tuple[str, ...] = ()
    condition: str | None = None
    label: str | None = None


@attrs.frozen
class EventSpec:
    """An event a procedure accepts, for replay: its name and the data keys it carries.

    The ``EVENTS`` mapping of a subclass is the whitelist :meth:`Procedure.from_dict` maps
    event names through; an event name is never looked up any other way.

    Attributes:
        name: The event's name (a public method of the procedure taking the date first and
            the data as keyword arguments).
        params: The data keys the event carries (all keyword arguments of the method).
        required: The data keys that must be present.
        description: What the event is, for docs and tables.
        param_set: ``params`` as a set (derived; what a replay checks data keys against).
        required_set: ``required`` as a set (derived).
    """

    name: str
    params: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    description: str = ""
    param_set: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    required_set: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    @param_set.default
    def _param_set(self) -> frozenset[str]:
        return frozenset(self.params)

    @required_set.default
    def _required_set(self) -> frozenset[str]:
        return frozenset(self.required)


@attrs.frozen
class Rule:
    """A rule a procedure enforces, with the points it rests on (for traceability).

    Attributes:
        id: A stable identifier (``"readiness-only-when-required"``).
        points: Bare point numbers (``("13.2.1", "14.2.1")``).
        description: The rule in one sentence.
    """

    id: str
    points: tuple[str, ...]
    description: str
