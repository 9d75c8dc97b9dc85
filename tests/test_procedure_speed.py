"""What the procedures' speed work (issue 14) must keep: same moves, nothing read at import."""

from __future__ import annotations

import itertools
import subprocess
import sys
from typing import Any

import pytest

from test_procedure import Notice
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.transfer import TransferProcedure

KINDS = [TransferProcedure, ExclusionProcedure, Notice]


def test_import_parses_no_law_data_and_leaves_transitions_out() -> None:
    code = (
        "import sys, vkac_flow\n"
        "from vkac_flow.law import duties, regulation, steps\n"
        "print([n for n, v in (('regulation', regulation.REGULATION), ('steps', steps.STEPS),"
        " ('duties', duties.DUTIES)) if hasattr(v, '_value')], 'transitions' in sys.modules)\n"
        "from vkac_flow.procedures.transfer import TransferProcedure\n"
        "TransferProcedure._machine()\n"
        "print('transitions' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # the procedures read STEPS on first use; the reference machine is imported when built
    assert out == ["[] False", "True"]


def _stub(conditions: dict[str, bool], state: str) -> Any:
    class Model:
        pass

    model = Model()
    for name, answer in conditions.items():
        setattr(model, name, lambda answer=answer: answer)
    model._state = state  # type: ignore[attr-defined]
    return model


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_the_compiled_routes_move_exactly_as_the_machine(kind: type[Procedure]) -> None:
    # The procedure fires its rows through _routes(); the transitions machine built from the
    # same rows is the reference: every event, every source state, every condition outcome.
    machine = kind._machine()
    routes = kind._routes()
    names = sorted({t.condition for t in kind.TRANSITIONS if t.condition})
    assert set(routes) == {t.trigger for t in kind.TRANSITIONS}
    checked = 0
    for event in sorted(routes):
        for state in kind.STATES:
            for answers in itertools.product((False, True), repeat=len(names)):
                conditions = dict(zip(names, answers, strict=True))
                model = _stub(conditions, state)
                rows = routes[event].get(state)
                if rows is None:  # not valid in the state: the machine refuses it too
                    with pytest.raises(Exception, match="Can't trigger"):
                        machine.events[event].trigger(model)
                    continue
                fired = machine.events[event].trigger(model)
                expected = next(
                    (dest for dest, cond in rows if cond is None or conditions[cond]), None
                )
                assert fired == (expected is not None)
                assert model._state == (state if expected is None else expected)
                checked += 1
    assert checked > 0
