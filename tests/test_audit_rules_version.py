"""Each audit record keeps the rules it was decided by: a folded history's new events."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.errors import HistoryError
from vkac_flow.procedures.documents import dump_bundle, load_bundle, load_procedure

DAY = lambda: datetime.date(2026, 12, 1)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("LVC"))
OLD = "draft-2017+0000000000000000"


def _live() -> TransferProcedure:
    t = TransferProcedure.propose(SVC, initiator=SVC.holder, clock=DAY, procedure_id="f1")
    t.letter_received("2026-03-02")
    t.centres_surveyed("2026-03-05", centres=["Cēsis"])
    t.information_prepared("2026-03-10")
    return t


def _folded_plus_one() -> TransferProcedure:
    doc = copy.deepcopy(_live().to_dict())
    doc["rules_version"] = OLD
    p = load_procedure(doc, clock=DAY)
    assert isinstance(p, TransferProcedure)
    p.committee_decided("2026-04-01", approved=True, centres=["Cēsis"])
    return p


def test_a_new_event_of_a_folded_history_names_todays_rules() -> None:
    p = _folded_plus_one()
    today = TransferProcedure.current_rules_version()
    assert [r.rules_version for r in p.audit_log()] == [None, None, None, today]
    doc = p.to_dict()
    assert doc["rules_version"] == OLD
    assert ["rules_version" in item for item in doc["audit"]] == [False, False, False, True]
    assert doc["audit"][-1]["rules_version"] == today
    q = TransferProcedure.from_dict(copy.deepcopy(doc), clock=DAY)
    assert q == p
    assert q.audit_log() == p.audit_log()
    assert q.to_dict() == doc
    (b,) = load_bundle(dump_bundle([p]), clock=DAY)
    assert [r.rules_version for r in b.audit_log()] == [None, None, None, today]
    # the next new event of the reloaded one names today's rules too
    assert isinstance(q, TransferProcedure)
    q.training_completed("2026-05-01")
    assert q.audit_log()[-1].rules_version == today


def test_todays_procedures_write_no_record_version() -> None:
    doc = _live().to_dict()
    assert not any("rules_version" in item for item in doc["audit"])
    assert all(r.rules_version is None for r in _live().audit_log())


def _doc_with(index: int, value: object, *, top: str | None = OLD) -> dict[str, Any]:
    doc = copy.deepcopy(_folded_plus_one().to_dict())
    if top is None:
        del doc["rules_version"]
    else:
        doc["rules_version"] = top
    doc["audit"][index]["rules_version"] = value
    return doc


@pytest.mark.parametrize(
    "doc",
    [
        _doc_with(-1, None),  # null: not written so
        _doc_with(-1, ""),
        _doc_with(-1, "  "),
        _doc_with(-1, 3),
        _doc_with(0, OLD),  # the document's own version: written only when it differs
        _doc_with(-1, "x", top=TransferProcedure.current_rules_version()),  # today's document
        _doc_with(-1, "x", top=None),  # an unversioned document
        _doc_with(-1, TransferProcedure.current_rules_version(), top=None),
    ],
)
def test_the_strict_reader_accepts_only_what_to_dict_writes(doc: dict[str, Any]) -> None:
    with pytest.raises(HistoryError, match="rules_version"):
        TransferProcedure.from_dict(doc, clock=DAY)


def test_no_other_key_is_accepted() -> None:
    doc = copy.deepcopy(_folded_plus_one().to_dict())
    doc["audit"][-1]["rules"] = "x"
    with pytest.raises(HistoryError, match="expected keys"):
        TransferProcedure.from_dict(doc, clock=DAY)
