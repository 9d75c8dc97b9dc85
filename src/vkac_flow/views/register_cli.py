"""``vkac-flow register ...``: the durable register from the command line.

``init`` creates the schema, ``upgrade`` runs its migrations, ``list`` finds procedures,
``show`` prints one procedure (rebuilt from its log) with its log, ``agenda`` lists what is
due in a window across the register. Every command takes ``--db URL`` (default:
``$VKAC_REGISTER_URL``, else ``vkac-register.db`` in the current folder) and ``--format
text|json``. An error is one line on standard error and exit status 2; a refused command
writes nothing. The register (SQLAlchemy, the ``register`` extra) loads only when a
``register`` command runs.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from vkac_flow.views.report_cli import VIEW_COMMANDS, add_view_parsers, run_view

__all__ = ["add_register_parser", "run_register"]


def add_register_parser(sub: Any) -> None:
    """Add the ``register`` command and its subcommands to ``vkac-flow``'s subparsers."""
    reg = sub.add_parser("register", help="the durable register of procedures (SQLite/PostgreSQL)")
    cmds = reg.add_subparsers(dest="register_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--db",
            default=None,
            help="database URL (default: $VKAC_REGISTER_URL or sqlite:///vkac-register.db)",
        )
        p.add_argument("--format", choices=["text", "json"], default="text")

    common(cmds.add_parser("init", help="create the register's schema"))
    common(cmds.add_parser("upgrade", help="run the schema's migrations"))
    lst = cmds.add_parser("list", help="procedures, from the projection")
    common(lst)
    lst.add_argument("--state")
    lst.add_argument("--kind", help="transfer or exclusion")
    lst.add_argument("--service", help="part of the service's name")
    lst.add_argument("--centre")
    lst.add_argument("--party", help="a party's name or a role")
    lst.add_argument("--all", action="store_true", help="include ended procedures")
    show = cmds.add_parser("show", help="one procedure, rebuilt from its log")
    common(show)
    show.add_argument("procedure_id")
    show.add_argument("--as-of", help="judge obligations on this day (default: today)")
    ag = cmds.add_parser("agenda", help="what is due in a window, across the register")
    common(ag)
    ag.add_argument("--start", required=True)
    ag.add_argument("--end", required=True)
    ag.add_argument("--responsible", help="a role (ministry, committee...) or a party's name")
    ag.add_argument("--as-of", help="the day that decides 'overdue' (default: today)")
    add_view_parsers(cmds)  # ics, report (views/report_cli.py)


def run_register(args: argparse.Namespace) -> str:
    """Run a ``register`` subcommand; the text to print.

    Raises:
        VkacFlowError: Any refusal (printed as one line by the caller).
    """
    if args.register_command in VIEW_COMMANDS:
        return run_view(args)
    from vkac_flow.register.core import Register, summaries_to_text

    cmd = args.register_command
    with Register.open(args.db, upgrade=cmd == "upgrade") as reg:
        if cmd in ("init", "upgrade"):
            out: Any = {"url": reg.url, "schema_revision": reg.schema_revision}
            text = f"register at {out['url']}: schema revision {out['schema_revision']}"
        elif cmd == "list":
            rows = reg.find(
                state=args.state,
                kind=args.kind,
                service=args.service,
                centre=args.centre,
                party=args.party,
                open_only=not args.all,
            )
            out = [r.to_dict() for r in rows]
            text = summaries_to_text(rows)
        elif cmd == "show":
            proc = reg.get(args.procedure_id)
            log = reg.log(args.procedure_id)
            out = {
                "procedure": proc.to_dict(),
                "obligations": [o.to_dict() for o in proc.obligations(args.as_of)],
                "log": [r.to_dict() for r in log],
            }
            lines = [proc.summary(args.as_of), "", "log:"]
            lines += [
                f"  #{r.seq} {r.on} {r.event} (recorded {r.recorded_at:%Y-%m-%d %H:%M} UTC"
                f"{'' if r.recorded_by is None else ' by ' + r.recorded_by}) {r.event_id}"
                for r in log
            ]
            text = "\n".join(lines)
        else:  # agenda
            items = reg.agenda(args.start, args.end, responsible=args.responsible, as_of=args.as_of)
            out = [i.to_dict() for i in items]
            text = (
                "\n".join(
                    f"{i.due}  {i.procedure_id}  {i.step}"
                    f"{'' if i.subject is None else '/' + i.subject}  {', '.join(i.points)}  "
                    f"{i.by}{'  OVERDUE' if i.overdue else ''}"
                    for i in items
                )
                or "nothing due in the window"
            )
    if args.format == "json":
        return json.dumps(out, indent=2, ensure_ascii=False)
    return text
