"""The ``mtclean`` command. Each command lives in a module of its own; this module
only assembles them, so adding a command touches one import line."""

from __future__ import annotations

import sys

import typer

from ..errors import MtcleanError

# typer labels a value with its Python type in --help ("<list[Path]>", "<str>"); users read
# click's words (PATH, TEXT, INTEGER), and an argument with a metavar needs no label at all.
_WORDS = {"path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER", "bool": "BOOLEAN"}
_display_type = getattr(getattr(typer.core, "_TyperParameter", None), "display_type", None)


def _type_in_words(self, ctx):  # type: ignore[no-untyped-def]
    label = _display_type(self, ctx).strip("<>")
    inner = label[5:-1] if label.startswith("list[") else label
    return _WORDS.get(inner.lower(), inner.upper())


if _display_type is not None:
    typer.core._TyperParameter.display_type = _type_in_words  # type: ignore[method-assign]
    _argument_type = typer.core.TyperArgument.display_type_rich
    typer.core.TyperArgument.display_type_rich = lambda self, ctx: (  # type: ignore[method-assign]
        None if self.metavar else _argument_type(self, ctx)
    )

app = typer.Typer(
    name="mtclean",
    help="Find and fix machine-translation artifacts in English text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: metavars in words, and no rich import for --help
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"mtclean {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Find and fix machine-translation artifacts in English text."""

from . import apply, check, eval_cmd, fix, learn, rules_cmd, run, score  # noqa: E402,F401  (registers the commands)
from . import languagetool_cmd  # noqa: E402,F401  (mtclean languagetool install|status)


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
