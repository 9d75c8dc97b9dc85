"""Where the feed and the report read procedures from: a register, or procedures in hand.

Both views need three things: the ids, each procedure rebuilt from its log, and the agenda
(the pending statutory steps due in a window). :class:`Source` names them;
:class:`~vkac_flow.register.core.Register` has them, and :class:`ProcedureSet` gives them
for procedures held in memory (loaded from documents or a bundle), so that the views work,
and are tested, without a database.

:meth:`ProcedureSet.agenda` lists what the register's agenda lists, by the register's own
rule (:func:`vkac_flow.register.adapter.project` and ``project_as_of``, see
``src/vkac_flow/register/adapter.py``): the ``open`` or ``overdue`` obligations as of each
procedure's last event, then its running or elapsed waiting periods (the p. 16 notice:
``step_kind == "waiting"``, nobody's duty, never overdue, left out with ``responsible``),
due in the window, sorted by due date, procedure and the order opened; ``overdue`` is
judged on ``as_of``.

>>> import datetime
>>> from vkac_flow import Party, Service, TransferProcedure
>>> svc = Service("Road permit", Party.service_holder("Latvijas Valsts ceļi"))
>>> p = TransferProcedure.propose(svc, initiator=svc.holder, procedure_id="road-1",
...                               clock=lambda: datetime.date(2026, 12, 1))
>>> p.letter_received("2026-03-02")
>>> [(a.procedure_id, a.step, a.due.isoformat(), a.overdue)
...  for a in ProcedureSet([p]).agenda("2026-03-01", "2026-03-31", as_of="2026-12-01")]
[('road-1', 'information', '2026-03-30', True)]
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Iterable, Sequence
from typing import Final, Protocol, runtime_checkable

import attrs

from vkac_flow.calendar.dates import to_date, today_in_riga
from vkac_flow.errors import InputError, InputTypeError, UnknownProcedureError, echo
from vkac_flow.messages import Text
from vkac_flow.messages.causes import os_cause
from vkac_flow.procedures.base import Procedure
from vkac_flow.procedures.projections import Obligation, ObligationStatus, owes
from vkac_flow.procedures.waiting import WaitingPeriod
from vkac_flow.register.adapter import project, project_as_of

__all__ = [
    "WHOLE_RANGE",
    "AgendaEntry",
    "AgendaLike",
    "ProcedureSet",
    "Source",
    "as_source",
    "pending_obligation",
    "pending_obligations",
    "pending_waiting",
    "write_whole",
]

WHOLE_RANGE: Final = (datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
"""The window used when none is given: every pending step."""

_PENDING: Final = (ObligationStatus.OPEN, ObligationStatus.OVERDUE)


class AgendaLike(Protocol):
    """What the views read of an agenda item (the register's ``AgendaItem`` has it)."""

    @property
    def procedure_id(self) -> str: ...  # noqa: D102
    @property
    def step(self) -> str: ...  # noqa: D102
    @property
    def subject(self) -> str | None: ...  # noqa: D102
    @property
    def due(self) -> datetime.date: ...  # noqa: D102
    @property
    def overdue(self) -> bool: ...  # noqa: D102
    @property
    def step_kind(self) -> str: ...  # noqa: D102


@runtime_checkable
class Source(Protocol):
    """Procedures to show: ``Register`` or :class:`ProcedureSet`."""

    def ids(self) -> tuple[str, ...]: ...  # noqa: D102
    def get(self, procedure_id: str) -> Procedure: ...  # noqa: D102
    def agenda(  # noqa: D102
        self,
        start: object,
        end: object,
        *,
        responsible: str | None = None,
        as_of: object = None,
    ) -> Sequence[AgendaLike]: ...


@attrs.frozen
class AgendaEntry:
    """A pending step due in a window (as the register's agenda item, the fields views read).

    Attributes:
        procedure_id: The procedure.
        step: The step.
        subject: The centre it is about, when owed per centre.
        due: The due date.
        overdue: Whether the due date is before the agenda's ``as_of`` day (never for a
            waiting period).
        step_kind: ``"deadline"`` (a duty: act by ``due``) or ``"waiting"`` (a waiting
            period, nobody's duty: the event it holds back not before ``due``).
    """

    procedure_id: str
    step: str
    subject: str | None
    due: datetime.date
    overdue: bool
    step_kind: str = "deadline"


def pending_obligations(
    procedure: Procedure, as_of: datetime.date | None = None
) -> tuple[Obligation, ...]:
    """The steps of ``procedure`` pending on an agenda of day ``as_of`` (the register's rule).

    The steps pending at the procedure's last event (the register's projection); for an
    agenda of a day before that event, those of the procedure as of that day
    (:meth:`~vkac_flow.procedures.base.Procedure.as_of`), as ``Register.agenda`` replays it.
    """
    last = procedure.last_date
    if last is None:
        return ()
    if as_of is not None and as_of < last:
        found = procedure.as_of(as_of).obligations()
    else:
        found = procedure.obligations(last)
    return tuple(o for o in found if o.status in _PENDING)


def pending_obligation(
    procedure: Procedure, step: str, subject: str | None, as_of: datetime.date | None = None
) -> Obligation:
    """The pending obligation ``step``/``subject`` of ``procedure``, as the agenda has it.

    The register's projection holds the steps pending at the procedure's last event; an
    agenda as of an earlier day holds those of the procedure as of that day
    (:meth:`~vkac_flow.procedures.base.Procedure.as_of`). The views read the deadline (its
    explanation in either language, whether it is provisional) from the procedure itself.

    Args:
        procedure: The procedure.
        step: The statutory step.
        subject: The step's subject (a centre), or ``None``.
        as_of: The agenda's day (default: the procedure's last event).

    Raises:
        InputError: The procedure has no such pending step (a projection out of date).
    """
    for o in pending_obligations(procedure, as_of):
        if o.step == step and o.subject == subject:
            return o
    key = step if subject is None else f"{step}/{subject}"
    raise InputError(Text("error.views.no_pending_step", id=echo(procedure.id), step=echo(key)))


def pending_waiting(
    procedure: Procedure, step: str, subject: str | None, as_of: datetime.date | None = None
) -> WaitingPeriod:
    """The waiting period ``step``/``subject`` of ``procedure`` an agenda item stands for.

    Read on the day the agenda's projection judges it (the procedure's last event, or the
    agenda's ``as_of`` when that is earlier), so the views can explain the earliest day in
    either language.

    Raises:
        InputError: The procedure has no such waiting period (a projection out of date).
    """
    last = procedure.last_date
    if last is not None:
        found = (
            procedure.as_of(as_of).waiting_periods()
            if as_of is not None and as_of < last
            else procedure.waiting_periods(last)
        )
        for w in found:
            if w.step == step and w.subject == subject:
                return w
    key = step if subject is None else f"{step}/{subject}"
    raise InputError(Text("error.views.no_waiting_period", id=echo(procedure.id), step=echo(key)))


def _by_id(procedures: Iterable[Procedure]) -> dict[str, Procedure]:
    out: dict[str, Procedure] = {}
    for p in procedures:
        if not isinstance(p, Procedure):
            raise InputTypeError(Text("error.views.expected_procedures", got=type(p).__name__))
        if p.id in out:
            raise InputError(Text("error.views.id_twice", id=echo(p.id)))
        out[p.id] = p
    return out


@attrs.define(eq=False)
class ProcedureSet:
    """Procedures in memory as a :class:`Source` (see the module docstring).

    Raises:
        InputTypeError: An item is not a procedure.
        InputError: Two procedures have the same id.
    """

    _procedures: dict[str, Procedure] = attrs.field(converter=_by_id)

    def ids(self) -> tuple[str, ...]:
        """Every procedure id, sorted."""
        return tuple(sorted(self._procedures))

    def get(self, procedure_id: str) -> Procedure:
        """The procedure ``procedure_id``.

        Raises:
            UnknownProcedureError: No such procedure.
        """
        try:
            return self._procedures[procedure_id]
        except (KeyError, TypeError):
            raise UnknownProcedureError(
                Text("error.views.unknown_procedure", id=echo(procedure_id)),
                procedure_id=str(procedure_id),
            ) from None

    def agenda(
        self,
        start: object,
        end: object,
        *,
        responsible: str | None = None,
        as_of: object = None,
    ) -> tuple[AgendaEntry, ...]:
        """The pending steps due from ``start`` to ``end`` (inclusive); see the module docstring.

        Args:
            start: The first day of the window.
            end: The last day.
            responsible: Only the steps this role owes, or whose party's name it names.
            as_of: The day that decides ``overdue`` (default: today in Riga).

        Raises:
            InputError: ``end`` is before ``start``.
        """
        first, last = to_date(start, what="start"), to_date(end, what="end")
        if last < first:
            raise InputError(
                Text("error.register.agenda_order", end=last.isoformat(), start=first.isoformat())
            )
        today = today_in_riga() if as_of is None else to_date(as_of, what="as_of")
        if responsible is not None and not isinstance(responsible, str):
            raise InputTypeError(
                Text(
                    "error.register.expected_str",
                    what="responsible",
                    got=type(responsible).__name__,
                )
            )
        rows: list[tuple[datetime.date, str, int, AgendaEntry]] = []
        for pid, p in self._procedures.items():
            if p.last_date is None:
                continue
            pending = (
                project_as_of(p, today, None) if today < p.last_date else project(p).obligations
            )
            for n, o in enumerate(pending):
                if not first <= o.due <= last:
                    continue
                if responsible is not None and (
                    o.step_kind == "waiting" or not owes(responsible, o.responsible, o.by)
                ):
                    continue
                overdue = o.overdue_on(today)
                entry = AgendaEntry(pid, o.step, o.subject, o.due, overdue, o.step_kind)
                rows.append((o.due, pid, n, entry))
        rows.sort(key=lambda r: r[:3])
        return tuple(r[3] for r in rows)


def as_source(source: object) -> Source:
    """``source`` as a :class:`Source`: a register or set as it is, procedures in a set.

    Raises:
        InputTypeError: Neither a source nor an iterable of procedures.
    """
    if isinstance(source, Source):
        return source
    if isinstance(source, Procedure):
        return ProcedureSet([source])
    if isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
        return ProcedureSet(source)
    raise InputTypeError(Text("error.views.expected_source", got=type(source).__name__))


def write_whole(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed into place).

    Raises:
        InputError: The file cannot be written (no such folder, a directory, no permission):
            one line, and no temporary file is left behind.
    """
    target = os.fspath(path)
    tmp = f"{target}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):  # never created, or already gone
            os.unlink(tmp)
        raise InputError(
            Text("error.views.cannot_write", path=echo(target), reason=os_cause(err))
        ) from None
