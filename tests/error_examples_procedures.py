"""Error examples of the procedures' documents, audit log, events and ids (issue 12).

Each is a real call of the public API: a tampered or hostile document read back, an event
dated out of order, a correction of a folded history... (see tests/test_error_messages.py).
The events, states, document keys and formats the messages cite are codes (``CODES``).
"""

from __future__ import annotations

import datetime

from latvian_words import Example
from vkac_flow import Party, Service, TransferProcedure
from vkac_flow.law.centres import Centre, CentreRegistry, CentreType
from vkac_flow.procedures.audit import Audited
from vkac_flow.procedures.documents import (
    dump_bundle,
    json_document,
    load_bundle,
    load_document,
    load_procedure,
    loads_procedure,
)
from vkac_flow.procedures.folding import (
    FOLDED_CONTINUES_POLICY,
    FOLDED_DATES_POLICY,
    OLDER_RULES_POLICY,
)
from vkac_flow.procedures.ids import check_procedure_id
from vkac_flow.procedures.reading import check_document, upcast_v2
from vkac_flow.procedures.records import AUDIT_KINDS, recording_instant

TODAY = datetime.date(2026, 12, 31)

SERVICE = Service("Būvatļauja", Party.service_holder("Latvijas Valsts ceļi"))

CODES = (
    OLDER_RULES_POLICY,  # first: a policy name holds other codes ("history")
    FOLDED_CONTINUES_POLICY,
    FOLDED_DATES_POLICY,
    "Būvatļauja",
    "Latvijas Valsts ceļi",
    "Cēsis",
    "Cesis",
    "Valmiera",
    *TransferProcedure.EVENTS,
    "proposed",
    "information_gathering",
    "vkac_flow.transfer",
    "vkac_flow.exclusion",
    "vkac_flow.bundle",
    "centres",
    "approved",
    "TransferProcedure",
    "LatvianCalendar",
    "CentreRegistry",
    "procedure_id",
    "recorded_at",
    "rules_version",
    "audit",
    "history",
    "format",
    "version",
    "procedures",
    *AUDIT_KINDS,
    "list",
    "int",
    TransferProcedure.current_rules_version(),
)
"""Codes and names the messages below cite as they are in both languages."""


def _clock() -> datetime.date:
    return TODAY


def _procedure(registry: CentreRegistry | None = None) -> TransferProcedure:
    """A transfer proposed by the holder, its letter received on 2026-03-02 (event e1)."""
    p = TransferProcedure.propose(
        SERVICE, initiator=SERVICE.holder, clock=_clock, registry=registry
    )
    p.letter_received("2026-03-02")
    return p


def _document(**changes: object) -> dict[str, object]:
    return {**_procedure().to_dict(), **changes}


def _tampered_record(**changes: object) -> dict[str, object]:
    doc = _procedure().to_dict()
    doc["audit"] = [{**doc["audit"][0], **changes}]
    return doc


def _folded_record(**changes: object) -> dict[str, object]:
    """A document written under other rules, its one record changed."""
    return {**_tampered_record(**changes), "rules_version": "draft-2016+0"}


def _registry() -> CentreRegistry:
    return CentreRegistry(
        [
            Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL),
            Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL),
        ]
    )


def _folded() -> Audited:
    """The procedure read from a document written under other rules: folded, read-only."""
    return load_procedure(_document(rules_version="draft-2016+0"), clock=_clock)


def _corrected_into_the_future() -> None:
    _procedure().correct("e1", on="2027-01-05", reason="kļūda")


def _replayed_too_early() -> None:
    doc = _procedure().to_dict()
    doc["audit"][0]["on"] = "2016-05-02"
    load_procedure(doc, clock=_clock)


EXAMPLES = [
    # documents (reading, checking, codec, documents)
    Example("HistoryError", lambda: load_procedure({"format": "os.system"}), CODES),
    Example("HistoryError", lambda: load_procedure(["a list"]), CODES),
    Example("HistoryError", lambda: load_document({"format": 5}), CODES),
    Example("HistoryError", lambda: json_document("[" + "1" * 5000 + "]"), CODES),
    Example("HistoryError", lambda: json_document(5), CODES),
    Example("HistoryError", lambda: loads_procedure('{"a": [1]]'), CODES),
    Example("HistoryError", lambda: loads_procedure('{"a": NaN}'), CODES),
    Example("HistoryError", lambda: check_document({"a": "\ud800"}), CODES),
    # a Python type name is code, the same in both languages
    Example("HistoryError", lambda: check_document({"t": (1,)}), (*CODES, "tuple")),
    Example("HistoryError", lambda: check_document({"k": {1: 2}}), CODES),
    Example("HistoryError", lambda: load_procedure(_document(version=9)), CODES),
    Example("HistoryError", lambda: load_procedure(_document(extra=1)), CODES),
    Example("HistoryError", lambda: load_procedure(_document(state="approved")), CODES),
    Example("HistoryError", lambda: load_procedure(_document(audit={})), CODES),
    Example("HistoryError", lambda: load_procedure(_document(rules_version=" ")), CODES),
    Example("HistoryError", lambda: load_procedure(_document(id=" x ")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(seq=2)), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(kind="edit")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(on="2026-3-2")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(on="2026-02-30")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(recorded_at="x")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(recorded_by=" Anna")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(recorded_by=5)), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(reason="kļūda")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(event="no_such")), CODES),
    Example("HistoryError", lambda: load_procedure(_tampered_record(data={"x": 1})), CODES),
    Example("HistoryError", _replayed_too_early, CODES),
    Example("HistoryError", lambda: upcast_v2({"history": [{"event": "x"}]}), CODES),
    Example(
        "HistoryError", lambda: load_bundle(dump_bundle([_procedure()]) | {"version": 2}), CODES
    ),
    Example(
        "HistoryError",
        lambda: load_bundle(dump_bundle([_procedure()]) | {"procedures": [{"format": "x"}]}),
        CODES,
    ),
    Example(
        "HistoryError", lambda: load_procedure(_folded_record(on="2016-05-02"), clock=_clock), CODES
    ),
    Example(
        "HistoryError", lambda: load_procedure(_folded_record(on="2027-01-04"), clock=_clock), CODES
    ),
    Example(
        "HistoryError", lambda: load_procedure(_folded_record(event="no_such"), clock=_clock), CODES
    ),
    Example("FoldedHistoryError", lambda: _folded().correct("e1", on="2026-03-03"), CODES),
    Example("FoldedHistoryError", lambda: _folded().retract("e1", reason="kļūda"), CODES),
    # events (applying)
    Example("EventDateError", lambda: _procedure().apply("withdrawn", "2016-06-30"), CODES),
    Example("EventDateError", lambda: _procedure().apply("withdrawn", "2027-01-04"), CODES),
    Example("EventDateError", lambda: _procedure().apply("withdrawn", "2026-03-01"), CODES),
    Example(
        "UnregisteredCentreError",
        lambda: _procedure(_registry()).centres_surveyed("2026-03-03", centres=["Cesis"]),
        CODES,
    ),
    Example(
        "UnregisteredCentreError",
        lambda: _procedure(_registry()).centres_surveyed("2026-03-03", centres=["Rīga", "Cesis"]),
        (*CODES, "Rīga"),
    ),
    Example(
        "RuleViolationError",
        lambda: _procedure().centres_surveyed("2026-03-03", centres=["Cēsis\x1b[2J"]),
        CODES,
    ),
    # the audit log (audit, records)
    Example("UnknownEventError", lambda: _procedure().apply("no_such", "2026-03-03"), CODES),
    Example("UnknownEventError", lambda: _procedure().apply("withdrawn", "2026-03-03", x=1), CODES),
    Example("CorrectionRefusedError", lambda: _procedure().correct("e9", on="2026-03-03"), CODES),
    Example("CorrectionRefusedError", lambda: _procedure().correct("e1", x=1), CODES),
    Example("CorrectionRefusedError", lambda: _procedure().correct("e1", on="2026-03-02"), CODES),
    Example("CorrectionRefusedError", _corrected_into_the_future, CODES),
    Example("InputError", lambda: _procedure().retract("e1", reason=" "), CODES),
    Example("InputError", lambda: dump_bundle([_procedure()] * 2), CODES),
    Example("InputTypeError", lambda: dump_bundle([5]), CODES),  # type: ignore[list-item]
    Example("InputTypeError", lambda: _procedure().as_of("2026-03-02", known_at="x"), CODES),
    Example("InputTypeError", lambda: load_procedure(_document(), registry=5), CODES),  # type: ignore[arg-type]
    Example("NaiveDatetimeError", lambda: recording_instant(datetime.datetime(2026, 1, 1)), CODES),
    Example("HistoryError", lambda: recording_instant("2026-01-01"), CODES),
    # ids and the core
    Example("InputTypeError", lambda: check_procedure_id(5), CODES),
    Example("InputError", lambda: check_procedure_id(" x"), CODES),
    Example(
        "InputTypeError",
        lambda: TransferProcedure.propose(SERVICE, initiator=SERVICE.holder, calendar=5),  # type: ignore[arg-type]
        CODES,
    ),
    Example(
        "InputTypeError",
        lambda: TransferProcedure.propose(SERVICE, initiator=SERVICE.holder, clock=5),  # type: ignore[arg-type]
        CODES,
    ),
]
