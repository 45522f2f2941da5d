"""Installing LanguageTool from Maven Central into mtclean's cache, and finding it again.

LanguageTool is published on Maven Central as ordinary jars; Maven (which resolves
their ~160 dependencies, retries and caches) fetches them from the small pom kept in
the package (``data/languagetool/pom.xml``, which pins the version) and copies them
into ``<cache>/languagetool/<version>/lib``. An ``installed.json`` written last marks
a complete install, so an interrupted download is never mistaken for one and a
second ``install`` costs nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import MtcleanError

SERVER_CLASS = "org.languagetool.server.HTTPServer"
MARKER = "installed.json"
ATTEMPTS = 3  # whole Maven runs; each also retries single transfers (see _maven_command)


class InstallError(MtcleanError):
    """LanguageTool could not be installed: Java or Maven missing, or the download failed."""


@dataclass(frozen=True)
class Installed:
    version: str
    path: Path  # the version's folder; the jars are in path / "lib"
    jars: int
    size: int  # bytes

    @property
    def lib(self) -> Path:
        return self.path / "lib"

    @property
    def classpath(self) -> str:
        return str(self.lib / "*")


def pom() -> Path:
    """The pom shipped in the package (a real file: Maven reads it by path)."""
    return Path(__file__).resolve().parent / "data" / "languagetool" / "pom.xml"


def pinned_version() -> str:
    """The LanguageTool version the pom pins (its ``lt.version`` property)."""
    import xml.etree.ElementTree as ET  # (only when a version is asked for: not at every start)

    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(pom()).getroot().find("m:properties/m:lt.version", ns)
    if node is None or not (node.text or "").strip():
        raise InstallError("no lt.version in the packaged pom", path=str(pom()))
    return node.text.strip()


def home() -> Path:
    """Where installs live: ``MTCLEAN_LANGUAGETOOL_HOME``, else the user's cache folder."""
    given = os.environ.get("MTCLEAN_LANGUAGETOOL_HOME")
    if given:
        return Path(given).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "mtclean" / "languagetool"


def maybe_installed() -> bool:
    """False when no install of any version can be there (no marker in ``home()``): what a
    run without LanguageTool learns without loading the client or parsing the pom."""
    try:
        return any(home().glob(f"*/{MARKER}"))
    except OSError:
        return True  # cannot tell: the full look-up decides


def installed(version: str | None = None) -> Installed | None:
    """The complete install of ``version`` (default: the pinned one), or None."""
    version = version or pinned_version()
    folder = home() / version
    try:
        meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        jars = sorted((folder / "lib").glob("*.jar"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("version") != version or len(jars) != meta.get("jars"):
        return None  # a folder some other hand changed: not trusted
    if not any(j.name.startswith("languagetool-server-") for j in jars):
        return None
    return Installed(version, folder, len(jars), int(meta.get("size", 0)))


def java() -> str | None:
    """The ``java`` that runs LanguageTool: ``JAVA_HOME``'s, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def java_version(command: str) -> str:
    """``java -version``'s first line (e.g. ``openjdk version "17.0.15" 2025-04-15``)."""
    try:
        proc = subprocess.run([command, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unusable ({type(exc).__name__})"
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return lines[0].strip() if lines else "unknown version"


_DOWNLOADED = re.compile(r"^Downloaded from \S+: \S+ \((?P<size>[\d.,]+) (?P<unit>[kMG]?B)")
_ERROR = re.compile(r"^\[ERROR\] (?P<what>.+)")
_UNITS = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}


def _maven_command(mvn: str, pom_path: Path, out: Path) -> list[str]:
    return [
        mvn,
        "-B",  # batch: no colours, no interactive progress bars; one line per transfer
        "-f",
        str(pom_path),
        # Resolver and HTTP retries for one flaky transfer (Maven 3.8's wagon and 3.9's native transport).
        "-Dmaven.wagon.http.retryHandler.count=3",
        "-Dmaven.wagon.httpconnectionManager.ttlSeconds=120",
        "-Daether.connector.http.retryHandler.count=3",
        "-Daether.connector.requestTimeout=120000",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={out}",
        "-DincludeScope=runtime",
    ]


def install(progress: Callable[[str], None] | None = None, force: bool = False) -> tuple[Installed, bool]:
    """Install the pinned LanguageTool; (the install, whether anything was fetched).

    Raises InstallError with one line saying what is missing or what failed."""
    version = pinned_version()
    done = installed(version)
    if done is not None and not force:
        return done, False
    if java() is None:
        raise InstallError("LanguageTool needs Java, and no `java` was found (install a JRE, e.g. openjdk-17-jre-headless)")
    mvn = shutil.which("mvn")
    if mvn is None:
        raise InstallError("installing LanguageTool needs Maven (`mvn`), which was not found (install e.g. the maven package)")
    target = home() / version
    target.mkdir(parents=True, exist_ok=True)
    log_path = target / "maven.log"
    say = progress or (lambda _line: None)
    last_error = ""
    import tempfile  # (only when installing)

    for attempt in range(1, ATTEMPTS + 1):
        staging = Path(tempfile.mkdtemp(prefix="lib.partial-", dir=target))
        try:
            ok, last_error = _run_maven(_maven_command(mvn, pom(), staging), log_path, version, attempt, say)
            jars = sorted(staging.glob("*.jar"))
            if ok and any(j.name.startswith("languagetool-server-") for j in jars):
                lib = target / "lib"
                if lib.exists():
                    shutil.rmtree(lib)
                staging.rename(lib)
                size = sum(j.stat().st_size for j in lib.glob("*.jar"))
                meta = {"version": version, "jars": len(jars), "size": size, "source": "Maven Central"}
                tmp = target / (MARKER + ".tmp")
                tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
                tmp.replace(target / MARKER)
                made = installed(version)
                if made is None:  # pragma: no cover  (only if the folder changed under us)
                    raise InstallError("the install could not be verified", path=str(target))
                return made, True
            if ok:
                last_error = "Maven finished but copied no languagetool-server jar"
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        if attempt < ATTEMPTS:
            time.sleep(2 * attempt)
    raise InstallError(
        f"downloading LanguageTool {version} from Maven Central failed after {ATTEMPTS} attempts: "
        f"{last_error or 'see the log'} (Maven's log: {log_path})"
    )


def _run_maven(
    cmd: list[str], log_path: Path, version: str, attempt: int, say: Callable[[str], None]
) -> tuple[bool, str]:
    """Run Maven, turning its transfer lines into progress; (succeeded, first [ERROR] line)."""
    files = 0
    fetched = 0.0
    first_error = ""
    again = f" (attempt {attempt} of {ATTEMPTS})" if attempt > 1 else ""
    say(f"fetching LanguageTool {version} from Maven Central{again}")
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace"
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                line = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip())
                m = _DOWNLOADED.match(line)
                if m:
                    files += 1
                    fetched += float(m["size"].replace(",", "")) * _UNITS[m["unit"]]
                    if m["unit"] in ("MB", "GB") or files % 10 == 0:
                        say(f"fetching LanguageTool {version}{again}: {files} files, {fetched / 1e6:.0f} MB")
                e = _ERROR.match(line)
                if e and not first_error and e["what"].strip():
                    first_error = " ".join(e["what"].split())[:240]
            code = proc.wait()
    except OSError as exc:
        return False, f"could not run Maven: {exc}"
    except KeyboardInterrupt:
        proc.kill()
        raise
    return code == 0, first_error or (f"Maven exited with status {code}" if code else "")


def progress_printer(stream=sys.stderr) -> Callable[[str], None]:  # type: ignore[no-untyped-def]
    """One progress line: rewritten in place on a terminal, a line per step elsewhere."""
    tty = stream.isatty()

    def say(message: str) -> None:
        if tty:
            stream.write("\r\x1b[K" + message)
        else:
            stream.write(message + "\n")
        stream.flush()

    def end() -> None:
        if tty:
            stream.write("\n")
            stream.flush()

    say.end = end  # type: ignore[attr-defined]
    return say
