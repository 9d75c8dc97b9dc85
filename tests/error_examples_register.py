"""Error examples of the register and the register's command line (tests/test_error_messages.py).

Every example is a real call: against a real SQLite register in a temporary folder of its own
(:func:`_register`), against a real :class:`~vkac_flow.register.ledger.ScopeLedger`, or through
the command line's public functions (``build_parser`` and ``run_register``).
"""

from __future__ import annotations

import datetime
import pathlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import sqlalchemy as sa

from latvian_words import Example
from vkac_flow import (
    Centre,
    CentreRegistry,
    CentreType,
    Party,
    ProcedureSet,
    Register,
    ScopeLedger,
    Service,
    ServiceCategory,
    TransferProcedure,
    minimum_basket_service,
)
from vkac_flow.law.scope import ScopeFact
from vkac_flow.views.cli import build_parser
from vkac_flow.views.register_cli import run_register
from vkac_flow.views.sources import pending_obligation, write_whole

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
SERVICE = Service("Būvatļauja", Party.service_holder("Latvijas Valsts ceļi"))
CESIS = Centre("Cēsis", "Cēsu novads", CentreType.REGIONAL)
PRIEKULI = Centre("Priekuļi", "Cēsu novads", CentreType.COUNTY, datetime.date(2019, 3, 1))
VALMIERA = Centre("Valmiera", "Valmieras novads", CentreType.NATIONAL)
PERMIT = Service("Atļauja", Party.municipality("Cēsu novads"), ServiceCategory.MUNICIPAL)
VID = minimum_basket_service("VID", "Ienākumu deklarācija")
D = datetime.date


@contextmanager
def _folder() -> Iterator[pathlib.Path]:
    with tempfile.TemporaryDirectory() as name:
        yield pathlib.Path(name)


@contextmanager
def _register(**kwargs: Any) -> Iterator[Register]:
    """A fresh SQLite file register holding the transfer ``road-1`` (version 1)."""
    with _folder() as folder:
        reg = Register.open(f"sqlite:///{folder / 'r.db'}", clock=lambda: NOW, **kwargs)
        try:
            reg.propose(_transfer())
            reg.record("road-1", "letter_received", "2026-03-02", idempotency_key="k1")
            yield reg
        finally:
            reg.close()


def _transfer() -> TransferProcedure:
    return TransferProcedure.propose(
        SERVICE,
        initiator=Party.municipality("Cēsu novads"),
        procedure_id="road-1",
        clock=lambda: D(2026, 12, 1),
    )


def on_register(action: Callable[[Register], object], **kwargs: Any) -> Callable[[], object]:
    def call() -> object:
        with _register(**kwargs) as reg:
            return action(reg)

    return call


def _schema_at(revision: str) -> None:
    with _folder() as folder:
        url = f"sqlite:///{folder / 'r.db'}"
        Register.open(url).close()
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
        engine.dispose()
        Register.open(url).close()


def _ledger() -> ScopeLedger:
    return ScopeLedger(CentreRegistry([CESIS, PRIEKULI, VALMIERA]))


def _twice(first: Callable[[ScopeLedger], object], second: Callable[[ScopeLedger], object]) -> Any:
    def call() -> object:
        ledger = _ledger()
        first(ledger)
        return second(ledger)

    return call


def _after_roads(then: Callable[[ScopeLedger], object]) -> Any:
    """``then`` on a ledger where Cēsis provides ``ROADS`` from 2026-03-02."""
    return _twice(lambda lg: lg.add_interval(ROADS, "Cēsis", D(2026, 3, 2)), then)


@attrs.frozen
class Facts:
    """A source of scope facts of one's own (the public ScopeSource protocol)."""

    scope_source_id: str
    facts: tuple[ScopeFact, ...]

    def scope_facts(self) -> tuple[ScopeFact, ...]:
        return self.facts


ROADS = Service("Transportlīdzekļu reģistrācija", Party.service_holder("CSDD"))
STARTED = ScopeFact("start", ROADS, "Cēsis", D(2026, 3, 2), ("p. 7.3", "p. 15.3"))


def _cli(*argv: str) -> Callable[[], object]:
    def call() -> object:
        with _register() as reg:
            args = build_parser().parse_args(["register", *argv, "--db", reg.url])
            return run_register(args)

    return call


def _done_transfer() -> TransferProcedure:
    p = _transfer()
    p.letter_received("2026-03-02")
    return p


NAMES: tuple[str, ...] = (
    "Būvatļauja",
    "Latvijas Valsts ceļi",
    "Cēsu novads",
    "Cēsis",
    "Priekuļi",
    "Valmiera",
)
NAMES += ("Atļauja", "Transportlīdzekļu reģistrācija", "CSDD", "Valmieras novads", "VID")
NAMES += (
    "State Revenue Service",
    "Ienākumu deklarācija",
)  # the institution's own name (law/parties data)

EXAMPLES = [
    # ------------------------------------------------------------------ the register
    Example(
        "ConcurrentUpdateError",
        on_register(
            lambda r: r.record("road-1", "readiness_confirmed", "2026-03-03", expected_version=0)
        ),
        ("road-1",),
    ),
    Example("SchemaVersionError", lambda: _schema_at("9999"), ("vkac_flow",)),
    Example("SchemaVersionError", lambda: _schema_at("0001"), ("vkac-flow register upgrade",)),
    Example("UnknownProcedureError", on_register(lambda r: r.get("road-9"))),
    Example("RegisterError", on_register(lambda r: r.propose(_transfer())), ("road-1",)),
    Example(
        "RegisterError",
        on_register(
            lambda r: r.record("road-1", "readiness_confirmed", "2026-03-03", idempotency_key="k1")
        ),
        ("road-1", *NAMES),
    ),
    Example(
        "RegisterError",
        on_register(
            lambda r: r.record("road-1", "letter_received", "2026-03-04", idempotency_key="k1")
        ),
        ("road-1",),
    ),
    Example(
        "RegisterError",
        on_register(
            lambda r: r.record("road-1", "readiness_confirmed", "2026-03-03", expected_version=-1)
        ),
        ("expected_version",),
    ),
    Example("RegisterError", lambda: Register.open("sqlite://"), ("SQLite",)),
    Example("RegisterError", lambda: Register.open("mysql://x/y")),
    Example("RegisterError", on_register(lambda r: r.agenda("2026-03-31", "2026-03-01"))),
    Example("RegisterError", on_register(lambda r: r.ledger()), ("registry",)),
    Example("InputTypeError", on_register(lambda r: r.get(5)), ("procedure_id", "int")),  # type: ignore[call-overload]
    Example("InputTypeError", on_register(lambda r: r.propose("road-1")), ("str",)),  # type: ignore[arg-type]
    Example(
        "InputTypeError", on_register(lambda r: r.agenda("2026-03-01", "2026-03-31", known_at="x"))
    ),
    Example(
        "InputTypeError",
        on_register(lambda r: r.agenda("2026-03-01", "2026-03-31", known_at=3)),
        ("int",),
    ),
    Example(
        "NaiveDatetimeError",
        on_register(
            lambda r: r.agenda("2026-03-01", "2026-03-31", known_at=datetime.datetime(2026, 12, 1))
        ),
    ),
    # ------------------------------------------------------------------ the scope ledger
    Example(
        "ScopeConflictError",
        _after_roads(lambda lg: lg.add_interval(ROADS, "Cēsis", D(2026, 4, 1))),
        NAMES,
    ),
    Example(
        "ScopeConflictError",
        _after_roads(lambda lg: lg.add_interval(ROADS, "Cēsis", D(2026, 1, 1))),
        NAMES,
    ),
    Example(
        "ScopeConflictError",
        _after_roads(lambda lg: lg.add_interval(ROADS, "Cēsis", D(2026, 1, 1), D(2026, 5, 1))),
        NAMES,
    ),
    Example(
        "ScopeConflictError",
        lambda: _ledger().add_interval(ROADS, "Cēsis", D(2026, 3, 2), D(2026, 3, 1)),
        NAMES,
    ),
    Example(
        "ScopeConflictError", lambda: _ledger().end_interval(ROADS, "Cēsis", D(2026, 3, 2)), NAMES
    ),
    Example(
        "ScopeConflictError",
        _twice(
            lambda lg: lg.add_interval(ROADS, "Cēsis", D(2026, 3, 2), D(2026, 6, 1)),
            lambda lg: lg.end_interval(ROADS, "Cēsis", D(2026, 5, 1)),
        ),
        NAMES,
    ),
    Example(
        "ScopeConflictError",
        _twice(
            lambda lg: lg.add_interval(
                Service("Vēl cits", Party.service_holder("CSDD"), code="C-1"),
                "Cēsis",
                D(2026, 3, 2),
            ),
            lambda lg: lg.add_interval(
                Service("Cits", Party.service_holder("CSDD"), code="C-1"),
                "Valmiera",
                D(2026, 3, 2),
            ),
        ),
        (*NAMES, "Cits", "Vēl cits"),
    ),
    Example("ScopeConflictError", lambda: _ledger().designate(PERMIT, D(2018, 1, 1)), NAMES),
    Example("ScopeConflictError", lambda: _ledger().end_designation(PERMIT, D(2023, 1, 1)), NAMES),
    Example(
        "ScopeConflictError",
        lambda: _ledger().record(
            Facts("x", (ScopeFact("end", ROADS, None, D(2027, 1, 1), ("p. 16",)),))
        ),
        NAMES,
    ),
    Example(
        "RuleViolationError", lambda: _ledger().add_interval(VID, "Cēsis", D(2020, 1, 1)), NAMES
    ),
    Example(
        "RuleViolationError", lambda: _ledger().end_interval(VID, "Cēsis", D(2020, 1, 1)), NAMES
    ),
    Example("RuleViolationError", lambda: _ledger().designate(ROADS, D(2020, 1, 1)), NAMES),
    Example("RuleViolationError", lambda: _ledger().designate(VID, D(2020, 1, 1)), NAMES),
    Example(
        "RuleViolationError",
        lambda: _ledger().designate(
            Service("Atļauja", Party.municipality("Siguldas novads"), ServiceCategory.MUNICIPAL),
            D(2020, 1, 1),
        ),
        (*NAMES, "Siguldas novads"),
    ),
    Example(
        "RuleViolationError",
        lambda: _ledger().designate(PERMIT, D(2020, 1, 1), centres=["Cēsis", "Valmiera"]),
        (*NAMES, "MUNICIPAL-OWN-CENTRES"),
    ),
    Example(
        "RuleViolationError",
        lambda: _ledger().record(Facts("t", (attrs.evolve(STARTED, service=PERMIT),))),
        NAMES,
    ),
    Example(
        "InputError",
        lambda: ScopeLedger(CentreRegistry([CESIS]), minimum_basket=[ROADS]),
        NAMES,
    ),
    Example(
        "InputError", lambda: _ledger().designate(PERMIT, D(2020, 1, 1), centres=[]), ("None",)
    ),
    Example(
        "DateOutOfRangeError",
        lambda: _ledger().add_interval(ROADS, "Cēsis", D(2016, 1, 1)),
        ("start",),
    ),
    Example(
        "HistoryError",
        _twice(lambda lg: lg.record(Facts("t", (STARTED,))), lambda lg: lg.record(Facts("t", ()))),
    ),
    Example("InputTypeError", lambda: ScopeLedger([CESIS]), ("CentreRegistry", "list")),  # type: ignore[arg-type]
    Example("InputTypeError", lambda: _ledger().record("t"), ("ScopeSource", "TransferProcedure")),
    Example("InputTypeError", lambda: _ledger().record_all("t"), ("record_all",)),
    # ------------------------------------------------------------------ the views' sources
    Example("InputError", lambda: ProcedureSet([_transfer(), _transfer()]), ("road-1",)),
    Example("InputTypeError", lambda: ProcedureSet(["road-1"]), ("str",)),  # type: ignore[list-item]
    Example("UnknownProcedureError", lambda: ProcedureSet([]).get("road-1")),
    Example("InputError", lambda: ProcedureSet([]).agenda("2026-03-31", "2026-03-01")),
    Example(
        "InputError",
        lambda: pending_obligation(_done_transfer(), "training", None),
        ("Register.check",),
    ),
    Example(
        "InputError",
        lambda: write_whole(tempfile.gettempdir(), b""),  # the cause in the catalogue's words
    ),
    # ------------------------------------------------------------------ the register's CLI
    Example(
        "InputError", _cli("record", "road-1", "readiness_confirmed", "2026-03-03", "--data", "x")
    ),
    Example("InputError", _cli("propose", "--service", "Būvatļauja"), ("propose",)),
    Example("InputError", _cli("show", "road-1", "--known-at", "vakar")),
    Example(
        "InputError",
        _cli("import", "/nonexistent/bundle.json"),  # the cause in the catalogue's words
    ),
]
