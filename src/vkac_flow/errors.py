"""Exceptions of vkac_flow: one base class, typed subclasses, each naming its legal point.

Every error the library raises on purpose derives from :class:`VkacFlowError`, so an
application can catch the whole family with one ``except``. Errors about bad input also
derive from the built-in :class:`ValueError` or :class:`TypeError`, so code that already
catches those keeps working.

Errors about the regulation carry ``points``: the points of the regulation (``"p. 13.2.1"``)
or of another act (``"APL s. 43(2)"``) that the rejected action breaks.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CalendarDataError",
    "ConcurrentUpdateError",
    "DateFormatError",
    "DateOutOfRangeError",
    "EventDateError",
    "EventInputTypeError",
    "HistoryError",
    "IllegalTransitionError",
    "InputError",
    "InputTypeError",
    "InvalidPeriodError",
    "NaiveDatetimeError",
    "ProcedureError",
    "RegisterError",
    "RuleViolationError",
    "SchemaVersionError",
    "UnknownPointError",
    "UnknownProcedureError",
    "VkacFlowError",
]


class VkacFlowError(Exception):
    """Base class of every error raised by vkac_flow.

    Attributes:
        points: The legal points the error is about, e.g. ``("p. 13.2.1",)``.
    """

    def __init__(self, message: str, *, points: Iterable[str] = ()) -> None:
        self.points: tuple[str, ...] = tuple(points)
        self.message = message
        if self.points and not any(p in message for p in self.points):
            message = f"{message} [{', '.join(self.points)}]"
        super().__init__(message)


class InputError(VkacFlowError, ValueError):
    """A value of the right type that cannot be used (bad date, negative count...)."""


class InputTypeError(VkacFlowError, TypeError):
    """A value of a type the library does not accept."""


class NaiveDatetimeError(InputError):
    """A datetime without a time zone: its date in Riga cannot be known (APL s. 42(1))."""


class DateFormatError(InputError):
    """A string that is not an ISO-8601 date or an aware ISO-8601 datetime."""


class DateOutOfRangeError(InputError):
    """A date outside the range the library supports (or before the regulation, p. 25)."""


class InvalidPeriodError(InputError):
    """A statutory period with a negative or non-integer count."""


class CalendarDataError(InputError):
    """Calendar data that contradict themselves (e.g. a day both off and working)."""


class ProcedureError(VkacFlowError):
    """Base class of errors raised by a procedure (transfer p. 12-15, exclusion p. 16).

    A procedure that raises a ``ProcedureError`` is left exactly as it was.

    Attributes:
        event: The event that was rejected (e.g. ``"training_completed"``).
        allowed: The events the procedure accepts now.
    """

    def __init__(
        self,
        message: str,
        *,
        points: Iterable[str] = (),
        event: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self.event = event
        self.reason = message
        """The message without the list of allowed events."""
        self.allowed: tuple[str, ...] = tuple(allowed)
        full = message
        if event is not None or self.allowed:
            full = f"{message} Allowed now: {', '.join(self.allowed) or 'none'}."
        super().__init__(full, points=points)


class IllegalTransitionError(ProcedureError, InputError):
    """An event that the regulation does not allow in the procedure's current state."""


class RuleViolationError(ProcedureError, InputError):
    """An event allowed in this state but whose content breaks a rule (e.g. p. 15.3)."""


class EventDateError(ProcedureError, InputError):
    """An event dated before the previous one, before the regulation (p. 25) or in the future."""


class HistoryError(ProcedureError, InputError):
    """A serialised history that cannot be replayed (tampered, impossible or unknown)."""


class UnknownPointError(InputError):
    """A point number that is not a point of the regulation (e.g. ``"13.4"``, ``"p. 99"``).

    Attributes:
        number: The rejected number, as given.
    """

    def __init__(self, message: str, *, number: str, points: Iterable[str] = ()) -> None:
        self.number = number
        super().__init__(message, points=points)


class EventInputTypeError(ProcedureError, InputTypeError):
    """An event given a value of the wrong type (e.g. ``approved=1``, a set of centres).

    Both a :class:`ProcedureError` (with ``event`` and ``allowed``; the procedure is left
    exactly as it was) and an :class:`InputTypeError` (so a ``TypeError``).
    """


class RegisterError(VkacFlowError):
    """Base class of errors of the durable register (:mod:`vkac_flow.register`).

    A write that raises a ``RegisterError`` (or any other error) has written nothing: every
    command of the register is one database transaction.
    """


class ConcurrentUpdateError(RegisterError):
    """A write based on a stale version of a procedure: another writer got there first.

    Raised when ``expected_version`` is not the procedure's version, or when a concurrent
    writer inserted the same sequence number first (the unique key ``(procedure_id, seq)``).
    Nothing was written; read the procedure again and retry.

    Attributes:
        procedure_id: The procedure concerned.
        expected: The version the writer expected (``None``: the latest it read).
        actual: The version found in the database, when known.
    """

    def __init__(
        self, message: str, *, procedure_id: str, expected: int | None, actual: int | None
    ) -> None:
        self.procedure_id = procedure_id
        self.expected = expected
        self.actual = actual
        super().__init__(message)


class SchemaVersionError(RegisterError):
    """A database whose schema is newer than this vkac_flow (or is not a register's).

    Attributes:
        found: The schema revision found in the database (``None``: none).
        supported: The newest revision this vkac_flow knows.
    """

    def __init__(self, message: str, *, found: str | None, supported: str) -> None:
        self.found = found
        self.supported = supported
        super().__init__(message)


class UnknownProcedureError(RegisterError, LookupError):
    """A procedure id that is not in the register.

    Attributes:
        procedure_id: The id asked for.
    """

    def __init__(self, message: str, *, procedure_id: str) -> None:
        self.procedure_id = procedure_id
        super().__init__(message)
