"""The register's tables (SQLAlchemy Core), as the newest migration leaves them.

* ``events`` -- the append-only log: one row per audit record of a procedure (an event, a
  correction or a retraction), numbered ``seq`` 1, 2, ... per procedure, with the
  procedure's own ``event_id`` (``e<seq>``, unique per procedure) and the
  ``rules_version`` that decided it. The unique key ``(procedure_id, seq)`` is the
  optimistic-concurrency check; ``(procedure_id, idempotency_key)`` makes a retried write
  safe. Never updated nor deleted (triggers refuse it, see
  ``migrations/versions/0001_initial.py`` and ``migrations/versions/0002_rules_version.py``).
* ``procedures`` -- one row per procedure: identity, the rules version of its last write and
  a projection of its current state, rewritten in the same transaction as each insert into
  ``events``.
* ``obligations`` -- the pending statutory steps of every procedure (projection), indexed by
  due date: the agenda is a range query; running waiting periods (p. 16 notice) are rows
  of ``step_kind`` ``waiting`` with nobody responsible.
* ``procedure_centres`` -- the centres a procedure concerns (projection), for
  ``find(centre=...)``.

The schema's version is Alembic's revision (table ``alembic_version``);
:data:`SCHEMA_REVISION` is the newest this code knows.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa

__all__ = [
    "ID_WIDTH",
    "SCHEMA_REVISION",
    "centres",
    "events",
    "metadata",
    "obligations",
    "procedures",
]

SCHEMA_REVISION: Final = "0003"
"""The newest schema revision (the head of ``migrations/versions``)."""

ID_WIDTH: Final = 200
"""The width of the procedure id columns: the longest id the procedures accept (revision
0003, ``migrations/versions/0003_wide_ids.py``)."""

metadata = sa.MetaData()

procedures = sa.Table(
    "procedures",
    metadata,
    sa.Column("id", sa.String(ID_WIDTH), primary_key=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("format_version", sa.Integer, nullable=False),
    sa.Column("service", sa.Text, nullable=False),
    sa.Column("holder", sa.Text, nullable=False),
    sa.Column("initiator", sa.Text, nullable=False),
    sa.Column("initiator_role", sa.String(32), nullable=False),
    sa.Column("route", sa.String(64), nullable=False),
    sa.Column("state", sa.String(64), nullable=False),
    sa.Column("is_final", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("last_on", sa.Date, nullable=True),
    sa.Column("next_due", sa.Date, nullable=True),
    sa.Column("next_step", sa.String(64), nullable=True),
    sa.Column("next_by", sa.Text, nullable=True),
    sa.Column("identity", sa.JSON, nullable=False),
    sa.Column("rules_version", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_procedures_state", "state"),
    sa.Index("ix_procedures_next_due", "next_due"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("procedure_id", sa.String(ID_WIDTH), sa.ForeignKey("procedures.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("event", sa.String(64), nullable=True),
    sa.Column("on", sa.Date, nullable=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("recorded_by", sa.Text, nullable=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("corrects", sa.String(64), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("idempotency_key", sa.String(200), nullable=True),
    sa.Column("rules_version", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("procedure_id", "seq", name="pk_events"),
    sa.UniqueConstraint("procedure_id", "event_id", name="uq_events_procedure_event"),
    sa.UniqueConstraint("procedure_id", "idempotency_key", name="uq_events_idempotency"),
    sa.CheckConstraint("seq >= 1", name="ck_events_seq"),
    sa.CheckConstraint("kind IN ('event', 'correction', 'retraction')", name="ck_events_kind"),
)

obligations = sa.Table(
    "obligations",
    metadata,
    sa.Column("procedure_id", sa.String(ID_WIDTH), sa.ForeignKey("procedures.id"), nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("step", sa.String(64), nullable=False),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("step_kind", sa.String(16), nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False),
    sa.Column("responsible", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("points", sa.Text, nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("procedure_id", "ordinal", name="pk_obligations"),
    sa.Index("ix_obligations_due", "due"),
)

centres = sa.Table(
    "procedure_centres",
    metadata,
    sa.Column("procedure_id", sa.String(ID_WIDTH), sa.ForeignKey("procedures.id"), nullable=False),
    sa.Column("centre", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("procedure_id", "centre", name="pk_procedure_centres"),
    sa.Index("ix_procedure_centres_centre", "centre"),
)
