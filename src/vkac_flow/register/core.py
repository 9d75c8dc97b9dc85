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
import json
import os
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, overload

import attrs
import sqlalchemy as sa

from vkac_flow.calendar.dates import to_date
from vkac_flow.errors import (
    InputTypeError,
    NaiveDatetimeError,
    RegisterError,
    UnknownProcedureError,
    VkacFlowError,
    echo,
)
from vkac_flow.law.centres import CentreRegistry
from vkac_flow.messages import Text, check_language, message
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.display import breach_text
from vkac_flow.procedures.documents import dump_bundle, load_bundle
from vkac_flow.procedures.projections import owes
from vkac_flow.procedures.snapshot import Snapshot
from vkac_flow.register import adapter, store
from vkac_flow.register.ledger import ScopeLedger
from vkac_flow.register.records import ObligationRow, Projection, Record
from vkac_flow.register.schema import centres, events, obligations, procedures

__all__ = [
    "URL_ENV",
    "AgendaItem",
    "BreachItem",
    "ProcedureSummary",
    "Register",
    "default_url",
]

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
        overdue: Whether the due date is before the agenda's ``as_of`` day (never for a
            waiting period).
        step_kind: ``"deadline"`` (a duty: act by ``due``) or ``"waiting"`` (a waiting
            period, nobody's duty: the event it holds back not before ``due``).
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
    step_kind: str = "deadline"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        d = attrs.asdict(self)
        d["due"] = self.due.isoformat()
        d["points"] = list(self.points)
        d["responsible"] = list(self.responsible)
        return d


@attrs.frozen
class BreachItem:
    """A statutory period not respected, in one procedure of the register.

    Attributes:
        procedure_id: The procedure.
        step: The step.
        subject: The centre it is about, when owed per centre.
        status: ``met_late``, ``met_early`` or ``missed``.
        due: The due date.
        done: The day it was done, or ``None``.
        days_late: Calendar days late.
        working_days_late: Working days late.
        by: Who had to act.
        points: The points that set it.
        text: The procedure's own sentence for it (in the language asked for).
    """

    procedure_id: str
    step: str
    subject: str | None
    status: str
    due: datetime.date
    done: datetime.date | None
    days_late: int
    working_days_late: int
    by: str
    points: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        d = attrs.asdict(self)
        d["due"] = self.due.isoformat()
        d["done"] = None if self.done is None else self.done.isoformat()
        d["points"] = list(self.points)
        return d


@attrs.define(eq=False)
class Register:
    """A register of procedures in a database (see the module docstring).

    Build it with :meth:`open`. Every write is one transaction: the procedure is rebuilt
    from its log, the event goes through the procedure's own rules, and only an accepted
    event is appended, with the projection rewritten in the same transaction.

    The register keeps the procedures it wrote last (up to ``cache_size``) with the version
    they are at; a write uses one only when the version read in its transaction is that
    version (the log only grows, so it is exactly the replay of the log), and skips reading
    and replaying the log: a write costs one event's rules.

    Attributes:
        url: The database URL (password hidden).
        engine: The SQLAlchemy engine.
        cache_size: How many rebuilt procedures the register keeps for its next writes.
    """

    engine: sa.Engine
    _clock: Callable[[], datetime.datetime] = attrs.field(alias="clock")
    _registry: CentreRegistry | None = attrs.field(default=None, alias="registry")
    cache_size: int = 1024
    _cache: dict[str, tuple[int, Procedure]] = attrs.field(factory=dict, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

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
            RegisterError: A bad URL, the database cannot be reached, or it is not a
                database (a SQLite ``--db`` naming a file of something else).
        """
        engine = store.create_engine(default_url() if url is None else url)
        try:
            found = store.schema_revision(engine)
            if upgrade or found is None:
                store.upgrade(engine)
            else:
                store.check_schema(engine)
        except sa.exc.DatabaseError as err:
            # OperationalError (cannot reach it) and the driver's other errors, such as
            # SQLite's "file is not a database" for a file that is something else
            engine.dispose()
            raise RegisterError(
                Text("error.register.open_failed", reason=store.database_cause(err))
            ) from None
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

    def now(self) -> datetime.datetime:
        """The register's clock: the aware instant of a write (record time)."""
        return self._now()

    def _now(self) -> datetime.datetime:
        now = self._clock()
        if not isinstance(now, datetime.datetime):
            raise InputTypeError(Text("error.register.clock_type", got=echo(now)))
        if now.tzinfo is None or now.utcoffset() is None:
            raise NaiveDatetimeError(Text("error.register.clock_naive"))
        return now

    def _rebuild(self, current: store.Current) -> Procedure:
        if current.identity is None:
            raise UnknownProcedureError(
                Text("error.register.unknown_procedure", id=echo(current.procedure_id)),
                procedure_id=current.procedure_id,
            )
        if not current.complete:
            raise RegisterError(Text("error.register.log_not_read", id=current.procedure_id))
        return adapter.rebuild(
            current.identity, current.records, now=self._now, registry=self._registry
        )

    # ---------------------------------------------------------------- the cache

    def _take(self, procedure_id: str, version: int) -> Procedure | None:
        """The cached procedure at exactly ``version``, removed from the cache (owned now)."""
        with self._lock:
            entry = self._cache.pop(procedure_id, None)
        if entry is None or entry[0] != version:
            return None
        return entry[1]

    def _keep(self, procedure_id: str, version: int, procedure: Procedure) -> None:
        with self._lock:
            self._cache.pop(procedure_id, None)
            self._cache[procedure_id] = (version, procedure)
            while len(self._cache) > self.cache_size:
                del self._cache[next(iter(self._cache))]

    # ---------------------------------------------------------------- writes

    def propose(self, procedure: Procedure, *, recorded_by: str | None = None) -> store.WriteResult:
        """Bring a procedure into the register, with the audit log it already has.

        Its log is replayed through the rules (with the register's clock) before anything
        is written; its records keep their own ``recorded_at``. ``recorded_by`` fills in
        the records that name nobody.

        Raises:
            RegisterError: A procedure with its id is already in the register.
            HistoryError: Its log does not replay.
        """
        if not isinstance(procedure, Procedure):
            raise InputTypeError(
                Text("error.register.expected_procedure", got=type(procedure).__name__)
            )
        if recorded_by is not None and not isinstance(recorded_by, str):
            raise InputTypeError(
                Text(
                    "error.register.expected_str",
                    what="recorded_by",
                    got=type(recorded_by).__name__,
                )
            )
        pid, decide, built = self._proposal(procedure, recorded_by)
        result = store.write(self.engine, pid, decide, create=True, now=self._now)
        if built:
            self._keep(pid, result.version, built[-1])
        return result

    def _proposal(
        self, procedure: Procedure, recorded_by: str | None
    ) -> tuple[str, Callable[[store.Current], store.Decision], list[Procedure]]:
        identity = adapter.identity_of(procedure)
        records = tuple(
            r
            if r.recorded_by is not None or recorded_by is None
            else attrs.evolve(r, recorded_by=recorded_by)
            for r in adapter.records_of(procedure)
        )
        built: list[Procedure] = []

        def decide(_current: store.Current) -> store.Decision:
            rebuilt = adapter.rebuild(identity, records, now=self._now, registry=self._registry)
            built.append(rebuilt)
            return store.Decision(records, adapter.project(rebuilt))

        return procedure.id, decide, built

    def _change(
        self,
        procedure_id: str,
        change: Callable[[Procedure, int], Record],
        expected_version: int | None,
        idempotency_key: str | None,
        request: _Request,
    ) -> store.WriteResult:
        """One write through the rules: the procedure at the version read, changed, stored.

        The procedure is the cached one when the cache holds it at exactly the version read
        in the transaction (the log only grows, so it is the replay of that log), else it
        is rebuilt from the log.
        """
        if not isinstance(procedure_id, str):
            raise InputTypeError(
                Text(
                    "error.register.expected_str",
                    what="procedure_id",
                    got=type(procedure_id).__name__,
                )
            )
        held: dict[str, Any] = {}

        def wants_log(version: int) -> bool:
            held.clear()
            cached = self._take(procedure_id, version)
            if cached is None:
                return True
            held.update(version=version, procedure=cached)
            return False

        def decide(current: store.Current) -> store.Decision:
            proc = held.get("procedure") if held.get("version") == current.version else None
            if proc is None:
                proc = self._rebuild(current)
            held.update(version=current.version, procedure=proc, done=True)
            rec = change(proc, current.version)
            return store.Decision((rec,), adapter.project(proc))

        result = store.write(
            self.engine,
            procedure_id,
            decide,
            expected_version=expected_version,
            idempotency_key=idempotency_key,
            now=self._now,
            wants_log=wants_log,
            differs=request.differs,
        )
        if not result.repeated and held.get("done"):
            self._keep(procedure_id, result.version, held["procedure"])
        return result

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
        """Record an event on a procedure, through its rules (``Procedure.apply``).

        Args:
            procedure_id: The procedure.
            event: The event (``letter_received``, ``committee_decided``...).
            on: The day it happened.
            expected_version: The version the caller read (``None``: the latest).
            idempotency_key: Makes a retry safe: a key already used for the same request
                (event, day and data) returns the earlier result and writes nothing; used
                for a different request it is refused (``RegisterError``).
            recorded_by: Who records it.
            **data: The event's data (``centres=[...]``, ``approved=True``...).

        Raises:
            ConcurrentUpdateError: ``expected_version`` is stale.
            UnknownProcedureError: No such procedure.
            RegisterError: ``idempotency_key`` was used for a different request.
            ProcedureError: The rules refuse the event (nothing is written).
        """
        return self._change(
            procedure_id,
            lambda p, v: adapter.apply_event(p, v, event, on, data, recorded_by=recorded_by),
            expected_version,
            idempotency_key,
            _Request("event", event=event, on=on, data=data),
        )

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
        """Correct an earlier event (``Procedure.correct``): a new record that supersedes it.

        The log stays append-only: the original record stays, the correction is appended,
        and the corrected history is replayed through the same rules.

        Raises:
            CorrectionRefusedError: No such event in effect, or the corrected history breaks
                a rule (nothing is written).
            ConcurrentUpdateError, UnknownProcedureError: As :meth:`record`.
        """
        return self._change(
            procedure_id,
            lambda p, v: adapter.correct_event(
                p, v, event_id, on=on, reason=reason, data=data, recorded_by=recorded_by
            ),
            expected_version,
            idempotency_key,
            _Request("correction", corrects=event_id, on=on, data=data or None, reason=reason),
        )

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
        """Retract an earlier event (``Procedure.retract``): a new record that withdraws it.

        Raises:
            CorrectionRefusedError: No such event in effect, or the history without it
                breaks a rule (nothing is written).
            ConcurrentUpdateError, UnknownProcedureError: As :meth:`record`.
        """
        return self._change(
            procedure_id,
            lambda p, v: adapter.retract_event(
                p, v, event_id, reason=reason, recorded_by=recorded_by
            ),
            expected_version,
            idempotency_key,
            _Request("retraction", corrects=event_id, reason=reason),
        )

    # ---------------------------------------------------------------- reads

    def _current(self, procedure_id: str) -> store.Current:
        if not isinstance(procedure_id, str):
            raise InputTypeError(
                Text(
                    "error.register.expected_str",
                    what="procedure_id",
                    got=type(procedure_id).__name__,
                )
            )
        with self.engine.connect() as conn, conn.begin():
            current = store.read_current(conn, procedure_id)
        if current.identity is None:
            raise UnknownProcedureError(
                Text("error.register.unknown_procedure", id=echo(procedure_id)),
                procedure_id=procedure_id,
            )
        return current

    @overload
    def get(self, procedure_id: str) -> Procedure: ...

    @overload
    def get(self, procedure_id: str, as_of: object, known_at: object = None) -> Snapshot: ...

    @overload
    def get(self, procedure_id: str, *, known_at: object) -> Snapshot: ...

    def get(
        self, procedure_id: str, as_of: object = None, known_at: object = None
    ) -> Procedure | Snapshot:
        """The procedure rebuilt from its log through the rules, or a snapshot of it.

        Args:
            procedure_id: The procedure.
            as_of: A day: the read-only ``Procedure.as_of(day, known_at)`` snapshot (the
                events on or before that day). ``None`` with ``known_at``: the clock's today.
            known_at: An aware instant: only what the register had recorded by then.

        Returns:
            A fresh :class:`Procedure` (yours to use) when neither is given, else a
            :class:`~vkac_flow.procedures.snapshot.Snapshot`.

        Raises:
            UnknownProcedureError: No such procedure.
            NaiveDatetimeError, InputTypeError: A bad ``as_of`` or ``known_at``.
        """
        proc = self._rebuild(self._current(procedure_id))
        if as_of is None and known_at is None:
            return proc
        day = to_date(self._now() if as_of is None else as_of, what="as_of")
        return proc.as_of(day, known_at)

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
            party: A party's name or a role, matched exactly (case-sensitive, the same on
                every database): the procedures whose holder or initiator it is, or with a
                pending duty of that role or whose ``by`` it is exactly.
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
            may_owe = sa.exists().where(
                o.procedure_id == p.id,
                sa.or_(o.by.contains(party, autoescape=True), padded.contains(f" {party} ")),
            )
            query = query.where(sa.or_(p.holder == party, p.initiator == party, may_owe))
        if open_only:
            query = query.where(p.is_final.is_(False))
        with self.engine.connect() as conn, conn.begin():
            rows = conn.execute(query.order_by(p.id)).mappings().all()
            if party is not None:
                # LIKE only narrows (its case handling differs by database): the exact rule
                o = obligations.c
                duties = conn.execute(
                    sa.select(o.procedure_id, o.responsible, o.by).where(
                        o.procedure_id.in_([r["id"] for r in rows]), o.step_kind != "waiting"
                    )
                ).all()
                owing = {pid for pid, roles, by in duties if owes(party, tuple(roles.split()), by)}
                rows = [
                    r
                    for r in rows
                    if r["holder"] == party or r["initiator"] == party or r["id"] in owing
                ]
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
        known_at: object = None,
    ) -> tuple[AgendaItem, ...]:
        """Every pending step due from ``start`` to ``end`` (inclusive), across the register.

        An indexed range query over the ``obligations`` projection, sorted by due date
        (then procedure and the order the steps were opened). Waiting periods (the p. 16
        notice: nobody's duty, #9) appear apart: ``step_kind == "waiting"``, ``due`` the
        earliest day the event they hold back may happen, nobody ``responsible``, never
        ``overdue``, and left out when ``responsible`` is given.

        The projection holds every procedure as of its last event. A procedure with an
        event after ``as_of`` (or, with ``known_at``, a record made after that instant) is
        replayed instead (``Procedure.as_of(as_of, known_at)``), so the agenda is the one
        the register would have shown that day: steps met later are still pending, steps
        opened later are not there yet. With ``as_of`` today (the default) no procedure
        has a later event, and nothing is replayed.

        Args:
            start: The first day of the window.
            end: The last day.
            responsible: Only the duties this role owes (``ministry``, ``service_holder``,
                ``committee``...), or whose ``by`` it is exactly: an exact, case-sensitive
                match, the same on every database and for a replayed procedure (no
                substring: ``ministry`` is not the holder "Ministry of Transport").
            as_of: The day the agenda is judged on (default: the clock's today): it
                decides ``overdue``, and which events count.
            known_at: An aware instant: only the records made by then count.
        """
        first, last = to_date(start, what="start"), to_date(end, what="end")
        if last < first:
            raise RegisterError(
                Text("error.register.agenda_order", end=last.isoformat(), start=first.isoformat())
            )
        today = to_date(self._now() if as_of is None else as_of, what="as_of")
        known = _aware_or_none(known_at)
        o, p, e = obligations.c, procedures.c, events.c
        later = p.last_on > today
        if known is not None:
            recorded_later = sa.exists().where(
                e.procedure_id == p.id, e.recorded_at > known.astimezone(datetime.UTC)
            )
            later = sa.or_(later, recorded_later)
        query = (
            sa.select(obligations, p.kind, p.service)
            .join(procedures, p.id == o.procedure_id)
            .where(o.due >= first, o.due <= last, sa.not_(later))
        )
        if responsible is not None:
            padded = sa.literal(" ") + o.responsible + sa.literal(" ")
            query = query.where(
                o.step_kind != "waiting",
                sa.or_(
                    padded.contains(f" {responsible} "), o.by.contains(responsible, autoescape=True)
                ),
            )
        with self.engine.connect() as conn, conn.begin():
            rows = conn.execute(query).mappings().all()
            replay = conn.execute(sa.select(p.id, p.kind, p.service).where(later)).all()
            snapshots = [
                (pid, kind, service, self._rebuild(store.read_current(conn, pid)))
                for pid, kind, service in replay
            ]
        found: list[tuple[tuple[Any, ...], AgendaItem]] = []
        for r in rows:
            row = store.obligation_from_row(r)
            if responsible is not None and not owes(responsible, row.responsible, row.by):
                continue  # LIKE only narrows (its case handling differs by database)
            item = _agenda_item(r["procedure_id"], r["kind"], r["service"], row, today)
            found.append(((item.due, item.procedure_id, r["ordinal"]), item))
        for pid, kind, service, proc in snapshots:
            projected = adapter.project_as_of(proc, today, known)
            for ordinal, ob in enumerate(projected):
                if not first <= ob.due <= last:
                    continue
                if responsible is not None and (
                    ob.step_kind == "waiting" or not owes(responsible, ob.responsible, ob.by)
                ):
                    continue
                item = _agenda_item(pid, kind, service, ob, today)
                found.append(((item.due, pid, ordinal), item))
        found.sort(key=lambda pair: pair[0])
        return tuple(item for _, item in found)

    def breaches(
        self,
        as_of: object = None,
        *,
        kind: str | None = None,
        open_only: bool = False,
        lang: str = "en",
    ) -> tuple[BreachItem, ...]:
        """Every statutory period not respected, across the register (each procedure's rules).

        Each procedure is rebuilt from its log and asked ``breaches(as_of)`` (late acts,
        early acts, steps left undone when it ended: a fact, recorded, not refused).

        Args:
            as_of: The day to judge on (default: each procedure's last event).
            kind: ``transfer`` or ``exclusion`` only.
            open_only: Only the procedures still running.
            lang: The language of each item's ``text`` (``"en"`` or ``"lv"``).

        Raises:
            MessageError: ``lang`` is neither ``"en"`` nor ``"lv"`` (a ``ValueError``).
        """
        check_language(lang)
        ids = [s.id for s in self.find(kind=kind, open_only=open_only)]
        out: list[BreachItem] = []
        for pid in ids:
            proc = self._rebuild(self._current(pid))
            for b in proc.breaches(as_of):
                o = b.obligation
                out.append(
                    BreachItem(
                        procedure_id=pid,
                        step=o.step,
                        subject=o.subject,
                        status=o.status.value,
                        due=o.due,
                        done=o.done,
                        days_late=o.days_late,
                        working_days_late=o.working_days_late,
                        by=o.by,
                        points=tuple(o.points),
                        text=breach_text(b, lang, proc.responsible_text(o, lang)),
                    )
                )
        return tuple(out)

    def procedures(self, as_of: object = None) -> tuple[Procedure | Snapshot, ...]:
        """Every procedure of the register, rebuilt from its log (as of a day if given), by id."""
        out: list[Procedure | Snapshot] = []
        with self.engine.connect() as conn, conn.begin():
            for pid in store.stored_ids(conn):
                proc = self._rebuild(store.read_current(conn, pid))
                out.append(proc if as_of is None else proc.as_of(as_of))
        return tuple(out)

    def ledger(
        self, as_of: object = None, *, registry: CentreRegistry | None = None
    ) -> ScopeLedger:
        """The :class:`~vkac_flow.register.ledger.ScopeLedger` of the whole register.

        Fed (``record_all``) from every procedure rebuilt from its log, or, with ``as_of``,
        from the procedures as of that day (what was established by then: starts p. 15.3,
        exclusions p. 16).

        Args:
            as_of: The day (default: everything recorded).
            registry: The centres (default: the register's registry).

        Raises:
            RegisterError: No centre registry (give one here or to :meth:`open`).
            ScopeConflictError: The procedures contradict each other.
        """
        centres_of = registry if registry is not None else self._registry
        if centres_of is None:
            raise RegisterError(Text("error.register.ledger_registry"))
        book = ScopeLedger(centres_of)
        if as_of is None:
            book.record_all(self.procedures())
        else:
            day = to_date(as_of, what="as_of")
            book.record_all(
                adapter.procedure_as_of(p, day)
                for p in self.procedures()
                if isinstance(p, Procedure)
            )
        return book

    # ---------------------------------------------------------------- bundles

    def export_bundle(self) -> dict[str, Any]:
        """Every procedure as one bundle document (``vkac_flow.bundle``), by id.

        Each procedure's document is rebuilt from its log (``to_dict()``, format v3):
        identity, the whole audit log (corrections included), state.
        """
        procs = [p for p in self.procedures() if isinstance(p, Procedure)]
        return dump_bundle(procs)

    def import_bundle(
        self, doc: object, *, recorded_by: str | None = None
    ) -> tuple[store.WriteResult, ...]:
        """Bring every procedure of a bundle into the register, in ONE transaction.

        Every procedure is read (``load_bundle``: replayed through the rules) before
        anything is written; then all are written in one transaction. A bad bundle, a
        procedure that does not replay, or an id already in the register: nothing written.

        Raises:
            HistoryError: Not a bundle, or a procedure does not replay.
            RegisterError: An id already in the register.
        """
        procs = load_bundle(doc, clock=self._now, registry=self._registry)
        items = []
        for proc in procs:
            pid, decide, _built = self._proposal(proc, recorded_by)
            items.append((pid, decide))
        return store.write_new(self.engine, items, now=self._now)

    # ---------------------------------------------------------------- consistency

    def check(self, lang: str = "en") -> tuple[str, ...]:
        """Rebuild every procedure from its log and compare with the projection.

        Args:
            lang: The language of the problem lines (``"en"`` or ``"lv"``).

        Returns:
            The problems found, one line each (empty: the projection is what the log says,
            and every log is numbered 1, 2, ... without gaps).

        Raises:
            LanguageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
        """
        check_language(lang)
        problems: list[str] = []
        with self.engine.connect() as conn, conn.begin():
            for pid in store.stored_ids(conn):
                current = store.read_current(conn, pid)
                seqs = [r.seq for r in current.records]
                if seqs != list(range(1, len(seqs) + 1)) or current.version != len(seqs):
                    numbered = str(seqs[:5])
                    problems.append(
                        message(
                            "register.check.numbering",
                            lang,
                            pid=pid,
                            version=current.version,
                            seqs=numbered,
                        )
                    )
                    continue
                try:
                    projection: Projection = adapter.project(self._rebuild(current))
                except Exception as err:
                    why = err.localized(lang) if isinstance(err, VkacFlowError) else str(err)
                    problems.append(message("register.check.replay", lang, pid=pid, error=why))
                    continue
                stored = store.projection_rows(conn, pid)
                expected = store.expected_rows(pid, projection, current.version)
                for key in expected:
                    if stored.get(key) != expected[key]:
                        problems.append(
                            message("register.check.projection", lang, pid=pid, key=key)
                        )
        return tuple(problems)

    def counts(self) -> Mapping[str, int]:
        """How many rows each table holds."""
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (procedures, events, obligations, centres)
            }


def _canonical(value: object) -> str:
    # event data as the log keeps it (JSON: tuples as lists, dates as ISO text)
    def plain(v: object) -> object:
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, Mapping):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        return v

    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False, default=repr)


@attrs.frozen
class _Request:
    """What a write asks for, to tell a retry from another request under the same key.

    ``None`` fields were not given (a correction that keeps the date or the data).
    """

    kind: str
    event: str | None = None
    corrects: str | None = None
    on: object = None
    data: Mapping[str, Any] | None = None
    reason: str | None = None

    def differs(self, earlier: Record) -> Text | None:
        """How this request differs from the one that wrote ``earlier`` (``None``: same)."""
        if earlier.kind != self.kind:
            return Text("field.register.differs_kind", earlier=earlier.kind, this=self.kind)
        if self.event is not None and earlier.event != self.event:
            return Text(
                "field.register.differs_event", earlier=echo(earlier.event), this=echo(self.event)
            )
        if self.corrects is not None and earlier.corrects != self.corrects:
            return Text(
                "field.register.differs_corrects",
                earlier=echo(earlier.corrects),
                this=echo(self.corrects),
            )
        if self.on is not None:
            try:
                day: datetime.date | None = to_date(self.on, what="on")
            except VkacFlowError:
                day = None
            if day != earlier.on:
                return Text(
                    "field.register.differs_on", earlier=str(earlier.on), this=echo(self.on)
                )
        if self.data is not None and _canonical(earlier.data) != _canonical(self.data):
            return Text("field.register.differs_data")
        if self.reason is not None and earlier.reason != self.reason:
            return Text("field.register.differs_reason")
        return None


def _aware_or_none(value: object) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise InputTypeError(
                Text("error.register.known_at_format", value=echo(value))
            ) from None
    if not isinstance(value, datetime.datetime):
        raise InputTypeError(Text("error.register.known_at_type", got=type(value).__name__))
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(Text("error.register.known_at_naive"))
    return value


def _agenda_item(
    pid: str, kind: str, service: str, ob: ObligationRow, today: datetime.date
) -> AgendaItem:
    return AgendaItem(
        procedure_id=pid,
        kind=kind,
        service=service,
        step=ob.step,
        subject=ob.subject,
        title=ob.title,
        due=ob.due,
        points=ob.points,
        by=ob.by,
        responsible=ob.responsible,
        explanation=ob.explanation,
        overdue=ob.overdue_on(today),
        step_kind=ob.step_kind,
    )
