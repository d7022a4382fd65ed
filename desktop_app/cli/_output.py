"""Output helpers shared by subcommands: JSON for scripts, plain text for people."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any


def add_common(parser: argparse.ArgumentParser) -> None:
    """Accept ``--json``/``--profile`` after the subcommand too."""
    parser.add_argument("--profile", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def fmt_ts(ts_ms: int | None) -> str:
    """Local time with the zone named (the one time-zone policy: times as the user lives them)."""
    from desktop_app.core.timezone import local_zone, zone_name

    if ts_ms is None:
        return "—"
    zone = local_zone()
    return dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone(zone).strftime("%Y-%m-%d %H:%M ") \
        + zone_name(zone)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    if getattr(args, "json", False):
        print_json(data)
    elif text is not None:
        print(text)
