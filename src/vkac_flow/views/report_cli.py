"""``vkac-flow register ics`` and ``vkac-flow register report``: the register's views.

``ics`` writes the calendar feed of :mod:`vkac_flow.views.ics` (one all-day event per
pending step; ``--responsible``, ``--procedure``, ``--from``/``--to``, ``--lang``,
``--alarm N`` working days before); ``report`` writes the HTML report of
:mod:`vkac_flow.views.report` (``--as-of``, ``--lang``). Both read the register of ``--db``
(as the other ``register`` commands) and write ``--out`` whole or not at all; the text
printed says what was written. The language is ``--lang``, else ``VKAC_LANG``, else the
locale, else English (as every command: ``docs/language.md``).
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from vkac_flow.messages import count, message
from vkac_flow.views.texts import add_lang_option

__all__ = ["VIEW_COMMANDS", "add_view_parsers", "run_view"]

VIEW_COMMANDS: Final = ("ics", "report")
"""The ``register`` subcommands of this module."""


def add_view_parsers(cmds: Any) -> None:
    """Add ``ics`` and ``report`` to the ``register`` command's subparsers."""

    def db(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--db",
            default=None,
            help="database URL (default: $VKAC_REGISTER_URL or sqlite:///vkac-register.db)",
        )
        add_lang_option(p)
        p.add_argument("--out", required=True, help="the file to write")

    ics = cmds.add_parser("ics", help="a calendar feed (.ics) of the pending statutory steps")
    db(ics)
    ics.add_argument("--responsible", help="a role (ministry, committee...) or a party's name")
    ics.add_argument("--procedure", help="only this procedure's steps")
    ics.add_argument("--from", dest="start", help="the first due date (default: no limit)")
    ics.add_argument("--to", dest="end", help="the last due date (default: no limit)")
    ics.add_argument("--as-of", help="the day that decides 'overdue' (default: today)")
    ics.add_argument(
        "--alarm", type=int, metavar="N", help="a reminder N working days before each due date"
    )
    rep = cmds.add_parser("report", help="the register report (one self-contained HTML file)")
    db(rep)
    rep.add_argument("--as-of", help="the day to judge on (default: today)")


def run_view(args: argparse.Namespace) -> str:
    """Run ``register ics`` or ``register report``; the line to print, in ``args.lang``.

    Raises:
        VkacFlowError: Any refusal (printed as one line by the caller); nothing is written.
    """
    from vkac_flow.register.core import Register
    from vkac_flow.views.ics import write_ics
    from vkac_flow.views.report import write_report

    with Register.open(args.db) as reg:
        if args.register_command == "ics":
            n = write_ics(
                args.out,
                reg,
                start=args.start,
                end=args.end,
                responsible=args.responsible,
                procedure=args.procedure,
                as_of=args.as_of,
                lang=args.lang,
                alarm=args.alarm,
            )
            events = count("view_cli.events", args.lang, n)
            return message("view_cli.wrote_events", args.lang, events=events, path=args.out)
        size = write_report(args.out, reg, as_of=args.as_of, lang=args.lang)
        return message("view_cli.wrote_report", args.lang, size=size, path=args.out)
