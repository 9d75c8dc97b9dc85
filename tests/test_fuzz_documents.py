"""Issue 13, the procedures part: hostile documents and arguments raise only library errors.

Mutated valid documents (versions 3, 2 and 1, bundles: keys dropped, renamed or retyped,
items swapped or duplicated, 5,000-digit integers, lone surrogates, values nested 3,000
deep, impossible dates, corrections of unknown ids) and arbitrary JSON values are thrown at
the document readers and the CLI's ``status``; arbitrary arguments at ``apply``,
``correct``, ``retract`` and ``as_of``. Only :class:`VkacFlowError` may come out, as one
bounded, UTF-8-encodable line, and a refused call leaves the procedure's ``to_dict()`` as it
was. Derandomized under CI (tests/conftest.py); the examples per entry point are in
:data:`EXAMPLES` (their total is quoted in docs/reliability.md).
"""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
import tempfile
import types
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from v2docs import as_v2
from vkac_flow.errors import HistoryError, InputError, InputTypeError, VkacFlowError
from vkac_flow.law.centres import Centre, CentreRegistry
from vkac_flow.law.parties import Party
from vkac_flow.law.services import Service
from vkac_flow.procedures import exclusion, transfer
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.centre_names import close_centre_names
from vkac_flow.procedures.documents import (
    PROCEDURE_FORMATS,
    dump_bundle,
    json_document,
    load_bundle,
    load_document,
    load_procedure,
    loads_procedure,
)
from vkac_flow.procedures.exclusion import ExclusionProcedure
from vkac_flow.procedures.reading import (
    MAX_DOCUMENT_DEPTH,
    check_document,
    quick_audit_fields,
    read_audit_fields,
)
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.procedures.transfer import TransferProcedure
from vkac_flow.views.cli import main

D = datetime.date
HOLDER = Party.service_holder("Latvijas Valsts ceļi")
SERVICE = Service("Road permit", HOLDER, stage="intake")
CSDD = Party.service_holder("CSDD")


def clock() -> datetime.date:
    return D(2026, 12, 31)


def _transfer(corrected: bool) -> TransferProcedure:
    p = TransferProcedure.propose(
        SERVICE, initiator=Party.municipality("Cēsu novads"), clock=clock, procedure_id="t-1"
    )
    p.letter_received(D(2026, 3, 2))
    p.apply("readiness_confirmed", D(2026, 3, 9), recorded_by="clerk")
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis", "Valmiera"])
    p.information_prepared(D(2026, 4, 2))
    p.committee_decided(D(2026, 4, 16), approved=True, centres=["Cēsis", "Valmiera"])
    if corrected:
        p.correct("e2", on=D(2026, 3, 10), reason="typo in the date", recorded_by="clerk")
        p.training_completed(D(2026, 5, 8))
        p.retract(p.history[-1].event_id or "", reason="entered twice")
    return p


def _exclusion() -> ExclusionProcedure:
    p = ExclusionProcedure.propose(
        Service("Vehicle registration", CSDD),
        initiator=CSDD,
        centres=["Cēsis"],
        clock=clock,
        procedure_id="x-1",
    )
    p.committee_informed(D(2026, 9, 1))
    return p


def _v1(doc: dict[str, Any]) -> dict[str, Any]:
    out = as_v2(doc)
    out["version"] = 1
    del out["id"]
    return out


def _base_documents() -> tuple[dict[str, Any], ...]:
    t3, t2 = _transfer(True), _transfer(False)
    e = _exclusion()
    return (
        t3.to_dict(),
        as_v2(t2.to_dict()),
        _v1(t2.to_dict()),
        e.to_dict(),
        dump_bundle([t3, e]),
    )


BASES = _base_documents()


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("hostile repr")


def _deep(n: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(n):
        out = [out]
    return out


def _cycle() -> list[Any]:
    out: list[Any] = []
    out.append(out)
    return out


# Factories, not values: every draw builds a fresh object, so that a mutation acting on a
# hostile list or dict (the cycle, the deep list) never changes what later examples draw.
_HOSTILE_MAKERS: list[Callable[[], Any]] = [
    lambda: 10**5000,
    lambda: -(10**5000),
    lambda: 2**64,
    lambda: _deep(3000),
    lambda: _cycle(),
    lambda: "\ud800",
    lambda: "x\nvkac-flow: error: forged",
    lambda: "\x1b[2J",
    lambda: "\u202e",
    lambda: "a" * 100_000,
    lambda: _BadRepr(),
    lambda: float("nan"),
    lambda: float("inf"),
    lambda: b"bytes",
    lambda: object(),
    lambda: None,
    lambda: True,
    lambda: 0,
    lambda: -1,
    lambda: "",
    lambda: "2026-13-45",
    lambda: "2026-02-30",
    lambda: "1900-01-01",
    lambda: "9999-12-31",
    lambda: "2026-03-02",
    lambda: "e99",
    lambda: "e1",
    lambda: datetime.date(2026, 3, 2),
    lambda: datetime.datetime(2026, 3, 2, 12, 0),
    lambda: (1, 2),
    lambda: {1, 2},
    lambda: {1: "int key"},
    lambda: MappingProxyType({"a": 1}),
]
HOSTILE = st.sampled_from(_HOSTILE_MAKERS).map(lambda make: make())

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "2026-03-02",
            "event",
            "correction",
            "retraction",
            "letter_received",
            "committee_decided",
            "vkac_flow.transfer",
            "vkac_flow.bundle",
            "Cēsis",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
VALUE = HOSTILE | JSON


def _containers(doc: Any) -> list[Any]:
    """Every list and dict in ``doc`` (the places a mutation can act on)."""
    out: list[Any] = []
    stack: list[Any] = [doc]
    seen: set[int] = set()
    while stack and len(out) < 200:  # bounded: a hostile value may nest deep or cycle
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if isinstance(v, dict):
            out.append(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            out.append(v)
            stack.extend(v)
    return out


@st.composite
def mutated_documents(draw: st.DrawFn, *, json_only: bool = False) -> Any:
    """A valid document with 1-3 mutations (drop, rename, retype, swap, duplicate...)."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    values = JSON if json_only else VALUE
    for _ in range(draw(st.integers(1, 3))):
        places = _containers(doc)
        place = places[draw(st.integers(0, len(places) - 1))]
        op = draw(st.sampled_from(["drop", "rename", "retype", "swap", "dup", "add"]))
        if isinstance(place, dict) and place:
            key = draw(st.sampled_from(sorted(place)))
            if op == "drop":
                del place[key]
            elif op == "rename":
                place[draw(st.text(max_size=8))] = place.pop(key)
            elif op in ("retype", "swap", "dup"):
                place[key] = draw(values)
            else:
                place[draw(st.text(max_size=8))] = draw(values)
        elif isinstance(place, list) and place:
            i = draw(st.integers(0, len(place) - 1))
            j = draw(st.integers(0, len(place) - 1))
            if op == "drop":
                del place[i]
            elif op == "swap":
                place[i], place[j] = place[j], place[i]
            elif op == "dup":
                place.insert(j, place[i])  # shared, not copied: it may be hostile
            else:
                place[i] = draw(values)
    return doc


EXAMPLES = {
    "load_procedure": 300,
    "load_document": 200,
    "load_bundle": 150,
    "loads_procedure": 300,
    "arbitrary JSON to the loaders": 200,
    "apply": 200,
    "correct": 200,
    "retract": 100,
    "as_of": 100,
    "CLI status": 60,
    "quick reading": 400,
}
"""Examples per entry point (see docs/reliability.md)."""


def _fuzz(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(
        max_examples=EXAMPLES[name], deadline=None, suppress_health_check=list(HealthCheck)
    )


def _check_message(exc: VkacFlowError) -> None:
    text = str(exc)
    assert "\n" not in text, text
    assert "\r" not in text, text
    assert "\x1b" not in text, text
    assert len(text) <= 2100, len(text)
    text.encode("utf-8")  # no lone surrogate survives into a message


def _only_library_errors(call: Callable[[], object]) -> object:
    """Run ``call``: its result, or None if it raised a (well-formed) library error."""
    try:
        return call()
    except VkacFlowError as exc:
        _check_message(exc)
        return None


def _accepted_is_usable(result: object) -> None:
    """A document that was accepted gives procedures that write and show themselves."""
    procs = result if isinstance(result, tuple) else (result,)
    for p in procs:
        assert isinstance(p, Procedure)
        again = load_procedure(p.to_dict(), clock=clock)
        assert again.to_dict() == p.to_dict()
        p.summary().encode("utf-8")


LOADERS: dict[str, Callable[[Any], object]] = {
    "load_procedure": lambda d: load_procedure(d, clock=clock),
    "load_document": lambda d: load_document(d, clock=clock),
    "load_bundle": lambda d: load_bundle(d, clock=clock),
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_mutated_documents_raise_only_library_errors(name: str) -> None:
    load = LOADERS[name]

    @_fuzz(name)
    @given(mutated_documents())
    def run(doc: Any) -> None:
        result = _only_library_errors(lambda: load(doc))
        if result is not None:
            _accepted_is_usable(result)

    run()


@_fuzz("loads_procedure")
@given(
    mutated_documents(json_only=True),
    st.sampled_from(["", "1" * 5000, "-" + "9" * 30, "NaN", "Infinity", '"\\ud800"', "[" * 5000]),
)
def test_loads_procedure_on_mutated_text(doc: Any, splice: str) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    if splice:  # replace the first number of the text by the hostile token
        text = text.replace('"version": ', f'"version": {splice}, "x": ', 1)
    result = _only_library_errors(lambda: loads_procedure(text, clock=clock))
    if result is not None:
        _accepted_is_usable(result)


@_fuzz("arbitrary JSON to the loaders")
@given(VALUE)
def test_arbitrary_values_to_the_loaders(value: Any) -> None:
    for load in LOADERS.values():
        _only_library_errors(lambda: load(value))  # noqa: B023
    _only_library_errors(lambda: loads_procedure(value))
    _only_library_errors(lambda: json_document(value))


# ------------------------------------------------------------------ methods of a procedure

EVENT_NAMES = (
    st.sampled_from([*TransferProcedure.EVENTS, "__init__", "to_dict", "_apply", "nope"]) | VALUE
)
DATA_KEYS = st.sampled_from(["centres", "centre", "approved", "x"])


def _refused_leaves_it_unchanged(p: TransferProcedure, call: Callable[[], object]) -> None:
    before = p.to_dict()
    try:
        call()
    except VkacFlowError as exc:
        _check_message(exc)
        assert p.to_dict() == before
    else:
        load_procedure(json.loads(json.dumps(p.to_dict())), clock=clock)  # still a document


@_fuzz("apply")
@given(EVENT_NAMES, VALUE, st.dictionaries(DATA_KEYS, VALUE, max_size=2), VALUE | st.none())
def test_apply_with_arbitrary_arguments(event: Any, on: Any, data: Any, by: Any) -> None:
    p = _transfer(False)
    _refused_leaves_it_unchanged(p, lambda: p.apply(event, on, recorded_by=by, **data))


@_fuzz("correct")
@given(
    st.sampled_from(["e1", "e2", "e3", "e5", "e99"]) | VALUE,
    VALUE | st.none(),
    st.dictionaries(DATA_KEYS, VALUE, max_size=2),
    VALUE | st.none(),
)
def test_correct_with_arbitrary_arguments(event_id: Any, on: Any, data: Any, reason: Any) -> None:
    p = _transfer(False)
    _refused_leaves_it_unchanged(p, lambda: p.correct(event_id, on=on, reason=reason, **data))


@_fuzz("retract")
@given(st.sampled_from(["e1", "e5", "e99"]) | VALUE, VALUE, VALUE | st.none())
def test_retract_with_arbitrary_arguments(event_id: Any, reason: Any, by: Any) -> None:
    p = _transfer(False)
    _refused_leaves_it_unchanged(p, lambda: p.retract(event_id, reason=reason, recorded_by=by))


@_fuzz("as_of")
@given(VALUE, VALUE | st.none())
def test_as_of_with_arbitrary_arguments(day: Any, known_at: Any) -> None:
    p = _transfer(True)
    _refused_leaves_it_unchanged(p, lambda: p.as_of(day, known_at))


# ------------------------------------------------------------------------- the command line


@_fuzz("CLI status")
@given(mutated_documents(json_only=True), st.sampled_from(["text", "json"]))
def test_cli_status_on_hostile_files(doc: Any, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp, "doc.json")
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        code = main(["status", str(path), "--today", "2026-12-31", "--format", fmt])
        assert code in (0, 2)


# ---------------------------------------------------------------- one test per defect class


HUGE = "1" * 5000


def test_huge_numbers_in_documents(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    text = json.dumps(BASES[0]).replace('"version": 3', f'"version": {HUGE}', 1)
    with pytest.raises(HistoryError, match="5000 digits"):
        loads_procedure(text)
    doc = copy.deepcopy(BASES[0])
    doc["audit"][0]["seq"] = 10**5000  # from Python: never formatted into the message
    for load in (load_procedure, load_document):
        with pytest.raises(HistoryError, match="beyond 64 bits") as info:
            load(doc)
        assert "≈10^5000" in str(info.value)
    with pytest.raises(HistoryError, match="beyond 64 bits"):
        load_bundle({**BASES[4], "version": 10**5000})
    path = tmp_path / "huge.json"
    path.write_text(text, "utf-8")
    assert main(["status", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vkac-flow: error:")
    assert "5000 digits" in err
    assert len(err.splitlines()) == 1


def test_surrogates_are_refused_at_the_boundary(capsys: pytest.CaptureFixture[str]) -> None:
    v1 = copy.deepcopy(BASES[2])
    v1["service"]["name"] = "\ud800"  # once: UnicodeEncodeError deriving the legacy id
    with pytest.raises(HistoryError, match="lone surrogate"):
        load_procedure(v1)
    with pytest.raises(HistoryError, match="lone surrogate"):
        loads_procedure(json.dumps(v1))  # the escaped form "\\ud800" in JSON text
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp, "s.json")
        path.write_text(json.dumps(v1), "utf-8")
        assert main(["status", str(path)]) == 2
    assert "lone surrogate" in capsys.readouterr().err


def test_deep_nesting_from_python() -> None:
    for where in ("service", "data"):
        doc = copy.deepcopy(BASES[0])
        target = doc["service"] if where == "service" else doc["audit"][2]["data"]
        target["name" if where == "service" else "centres"] = _deep(2000)
        with pytest.raises(HistoryError, match=f"deeper than {MAX_DOCUMENT_DEPTH}"):
            load_procedure(doc)
    with pytest.raises(HistoryError, match="deeper"):
        load_document({"format": "vkac_flow.transfer", "x": _cycle()})
    check_document(BASES[4])  # the writer's documents pass


def test_quick_pass_and_walk_agree_at_the_limits() -> None:
    """check_document's one quick pass (issue 14) accepts exactly what the walk accepts."""

    def nested(n: int) -> list[Any]:
        value: list[Any] = []
        for _ in range(n - 1):
            value = [value]
        return value

    check_document({"a": nested(MAX_DOCUMENT_DEPTH - 1)})  # the deepest list: level 31
    with pytest.raises(HistoryError, match=f"deeper than {MAX_DOCUMENT_DEPTH}"):
        check_document({"a": nested(MAX_DOCUMENT_DEPTH)})
    check_document({"k": [2**63 - 1, 1 - 2**63, 0.5, True, None, "Cēsis"]})
    refused = {
        "an integer beyond 64 bits at ['k', 0]: 9223372036854775808": {"k": [2**63]},
        "a number that is not finite at ['k']: inf": {"k": float("inf")},
        "a key of type int at ['m']: 1": {"m": {1: "x"}},
        "a string with a lone surrogate (not UTF-8) at ['<key>']": {"\udc00": 1},
        "a value of type tuple (not JSON) at ['t']: (1,)": {"t": (1,)},
    }
    for message, doc in refused.items():
        with pytest.raises(HistoryError) as info:
            check_document(doc)
        assert str(info.value).startswith(f"document: {message}")
        assert info.value.localized("lv").startswith("dokuments: ")
    with pytest.raises(HistoryError) as info:
        check_document({"k": [2**63]})
    assert info.value.localized("lv") == (
        "dokuments: vesels skaitlis, kas pārsniedz 64 bitus vietā ['k', 0]: 9223372036854775808"
    )
    # a mapping other than dict is judged by the walk, as before
    check_document(types.MappingProxyType({"a": [1]}))


def test_wrong_types_to_the_loaders() -> None:
    for bad in (None, 5, b"\xff", ["x"], object()):
        with pytest.raises(HistoryError):
            loads_procedure(bad)  # type: ignore[arg-type]
        with pytest.raises(HistoryError):
            load_document(bad)
    for bad_value in ((1, 2), {1, 2}, datetime.date(2026, 3, 2), float("nan")):
        doc = copy.deepcopy(BASES[0])
        doc["audit"][0]["data"] = {"x": bad_value}
        with pytest.raises(HistoryError):
            load_procedure(doc)
    with pytest.raises(HistoryError, match="unknown document format"):
        load_document({"format": ["unhashable"]})


def test_history_items_need_exactly_the_written_keys() -> None:
    for base in (BASES[1], BASES[2]):  # version 2, version 1
        doc = copy.deepcopy(base)
        del doc["history"][0]["data"]
        with pytest.raises(HistoryError, match="expected keys event, date and data"):
            load_procedure(doc, clock=clock)
    doc = copy.deepcopy(BASES[0])
    del doc["audit"][0]["recorded_by"]
    with pytest.raises(HistoryError, match="expected keys"):
        load_procedure(doc, clock=clock)
    doc = copy.deepcopy(BASES[0])
    doc["audit"][1]["recorded_by"] = " clerk"  # not as written: the boundary strips
    with pytest.raises(HistoryError, match="not as to_dict writes it"):
        load_procedure(doc, clock=clock)
    for base in BASES:  # and the writer's documents are read
        assert load_document(copy.deepcopy(base), clock=clock)


def test_shared_procedure_tables_are_read_only() -> None:
    tables: list[Any] = [
        PROCEDURE_FORMATS,
        TransferProcedure.EVENTS,
        ExclusionProcedure.EVENTS,
        exclusion.EXCLUSION_EVENTS,
        exclusion.INTERPRETATIONS,
    ]
    for table in tables:
        assert isinstance(table, MappingProxyType)
        with pytest.raises(TypeError):
            table["x"] = None  # type: ignore[index]
    for rows in (
        TransferProcedure.TRANSITIONS,
        ExclusionProcedure.TRANSITIONS,
        transfer.RULES,
        exclusion.RULES,
    ):
        assert isinstance(rows, tuple)
        with pytest.raises(TypeError):
            rows[0] = None  # type: ignore[index]
        with pytest.raises(AttributeError):
            rows[0].points = ()  # type: ignore[misc]  # frozen attrs
    with pytest.raises(AttributeError):
        TransferProcedure.EVENTS["letter_received"].params = ("x",)  # type: ignore[misc]


def test_flags_and_counts_in_procedures() -> None:
    p = TransferProcedure.propose(SERVICE, initiator=Party.municipality("Cēsu novads"), clock=clock)
    p.letter_received(D(2026, 3, 2))
    p.readiness_confirmed(D(2026, 3, 9))
    p.centres_surveyed(D(2026, 3, 16), centres=["Cēsis"])
    p.information_prepared(D(2026, 3, 20))
    before = p.to_dict()
    for bad in ("yes", 1, None):
        with pytest.raises(InputTypeError):
            p.committee_decided(D(2026, 4, 16), approved=bad, centres=["Cēsis"])  # type: ignore[arg-type]
    assert p.to_dict() == before
    timeline = statutory_timeline("2026-03-02", "municipality")
    with pytest.raises(InputTypeError, match="explain"):
        timeline.to_text(explain="no")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="calendar"):
        statutory_timeline("2026-03-02", "municipality", calendar="x")  # type: ignore[arg-type]
    reg = CentreRegistry([Centre("Cēsis", "Cēsu novads", "regional")])
    for n in (0, -1, True, 2.0, 10**5000):
        with pytest.raises(VkacFlowError):
            close_centre_names("cesis", reg, n)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        close_centre_names(5, reg)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        close_centre_names("cesis", 5)  # type: ignore[arg-type]
    assert close_centre_names("cesis", reg, 1) == ("Cēsis",)


def test_names_in_events_are_checked() -> None:
    bad_names = ("Cēsis\nvkac-flow: error: forged", "a\x1b[2J", "a\u202eb", "a\ud800", "a" * 501)
    for bad in bad_names:
        p = _transfer(False)
        before = p.to_dict()
        with pytest.raises(InputError):
            p.apply("training_completed", D(2026, 5, 8), recorded_by=bad)
        with pytest.raises(InputError):
            p.retract("e5", reason=bad if len(bad) < 500 else "a" * 2001)  # reasons: 2,000
        with pytest.raises(VkacFlowError):
            p.correct("e3", centres=[bad, "Valmiera"])
        with pytest.raises(VkacFlowError):
            ExclusionProcedure.propose(
                Service("Vehicle registration", CSDD), initiator=CSDD, centres=[bad], clock=clock
            )
        assert p.to_dict() == before
    p = _transfer(False)
    p.retract("e5", reason="  entered twice\n", recorded_by=" clerk ")
    last = p.audit_log()[-1]
    assert (last.reason, last.recorded_by) == ("entered twice", "clerk")


def test_messages_are_bounded_lines() -> None:
    p = _transfer(False)
    for call in (
        lambda: p.apply("x" * 1_000_000, D(2026, 5, 8)),
        lambda: p.apply("letter\nvkac-flow: error: forged", D(2026, 5, 8)),
        lambda: p.correct(_BadRepr()),  # type: ignore[arg-type]
        lambda: p.correct(10**5000),  # type: ignore[arg-type]
        lambda: load_procedure({"format": "x" * 1_000_000}),
        lambda: load_procedure({**BASES[0], "state": "\x1b[2J" * 1000}),
    ):
        with pytest.raises(VkacFlowError) as info:
            call()
        _check_message(info.value)
        assert len(str(info.value)) < 600


def _strict_fields(doc: Any) -> list[Any] | None:
    """The audit fields the strict path reads from ``doc`` (check, then record by record)."""
    try:
        check_document(doc)
        items = doc["audit"]
        if not isinstance(items, list):
            return None
        return [read_audit_fields(item, i) for i, item in enumerate(items, start=1)]
    except (HistoryError, KeyError, TypeError):
        return None


def _typed(fields: list[Any]) -> list[Any]:
    """The fields with the type of every value (``1 == True``: the types must agree too)."""
    return [[(type(v), v) for v in f] for f in fields]


def test_quick_reading_is_used_for_documents_as_written() -> None:
    """The writer's version-3 documents take the quick path, and read what the strict one reads."""
    for p in (_transfer(True), _transfer(False), _exclusion()):
        doc = p.to_dict()
        quick = quick_audit_fields(doc)
        assert quick is not None
        strict = _strict_fields(doc)
        assert strict is not None
        assert _typed(quick) == _typed(strict)
    assert quick_audit_fields(BASES[1]) is None  # version 2: a history, read strictly
    assert quick_audit_fields(BASES[4]) is None  # a bundle is no procedure document


@_fuzz("quick reading")
@given(mutated_documents())
def test_quick_reading_accepts_only_what_the_strict_path_accepts(doc: Any) -> None:
    """Whatever the quick pass reads, check_document and read_audit_fields accept, alike.

    ``None`` (not judged) is always allowed: the strict path then decides, and names the
    fault; so a refusal reads the same with or without the quick pass.
    """
    quick = quick_audit_fields(doc)
    if quick is None:
        return
    strict = _strict_fields(doc)
    assert strict is not None, doc
    assert _typed(quick) == _typed(strict)


class _Key(str):
    """A string key of another type (the walk refuses it: keys are plain strings)."""

    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        raise AssertionError("the quick pass compared a value of a foreign type")

    def __ne__(self, other: object) -> bool:
        raise AssertionError("the quick pass compared a value of a foreign type")


def test_quick_reading_runs_no_method_of_a_foreign_value() -> None:
    doc = _transfer(False).to_dict()
    first = doc["audit"][0]
    for bad in (
        {**{_Key(k): v for k, v in first.items()}},
        {**first, "seq": True},
        {**first, "event": _Key("letter_received")},
        {**first, "data": {_Key("x"): 1}},
        {**first, "recorded_by": " clerk"},
        {**first, "recorded_by": "clerk\n"},
        {**first, "event_id": "e01"},
        {**first, "on": "2026-3-02"},
        {**first, "recorded_at": "2026-12-31T00:00:00"},
    ):
        hostile = {**doc, "audit": [bad, *doc["audit"][1:]]}
        assert quick_audit_fields(hostile) is None
        with pytest.raises(HistoryError):
            TransferProcedure.from_dict(hostile, clock=clock)


class _AnyType(type):
    """A metaclass whose classes equal every class (``shape == expected`` would be true)."""

    calls: list[str] = []  # noqa: RUF012 (the log of the test below)

    def __eq__(cls, other: object) -> bool:
        _AnyType.calls.append("__eq__")
        return True

    def __ne__(cls, other: object) -> bool:
        _AnyType.calls.append("__ne__")
        return False

    __hash__ = type.__hash__


class _LikeStr(str, metaclass=_AnyType):
    """A str subclass whose type claims to be ``str`` when compared with ``==``."""


class _LikeInt(int, metaclass=_AnyType):
    """An int subclass whose type claims to be ``int`` when compared with ``==``."""


def test_quick_reading_compares_value_types_by_identity() -> None:
    """A value whose type's metaclass equals every class is refused, its ``__eq__`` never run.

    Review of a8c702f: the quick pass compared the tuple of a record's value types with
    ``==``, which ran the metaclass's ``__eq__``; as it answered "equal", a record of
    ``str`` subclasses was read (and the document replayed) where ``check_document``
    refuses it.
    """
    doc = _transfer(False).to_dict()
    first = doc["audit"][0]
    for key, bad_value in (
        ("event", _LikeStr(first["event"])),
        ("on", _LikeStr(first["on"])),
        ("recorded_at", _LikeStr(first["recorded_at"])),
        ("event_id", _LikeStr(first["event_id"])),
        ("kind", _LikeStr(first["kind"])),
        ("seq", _LikeInt(first["seq"])),
    ):
        hostile = {**doc, "audit": [{**first, key: bad_value}, *doc["audit"][1:]]}
        _AnyType.calls.clear()
        assert quick_audit_fields(hostile) is None, key
        assert _AnyType.calls == [], key
        with pytest.raises(HistoryError, match="not JSON"):
            TransferProcedure.from_dict(hostile, clock=clock)


def _edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """The corrected transfer's document, changed in place by ``edit``."""
    doc = _transfer(True).to_dict()
    edit(doc)
    return doc


def _reaching(outer: int, inner: int = MAX_DOCUMENT_DEPTH) -> list[Any]:
    """Nested lists whose innermost sits at depth ``inner`` when the outermost is at ``outer``."""
    return _deep(inner - outer)


_REFUSED_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "a top-level key with a lone surrogate": lambda d: d.update({"\udc80": 1}),
    "a seq not its position (its event id is)": lambda d: d["audit"][0].update(seq=5),
    "an event record of kind correction": lambda d: d["audit"][0].update(kind="correction"),
    "an event record of kind retraction": lambda d: d["audit"][0].update(kind="retraction"),
    "an event record of another kind": lambda d: d["audit"][0].update(kind="Event"),
    "a state value 32 deep": lambda d: d.update(state=_reaching(1)),
    "event data 32 deep": lambda d: d["audit"][2]["data"].update(centres=_reaching(4)),
    "correction data 32 deep": lambda d: d["audit"][5]["data"].update(x=_reaching(4)),
    "a lone surrogate in event data": lambda d: d["audit"][2]["data"].update(centres=["\udc80"]),
    "a lone surrogate in a data key": lambda d: d["audit"][2]["data"].update({"\ud800": 1}),
    "a lone surrogate in a reason": lambda d: d["audit"][5].update(reason="typo\udc80"),
}
"""Edits the strict path refuses (a "32 deep" value has a list at depth 32: the document's is 0)."""

_ACCEPTED_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "as written": lambda d: None,
    "a state value 31 deep": lambda d: d.update(state=_reaching(1, 31)),
    "event data 31 deep": lambda d: d["audit"][2]["data"].update(centres=_reaching(4, 31)),
    "correction data 31 deep": lambda d: d["audit"][5]["data"].update(x=_reaching(4, 31)),
    "an empty log": lambda d: d.update(audit=[]),
    "-0.0 and a float in event data": lambda d: d["audit"][2]["data"].update(a=-0.0, b=1.5),
    "a record with its own rules version": lambda d: d["audit"][1].update(rules_version="r1"),
    "a non-ASCII data key": lambda d: d["audit"][2]["data"].update({"ķ": 1}),
}
"""Edits the strict path accepts (what the replay then says of them does not matter here)."""


@pytest.mark.parametrize("name", sorted(_REFUSED_EDITS))
def test_quick_reading_refuses_at_the_limits_of_the_strict_path(name: str) -> None:
    """Review of a8c702f: edits the fuzzing rarely draws (mutants of the quick pass lived)."""
    doc = _edited(_REFUSED_EDITS[name])
    assert _strict_fields(doc) is None
    assert quick_audit_fields(doc) is None


@pytest.mark.parametrize("name", sorted(_ACCEPTED_EDITS))
def test_quick_reading_accepts_at_the_limits_of_the_strict_path(name: str) -> None:
    doc = _edited(_ACCEPTED_EDITS[name])
    strict = _strict_fields(doc)
    quick = quick_audit_fields(doc)
    assert strict is not None
    assert quick is not None
    assert _typed(quick) == _typed(strict)


def test_document_keys_are_kept_per_class() -> None:
    """A subclass's supported versions are its own, after its parent has read documents.

    Review of a8c702f: the keys per version are computed once per class; a cache read
    through inheritance would let the subclass accept its parent's versions.
    """
    TransferProcedure.from_dict(BASES[1], clock=clock)  # the parent's keys computed first

    class CurrentOnly(TransferProcedure):
        LEGACY_VERSIONS = frozenset()

    with pytest.raises(HistoryError, match=r"version 2 of 'vkac_flow\.transfer' is not supported"):
        CurrentOnly.from_dict(BASES[1], clock=clock)
    assert CurrentOnly.from_dict(BASES[0], clock=clock).to_dict() == BASES[0]
