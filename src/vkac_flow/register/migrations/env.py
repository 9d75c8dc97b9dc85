"""Alembic environment: runs on the connection the register hands over (never a URL).

:func:`vkac_flow.register.store.upgrade` puts its open connection in
``config.attributes["connection"]``; there is no ``alembic.ini`` and no offline mode.
Imported outside a migration run (by the doctest collector, say), it does nothing.
"""

from __future__ import annotations

from alembic import context

from vkac_flow.register.schema import metadata


def run_migrations() -> None:
    """Run the pending migrations on the register's connection."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run the register's migrations through Register.upgrade()")
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # set only while Alembic runs this file
    run_migrations()
