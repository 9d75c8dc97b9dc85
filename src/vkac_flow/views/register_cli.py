"""``vkac-flow register ...``: the durable register from the command line.

``init`` creates the schema, ``upgrade`` runs its migrations, ``propose`` brings a
procedure in (from options or a procedure JSON document), ``record`` / ``correct`` /
``retract`` write through the rules (``--expected-version``, ``--idempotency-key``),
``list`` finds procedures, ``show`` prints one procedure (rebuilt from its log, ``--as-of``
and ``--known-at`` for a snapshot) with its log, ``agenda`` lists what is due in a window
across the register, ``breaches`` the periods not respected, ``export`` / ``import`` a
bundle. The subcommands are a table (:data:`COMMANDS`): a module adds its own by adding
to it. Every command takes ``--db URL`` (default:
``$VKAC_REGISTER_URL``, else ``vkac-register.db`` in the current folder) and ``--format
text|json`` and ``--lang lv|en``: every text it prints (confirmations, the tables of
``list``, ``agenda`` and ``breaches``, the log of ``show``) comes from the message catalogue
(``messages/<lang>/register.toml``) in that language; ``list`` and ``agenda`` rebuild each
procedure they show to name its service and who must act in it. An error is one line on
standard error and exit status 2; a refused command writes nothing. The register
(SQLAlchemy, the ``register`` extra) loads only when a ``register`` command runs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, Final

from vkac_flow.errors import InputError, echo
from vkac_flow.messages import Text, catalogue, message, point_labels
from vkac_flow.messages.causes import os_cause, system_detail, utf8_cause
from vkac_flow.views.cli_language import name_commands
from vkac_flow.views.report_cli import VIEW_COMMANDS, add_view_parsers, run_view
from vkac_flow.views.texts import add_lang_option

__all__ = ["COMMANDS", "add_register_parser", "run_register"]


def add_register_parser(sub: Any, lang: str = "en") -> None:
    """Add the ``register`` command and its subcommands to ``vkac-flow``'s subparsers.

    Their help is in ``lang`` (``messages/<lang>/cli.toml``).
    """

    def h(key: str) -> str:
        return message(f"cli.help.{key}", lang)

    def m(name: str) -> str:
        return message(f"cli.metavar.{name}", lang)

    reg = sub.add_parser("register", help=message("cli.command.register", lang))
    cmds = reg.add_subparsers(dest="register_command", required=True)

    def command(name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = cmds.add_parser(
            name, help=message(f"cli.register_command.{name}", lang)
        )
        return parser

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=None, metavar=m("DB"), help=h("db"))
        p.add_argument("--format", choices=["text", "json"], default="text")
        add_lang_option(p, lang)

    common(command("init"))
    common(command("upgrade"))
    lst = command("list")
    common(lst)
    lst.add_argument("--state", metavar=m("STATE"))
    lst.add_argument("--kind", metavar=m("KIND"), help=h("kind"))
    lst.add_argument("--service", metavar=m("SERVICE"), help=h("service_part"))
    lst.add_argument("--centre", metavar=m("CENTRE"))
    lst.add_argument("--party", metavar=m("PARTY"), help=h("party"))
    lst.add_argument("--all", action="store_true", help=h("all"))
    show = command("show")
    common(show)
    show.add_argument("procedure_id", metavar=m("procedure_id"))
    show.add_argument("--as-of", metavar=m("AS_OF"), help=h("show_as_of"))
    ag = command("agenda")
    common(ag)
    ag.add_argument("--start", required=True, metavar=m("START"))
    ag.add_argument("--end", required=True, metavar=m("END"))
    ag.add_argument("--responsible", metavar=m("RESPONSIBLE"), help=h("responsible"))
    ag.add_argument("--as-of", metavar=m("AS_OF"), help=h("agenda_as_of"))
    ag.add_argument("--known-at", metavar=m("KNOWN_AT"), help=h("known_at"))
    show.add_argument("--known-at", metavar=m("KNOWN_AT"), help=h("known_at"))
    prop = command("propose")
    common(prop)
    prop.add_argument("--document", metavar=m("DOCUMENT"), help=h("document"))
    prop.add_argument("--kind", choices=["transfer", "exclusion"], default="transfer")
    prop.add_argument("--id", dest="procedure_id", metavar=m("PROCEDURE_ID"))
    prop.add_argument("--service", metavar=m("SERVICE"), help=h("service"))
    prop.add_argument("--holder", metavar=m("HOLDER"), help=h("holder"))
    prop.add_argument("--initiator", metavar=m("INITIATOR"), help=h("propose_initiator"))
    prop.add_argument("--centres", metavar=m("CENTRES"), help=h("propose_centres"))
    prop.add_argument("--by", dest="recorded_by", metavar=m("RECORDED_BY"), help=h("recorded_by"))
    rec = command("record")
    common(rec)
    rec.add_argument("procedure_id", metavar=m("procedure_id"))
    rec.add_argument("event", metavar=m("event"))
    rec.add_argument("on", metavar=m("on"), help=h("on"))
    rec.add_argument("--data", action="append", default=[], metavar=m("DATA"), help=h("data"))
    rec.add_argument("--centres", metavar=m("CENTRES"), help=h("event_centres"))
    rec.add_argument("--centre", metavar=m("CENTRE"), help=h("event_centre"))
    cor = command("correct")
    common(cor)
    cor.add_argument("procedure_id", metavar=m("procedure_id"))
    cor.add_argument("event_id", metavar=m("event_id"))
    cor.add_argument("--on", metavar=m("ON"), help=h("corrected_on"))
    cor.add_argument("--reason", required=True, metavar=m("REASON"), help=h("reason"))
    cor.add_argument("--data", action="append", default=[], metavar=m("DATA"), help=h("data"))
    cor.add_argument("--centres", metavar=m("CENTRES"), help=h("corrected_centres"))
    ret = command("retract")
    common(ret)
    ret.add_argument("procedure_id", metavar=m("procedure_id"))
    ret.add_argument("event_id", metavar=m("event_id"))
    ret.add_argument("--reason", required=True, metavar=m("REASON"))
    for p in (rec, cor, ret):
        p.add_argument("--expected-version", type=int, metavar=m("EXPECTED_VERSION"))
        p.add_argument("--idempotency-key", metavar=m("IDEMPOTENCY_KEY"))
        p.add_argument("--by", dest="recorded_by", metavar=m("RECORDED_BY"), help=h("recorded_by"))
    br = command("breaches")
    common(br)
    br.add_argument("--as-of", metavar=m("AS_OF"))
    common(command("export"))
    imp = command("import")
    common(imp)
    imp.add_argument("bundle", metavar=m("bundle"), help=h("bundle"))
    add_view_parsers(cmds, lang)  # ics, report (views/report_cli.py)
    name_commands(cmds, lang)


def _data(args: argparse.Namespace) -> dict[str, Any]:

    data: dict[str, Any] = {}
    for item in getattr(args, "data", []):
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(Text("error.cli.data_item", item=echo(item)))
        try:
            data[key] = json.loads(value)
        except json.JSONDecodeError:
            data[key] = value
    if getattr(args, "centres", None):
        data["centres"] = [c.strip() for c in args.centres.split(",") if c.strip()]
    if getattr(args, "centre", None):
        data["centre"] = args.centre
    return data


def _read_json(path: str) -> Any:

    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as err:
        raise InputError(
            Text("error.cli.cannot_read_file", path=echo(path), reason=os_cause(err))
        ) from None
    except UnicodeDecodeError as err:  # a file that is not UTF-8 (a binary one) is bad input too
        raise InputError(
            Text("error.cli.cannot_read", path=echo(path), reason=utf8_cause(err))
        ) from None
    except json.JSONDecodeError as err:
        raise InputError(
            Text(
                "error.cli.not_json_file",
                path=echo(path),
                msg=system_detail(err.msg),
                line=err.lineno,
                column=err.colno,
            )
        ) from None


def _named(table: str, code: str, lang: str) -> str:
    """``code``'s name in the catalogue table ``table`` (a code it lacks is shown as it is)."""
    key = f"{table}.{code}"
    return message(key, lang) if key in catalogue(lang) else code


def _written(result: Any, lang: str) -> tuple[Any, str]:
    out = {
        "procedure_id": result.procedure_id,
        "version": result.version,
        "repeated": result.repeated,
        "records": [r.to_dict() for r in result.records],
    }
    what = ", ".join(
        message(
            "register.written_record",
            lang,
            seq=r.seq,
            kind=_named("register.record_kind", r.kind, lang),
            event_id=r.event_id,
        )
        for r in result.records
    ) or message("register.no_records", lang)
    key = "register.written_repeated" if result.repeated else "register.written"
    return out, message(key, lang, id=result.procedure_id, version=result.version, records=what)


def _schema(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    out = {"url": reg.url, "schema_revision": reg.schema_revision}
    return out, message(
        "register.schema", args.lang, url=out["url"], revision=out["schema_revision"]
    )


def _propose(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    from vkac_flow.law.parties import Institution, Party
    from vkac_flow.law.services import Service
    from vkac_flow.procedures.documents import load_procedure
    from vkac_flow.procedures.exclusion import ExclusionProcedure
    from vkac_flow.procedures.transfer import TransferProcedure

    if args.document:
        proc: Any = load_procedure(_read_json(args.document), clock=reg.now)
    else:
        if not args.service or not args.holder:
            raise InputError(Text("error.cli.propose_options"))
        # one of the seven institutions (p. 2.4, 8), by code or name, is that one party
        institution = Institution.named(args.holder)
        holder = (
            Party.service_holder(args.holder)
            if institution is None
            else Party.institution(institution)
        )
        service = Service(args.service, holder)
        initiator = service.holder if not args.initiator else Party.municipality(args.initiator)
        if args.kind == "exclusion":
            centres = [c.strip() for c in (args.centres or "").split(",") if c.strip()]
            proc = ExclusionProcedure.propose(
                service,
                initiator=initiator,
                centres=centres or None,
                procedure_id=args.procedure_id,
                clock=reg.now,
            )
        else:
            proc = TransferProcedure.propose(
                service, initiator=initiator, procedure_id=args.procedure_id, clock=reg.now
            )
    return _written(reg.propose(proc, recorded_by=args.recorded_by), args.lang)


def _record(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    return _written(
        reg.record(
            args.procedure_id,
            args.event,
            args.on,
            expected_version=args.expected_version,
            idempotency_key=args.idempotency_key,
            recorded_by=args.recorded_by,
            **_data(args),
        ),
        args.lang,
    )


def _correct(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    return _written(
        reg.correct(
            args.procedure_id,
            args.event_id,
            on=args.on,
            reason=args.reason,
            expected_version=args.expected_version,
            idempotency_key=args.idempotency_key,
            recorded_by=args.recorded_by,
            **_data(args),
        ),
        args.lang,
    )


def _retract(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    return _written(
        reg.retract(
            args.procedure_id,
            args.event_id,
            reason=args.reason,
            expected_version=args.expected_version,
            idempotency_key=args.idempotency_key,
            recorded_by=args.recorded_by,
        ),
        args.lang,
    )


def _list(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    from vkac_flow.procedures.display import service_name

    rows = reg.find(
        state=args.state,
        kind=args.kind,
        service=args.service,
        centre=args.centre,
        party=args.party,
        open_only=not args.all,
    )
    if not rows:
        return [], message("register.list_none", args.lang)
    lines = []
    for r in rows:
        proc = reg.get(r.id)  # rebuilt from its log: the service and who acts, in args.lang
        nxt = message("register.list_next_none", args.lang)
        if r.next_due is not None:
            by = _responsible(proc, r.next_step, r.next_due, args.lang) or r.next_by
            step = _named("step", r.next_step, args.lang)
            nxt = message("register.list_next", args.lang, due=r.next_due, step=step, by=by)
        lines.append(
            message(
                "register.list_row",
                args.lang,
                id=r.id,
                state=_named("state", r.state, args.lang),
                version=r.version,
                service=service_name(proc.service, args.lang),
                next=nxt,
            )
        )
    return [r.to_dict() for r in rows], "\n".join(lines)


_ANY_SUBJECT: Final = object()
"""``_responsible``'s default: the step's subject is not known (a ``list`` row)."""


def _responsible(
    proc: Any, step: str, due: Any, lang: str, subject: object = _ANY_SUBJECT
) -> str | None:
    """Who owes ``proc``'s step (due on ``due``, for ``subject``), in ``lang``.

    ``None`` when the rebuilt procedure has no such step (the caller shows the register's
    own ``by``).
    """
    for o in proc.obligations():
        if o.step == step and o.due == due and subject in (_ANY_SUBJECT, o.subject):
            return str(proc.responsible_text(o, lang))
    return None


def _known_at(text: str | None) -> Any:
    import datetime

    if text is None:
        return None
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(Text("error.cli.known_at_register", value=echo(text))) from None


def _show(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    lang = args.lang
    log = reg.log(args.procedure_id)
    known = _known_at(args.known_at)
    if args.as_of is None and known is None:
        proc = reg.get(args.procedure_id)
        doc, obligations, summary = proc.to_dict(), proc.obligations(), proc.summary(lang=lang)
    else:
        snap = reg.get(args.procedure_id, args.as_of, known)
        doc = {"id": snap.id, "state": snap.state, "as_of": snap.day.isoformat()}
        obligations, summary = snap.obligations(), snap.summary(lang=lang)
    out = {
        "procedure": doc,
        "obligations": [o.to_dict() for o in obligations],
        "log": [r.to_dict() for r in log],
    }
    lines = [summary, "", message("register.log", lang)]
    lines += [_log_line(r, lang) for r in log]
    return out, "\n".join(lines)


def _log_line(r: Any, lang: str) -> str:
    """One record of a procedure's log, in ``lang``."""
    recorded = (
        message("register.log_recorded_unknown", lang)
        if r.recorded_at is None
        else message("register.log_recorded", lang, instant=f"{r.recorded_at:%Y-%m-%d %H:%M}")
    )
    return message(
        "register.log_row",
        lang,
        seq=r.seq,
        kind=_named("register.record_kind", r.kind, lang),
        on=message("register.log_no_date", lang) if r.on is None else r.on,
        event="" if r.event is None else _named("event", r.event, lang),
        corrects="" if r.corrects is None else message("register.log_of", lang, id=r.corrects),
        recorded=recorded,
        by="" if r.recorded_by is None else message("register.log_by", lang, name=r.recorded_by),
        event_id=r.event_id,
    )


def _agenda(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    lang = args.lang
    items = reg.agenda(
        args.start,
        args.end,
        responsible=args.responsible,
        as_of=args.as_of,
        known_at=_known_at(args.known_at),
    )
    procs: dict[str, Any] = {}
    lines = []
    for i in items:
        step = _named("step", i.step, lang)
        if i.subject is not None:
            step = message("register.agenda_subject", lang, step=step, subject=i.subject)
        if i.step_kind == "waiting":
            by = message("register.agenda_waiting", lang)
        else:
            if i.procedure_id not in procs:  # rebuilt once: who acts, in args.lang
                procs[i.procedure_id] = reg.get(i.procedure_id)
            proc = procs[i.procedure_id]
            by = _responsible(proc, i.step, i.due, lang, i.subject) or i.by
        overdue = message("register.agenda_overdue", lang) if i.overdue else ""
        points = point_labels(i.points, lang)
        lines.append(
            message(
                "register.agenda_row",
                lang,
                due=i.due,
                id=i.procedure_id,
                step=step,
                points=points,
                by=by,
                overdue=overdue,
            )
        )
    text = "\n".join(lines) or message("register.agenda_none", lang)
    return [i.to_dict() for i in items], text


def _breaches(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    found = reg.breaches(args.as_of, lang=args.lang)
    text = "\n".join(
        message("register.breach_row", args.lang, id=b.procedure_id, text=b.text) for b in found
    ) or message("register.breaches_none", args.lang)
    return [b.to_dict() for b in found], text


def _export(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    doc = reg.export_bundle()
    return doc, json.dumps(doc, indent=2, ensure_ascii=False)


def _import(reg: Any, args: argparse.Namespace) -> tuple[Any, str]:
    results = reg.import_bundle(_read_json(args.bundle))
    out = [{"procedure_id": r.procedure_id, "version": r.version} for r in results]
    return out, message("register.imported", args.lang, n=len(results))


COMMANDS: dict[str, Callable[[Any, argparse.Namespace], tuple[Any, str]]] = {
    "init": _schema,
    "upgrade": _schema,
    "propose": _propose,
    "record": _record,
    "correct": _correct,
    "retract": _retract,
    "list": _list,
    "show": _show,
    "agenda": _agenda,
    "breaches": _breaches,
    "export": _export,
    "import": _import,
}
"""The ``register`` subcommands: name -> function(register, args) -> (JSON value, text)."""


def run_register(args: argparse.Namespace) -> str:
    """Run a ``register`` subcommand; the text to print.

    Raises:
        VkacFlowError: Any refusal (printed as one line by the caller).
    """
    if args.register_command in VIEW_COMMANDS:
        return run_view(args)
    from vkac_flow.register.core import Register

    cmd = args.register_command
    with Register.open(args.db, upgrade=cmd == "upgrade") as reg:
        out, text = COMMANDS[cmd](reg, args)
    if args.format == "json":
        return json.dumps(out, indent=2, ensure_ascii=False)
    return text
