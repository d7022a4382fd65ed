"""The ``hearth`` command line: a thin layer over ``desktop_app.core``.

Each subcommand lives in its own module ``desktop_app.cli.cmd_<name>`` exposing
``register(subparsers)``; the module sets ``func`` on its parser. Only the module of the command
being run is imported (each pulls in its part of the core; all of them together cost a one-shot
``hearth search`` a third of its time); ``hearth --help`` and an unknown command import them all.
Exit codes: 0 ok, 1 bug, 2+ known errors (see ``core.errors``), 130 cancelled.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from desktop_app import __version__
from desktop_app.core.errors import Cancelled, KnownError

COMMANDS = ("init", "stats", "doctor", "import", "search", "ask", "profile", "scope", "forget",
            "export", "delete", "lock", "passphrase", "models", "embed", "chats", "demo", "selftest", "gui")


# Top-level options that take a value: the token after them is not the command.
_VALUE_OPTIONS = ("--profile",)


def command_in(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` as argparse will read it, or None (help, errors, the window)."""
    skip = False
    for tok in argv:
        if skip:
            skip = False
            continue
        if tok == "--":
            return None
        if tok in _VALUE_OPTIONS:
            skip = True
            continue
        if tok.startswith("-"):
            continue
        return tok if tok in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` a parser that knows just that subcommand (same options)."""
    parser = argparse.ArgumentParser(prog="hearth", description="Hearth: a private assistant over your own Meta archive.")
    parser.add_argument("--version", action="version", version=f"hearth {__version__}")
    parser.add_argument("--profile", metavar="DIR", help="profile folder (default: HEARTH_HOME or the user data dir)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--self-test", action="store_true", help="run the built-in self-test and exit")
    parser.add_argument("--no-error-dialogs", action="store_true", help="log GUI errors instead of showing dialogs")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        importlib.import_module(f"desktop_app.cli.cmd_{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from desktop_app.core.privacy import egress, hygiene

    egress.install()
    hygiene.harden_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=command_in(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    hygiene.install_log_scrubber()
    if args.self_test:
        from desktop_app.cli import cmd_selftest
        args.func = cmd_selftest.run
    elif args.command is None:
        from desktop_app.cli import cmd_gui
        args.func = cmd_gui.run
    try:
        return int(args.func(args) or 0)
    except KnownError as exc:
        _fail(args, exc.user_message, exc.exit_code, type(exc).__name__)
        return exc.exit_code
    except Cancelled:
        _fail(args, "Cancelled.", 130, "Cancelled")
        return 130
    except KeyboardInterrupt:
        _fail(args, "Interrupted.", 130, "Cancelled")
        return 130
    except BrokenPipeError:
        return 0


def _fail(args: argparse.Namespace, message: str, code: int, kind: str) -> None:
    from desktop_app.cli._output import print_json

    if getattr(args, "json", False):
        print_json({"ok": False, "error": message, "error_type": kind, "exit_code": code})
    else:
        print(f"hearth: error: {message}", file=sys.stderr)


if os.environ.get("HEARTH_CLI_DEBUG"):  # pragma: no cover
    logging.getLogger().setLevel(logging.DEBUG)
