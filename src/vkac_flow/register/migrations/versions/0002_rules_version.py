"""The rules version per record, and the procedures' own event ids (issue #9).

* ``events.rules_version`` (new, nullable: ``NULL`` for records written under 0001, whose
  rules version was not kept) -- the rules version that decided each record.
* ``procedures.rules_version`` widened to 64 characters: it now holds the procedure's rules
  version (``"<text id>+<digest>"``, :func:`vkac_flow.law.version.rules_version`), no
  longer the library's release number.
* Event ids become the procedures' own: ``e<seq>``, unique per procedure (the constraint
  ``uq_events_event_id`` over the whole register becomes ``uq_events_procedure_event``).
  Rows written under 0001 carried a random id that nothing referenced (0001 kept no
  corrections); they are renumbered ``e<seq>`` once, here, with the append-only triggers
  lifted for that one statement and put back.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no UPDATE'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no DELETE'); END""",
)


def upgrade() -> None:
    """Add ``events.rules_version``, widen ``procedures.rules_version``, renumber event ids."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # the table is rebuilt by the batch below: the triggers go and come back
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
    # The register-wide unique key goes first: renumbered, two procedures both have an
    # "e1" (ids are unique per procedure from now on).
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("rules_version", sa.String(64), nullable=True))
        batch.drop_constraint("uq_events_event_id", type_="unique")
        batch.create_unique_constraint("uq_events_procedure_event", ["procedure_id", "event_id"])
    op.execute("UPDATE events SET event_id = 'e' || CAST(seq AS VARCHAR(12))")
    if dialect != "sqlite":  # SQLite keeps no VARCHAR length (and other tables refer to it)
        op.alter_column(
            "procedures",
            "rules_version",
            existing_type=sa.String(32),
            type_=sa.String(64),
            existing_nullable=False,
        )
    if dialect == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")
