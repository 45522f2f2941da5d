"""``mtclean languagetool install|status``: the LanguageTool the grammar stage starts by itself."""

from __future__ import annotations

import typer

from .. import lt_install
from . import app
from .common import fail

languagetool_app = typer.Typer(
    help="Install LanguageTool (from Maven Central) for the grammar stage, and say what is installed.",
    no_args_is_help=True,
)
app.add_typer(languagetool_app, name="languagetool")


@languagetool_app.command("install")
def install(
    force: bool = typer.Option(False, "--force", help="Fetch again even when already installed."),
) -> None:
    """Fetch LanguageTool's server and English module with Maven into mtclean's cache.

    Needs Java (to run it) and Maven (to fetch it); about 240 MB the first time.
    Running it again does nothing once the install is complete."""
    say = lt_install.progress_printer()
    try:
        made, fetched = lt_install.install(progress=say, force=force)
    except lt_install.InstallError as exc:
        say.end()  # type: ignore[attr-defined]
        fail(str(exc))
        return
    say.end()  # type: ignore[attr-defined]
    what = "installed" if fetched else "already installed"
    print(f"LanguageTool {made.version} {what} in {made.path} ({made.jars} jars, {made.size / 1e6:.0f} MB)")


@languagetool_app.command("status")
def status() -> None:
    """Which LanguageTool is installed, where, and which Java runs it (exit 1: not installed)."""
    version = lt_install.pinned_version()
    made = lt_install.installed(version)
    java = lt_install.java()
    java_line = f"{java} ({lt_install.java_version(java)})" if java else "not found (LanguageTool needs Java)"
    if made is None:
        print(f"LanguageTool {version}: not installed in {lt_install.home() / version} (run `mtclean languagetool install`)")
    else:
        print(f"LanguageTool {made.version}: installed in {made.path} ({made.jars} jars, {made.size / 1e6:.0f} MB)")
    print(f"Java: {java_line}")
    if made is None or java is None:
        raise typer.Exit(1)
