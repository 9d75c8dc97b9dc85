"""The transition table of a procedure class: its rows, its machine, its derived lookups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from vkac_flow.law.steps import STEPS
from vkac_flow.procedures.declarations import EventSpec, Transition

if TYPE_CHECKING:
    from transitions import Machine

__all__ = ["TransitionTable"]

Routes: TypeAlias = dict[str, dict[str, tuple[tuple[str, str | None], ...]]]
"""Event -> source state -> the rows' ``(dest, condition)`` in table order."""
Tables: TypeAlias = tuple[
    dict[str, frozenset[str]], dict[str, tuple[tuple[str, bool, bool], ...]], Routes
]


class TransitionTable:
    """The transition table of a procedure class over one shared ``transitions`` ``Machine``.

    Class-level only: the rows (:class:`~vkac_flow.procedures.declarations.Transition`) a
    subclass declares, the machine built once per class (the procedure object is its model:
    the machine only moves its ``_state``), and the lookups derived from the rows and
    :data:`~vkac_flow.law.steps.STEPS`, cached per class.

    An accepted event moves the state through :meth:`_routes`, the rows compiled into a
    lookup with the machine's semantics (the rows of the event whose sources hold the
    state, in table order; the first whose condition method, if any, answers true gives
    the new state): one dictionary lookup instead of the machine's event dispatch (issue
    14). The machine itself (:meth:`_machine`, imported and built on first use) is the
    reference those semantics are tested against, state by state and condition by
    condition.
    """

    STATES: ClassVar[tuple[str, ...]] = ()
    """All states, in display order."""
    INITIAL: ClassVar[str] = ""
    """The initial state."""
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset()
    """States after which nothing is accepted."""
    TRANSITIONS: ClassVar[tuple[Transition, ...]] = ()
    """The transition table."""
    EVENTS: ClassVar[Mapping[str, EventSpec]] = {}
    """The events the procedure accepts (the replay whitelist)."""
    STEP_KEYS: ClassVar[tuple[str, ...]] = ()
    """The statutory steps (keys of :data:`~vkac_flow.law.steps.STEPS`) the procedure tracks."""

    _tables_cache: ClassVar[Tables | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give every subclass its own (empty) table cache: never its parent's."""
        super().__init_subclass__(**kwargs)
        cls._tables_cache = None

    @classmethod
    def _machine(cls) -> Machine:
        """The shared ``transitions`` machine of the class (built on first use)."""
        machine = cls.__dict__.get("_machine_cache")
        if machine is None:
            from transitions import Machine  # imported on first use: only the reference

            machine = Machine(
                model=None,
                states=list(cls.STATES),
                initial=cls.INITIAL,
                transitions=[
                    {
                        "trigger": t.trigger,
                        "source": list(t.source),
                        "dest": t.dest,
                        **({"conditions": [t.condition]} if t.condition else {}),
                    }
                    for t in cls.TRANSITIONS
                ],
                auto_transitions=False,
                ignore_invalid_triggers=False,
                # the machine writes the private `_state`; users read the property `state`
                model_attribute="_state",
            )
            cls._machine_cache = machine  # type: ignore[attr-defined]
        return machine

    @classmethod
    def _sources(cls) -> dict[str, frozenset[str]]:
        """Event -> states it is valid in (cached per class)."""
        table = cls.__dict__.get("_sources_cache")
        if table is None:
            acc: dict[str, set[str]] = {}
            for t in cls.TRANSITIONS:
                acc.setdefault(t.trigger, set()).update(t.source)
            table = {k: frozenset(v) for k, v in acc.items()}
            cls._sources_cache = table  # type: ignore[attr-defined]
        return table

    @classmethod
    def _routes(cls) -> Routes:
        """Event -> source state -> ``(dest, condition)`` of its rows, in table order (cached).

        The machine's semantics (:meth:`_machine`): of the rows of an event valid in the
        state, the first whose condition (a method name of the procedure, called without
        arguments) answers true, or that has none, gives the new state.
        """
        routes = cls.__dict__.get("_routes_cache")
        if routes is None:
            acc: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
            for t in cls.TRANSITIONS:
                by_source = acc.setdefault(t.trigger, {})
                for src in t.source:
                    by_source.setdefault(src, []).append((t.dest, t.condition))
            routes = {e: {s: tuple(rows) for s, rows in m.items()} for e, m in acc.items()}
            cls._routes_cache = routes  # type: ignore[attr-defined]
        return routes

    @classmethod
    def _tables(cls) -> Tables:
        """``(_sources(), _step_plan(), _routes())``, cached together: one lookup per event."""
        tables = cls.__dict__.get("_tables_cache")
        if tables is None:
            tables = (cls._sources(), cls._step_plan(), cls._routes())
            cls._tables_cache = tables
        return tables

    @classmethod
    def _step_plan(cls) -> dict[str, tuple[tuple[str, bool, bool], ...]]:
        """Event -> the steps it meets or opens, as ``(step, meets, opens)`` (cached per class)."""
        plan = cls.__dict__.get("_step_plan_cache")
        if plan is None:
            acc: dict[str, list[tuple[str, bool, bool]]] = {}
            for step in cls.STEP_KEYS:
                rule = STEPS[step]
                for event in dict.fromkeys((*rule.met_by, rule.opened_by)):
                    acc.setdefault(event, []).append(
                        (step, event in rule.met_by, event == rule.opened_by)
                    )
            plan = {k: tuple(v) for k, v in acc.items()}
            cls._step_plan_cache = plan  # type: ignore[attr-defined]
        return plan

    @classmethod
    def transition_points(cls, event: str) -> tuple[str, ...]:
        """The points (bare numbers) of every row of ``event`` in the transition table."""
        out: list[str] = []
        for t in cls.TRANSITIONS:
            if t.trigger == event:
                out.extend(p for p in t.points if p not in out)
        return tuple(out)

    @classmethod
    def state_diagram(cls) -> str:
        """The transition table as a mermaid ``stateDiagram-v2`` (for the docs).

        Edges are labelled ``trigger (p. ...)``; final states lead to ``[*]``.
        """
        lines = ["stateDiagram-v2", f"    [*] --> {cls.INITIAL}"]
        seen: set[tuple[str, str, str]] = set()
        for t in cls.TRANSITIONS:
            label = t.label or t.trigger
            if t.points:
                label += " (p. " + ", ".join(t.points) + ")"
            for src in t.source:
                edge = (src, t.dest, label)
                if edge in seen:
                    continue
                seen.add(edge)
                lines.append(f"    {src} --> {t.dest} : {label}")
        lines.extend(f"    {s} --> [*]" for s in cls.STATES if s in cls.FINAL_STATES)
        return "\n".join(lines) + "\n"
