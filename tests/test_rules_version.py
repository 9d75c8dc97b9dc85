"""Histories outlive rules: every document carries its rules version; older ones are folded."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.errors import HistoryError, RuleViolationError
from vkac_flow.law.version import rules_version
from vkac_flow.procedures import transfer as transfer_module
from vkac_flow.procedures.declarations import Rule
from vkac_flow.procedures.documents import load_procedure
from vkac_flow.procedures.folding import (
    FOLDED_CONTINUES_POLICY,
    OLDER_RULES_POLICY,
    FoldedHistoryError,
)

CLOCK = lambda: date(2026, 12, 31)  # noqa: E731
SVC = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))


def _rollout() -> TransferProcedure:
    p = TransferProcedure.propose(SVC, initiator=SVC.holder, clock=CLOCK)
    p.letter_received("2026-03-02")
    p.centres_surveyed("2026-03-10", centres=["Cēsis", "Valmiera"])
    p.information_prepared("2026-03-20")
    p.committee_decided("2026-04-10", approved=True, centres=["Cēsis"])
    return p


def test_every_document_carries_todays_rules_version_and_replays_strictly() -> None:
    p = _rollout()
    doc = p.to_dict()
    assert doc["rules_version"] == p.rules_version == TransferProcedure.current_rules_version()
    assert p.rules_version != rules_version()  # the procedures' rules are part of it
    q = TransferProcedure.from_dict(json.loads(json.dumps(doc)), clock=CLOCK)
    assert q == p
    assert not q.folded
    assert q.rules_note is None
    # strict under today's rules: a tampered approval is refused
    bad = json.loads(json.dumps(doc))
    bad["audit"][3]["data"]["centres"] = ["Rīga"]
    with pytest.raises(HistoryError, match="did not say they were willing"):
        TransferProcedure.from_dict(bad, clock=CLOCK)


def _old_document(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A document written under a deliberately changed reading: approvals of any centre."""
    old_rules = tuple(
        Rule(r.id, r.points, "An approval names any centre (an older reading).")
        if r.id == "approve-willing-centres"
        else r
        for r in transfer_module.RULES
    )
    with monkeypatch.context() as m:
        m.setattr(TransferProcedure, "RULES", old_rules)
        m.setattr("vkac_flow.procedures.folding._CURRENT", {})
        m.setattr(TransferProcedure, "_guard", lambda self, event: None)
        original = TransferProcedure._prepare

        def lenient(self, event, day, data):  # type: ignore[no-untyped-def]
            if event == "committee_decided":  # the older reading: no willingness check
                return {"approved": data["approved"], "centres": tuple(data["centres"])}
            return original(self, event, day, data)

        m.setattr(TransferProcedure, "_prepare", lenient)
        p = TransferProcedure.propose(SVC, initiator=SVC.holder, clock=CLOCK)
        p.letter_received("2026-03-02")
        p.centres_surveyed("2026-03-10", centres=["Cēsis"])
        p.information_prepared("2026-03-20")
        p.committee_decided("2026-04-10", approved=True, centres=["Cēsis", "Rīga"])
        p.training_completed("2026-05-29")
        old = TransferProcedure.current_rules_version()
        doc = json.loads(json.dumps(p.to_dict()))
    assert doc["rules_version"] == old != TransferProcedure.current_rules_version()
    return doc


def test_an_older_history_is_folded_not_re_decided(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _old_document(monkeypatch)
    q = load_procedure(doc, clock=CLOCK)
    assert isinstance(q, TransferProcedure)
    assert q.folded
    assert q.state == "rollout"
    assert q.approved_centres == ("Cēsis", "Rīga")  # as recorded, though today refuses it
    note = f"read under rules {TransferProcedure.current_rules_version()}, written under {doc['rules_version']}: not re-decided"
    assert q.rules_note is not None
    assert q.rules_note.startswith(note)
    assert OLDER_RULES_POLICY in q.rules_note
    # every view says so: summary, snapshot, HTML; the document keeps the older version
    assert note in q.summary()
    assert note in q.as_of("2026-04-30").summary()
    assert q.as_of("2026-04-30").state == "approved"
    assert note in q._repr_html_()
    assert q.to_dict() == doc
    # the folded steps are judged by today's projections
    keys = {o.key for o in q.obligations("2026-06-01")}
    assert {"service_start/Cēsis", "service_start/Rīga"} <= keys


def test_a_folded_procedure_goes_on_under_todays_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _old_document(monkeypatch)
    q = TransferProcedure.from_dict(doc, clock=CLOCK)
    before = q.to_dict()
    # corrections and retractions would re-decide the recorded history: refused, nothing changes
    with pytest.raises(FoldedHistoryError, match=FOLDED_CONTINUES_POLICY) as info:
        q.correct("e2", on="2026-03-11")
    assert info.value.localized("lv").startswith("notikuma e2 labojums: noraidīts, šī procedūra")
    with pytest.raises(FoldedHistoryError):
        q.retract("e5", reason="typo")
    assert q.to_dict() == before
    # a new event is decided by today's rules, from the folded state
    assert "service_started" in q.allowed_events()
    with pytest.raises(RuleViolationError, match=r"15\.3"):  # never a centre not approved
        q.service_started("2026-06-01", centre="Liepāja")
    assert q.to_dict() == before
    q.service_started("2026-06-01", centre="Rīga")
    assert q.started_centres == ("Rīga",)
    assert q.folded
    assert q.audit_log()[-1].event == "service_started"
    # the document keeps the older version: read again, the whole history is folded again
    again = TransferProcedure.from_dict(json.loads(json.dumps(q.to_dict())), clock=CLOCK)
    assert again.folded
    assert again.rules_version == doc["rules_version"]
    assert again == q


def test_a_document_without_rules_version_is_replayed_strictly() -> None:
    doc = _rollout().to_dict()
    del doc["rules_version"]
    q = TransferProcedure.from_dict(doc, clock=CLOCK)
    assert not q.folded
    doc["rules_version"] = 7
    with pytest.raises(HistoryError, match="rules_version"):
        TransferProcedure.from_dict(doc, clock=CLOCK)


def test_status_cli_says_the_history_was_not_re_decided(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from vkac_flow.views.cli import main

    doc = _old_document(monkeypatch)
    path = Path(str(tmp_path)) / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    main(["status", str(path), "--today", "2026-12-31"])
    assert "not re-decided" in capsys.readouterr().out
