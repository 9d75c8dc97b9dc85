"""The ``vkac-flow`` command line.

* ``vkac-flow timeline --letter-received 2026-12-01 --initiator municipality`` -- the
  statutory timeline of a transfer (p. 13-15), as a table or ``--format json``;
* ``vkac-flow calendar 2026`` -- the year's days off and working Saturdays with sources;
* ``vkac-flow deadline 2025-12-19 --working-days 20 --explain`` -- one deadline, explained
  (``--months N``, ``--days N``; ``--before`` counts backwards);
* ``vkac-flow status procedure.json --as-of 2026-05-01 [--known-at INSTANT]`` -- replay a
  saved transfer or exclusion procedure (or every procedure of a bundle) and tell its state,
  events, obligations, breaches and allowed events, as of that day and as known then;
* ``vkac-flow simulate --n 10000 --start 2027-01-01 --end 2027-12-31 --seed 1`` -- a Monte
  Carlo of transfer procedures (needs the ``sim`` extra).

Errors are printed on stderr with exit status 2, on one line each. Everything printed
passes :func:`~vkac_flow.errors.terminal_safe`: a name read from a document or an order file
cannot forge a line, move the cursor or break the output's encoding (``docs/reliability.md``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vkac_flow._version import __version__
from vkac_flow.calendar.data import TransferOrder, load_transfer_orders
from vkac_flow.calendar.dates import to_date
from vkac_flow.calendar.deadline import RollPolicy
from vkac_flow.calendar.latvian import LatvianCalendar
from vkac_flow.calendar.periods import Days, Months, Period, WorkingDays
from vkac_flow.errors import (
    DateOutOfRangeError,
    InputError,
    VkacFlowError,
    echo,
    terminal_safe,
)
from vkac_flow.messages import Text, check_language, choose_language, legal_source, message
from vkac_flow.messages.causes import os_cause, utf8_cause
from vkac_flow.procedures.timeline import statutory_timeline
from vkac_flow.views.cli_language import (
    CliParser,
    help_language,
    name_commands,
    requested_language,
)
from vkac_flow.views.register_cli import add_register_parser, run_register
from vkac_flow.views.texts import add_lang_option

if TYPE_CHECKING:
    from vkac_flow.procedures.base import Procedure

__all__ = ["build_parser", "main"]


def _calendar(args: argparse.Namespace) -> LatvianCalendar:
    orders: tuple[TransferOrder, ...] = ()
    if args.orders:
        orders = load_transfer_orders(_read_text(args.orders))
    return LatvianCalendar(
        transfers=not args.no_transfers,
        roll_policy=RollPolicy(getattr(args, "roll_policy", RollPolicy.INSTITUTION_CALENDAR.value)),
        extra_orders=orders,
    )


def _read_text(path: str) -> str:
    """The text of a file ('-': standard input), or a typed error."""
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as err:
        raise InputError(
            Text("error.cli.cannot_read", path=echo(path), reason=os_cause(err))
        ) from None
    except UnicodeDecodeError as err:
        raise InputError(
            Text("error.cli.cannot_read", path=echo(path), reason=utf8_cause(err))
        ) from None
    except ValueError:  # e.g. a path with a NUL character
        raise InputError(Text("error.cli.bad_file_name", path=echo(path))) from None


def _add_calendar_options(p: argparse.ArgumentParser, lang: str, *, roll: bool = True) -> None:
    def h(key: str) -> str:
        return message(f"cli.help.{key}", lang)

    p.add_argument("--no-transfers", action="store_true", help=h("no_transfers"))
    p.add_argument("--orders", metavar=message("cli.metavar.FILE", lang), help=h("orders"))
    if roll:
        p.add_argument(
            "--roll-policy",
            choices=[p.value for p in RollPolicy],
            default=RollPolicy.INSTITUTION_CALENDAR.value,
            help=h("roll_policy"),
        )
    add_lang_option(p, lang)


class _VersionAction(argparse.Action):
    """``--version``, worked out only when asked: it reads the law data (not at start-up)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from vkac_flow.law.regulation import REGULATION
        from vkac_flow.law.version import rules_version
        from vkac_flow.procedures.documents import PROCEDURE_FORMATS

        lang = getattr(parser, "lang", "en")  # a CliParser speaks the pre-scanned language
        kinds = ", ".join(
            message(
                "cli.version_kind",
                lang,
                kind=message(f"report.kinds.{cls.FORMAT.rsplit('.', 1)[-1]}", lang),
                rules=cls.current_rules_version(),
            )
            for cls in PROCEDURE_FORMATS.values()
        )
        print(
            message(
                "cli.version",
                lang,
                prog=parser.prog,
                version=__version__,
                regulation=REGULATION.text_version.summary(lang),
                rules=rules_version(),
                kinds=kinds,
            )
        )
        parser.exit()


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser of ``vkac-flow``, its help and usage errors in ``lang``.

    The texts are the catalogue's (``messages/<lang>/cli.toml``); argparse's own words are
    translated by :class:`~vkac_flow.views.cli_language.CliParser`.

    Raises:
        MessageError: ``lang`` is neither ``"en"`` nor ``"lv"``.
    """
    check_language(lang)

    def h(key: str) -> str:
        return message(f"cli.help.{key}", lang)

    def m(name: str) -> str:
        return message(f"cli.metavar.{name}", lang)

    def command(sub: Any, name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(
            name, help=message(f"cli.command.{name}", lang)
        )
        return parser

    formats = ["text", "json"]
    parser = CliParser(prog="vkac-flow", description=message("cli.description", lang), lang=lang)
    parser.add_argument("--version", action=_VersionAction, help=h("version"))
    add_lang_option(parser, lang)
    sub = parser.add_subparsers(dest="command", required=True)

    t = command(sub, "timeline")
    t.add_argument(
        "--letter-received", required=True, metavar=m("LETTER_RECEIVED"), help=h("letter_received")
    )
    t.add_argument(
        "--initiator",
        required=True,
        choices=["municipality", "institution", "service_holder"],
        help=h("initiator"),
    )
    t.add_argument("--format", choices=formats, default="text")
    t.add_argument("--explain", action="store_true", help=h("timeline_explain"))
    _add_calendar_options(t, lang)

    c = command(sub, "calendar")
    c.add_argument("year", type=int, metavar=m("year"))
    c.add_argument("--format", choices=formats, default="text")
    _add_calendar_options(c, lang, roll=False)

    d = command(sub, "deadline")
    d.add_argument("date", metavar=m("date"), help=h("event_date"))
    unit = d.add_mutually_exclusive_group(required=True)
    unit.add_argument("--working-days", type=int, metavar="N")
    unit.add_argument("--months", type=int, metavar="N")
    unit.add_argument("--days", type=int, metavar="N")
    d.add_argument("--before", action="store_true", help=h("before"))
    d.add_argument("--explain", action="store_true", help=h("deadline_explain"))
    d.add_argument("--format", choices=formats, default="text")
    _add_calendar_options(d, lang)

    st = command(sub, "status")
    st.add_argument("file", metavar=m("file"), help=h("status_file"))
    st.add_argument("--as-of", metavar=m("AS_OF"), help=h("status_as_of"))
    st.add_argument("--known-at", metavar=m("INSTANT"), help=h("status_known_at"))
    st.add_argument("--today", metavar=m("TODAY"), help=h("today"))
    st.add_argument("--registry", metavar=m("FILE"), help=h("registry"))
    st.add_argument("--format", choices=formats, default="text")
    _add_calendar_options(st, lang)

    sim = command(sub, "simulate")
    sim.add_argument("--n", type=int, default=10_000, metavar="N", help=h("simulate_n"))
    sim.add_argument("--start", required=True, metavar=m("START"), help=h("simulate_start"))
    sim.add_argument("--end", required=True, metavar=m("END"), help=h("simulate_end"))
    sim.add_argument(
        "--initiator",
        default="mixed",
        choices=["municipality", "institution", "service_holder", "mixed"],
        help=h("simulate_initiator"),
    )
    sim.add_argument(
        "--meetings-per-year",
        type=int,
        choices=range(1, 13),
        metavar="{1..12}",
        default=None,
        help=h("meetings_per_year"),
    )
    sim.add_argument("--defer-probability", type=float, default=0.0, metavar=m("DEFER_PROBABILITY"))
    sim.add_argument(
        "--reject-probability", type=float, default=0.0, metavar=m("REJECT_PROBABILITY")
    )
    sim.add_argument("--seed", type=int, default=None, metavar=m("SEED"))
    sim.add_argument("--format", choices=formats, default="text")
    _add_calendar_options(sim, lang)
    add_register_parser(sub, lang)
    name_commands(sub, lang)
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
    lang = args.lang
    transfers = message("transfers_off" if args.no_transfers else "transfers_on", lang)
    lines = [message("calendar_heading", lang, year=args.year, transfers=transfers)]
    marks = {True: message("calendar_working", lang), False: message("calendar_off", lang)}
    width = max(map(len, marks.values()))
    weekdays = {n: message(f"weekday_short.{n}", lang) for n in range(1, 8)}
    day_width = max(map(len, weekdays.values()))
    for i in days:
        name = i.name_lv if lang == "lv" else i.name_en  # the holiday's own names (data)
        day = weekdays[i.date.isoweekday()].ljust(day_width)
        mark = marks[i.is_working].ljust(width)
        source = legal_source(i.source, lang)
        lines.append(f"{i.date.isoformat()} {day}  {mark}  {name}  [{source}]")
    if args.year > cal.horizon:
        lines.append(message("calendar_provisional", lang, year=args.year, horizon=cal.horizon))
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
    day = to_date(args.date, what=Text("cli.metavar.date"))  # named as the usage line names it
    result = cal.deadline_before(day, period) if args.before else cal.deadline(day, period)
    if args.format == "json":
        data = result.to_dict()
        if args.explain:
            data["explanation"] = result.explain(args.lang).splitlines()
        return json.dumps(data, indent=2, ensure_ascii=False)
    key = "deadline_latest" if args.before else "deadline_due"
    line = message(key, args.lang, date=result.due.isoformat())
    if result.provisional:
        line += message("deadline_provisional", args.lang)
    if args.explain:
        return line + "\n" + result.explain(args.lang)
    return line


def _day_in_range(cal: LatvianCalendar, value: str, option: str) -> datetime.date:
    """The date of an option, inside the calendar's supported range."""
    day = to_date(value, what=option)
    if not cal.first_date <= day <= cal.last_date:
        raise DateOutOfRangeError(
            Text(
                "error.cli.outside_calendar",
                option=option,
                day=day.isoformat(),
                first=cal.first_date.isoformat(),
                last=cal.last_date.isoformat(),
            )
        )
    return day


def _known_at(value: str) -> datetime.datetime:
    """The ``--known-at`` instant: an aware ISO-8601 datetime."""
    try:
        instant = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(Text("error.cli.known_at", value=echo(value))) from None
    to_date(instant, what="--known-at")  # refuses a naive instant
    return instant


def _status_one(
    proc: Procedure, as_of: datetime.date | None, known_at: datetime.datetime | None, lang: str
) -> tuple[str, dict[str, object]]:
    """Text and JSON of one procedure's status (a snapshot with --as-of/--known-at)."""
    if as_of is None and known_at is None:
        breaches = proc.breaches()
        text = "\n".join([proc.summary(lang=lang), *proc.breaches_text(lang=lang)])
        data: dict[str, object] = {
            "format": proc.FORMAT,
            "id": proc.id,
            "state": proc.state,
            "allowed_events": list(proc.allowed_events()),
            "obligations": [o.to_dict() for o in proc.obligations()],
            "waiting_periods": [w.to_dict() for w in proc.waiting_periods()],
            "breaches": [b.to_dict() for b in breaches],
        }
        if proc.rules_note is not None:  # written under older rules: folded, not re-decided
            data["rules_note"] = proc.rules_note
        return text, data
    snap = proc.as_of(as_of if as_of is not None else proc.clock(), known_at)
    data = {
        "format": proc.FORMAT,
        "id": proc.id,
        "as_of": snap.day.isoformat(),
        "known_at": None if known_at is None else known_at.isoformat(),
        "state": snap.state,
        "events": [r.to_dict() | {"event_id": r.event_id} for r in snap.history],
        "allowed_events": list(snap.allowed_events()),
        "obligations": [o.to_dict() for o in snap.obligations()],
        "waiting_periods": [w.to_dict() for w in snap.waiting_periods()],
        "breaches": [b.to_dict() for b in snap.breaches()],
    }
    if proc.rules_note is not None:  # written under older rules: folded, not re-decided
        data["rules_note"] = proc.rules_note
    return snap.summary(lang), data


def _cmd_status(args: argparse.Namespace) -> str:
    from vkac_flow.law.centres import CentreRegistry
    from vkac_flow.procedures.documents import json_document, load_document

    text = _read_text(args.file)
    cal = _calendar(args)
    today = _day_in_range(cal, args.today, "--today") if args.today else None
    registry = CentreRegistry.from_json(_read_text(args.registry)) if args.registry else None
    doc = json_document(text)  # typed errors for huge numbers, NaN, surrogates, deep nesting
    procs = load_document(
        doc,
        calendar=cal,
        clock=(lambda: today) if today else None,
        registry=registry,
    )
    as_of = _day_in_range(cal, args.as_of, "--as-of") if args.as_of else None
    known_at = _known_at(args.known_at) if args.known_at else None
    results = [_status_one(p, as_of, known_at, args.lang) for p in procs]
    bundle = isinstance(doc, dict) and doc.get("format") == "vkac_flow.bundle"
    if args.format == "json":
        out: object = [d for _, d in results] if bundle else results[0][1]
        return json.dumps(out, indent=2, ensure_ascii=False)
    if not bundle:
        return results[0][0]
    n = len(results)
    parts = [message("bundle_heading_one" if n == 1 else "bundle_heading_many", args.lang, n=n)]
    parts.extend(
        f"\n[{i}] {p.id}\n{t}" for i, (p, (t, _)) in enumerate(zip(procs, results, strict=True), 1)
    )
    return "\n".join(parts)


def _cmd_simulate(args: argparse.Namespace) -> str:
    try:
        from vkac_flow.simulate import regular_meetings, simulate
    except ImportError as err:  # pragma: no cover - depends on the installed extras
        raise InputError(Text("error.simulate.needs_extra", reason=str(err))) from None
    cal = _calendar(args)
    start, end = to_date(args.start, what="--start"), to_date(args.end, what="--end")
    initiator: object = (
        {"municipality": 0.6, "institution": 0.4} if args.initiator == "mixed" else args.initiator
    )
    meetings = None
    if args.meetings_per_year is not None:
        # Meetings from the letters' first year far past the last one (within the calendar),
        # so that even a long tail of deferred proposals still finds a meeting.
        last_year = max(end.year, min(end.year + 25, cal.last_date.year))
        meetings = regular_meetings(start.year, last_year, args.meetings_per_year, calendar=cal)
    result = simulate(
        initiator=initiator,
        n=args.n,
        start=start,
        end=end,
        committee_meetings=meetings,
        defer_probability=args.defer_probability,
        reject_probability=args.reject_probability,
        seed=args.seed,
        calendar=cal,
    )
    summary = result.summary()
    if args.format == "json":
        return json.dumps(summary.to_dict() | {"seed": result.seed}, indent=2, allow_nan=False)
    return summary.to_text(args.lang)


_COMMANDS = {
    "timeline": _cmd_timeline,
    "calendar": _cmd_calendar,
    "deadline": _cmd_deadline,
    "status": _cmd_status,
    "simulate": _cmd_simulate,
    "register": run_register,
}


def _one_line(text: str) -> str:
    """``text`` escaped for a terminal, newlines included: one message is one line."""
    return terminal_safe(text).replace("\n", "\\n")


def _print_error(text: str, lang: str = "en") -> None:
    print(_one_line(message("error.cli_prefix", lang, message=text)), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vkac-flow``; returns the exit status.

    The language is decided before the parser is built (:func:`requested_language`, a
    pre-scan of ``argv`` for ``--lang``, then ``VKAC_LANG``, then the locale), so that the
    help and argparse's usage errors speak it too; a bad value gives English help and is
    reported as before.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    requested = requested_language(arguments)
    args = build_parser(help_language(requested)).parse_args(arguments)
    try:
        # a subcommand's own --lang, else one before the subcommand (vkac-flow --lang lv ...)
        given = getattr(args, "lang", None)
        args.lang = choose_language(given if given is not None else requested)
    except ValueError as exc:  # VKAC_LANG set to another language
        _print_error(message("error.cli_environment", "en", message=exc))
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = _COMMANDS[args.command](args)
        except VkacFlowError as exc:
            _print_error(exc.localized(args.lang), args.lang)
            return 2
        except MemoryError:
            # e.g. ``simulate --n 10**14``: numpy cannot allocate the arrays.
            _print_error(message("error.cli_memory", args.lang), args.lang)
            return 2
        except RecursionError:
            _print_error(message("error.cli_recursion", args.lang), args.lang)
            return 2
        finally:
            for w in caught:
                said = (
                    w.message.args[0] if isinstance(w.message, Warning) and w.message.args else None
                )
                shown = said.render(args.lang) if isinstance(said, Text) else w.message
                text = message("error.cli_warning", args.lang, message=shown)
                print(_one_line(text), file=sys.stderr)
    try:
        print(terminal_safe(out))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``vkac-flow calendar 2026 | head``): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
