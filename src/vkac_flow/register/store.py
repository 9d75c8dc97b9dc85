"""The database under the register: engines, migrations and the generic write path.

One code path for SQLite and PostgreSQL (SQLAlchemy 2 Core):

* **SQLite** -- WAL journal, foreign keys on, a busy timeout, and pysqlite's own implicit
  ``BEGIN`` switched off (SQLAlchemy's documented recipe for the pysqlite driver: set the
  DBAPI connection's ``isolation_level`` to ``None`` on connect, emit ``BEGIN`` from the
  engine's ``begin`` event) so that a write transaction starts with ``BEGIN IMMEDIATE``: it
  takes the write lock at its start, so a transaction that read and then writes can never
  deadlock against another writer; readers use a deferred ``BEGIN`` and never block.
* **PostgreSQL** (``postgresql+psycopg://``, psycopg 3) -- ``READ COMMITTED``; two writers
  that read the same version both try to insert the same ``(procedure_id, seq)`` and the
  unique key rejects the second. Every session runs in the time zone UTC (``SET TIME ZONE``
  on connect), and instants are written as aware UTC values, so a server or database whose
  ``timezone`` setting is another zone stores and returns the same instants.

:func:`write` is the only way anything is written: one transaction that reads a
procedure's rows, asks a caller-supplied function for the new records and the new
projection, inserts the records with ``seq = version + 1, ...``, rewrites the projection
and commits. A stale ``expected_version`` or a lost race raises
:class:`~vkac_flow.errors.ConcurrentUpdateError`; nothing is written.
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs
import sqlalchemy as sa
from sqlalchemy import event as sa_event

from vkac_flow._version import __version__
from vkac_flow.errors import (
    ConcurrentUpdateError,
    RegisterError,
    SchemaVersionError,
    UnknownProcedureError,
    echo,
)
from vkac_flow.messages import Text
from vkac_flow.messages.causes import system_detail
from vkac_flow.register.records import ObligationRow, Projection, Record
from vkac_flow.register.schema import (
    SCHEMA_REVISION,
    centres,
    events,
    obligations,
    procedures,
)

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "MAX_ATTEMPTS",
    "Current",
    "Decision",
    "WriteResult",
    "check_schema",
    "create_engine",
    "database_cause",
    "expected_rows",
    "obligation_from_row",
    "obligation_values",
    "one_line",
    "projection_rows",
    "read_current",
    "record_from_row",
    "schema_revision",
    "stored_ids",
    "upgrade",
    "write",
    "write_connection",
    "write_new",
]

DEFAULT_SQLITE_FILE: Final = "vkac-register.db"
"""The SQLite file :func:`create_engine` uses when given no URL (in the current folder)."""

MAX_ATTEMPTS: Final = 20
"""How often a write without ``expected_version`` is retried after losing a race."""

BUSY_TIMEOUT_MS: Final = 30_000
"""How long a SQLite writer waits for the write lock before giving up."""

_WRITE: Final = "vkac_write"


def create_engine(url: str) -> sa.Engine:
    """An engine for a register URL (``sqlite:///path`` or ``postgresql+psycopg://...``).

    Raises:
        RegisterError: A URL that cannot be parsed, or of another database.
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as err:
        raise RegisterError(
            Text("error.register.bad_url", url=echo(url), reason=str(err))
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise RegisterError(Text("error.register.sqlite_memory"))
        engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa_event.listen(engine, "connect", _sqlite_connect)
        sa_event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = sa.create_engine(parsed, isolation_level="READ COMMITTED", pool_pre_ping=True)
        sa_event.listen(engine, "connect", _postgresql_connect)
        return engine
    raise RegisterError(Text("error.register.unsupported_database", backend=echo(backend)))


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's pysqlite recipe: no implicit BEGIN from the driver, ours in _sqlite_begin
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    # timestamptz values are read in the session's zone: make it UTC whatever the server's
    # or the database's ``timezone`` setting (instants are bound aware anyway, see _utc)
    dbapi_connection.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.commit()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def write_connection(engine: sa.Engine) -> sa.Connection:
    """A connection whose transactions are write transactions (``BEGIN IMMEDIATE`` on SQLite)."""
    return engine.connect().execution_options(**{_WRITE: True})


# ---------------------------------------------------------------------------- migrations


def _alembic_config(conn: sa.Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    location = importlib.resources.files("vkac_flow.register") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["connection"] = conn
    return cfg


def schema_revision(engine: sa.Engine) -> str | None:
    """The schema revision of the database (``None``: not a register yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known_revisions(conn: sa.Connection) -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(conn))
    return [rev.revision for rev in script.walk_revisions()]


def check_schema(engine: sa.Engine) -> str | None:
    """The database's revision, refusing a newer (or foreign) schema.

    Raises:
        SchemaVersionError: A revision this code does not know (written by a newer
            vkac_flow), or an older one (run ``upgrade``).
    """
    found = schema_revision(engine)
    if found is None or found == SCHEMA_REVISION:
        return found
    with engine.connect() as conn:
        known = _known_revisions(conn)
    if found not in known:
        raise SchemaVersionError(
            Text(
                "error.register.schema_newer",
                found=echo(found),
                version=__version__,
                supported=echo(SCHEMA_REVISION),
            ),
            found=found,
            supported=SCHEMA_REVISION,
        )
    raise SchemaVersionError(
        Text("error.register.schema_older", found=echo(found), supported=echo(SCHEMA_REVISION)),
        found=found,
        supported=SCHEMA_REVISION,
    )


def upgrade(engine: sa.Engine, revision: str = "head") -> str:
    """Run the migrations up to ``revision`` (default the newest) in one transaction.

    Returns:
        The revision reached.

    Raises:
        SchemaVersionError: The database is at a revision newer than this code knows.
    """
    from alembic import command

    found = schema_revision(engine)
    if found is not None and found != SCHEMA_REVISION:
        with engine.connect() as conn:
            if found not in _known_revisions(conn):
                check_schema(engine)  # raises: newer than this code
    with write_connection(engine) as conn, conn.begin():
        command.upgrade(_alembic_config(conn), revision)
    reached = schema_revision(engine)
    assert reached is not None
    return reached


# ---------------------------------------------------------------------------- rows


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    # SQLite keeps no offset: the register writes UTC and reads it back as UTC; PostgreSQL
    # returns an aware value, given in UTC here whatever the session's zone was
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def record_from_row(row: sa.RowMapping) -> Record:
    """A :class:`Record` from a row of ``events``."""
    return Record(
        seq=row["seq"],
        kind=row["kind"],
        event_id=row["event_id"],
        event=row["event"],
        on=row["on"],
        recorded_at=_aware(row["recorded_at"]),
        recorded_by=row["recorded_by"],
        data=_json(row["data"]),
        corrects=row["corrects"],
        reason=row["reason"],
        rules_version=row["rules_version"],
    )


@attrs.frozen
class Current:
    """What :func:`write` read of a procedure before asking for the change.

    Attributes:
        procedure_id: The procedure.
        version: Its version (the number of records in its log; 0 for a new one).
        identity: Its identity document, or ``None`` when it is not in the register yet.
        records: Its log, in order (empty when ``complete`` is false).
        complete: Whether the log was read (:func:`write` reads it unless the caller
            holds the procedure at this version already).
    """

    procedure_id: str
    version: int
    identity: Mapping[str, Any] | None
    records: tuple[Record, ...]
    complete: bool = True


@attrs.frozen
class Decision:
    """What the caller's function of :func:`write` returns: the change to make.

    Attributes:
        records: The new records (``seq`` 0: :func:`write` numbers them).
        projection: The procedure's projection after them.
    """

    records: tuple[Record, ...]
    projection: Projection


@attrs.frozen
class WriteResult:
    """What a write did.

    Attributes:
        procedure_id: The procedure written.
        version: Its version after the write.
        records: The records written (numbered), or the earlier ones for a repeated key.
        repeated: Whether the idempotency key had been used: nothing new was written.
    """

    procedure_id: str
    version: int
    records: tuple[Record, ...]
    repeated: bool = False


class _LostRaceError(Exception):
    """Internal: another writer changed the procedure between our read and our write."""


def read_current(
    conn: sa.Connection, procedure_id: str, *, wants_log: Callable[[int], bool] | None = None
) -> Current:
    """The procedure's version, identity and log as one transaction sees them.

    Args:
        conn: The transaction's connection.
        procedure_id: The procedure.
        wants_log: Given the version read, whether to read the log (default: always).
    """
    row = (
        conn.execute(
            sa.select(procedures.c.version, procedures.c.identity).where(
                procedures.c.id == procedure_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return Current(procedure_id, 0, None, ())
    if wants_log is not None and not wants_log(row["version"]):
        return Current(procedure_id, row["version"], _json(row["identity"]), (), complete=False)
    # READ COMMITTED reads each statement afresh: take the log up to the version read, so
    # that what is read is one consistent state (a newer record makes the insert conflict)
    rows = conn.execute(
        sa.select(events)
        .where(events.c.procedure_id == procedure_id, events.c.seq <= row["version"])
        .order_by(events.c.seq)
    ).mappings()
    return Current(
        procedure_id, row["version"], _json(row["identity"]), tuple(map(record_from_row, rows))
    )


def write(
    engine: sa.Engine,
    procedure_id: str,
    decide: Callable[[Current], Decision],
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    create: bool = False,
    now: Callable[[], datetime.datetime],
    wants_log: Callable[[int], bool] | None = None,
    differs: Callable[[Record], Text | None] | None = None,
) -> WriteResult:
    """Append to one procedure's log and rewrite its projection, in one transaction.

    Args:
        engine: The register's engine.
        procedure_id: The procedure to write.
        decide: Given what was read (:class:`Current`), returns the :class:`Decision`; any
            exception it raises rolls everything back and propagates.
        expected_version: The version the caller based the write on (``None``: the latest,
            still atomic: a lost race is retried up to :data:`MAX_ATTEMPTS` times).
        idempotency_key: A key unique per procedure: a write with a key already used
            returns the earlier result and writes nothing -- if it is the same request
            (``differs``), else it is refused.
        create: The procedure must not exist yet (a new proposal); else it must exist.
        now: The clock of ``updated_at``.
        wants_log: Given the version read in the transaction, whether ``decide`` needs the
            log (default: always; a caller holding the procedure at that version says no).
        differs: Given the record written earlier under ``idempotency_key``, how this
            request differs from the one that wrote it (``None``: the same request, a
            retry). Without it, any earlier record under the key counts as the same.

    Raises:
        ConcurrentUpdateError: ``expected_version`` is stale, or the race was lost.
        UnknownProcedureError: ``create`` is false and the procedure is not in the register.
        RegisterError: ``create`` is true and it already is; the idempotency key was used
            for a different request; or a database failure.
    """
    if idempotency_key is not None and (
        not isinstance(idempotency_key, str) or not idempotency_key or len(idempotency_key) > 200
    ):
        raise RegisterError(Text("error.register.idempotency_key"))
    if expected_version is not None and (type(expected_version) is not int or expected_version < 0):
        raise RegisterError(Text("error.register.expected_version", got=echo(expected_version)))
    for _attempt in range(MAX_ATTEMPTS):
        try:
            with write_connection(engine) as conn, conn.begin():
                return _write_once(
                    conn,
                    procedure_id,
                    decide,
                    expected_version,
                    idempotency_key,
                    create,
                    now,
                    wants_log,
                    differs,
                )
        except (_LostRaceError, sa.exc.IntegrityError):
            # retry: the next read sees the winner's write, and then the version check, the
            # idempotency key or the existence check gives the right answer
            continue
        except sa.exc.DatabaseError as err:
            # any other refusal of the database (a value it cannot hold, a lost connection)
            raise RegisterError(Text("error.register.database", reason=one_line(err))) from err
    raise ConcurrentUpdateError(
        Text("error.register.lost_race", id=procedure_id, attempts=MAX_ATTEMPTS),
        procedure_id=procedure_id,
        expected=expected_version,
        actual=None,
    )


def write_new(
    engine: sa.Engine,
    items: Sequence[tuple[str, Callable[[Current], Decision]]],
    *,
    now: Callable[[], datetime.datetime],
) -> tuple[WriteResult, ...]:
    """Bring several new procedures into the register in ONE transaction (an import).

    All or nothing: if any ``decide`` raises, or any id is already in the register, the
    transaction rolls back and nothing is written.

    Raises:
        RegisterError: An id already in the register (or twice in ``items``), or a
            database failure.
    """
    seen: set[str] = set()
    for pid, _ in items:
        if pid in seen:
            raise RegisterError(Text("error.register.twice", id=pid))
        seen.add(pid)
    try:
        with write_connection(engine) as conn, conn.begin():
            return tuple(
                _write_once(conn, pid, decide, None, None, True, now) for pid, decide in items
            )
    except sa.exc.IntegrityError as err:
        raise RegisterError(Text("error.register.import_refused", reason=one_line(err))) from err
    except sa.exc.DatabaseError as err:
        raise RegisterError(Text("error.register.database", reason=one_line(err))) from err


_DB_CAUSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"unable to open database file", "no_file"),  # SQLite: a missing folder, no permission
        (r"file is not a database", "not_a_database"),  # SQLite: a file of something else
        (r"password authentication failed|no password supplied", "authentication"),
        (r'role "[^"]*" does not exist', "authentication"),  # PostgreSQL: an unknown user
        (r'database "[^"]*" does not exist', "missing"),  # PostgreSQL: no such database
        (
            r"connection refused|could not translate host name|timeout expired"
            r"|no such file or directory|could not connect",  # (a Unix socket of no server)
            "unreachable",
        ),
    )
)
"""The drivers' words for the common causes of a register that cannot be opened, in order:
the first that matches the lower-cased message names it (``cause.db.<name>``)."""


def database_cause(err: BaseException) -> Text:
    """Why the database refused to open: a catalogue text, the driver's words as a detail.

    The common causes (a missing SQLite file or folder, a file that is not a database, a
    server that cannot be reached, a database missing on the server, a refused login) are
    named in the catalogue's words; any other keeps the driver's message as the system's
    text (:func:`~vkac_flow.messages.causes.system_detail`).
    """
    text = one_line(err)
    lowered = text.lower()
    for pattern, name in _DB_CAUSES:
        if pattern.search(lowered):
            return Text(f"cause.db.{name}")
    return Text("cause.db.other", detail=system_detail(text))


def one_line(err: BaseException) -> str:
    """The database error's message on one line (for a :class:`RegisterError`)."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err)
    return " ".join(text.split())[:300]


def _stale(procedure_id: str, expected: int | None, actual: int | None) -> ConcurrentUpdateError:
    text = (
        Text("error.register.stale", id=procedure_id, expected=expected)
        if actual is None
        else Text("error.register.stale_at", id=procedure_id, expected=expected, actual=actual)
    )
    return ConcurrentUpdateError(
        text,
        procedure_id=procedure_id,
        expected=expected,
        actual=actual,
    )


def _write_once(
    conn: sa.Connection,
    procedure_id: str,
    decide: Callable[[Current], Decision],
    expected_version: int | None,
    idempotency_key: str | None,
    create: bool,
    now: Callable[[], datetime.datetime],
    wants_log: Callable[[int], bool] | None = None,
    differs: Callable[[Record], Text | None] | None = None,
) -> WriteResult:
    if idempotency_key is not None:
        earlier = (
            conn.execute(
                sa.select(events).where(
                    events.c.procedure_id == procedure_id,
                    events.c.idempotency_key == idempotency_key,
                )
            )
            .mappings()
            .first()
        )
        if earlier is not None:
            before = record_from_row(earlier)
            how = None if differs is None else differs(before)
            if how is not None:
                raise RegisterError(
                    Text(
                        "error.register.idempotency_reused",
                        id=procedure_id,
                        key=echo(idempotency_key),
                        event_id=before.event_id,
                        how=how,
                    )
                )
            version = conn.execute(
                sa.select(procedures.c.version).where(procedures.c.id == procedure_id)
            ).scalar_one()
            return WriteResult(procedure_id, version, (before,), repeated=True)
    current = read_current(conn, procedure_id, wants_log=wants_log)
    if create and current.identity is not None:
        raise RegisterError(Text("error.register.already_in", id=procedure_id))
    if not create and current.identity is None:
        raise UnknownProcedureError(
            Text("error.register.unknown_procedure", id=echo(procedure_id)),
            procedure_id=procedure_id,
        )
    if expected_version is not None and expected_version != current.version:
        raise _stale(procedure_id, expected_version, current.version)
    decision = decide(current)
    records = tuple(
        attrs.evolve(r, seq=current.version + i) for i, r in enumerate(decision.records, start=1)
    )
    version = current.version + len(records)
    values = _procedure_values(decision.projection, version, now())
    if create:
        conn.execute(sa.insert(procedures).values(id=procedure_id, **values))
    if records:
        conn.execute(
            sa.insert(events),
            [
                _event_values(procedure_id, r, idempotency_key if i == 0 else None)
                for i, r in enumerate(records)
            ],
        )
    if not create:
        done = conn.execute(
            sa.update(procedures)
            .where(procedures.c.id == procedure_id, procedures.c.version == current.version)
            .values(**values)
        )
        if done.rowcount != 1:
            raise _LostRaceError
    _write_projection_rows(conn, procedure_id, decision.projection, replace=not create)
    return WriteResult(procedure_id, version, records)


def _event_values(procedure_id: str, r: Record, key: str | None) -> dict[str, Any]:
    return {
        "procedure_id": procedure_id,
        "seq": r.seq,
        "event_id": r.event_id,
        "kind": r.kind,
        "event": r.event,
        "on": r.on,
        "recorded_at": _utc(r.recorded_at),
        "recorded_by": r.recorded_by,
        "data": dict(r.data),
        "corrects": r.corrects,
        "reason": r.reason,
        "idempotency_key": key,
        "rules_version": r.rules_version,
    }


def _utc(value: datetime.datetime | None) -> datetime.datetime | None:
    # aware, in UTC: PostgreSQL reads a naive value in the session's time zone (a database
    # whose ``timezone`` is Europe/Riga would shift it); SQLite stores the UTC wall clock
    if value is None:
        return None
    return value.astimezone(datetime.UTC)


def _procedure_values(p: Projection, version: int, now: datetime.datetime) -> dict[str, Any]:
    nxt = p.next_obligation
    return {
        "kind": p.kind,
        "format_version": p.format_version,
        "service": p.service,
        "holder": p.holder,
        "initiator": p.initiator,
        "initiator_role": p.initiator_role,
        "route": p.route,
        "state": p.state,
        "is_final": p.is_final,
        "version": version,
        "last_on": p.last_on,
        "next_due": None if nxt is None else nxt.due,
        "next_step": None if nxt is None else nxt.step,
        "next_by": None if nxt is None else nxt.by,
        "identity": dict(p.identity),
        "rules_version": p.rules_version,
        "updated_at": _utc(now),
    }


def _write_projection_rows(
    conn: sa.Connection, procedure_id: str, p: Projection, *, replace: bool
) -> None:
    if replace:
        conn.execute(sa.delete(obligations).where(obligations.c.procedure_id == procedure_id))
        conn.execute(sa.delete(centres).where(centres.c.procedure_id == procedure_id))
    if p.obligations:
        conn.execute(
            sa.insert(obligations),
            [obligation_values(procedure_id, i, o) for i, o in enumerate(p.obligations)],
        )
    if p.centres:
        conn.execute(
            sa.insert(centres), [{"procedure_id": procedure_id, "centre": c} for c in p.centres]
        )


def obligation_values(procedure_id: str, ordinal: int, o: ObligationRow) -> dict[str, Any]:
    """The ``obligations`` row of one pending step."""
    return {
        "procedure_id": procedure_id,
        "ordinal": ordinal,
        "step": o.step,
        "subject": o.subject,
        "title": o.title,
        "step_kind": o.step_kind,
        "due": o.due,
        "provisional": o.provisional,
        "responsible": " ".join(o.responsible),
        "by": o.by,
        "points": "; ".join(o.points),
        "explanation": o.explanation,
    }


def obligation_from_row(row: sa.RowMapping) -> ObligationRow:
    """An :class:`ObligationRow` from a row of ``obligations``."""
    return ObligationRow(
        step=row["step"],
        subject=row["subject"],
        title=row["title"],
        step_kind=row["step_kind"],
        due=row["due"],
        provisional=bool(row["provisional"]),
        responsible=tuple(row["responsible"].split()),
        by=row["by"],
        points=tuple(p for p in row["points"].split("; ") if p),
        explanation=row["explanation"],
    )


def projection_rows(conn: sa.Connection, procedure_id: str) -> dict[str, Any]:
    """What the projection tables hold for one procedure (for :meth:`Register.check`)."""
    proc = conn.execute(sa.select(procedures).where(procedures.c.id == procedure_id)).mappings()
    row = dict(proc.one())
    row["identity"] = _json(row["identity"])
    row.pop("updated_at")
    row["is_final"] = bool(row["is_final"])
    obls = conn.execute(
        sa.select(obligations)
        .where(obligations.c.procedure_id == procedure_id)
        .order_by(obligations.c.ordinal)
    ).mappings()
    row["obligations"] = [dict(o) for o in obls]
    row["centres"] = sorted(
        conn.execute(sa.select(centres.c.centre).where(centres.c.procedure_id == procedure_id))
        .scalars()
        .all()
    )
    return row


def expected_rows(procedure_id: str, p: Projection, version: int) -> dict[str, Any]:
    """What :func:`projection_rows` should hold for a projection ``p`` at ``version``."""
    row = {"id": procedure_id, **_procedure_values(p, version, datetime.datetime.now(datetime.UTC))}
    row.pop("updated_at")
    row["identity"] = json.loads(json.dumps(row["identity"]))
    row["obligations"] = [
        obligation_values(procedure_id, i, o) for i, o in enumerate(p.obligations)
    ]
    row["centres"] = sorted(p.centres)
    return row


def stored_ids(conn: sa.Connection) -> Sequence[str]:
    """Every procedure id in the register, sorted."""
    return conn.execute(sa.select(procedures.c.id).order_by(procedures.c.id)).scalars().all()
