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

# Each command's module, imported (which registers the command on ``app``) only when the
# command runs: a hook's ``mtclean check`` need not load what ``run``, ``apply`` or ``eval``
# import. Help for the whole program, or a name that is no command, loads them all.
COMMANDS = {
    "apply": "apply",
    "check": "check",
    "eval": "eval_cmd",
    "fix": "fix",
    "languagetool": "languagetool_cmd",
    "learn": "learn",
    "rules": "rules_cmd",
    "run": "run",
    "score": "score",
}

PIPELINE_COMMANDS = ("check", "fix", "run", "eval")  # they build a pipeline: see startup.py


def register(names: list[str] | None = None) -> typer.Typer:
    """Register the named commands (all of them by default) on ``app`` and return it."""
    import importlib

    for name in COMMANDS if names is None else names:
        importlib.import_module(f".{COMMANDS[name]}", __name__)
    return app


def _command_named(argv: list[str]) -> list[str] | None:
    # The program's own options (--version, --help) take no value, so the first word that
    # is not an option names the command.
    word = next((a for a in argv if not a.startswith("-")), None)
    return [word] if word in COMMANDS else None


def main() -> None:
    """Entry point: user errors are one line on stderr and exit 2, never a traceback."""
    try:
        named = _command_named(sys.argv[1:])
        register(named)
        if named is None or named[0] not in PIPELINE_COMMANDS:
            from ..startup import over

            over()  # the collector paused for start-up resumes when the first pipeline is built
        app()
    except MtcleanError as exc:
        print(f"mtclean: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("mtclean: interrupted", file=sys.stderr)
        sys.exit(130)
