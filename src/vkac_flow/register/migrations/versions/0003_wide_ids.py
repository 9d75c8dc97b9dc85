"""Procedure ids as wide as the procedures allow: 200 characters (review finding 6).

The procedures accept ids of 1-200 printable characters
(:func:`vkac_flow.procedures.ids.check_procedure_id`); revisions 0001 and 0002 kept them in
64-character columns, so PostgreSQL refused a longer id with a driver error. The id columns
``procedures.id``, ``events.procedure_id``, ``obligations.procedure_id`` and
``procedure_centres.procedure_id`` become ``VARCHAR(200)``. Widening a ``VARCHAR`` rewrites
no row (the append-only triggers on ``events`` are not involved). SQLite keeps no
``VARCHAR`` length: nothing to do there.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

ID_WIDTH = 200
"""The width of the id columns (the procedures' longest id)."""

_COLUMNS = (
    ("procedures", "id"),
    ("events", "procedure_id"),
    ("obligations", "procedure_id"),
    ("procedure_centres", "procedure_id"),
)


def upgrade() -> None:
    """Widen the procedure id columns to :data:`ID_WIDTH` characters (not on SQLite)."""
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in _COLUMNS:
        op.alter_column(
            table,
            column,
            existing_type=sa.String(64),
            type_=sa.String(ID_WIDTH),
            existing_nullable=False,
        )
