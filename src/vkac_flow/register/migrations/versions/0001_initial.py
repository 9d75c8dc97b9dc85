"""The first schema: events (append-only), procedures, obligations, procedure_centres.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no UPDATE'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no DELETE'); END""",
)
_POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION vkac_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'events are append-only: no %', TG_OP; END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION vkac_events_append_only()""",
    """CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION vkac_events_append_only()""",
)


def upgrade() -> None:
    """Create the tables, their indexes and the append-only triggers on ``events``."""
    op.create_table(
        "procedures",
        sa.Column("id", sa.String(64), primary_key=True),
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
        sa.Column("rules_version", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_procedures_state", "procedures", ["state"])
    op.create_index("ix_procedures_next_due", "procedures", ["next_due"])
    op.create_table(
        "events",
        sa.Column("procedure_id", sa.String(64), sa.ForeignKey("procedures.id"), nullable=False),
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
        sa.PrimaryKeyConstraint("procedure_id", "seq", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
        sa.UniqueConstraint("procedure_id", "idempotency_key", name="uq_events_idempotency"),
        sa.CheckConstraint("seq >= 1", name="ck_events_seq"),
        sa.CheckConstraint("kind IN ('event', 'correction', 'retraction')", name="ck_events_kind"),
    )
    op.create_table(
        "obligations",
        sa.Column("procedure_id", sa.String(64), sa.ForeignKey("procedures.id"), nullable=False),
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
    )
    op.create_index("ix_obligations_due", "obligations", ["due"])
    op.create_table(
        "procedure_centres",
        sa.Column("procedure_id", sa.String(64), sa.ForeignKey("procedures.id"), nullable=False),
        sa.Column("centre", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("procedure_id", "centre", name="pk_procedure_centres"),
    )
    op.create_index("ix_procedure_centres_centre", "procedure_centres", ["centre"])
    dialect = op.get_bind().dialect.name
    triggers = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRESQL_TRIGGERS}.get(dialect, ())
    for statement in triggers:
        op.execute(statement)
