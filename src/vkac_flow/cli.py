"""The ``vkac-flow`` command line.

* ``vkac-flow timeline --letter-received 2026-12-01 --initiator municipality`` -- the
  statutory timeline of a transfer (p. 13-15), as a table or ``--format json``;
* ``vkac-flow calendar 2026`` -- the year's days off and working Saturdays with sources;
* ``vkac-flow deadline 2025-12-19 --working-days 20 --explain`` -- one deadline, explained
  (``--months N``, ``--days N``; ``--before`` counts backwards).

Errors are printed on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.deadline import RollPolicy
from vkac_flow.errors import VkacFlowError
from vkac_flow.periods import Days, Months, Period, WorkingDays
from vkac_flow.timeline import statutory_timeline

__all__ = ["build_parser", "main"]


def _calendar(args: argparse.Namespace) -> LatvianCalendar:
    return LatvianCalendar(
        transfers=not args.no_transfers, roll_policy=RollPolicy(args.roll_policy)
    )


def _add_calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-transfers",
        action="store_true",
        help="ignore Cabinet transfer orders (a municipality that does not follow them)",
    )
    p.add_argument(
        "--roll-policy",
        choices=[p.value for p in RollPolicy],
        default=RollPolicy.INSTITUTION_CALENDAR.value,
        help="how APL s. 43(2) treats days changed by transfer orders (default: %(default)s)",
    )
    p.add_argument("--lang", choices=["en", "lv"], default="en", help="language of explanations")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vkac-flow``."""
    parser = argparse.ArgumentParser(
        prog="vkac-flow",
        description="Latvian VPVKAC regulation (p. 12-16): statutory deadlines and timelines.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("timeline", help="statutory timeline of a transfer (p. 13-15)")
    t.add_argument("--letter-received", required=True, help="date the ministry got the letter")
    t.add_argument(
        "--initiator",
        required=True,
        choices=["municipality", "institution", "service_holder"],
        help="who proposed the transfer (p. 12): picks p. 13 or p. 14",
    )
    t.add_argument("--format", choices=["text", "json"], default="text")
    t.add_argument("--explain", action="store_true", help="explain every date")
    _add_calendar_options(t)

    c = sub.add_parser("calendar", help="a year's days off and working Saturdays")
    c.add_argument("year", type=int)
    c.add_argument("--format", choices=["text", "json"], default="text")
    _add_calendar_options(c)

    d = sub.add_parser("deadline", help="one statutory deadline, explained")
    d.add_argument("date", help="the event date (ISO-8601)")
    unit = d.add_mutually_exclusive_group(required=True)
    unit.add_argument("--working-days", type=int, metavar="N")
    unit.add_argument("--months", type=int, metavar="N")
    unit.add_argument("--days", type=int, metavar="N")
    d.add_argument(
        "--before", action="store_true", help="latest day N before the event (p. 16, 19)"
    )
    d.add_argument("--explain", action="store_true", help="explain how the date was reached")
    d.add_argument("--format", choices=["text", "json"], default="text")
    _add_calendar_options(d)
    return parser


def _cmd_timeline(args: argparse.Namespace) -> str:
    timeline = statutory_timeline(args.letter_received, args.initiator, calendar=_calendar(args))
    if args.format == "json":
        return json.dumps(timeline.to_dict(), indent=2, ensure_ascii=False)
    return timeline.to_text(explain=args.explain, lang=args.lang)


def _cmd_calendar(args: argparse.Namespace) -> str:
    cal = _calendar(args)
    days = cal.special_days(args.year)
    if args.format == "json":
        return json.dumps(
            {
                "year": args.year,
                "horizon": cal.horizon,
                "provisional": args.year > cal.horizon,
                "days": [
                    {
                        "date": i.date.isoformat(),
                        "kind": i.kind.value,
                        "working": i.is_working,
                        "name_en": i.name_en,
                        "name_lv": i.name_lv,
                        "source": i.source,
                    }
                    for i in days
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    lines = [f"Latvian calendar {args.year} (transfers {'off' if args.no_transfers else 'on'})"]
    for i in days:
        name = i.name_lv if args.lang == "lv" else i.name_en
        mark = "WORK" if i.is_working else "off "
        lines.append(f"{i.date.isoformat()} {i.date.strftime('%a')}  {mark}  {name}  [{i.source}]")
    if args.year > cal.horizon:
        lines.append(
            f"PROVISIONAL: no Cabinet transfer order for {args.year} is known "
            f"(horizon {cal.horizon})."
        )
    return "\n".join(lines)


def _cmd_deadline(args: argparse.Namespace) -> str:
    cal = _calendar(args)
    period: Period
    if args.working_days is not None:
        period = WorkingDays(args.working_days)
    elif args.months is not None:
        period = Months(args.months)
    else:
        period = Days(args.days)
    result = (
        cal.deadline_before(args.date, period) if args.before else cal.deadline(args.date, period)
    )
    if args.format == "json":
        data = result.to_dict()
        if args.explain:
            data["explanation"] = result.explain(args.lang).splitlines()
        return json.dumps(data, indent=2, ensure_ascii=False)
    word = "latest day" if args.before else "due"
    line = f"{word}: {result.due.isoformat()}" + (" (provisional)" if result.provisional else "")
    if args.explain:
        return line + "\n" + result.explain(args.lang)
    return line


_COMMANDS = {"timeline": _cmd_timeline, "calendar": _cmd_calendar, "deadline": _cmd_deadline}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vkac-flow``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        out = _COMMANDS[args.command](args)
    except VkacFlowError as exc:
        print(f"vkac-flow: error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
