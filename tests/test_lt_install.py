"""`mtclean languagetool install|status` without the network: Maven is replaced by small
scripts that behave as Maven does (its transfer lines, its [ERROR] lines, its exit
status, the jars it copies), so the installer's own logic is what is tested. The real
download is what `.ci/run` does, and tests/stages/test_grammar_real.py uses its result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import mtclean_process as mtclean  # the install and its progress line: a real process

from mtclean import lt_install

FAKE_MAVEN_OK = """#!/bin/sh
# Maven's batch-mode lines, then the jars copy-dependencies would copy.
for a in "$@"; do case "$a" in -DoutputDirectory=*) out="${a#-DoutputDirectory=}";; esac; done
echo "[INFO] Scanning for projects..."
echo "Downloaded from central: https://repo.maven.apache.org/maven2/org/languagetool/languagetool-server/6.5/languagetool-server-6.5.jar (2.5 MB at 5.0 MB/s)"
echo "Downloaded from central: https://repo.maven.apache.org/maven2/org/languagetool/language-en/6.5/language-en-6.5.jar (4.5 MB at 5.0 MB/s)"
echo "$@" > "$MAVEN_ARGS_LOG"
mkdir -p "$out"
printf 'jar' > "$out/languagetool-server-6.5.jar"
printf 'jar' > "$out/language-en-6.5.jar"
echo "[INFO] BUILD SUCCESS"
"""

FAKE_MAVEN_FAILS = """#!/bin/sh
echo "attempt" >> "$MAVEN_ARGS_LOG"
echo "[INFO] Scanning for projects..."
echo "[ERROR] Failed to execute goal on project mtclean-languagetool: Could not resolve dependencies: repo.maven.apache.org: Temporary failure in name resolution"
exit 1
"""


def tool(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    (folder / name).chmod(0o755)


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache, a `java`, and a bin folder for a `mvn`; nothing else on PATH."""
    bin_dir = tmp_path / "bin"
    tool(bin_dir, "java", '#!/bin/sh\necho \'openjdk version "17.0.9" 2023-10-17\' >&2\n')
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("MTCLEAN_LANGUAGETOOL_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("MAVEN_ARGS_LOG", str(tmp_path / "maven-args"))
    monkeypatch.setattr(lt_install.time, "sleep", lambda s: None)
    return bin_dir


def test_the_pom_pins_the_version() -> None:
    assert lt_install.pinned_version() == "6.5"
    assert "org.languagetool" in lt_install.pom().read_text(encoding="utf-8")


def test_install_copies_the_jars_marks_the_install_and_is_idempotent(machine: Path, tmp_path: Path) -> None:
    tool(machine, "mvn", FAKE_MAVEN_OK)
    said: list[str] = []
    made, fetched = lt_install.install(progress=said.append)
    assert fetched and made.version == "6.5" and made.jars == 2
    assert made.path == tmp_path / "cache" / "6.5" and (made.lib / "language-en-6.5.jar").is_file()
    assert json.loads((made.path / "installed.json").read_text())["jars"] == 2
    assert said[0] == "fetching LanguageTool 6.5 from Maven Central" and said[-1].endswith("2 files, 7 MB")
    args = (tmp_path / "maven-args").read_text()
    assert "-B" in args.split() and "dependency:copy-dependencies" in args and str(lt_install.pom()) in args
    assert not list(made.path.glob("lib.partial-*"))  # the staging folder became lib/
    (tmp_path / "maven-args").unlink()
    again, fetched = lt_install.install()
    assert not fetched and again == made and not (tmp_path / "maven-args").exists()  # Maven not run again


def test_a_failed_download_is_retried_then_one_line(machine: Path, tmp_path: Path) -> None:
    tool(machine, "mvn", FAKE_MAVEN_FAILS)
    with pytest.raises(lt_install.InstallError) as caught:
        lt_install.install()
    message = str(caught.value)
    assert "\n" not in message and message.startswith("downloading LanguageTool 6.5 from Maven Central failed after 3")
    assert "Temporary failure in name resolution" in message and "maven.log" in message
    assert (tmp_path / "maven-args").read_text().count("attempt") == lt_install.ATTEMPTS
    assert lt_install.installed() is None  # nothing half-made is taken for an install


def test_missing_java_or_maven_is_one_line(machine: Path) -> None:
    with pytest.raises(lt_install.InstallError, match=r"needs Maven \(`mvn`\), which was not found"):
        lt_install.install()
    (machine / "java").unlink()
    with pytest.raises(lt_install.InstallError, match="LanguageTool needs Java, and no `java` was found"):
        lt_install.install()


def test_java_home_wins_over_path(machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool(tmp_path / "jdk" / "bin", "java", "#!/bin/sh\necho 'openjdk version \"21\"' >&2\n")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    assert lt_install.java() == str(tmp_path / "jdk" / "bin" / "java")
    assert lt_install.java_version(lt_install.java() or "") == 'openjdk version "21"'


def test_cli_install_and_status(machine: Path, tmp_path: Path) -> None:
    env_path = os.environ["PATH"]
    status = mtclean("languagetool", "status")
    assert status.returncode == 1 and "LanguageTool 6.5: not installed in" in status.stdout
    assert 'Java: ' in status.stdout and "17.0.9" in status.stdout
    no_maven = mtclean("languagetool", "install")
    assert no_maven.returncode == 2
    assert no_maven.stderr.strip().splitlines()[-1].startswith("mtclean: installing LanguageTool needs Maven")
    tool(machine, "mvn", FAKE_MAVEN_OK)
    done = mtclean("languagetool", "install")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"LanguageTool 6.5 installed in {tmp_path / 'cache' / '6.5'}")
    assert "fetching LanguageTool 6.5" in done.stderr  # the progress line
    assert mtclean("languagetool", "install").stdout.startswith("LanguageTool 6.5 already installed")
    assert mtclean("languagetool", "status").returncode == 0
    assert os.environ["PATH"] == env_path
