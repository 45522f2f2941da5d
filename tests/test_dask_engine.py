"""--engine dask: a run on a Dask cluster writes exactly what a local run writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, SEED
from conftest import mtclean_process as mtclean  # dask.distributed clients and clusters: a process of its own each run

distributed = pytest.importorskip("distributed")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    # Workers in this process (threads), reachable over TCP by the mtclean subprocess.
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", dashboard_address=None
    ) as c:
        yield c


def test_cluster_run_equals_local_run(cluster, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # The runs below start in other folders: make sure they import this source tree.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(SEED.read_bytes())
    mt = (shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.Online-Y.en").read_text(encoding="utf-8")
    lines = mt.splitlines()
    for k in range(4):
        (corpus / f"mt{k}.txt").write_text("\n\n".join(lines[k * 30 : (k + 1) * 30]) + "\n", encoding="utf-8")
    (corpus / "broken.txt").write_bytes("caf\u00e9 \u2014 ".encode() + b"caf\xe9 au lait\n")  # UTF-8 with a stray byte: an input error, reported the same way
    outs = {}
    for name, extra in (("local", ["--jobs", "1"]), ("dask", ["--engine", "dask", "--scheduler", cluster.scheduler_address])):
        where = tmp_path / name
        where.mkdir()
        proc = mtclean("run", str(corpus), "--out", "out", "-q", *extra, cwd=where)
        assert proc.returncode == 2, proc.stderr  # broken.txt
        assert "broken.txt" in proc.stderr and "Traceback" not in proc.stderr
        outs[name] = _tree(where / "out")
    assert outs["dask"].keys() == outs["local"].keys()
    assert len([k for k in outs["local"] if k.startswith("cleaned/")]) == 5
    for key in outs["local"]:
        assert outs["dask"][key] == outs["local"][key], key


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    proc = mtclean("run", str(SEED), "--out", str(tmp_path / "o"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert "scheduler" in proc.stderr and "Traceback" not in proc.stderr


def test_bag_api(cluster) -> None:  # type: ignore[no-untyped-def]
    import dask.bag as db

    import mtclean
    from mtclean.dask_engine import clean_bag

    texts = ["How the BBC reported, the Ukraine rejects the plan.", "A plain sentence stays as it is."]
    with distributed.Client(cluster):
        got = clean_bag(db.from_sequence([(f"d{i}", t) for i, t in enumerate(texts)], npartitions=2)).compute()
    assert [g["path"] for g in got] == ["d0", "d1"]
    assert [g["cleaned"] for g in got] == [mtclean.clean(t).text for t in texts]
    assert got[0]["changed"] and not got[1]["changed"]
    assert {f["rule"] for f in got[0]["findings"]} >= {"CAL002"}


def test_large_file_parts_on_the_cluster(cluster, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A large file's parts run on the cluster and come back as a local run's do."""
    from mtclean import parallel
    from mtclean.api import rules_for
    from mtclean.config import Config
    from mtclean.dask_engine import DaskEngine
    from mtclean.stages import build_pipeline

    monkeypatch.setattr(parallel, "LARGE_FILE", 20_000)
    monkeypatch.setattr(parallel, "PART_CHARS", 6_000)
    lines = (shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.Online-B.en").read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(lines[:300]) + "\n", encoding="utf-8")
    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    local, _ = parallel.process([big], pipeline, jobs=1, spool_dir=tmp_path / "a")
    remote, _ = DaskEngine(cluster.scheduler_address)([big], pipeline, spool_dir=tmp_path / "b")
    a, b = local[0], remote[0]
    assert isinstance(b, parallel.LargeFileResult)
    assert [(f.rule, f.start, f.end, f.applied) for f in a.findings] == [(f.rule, f.start, f.end, f.applied) for f in b.findings]
    assert a.edits == b.edits and a.diff == b.diff and a.diff
    assert a.spool is not None and b.spool is not None and a.spool.read_bytes() == b.spool.read_bytes()
