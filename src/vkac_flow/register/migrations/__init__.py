"""Alembic migrations of the register's schema (run by ``Register.upgrade()``)."""
