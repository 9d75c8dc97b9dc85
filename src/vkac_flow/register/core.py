"""The durable register: procedures kept in a SQLite file or a shared PostgreSQL database.

>>> import datetime, pathlib, tempfile
>>> from vkac_flow import Party, Service, TransferProcedure
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> now = lambda: datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
>>> reg = Register.open(f"sqlite:///{folder / 'r.db'}", clock=now)
>>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
>>> p = TransferProcedure.propose(svc, initiator=svc.holder, procedure_id="road-1")
>>> reg.propose(p).version
0
>>> reg.record("road-1", "letter_received", on="2026-03-02", expected_version=0).version
1
>>> [(a.step, a.due.isoformat()) for a in reg.agenda("2026-03-01", "2026-03-31")]
[('information', '2026-03-30')]
>>> reg.get("road-1").state
'information_gathering'
>>> reg.check()
()
>>> reg.close()
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Final

import attrs
import sqlalchemy as sa

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    InputTypeError,
    NaiveDatetimeError,
    RegisterError,
    UnknownProcedureError,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.procedures.base import Procedure
from vkac_flow.register import adapter, store
from vkac_flow.register.records import Projection, Record
from vkac_flow.register.schema import centres, events, obligations, procedures

__all__ = ["URL_ENV", "AgendaItem", "ProcedureSummary", "Register", "default_url"]

URL_ENV: Final = "VKAC_REGISTER_URL"
"""The environment variable that names the register's database when no URL is given."""


def default_url() -> str:
    """``$VKAC_REGISTER_URL``, else the SQLite file ``vkac-register.db`` in the current folder."""
    url = os.environ.get(URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{os.path.abspath(store.DEFAULT_SQLITE_FILE)}"


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@attrs.frozen
class ProcedureSummary:
    """One procedure as the projection holds it (no replay): what ``find`` returns.

    Attributes:
        id: The procedure's id.
        kind: Its document format (``vkac_flow.transfer``, ``vkac_flow.exclusion``).
        service: The service's label.
        holder: The service holder.
        initiator: Who initiated it.
        route: The route.
        state: The current state.
        is_final: Whether it has ended.
        version: The number of records in its log.
        next_due: The due date of its first pending step, or ``None``.
        next_step: That step.
        next_by: Who owes it.
    """

    id: str
    kind: str
    service: str
    holder: str
    initiator: str
    route: str
    state: str
    is_final: bool
    version: int
    next_due: datetime.date | None
    next_step: str | None
    next_by: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        d = attrs.asdict(self)
        d["next_due"] = None if self.next_due is None else self.next_due.isoformat()
        return d


@attrs.frozen
class AgendaItem:
    """A pending statutory step due in an agenda's window.

    Attributes:
        procedure_id: The procedure.
        kind: Its document format.
        service: Its service.
        step: The step (a key of :data:`~vkac_flow.law.steps.STEPS`).
        subject: The centre it is about, when owed per centre.
        title: What must be done.
        due: The due date.
        points: The points that set it.
        by: Who must act.
        responsible: The roles that must act.
        explanation: How the due date was counted.
        overdue: Whether the due date is before the agenda's ``as_of`` day.
    """

    procedure_id: str
    kind: str
    service: str
    step: str
    subject: str | None
    title: str
    due: datetime.date
    points: tuple[str, ...]
    by: str
    responsible: tuple[str, ...]
    explanation: str
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        d = attrs.asdict(self)
        d["due"] = self.due.isoformat()
        d["points"] = list(self.points)
        d["responsible"] = list(self.responsible)
        return d


@attrs.define(eq=False)
class Register:
    """A register of procedures in a database (see the module docstring).

    Build it with :meth:`open`. Every write is one transaction: the procedure is rebuilt
    from its log, the event goes through the procedure's own rules, and only an accepted
    event is appended, with the projection rewritten in the same transaction.

    Attributes:
        url: The database URL (password hidden).
        engine: The SQLAlchemy engine.
    """

    engine: sa.Engine
    _clock: Callable[[], datetime.datetime] = attrs.field(alias="clock")
    _registry: CentreRegistry | None = attrs.field(default=None, alias="registry")

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        clock: Callable[[], datetime.datetime] | None = None,
        registry: CentreRegistry | None = None,
        upgrade: bool = False,
    ) -> Register:
        """Open (and, if empty, create) a register.

        Args:
            url: ``sqlite:///path`` or ``postgresql+psycopg://user:pw@host/db``; default
                :func:`default_url`.
            clock: The register's clock: the aware instant of each write (record time),
                and today for the procedures' date checks (default: now).
            registry: The centre registry procedures check centre names against.
            upgrade: Run the schema's migrations first (``vkac-flow register upgrade``).

        Raises:
            SchemaVersionError: The database's schema is newer than this code (or older,
                without ``upgrade``).
            RegisterError: A bad URL, or the database cannot be reached.
        """
        engine = store.create_engine(default_url() if url is None else url)
        try:
            found = store.schema_revision(engine)
            if upgrade or found is None:
                store.upgrade(engine)
            else:
                store.check_schema(engine)
        except sa.exc.OperationalError as err:
            engine.dispose()
            raise RegisterError(f"cannot open the register: {store.one_line(err)}") from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, clock=clock or _utc_now, registry=registry)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def schema_revision(self) -> str | None:
        """The database's schema revision."""
        return store.schema_revision(self.engine)

    def upgrade(self) -> str:
        """Run the schema's migrations; the revision reached."""
        return store.upgrade(self.engine)

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---------------------------------------------------------------- time

    def _now(self) -> datetime.datetime:
        now = self._clock()
        if not isinstance(now, datetime.datetime):
            raise InputTypeError(f"the register's clock must return a datetime, got {now!r}")
        if now.tzinfo is None or now.utcoffset() is None:
            raise NaiveDatetimeError("the register's clock returned a naive datetime")
        return now

    def _rebuild(self, current: store.Current) -> Procedure:
        if current.identity is None:
            raise UnknownProcedureError(
                f"no procedure {current.procedure_id!r} in the register",
                procedure_id=current.procedure_id,
            )
        return adapter.rebuild(
            current.identity, current.records, now=self._now, registry=self._registry
        )

    # ---------------------------------------------------------------- writes

    def propose(self, procedure: Procedure, *, recorded_by: str | None = None) -> store.WriteResult:
        """Bring a procedure into the register, with the events it already has.

        Its history is replayed through the rules before anything is written.

        Raises:
            RegisterError: A procedure with its id is already in the register.
            HistoryError: Its history does not replay.
        """
        if not isinstance(procedure, Procedure):
            raise InputTypeError(f"expected a procedure, got {type(procedure).__name__}")
        identity = adapter.identity_of(procedure)

        def decide(_current: store.Current) -> store.Decision:
            records = adapter.records_of(procedure, now=self._now, recorded_by=recorded_by)
            rebuilt = adapter.rebuild(identity, records, now=self._now, registry=self._registry)
            return store.Decision(records, adapter.project(rebuilt))

        return store.write(self.engine, procedure.id, decide, create=True, now=self._now)

    def record(
        self,
        procedure_id: str,
        event: str,
        on: object,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        recorded_by: str | None = None,
        **data: Any,
    ) -> store.WriteResult:
        """Record an event on a procedure, through its rules.

        Args:
            procedure_id: The procedure.
            event: The event (``letter_received``, ``committee_decided``...).
            on: The day it happened.
            expected_version: The version the caller read (``None``: the latest).
            idempotency_key: Makes a retry safe: a key already used returns the earlier result.
            recorded_by: Who records it.
            **data: The event's data (``centres=[...]``, ``approved=True``...).

        Raises:
            ConcurrentUpdateError: ``expected_version`` is stale.
            UnknownProcedureError: No such procedure.
            ProcedureError: The rules refuse the event (nothing is written).
        """

        def decide(current: store.Current) -> store.Decision:
            proc = self._rebuild(current)
            rec = adapter.apply_event(proc, event, on, data, now=self._now, recorded_by=recorded_by)
            return store.Decision((rec,), adapter.project(proc))

        return self._write(procedure_id, decide, expected_version, idempotency_key)

    def correct(
        self,
        procedure_id: str,
        event_id: str,
        *,
        on: object = None,
        reason: str | None = None,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        recorded_by: str | None = None,
        **data: Any,
    ) -> store.WriteResult:
        """Correct an earlier record (a new record that supersedes it; the log stays append-only).

        Raises:
            RegisterError: Until the procedures' time model (#9) is in: always.
        """

        def decide(current: store.Current) -> store.Decision:
            proc = self._rebuild(current)
            rec = adapter.correct_event(
                proc,
                event_id,
                on=on,
                reason=reason,
                data=data,
                now=self._now,
                recorded_by=recorded_by,
            )
            return store.Decision((rec,), adapter.project(proc))

        return self._write(procedure_id, decide, expected_version, idempotency_key)

    def retract(
        self,
        procedure_id: str,
        event_id: str,
        *,
        reason: str,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        recorded_by: str | None = None,
    ) -> store.WriteResult:
        """Retract an earlier record (a new record that withdraws it).

        Raises:
            RegisterError: Until the procedures' time model (#9) is in: always.
        """

        def decide(current: store.Current) -> store.Decision:
            proc = self._rebuild(current)
            rec = adapter.retract_event(
                proc, event_id, reason=reason, now=self._now, recorded_by=recorded_by
            )
            return store.Decision((rec,), adapter.project(proc))

        return self._write(procedure_id, decide, expected_version, idempotency_key)

    def _write(
        self,
        procedure_id: str,
        decide: Callable[[store.Current], store.Decision],
        expected_version: int | None,
        idempotency_key: str | None,
    ) -> store.WriteResult:
        if not isinstance(procedure_id, str):
            raise InputTypeError(f"procedure_id must be a str, got {type(procedure_id).__name__}")
        return store.write(
            self.engine,
            procedure_id,
            decide,
            expected_version=expected_version,
            idempotency_key=idempotency_key,
            now=self._now,
        )

    # ---------------------------------------------------------------- reads

    def _current(self, procedure_id: str) -> store.Current:
        if not isinstance(procedure_id, str):
            raise InputTypeError(f"procedure_id must be a str, got {type(procedure_id).__name__}")
        with self.engine.connect() as conn, conn.begin():
            current = store.read_current(conn, procedure_id)
        if current.identity is None:
            raise UnknownProcedureError(
                f"no procedure {procedure_id!r} in the register", procedure_id=procedure_id
            )
        return current

    def get(self, procedure_id: str) -> Procedure:
        """The procedure, rebuilt from its log through the rules.

        Raises:
            UnknownProcedureError: No such procedure.
        """
        return self._rebuild(self._current(procedure_id))

    def log(self, procedure_id: str) -> tuple[Record, ...]:
        """The procedure's records, in order (the append-only log)."""
        return self._current(procedure_id).records

    def version(self, procedure_id: str) -> int:
        """The procedure's version: the number of records in its log."""
        return self._current(procedure_id).version

    def ids(self) -> tuple[str, ...]:
        """Every procedure id in the register, sorted."""
        with self.engine.connect() as conn:
            return tuple(store.stored_ids(conn))

    def find(
        self,
        *,
        state: str | None = None,
        kind: str | None = None,
        service: str | None = None,
        centre: str | None = None,
        party: str | None = None,
        open_only: bool = True,
    ) -> tuple[ProcedureSummary, ...]:
        """Procedures matching every filter given, from the projection (no replay), by id.

        Args:
            state: The current state.
            kind: ``transfer``, ``exclusion`` or a document format.
            service: A service's name (a substring of its label, case-insensitive).
            centre: A centre the procedure concerns (surveyed, approved, started or excluded).
            party: A party's name or a role: the procedures whose holder or initiator it is,
                or that owe it a pending step.
            open_only: Leave out the procedures that have ended (default).
        """
        p = procedures.c
        query = sa.select(procedures)
        if state is not None:
            query = query.where(p.state == state)
        if kind is not None:
            query = query.where(p.kind == adapter.KINDS.get(kind, kind))
        if service is not None:
            query = query.where(sa.func.lower(p.service).contains(service.lower(), autoescape=True))
        if centre is not None:
            query = query.where(
                sa.exists().where(centres.c.procedure_id == p.id, centres.c.centre == centre)
            )
        if party is not None:
            o = obligations.c
            padded = sa.literal(" ") + o.responsible + sa.literal(" ")
            owes = sa.exists().where(
                o.procedure_id == p.id,
                sa.or_(o.by.contains(party, autoescape=True), padded.contains(f" {party} ")),
            )
            query = query.where(sa.or_(p.holder == party, p.initiator == party, owes))
        if open_only:
            query = query.where(p.is_final.is_(False))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(p.id)).mappings().all()
        return tuple(
            ProcedureSummary(
                id=r["id"],
                kind=r["kind"],
                service=r["service"],
                holder=r["holder"],
                initiator=r["initiator"],
                route=r["route"],
                state=r["state"],
                is_final=bool(r["is_final"]),
                version=r["version"],
                next_due=r["next_due"],
                next_step=r["next_step"],
                next_by=r["next_by"],
            )
            for r in rows
        )

    def agenda(
        self,
        start: object,
        end: object,
        *,
        responsible: str | None = None,
        as_of: object = None,
    ) -> tuple[AgendaItem, ...]:
        """Every pending step due from ``start`` to ``end`` (inclusive), across the register.

        An indexed range query over the ``obligations`` projection, sorted by due date
        (then procedure and the order the steps were opened).

        Args:
            start: The first day of the window.
            end: The last day.
            responsible: Only the steps this role owes (``ministry``, ``service_holder``,
                ``committee``...), or whose party's name it is.
            as_of: The day that decides ``overdue`` (default: the clock's today).
        """
        first, last = to_date(start, what="start"), to_date(end, what="end")
        if last < first:
            raise RegisterError(f"the agenda's end {last} is before its start {first}")
        today = to_date(self._now() if as_of is None else as_of, what="as_of")
        o, p = obligations.c, procedures.c
        query = (
            sa.select(obligations, p.kind, p.service)
            .join(procedures, p.id == o.procedure_id)
            .where(o.due >= first, o.due <= last)
        )
        if responsible is not None:
            padded = sa.literal(" ") + o.responsible + sa.literal(" ")
            query = query.where(
                sa.or_(
                    padded.contains(f" {responsible} "), o.by.contains(responsible, autoescape=True)
                )
            )
        query = query.order_by(o.due, o.procedure_id, o.ordinal)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        out = []
        for r in rows:
            ob = store.obligation_from_row(r)
            out.append(
                AgendaItem(
                    procedure_id=r["procedure_id"],
                    kind=r["kind"],
                    service=r["service"],
                    step=ob.step,
                    subject=ob.subject,
                    title=ob.title,
                    due=ob.due,
                    points=ob.points,
                    by=ob.by,
                    responsible=ob.responsible,
                    explanation=ob.explanation,
                    overdue=ob.step_kind == "deadline" and ob.due < today,
                )
            )
        return tuple(out)

    # ---------------------------------------------------------------- consistency

    def check(self) -> tuple[str, ...]:
        """Rebuild every procedure from its log and compare with the projection.

        Returns:
            The problems found, one line each (empty: the projection is what the log says,
            and every log is numbered 1, 2, ... without gaps).
        """
        problems: list[str] = []
        with self.engine.connect() as conn, conn.begin():
            for pid in store.stored_ids(conn):
                current = store.read_current(conn, pid)
                seqs = [r.seq for r in current.records]
                if seqs != list(range(1, len(seqs) + 1)) or current.version != len(seqs):
                    problems.append(
                        f"{pid}: version {current.version} but log numbered {seqs[:5]}..."
                    )
                    continue
                try:
                    projection: Projection = adapter.project(self._rebuild(current))
                except Exception as err:
                    problems.append(f"{pid}: the log does not replay: {err}")
                    continue
                stored = store.projection_rows(conn, pid)
                expected = store.expected_rows(pid, projection, current.version)
                for key in expected:
                    if stored.get(key) != expected[key]:
                        problems.append(f"{pid}: projection {key} differs from the log")
        return tuple(problems)

    def counts(self) -> Mapping[str, int]:
        """How many rows each table holds."""
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (procedures, events, obligations, centres)
            }


def summaries_to_text(rows: Sequence[ProcedureSummary]) -> str:
    """A plain-text table of :meth:`Register.find` results."""
    if not rows:
        return "no procedures"
    lines = []
    for r in rows:
        nxt = "-" if r.next_due is None else f"{r.next_due} {r.next_step} ({r.next_by})"
        lines.append(f"{r.id}  {r.state}  v{r.version}  {r.service}  next: {nxt}")
    return "\n".join(lines)
