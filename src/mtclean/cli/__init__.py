"""The ``mtclean`` command. Each command lives in a module of its own; this module
only assembles them, so adding a command touches one import line."""

from __future__ import annotations

import sys

import typer

from ..errors import MtcleanError

app = typer.Typer(
    name="mtclean",
    help="Find and fix machine-translation artifacts in English text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from . import check, eval_cmd, fix, learn, rules_cmd, run, score  # noqa: E402,F401  (registers the commands)


def main() -> None:
    """Entry point: user errors are one line on stderr and exit 2, never a traceback."""
    try:
        app()
    except MtcleanError as exc:
        print(f"mtclean: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("mtclean: interrupted", file=sys.stderr)
        sys.exit(130)
