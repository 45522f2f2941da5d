"""``--engine``: where ``mtclean run`` does its work."""

from __future__ import annotations

from ..runner import Engine
from .common import fail


def pick_engine(name: str, scheduler: str | None) -> Engine | None:
    """None means the local process pool (parallel.process)."""
    if name == "local":
        if scheduler:
            fail("--scheduler needs --engine dask")
        return None
    if name == "dask":
        if not scheduler:
            fail("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        try:
            from ..dask_engine import DaskEngine
        except ImportError as exc:
            fail(f"--engine dask needs dask.distributed ({exc.name} is missing): pip install 'mtclean[dask]'")
            raise  # unreachable
        return DaskEngine(scheduler)
    fail(f"--engine must be local or dask, not {name!r}")
    return None
