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


def add_view_parsers(cmds: Any, lang: str = "en") -> None:
    """Add ``ics`` and ``report`` to the ``register`` command's subparsers, help in ``lang``."""

    def h(key: str) -> str:
        return message(f"cli.help.{key}", lang)

    def m(name: str) -> str:
        return message(f"cli.metavar.{name}", lang)

    def db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=None, metavar=m("DB"), help=h("db"))
        add_lang_option(p, lang)
        p.add_argument("--out", required=True, metavar=m("OUT"), help=h("out"))

    def command(name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = cmds.add_parser(
            name, help=message(f"cli.register_command.{name}", lang)
        )
        return parser

    ics = command("ics")
    db(ics)
    ics.add_argument("--responsible", metavar=m("RESPONSIBLE"), help=h("responsible"))
    ics.add_argument("--procedure", metavar=m("PROCEDURE"), help=h("procedure"))
    ics.add_argument("--from", dest="start", metavar=m("START"), help=h("from"))
    ics.add_argument("--to", dest="end", metavar=m("END"), help=h("to"))
    ics.add_argument("--as-of", metavar=m("AS_OF"), help=h("ics_as_of"))
    ics.add_argument("--alarm", type=int, metavar="N", help=h("alarm"))
    rep = command("report")
    db(rep)
    rep.add_argument("--as-of", metavar=m("AS_OF"), help=h("report_as_of"))


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
