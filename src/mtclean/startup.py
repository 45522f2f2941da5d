"""Python's cyclic garbage collector paused while the program loads.

Loading the rules and building the stages makes some hundred thousand objects that
live as long as the program (rule tables, tries, compiled patterns) and no garbage
cycles; each collection during that time walks all of them again, which was a fifth of
a pre-commit hook's start-up. The program pauses the collector before its imports and
resumes it once the first pipeline is built, after moving what exists by then out of
the collector's sight (``gc.freeze``: those objects are never walked again, which also
spares the cleaning that follows). A library user's process is never paused.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def thaw_if_unfrozen(was: int) -> None:
    """End a freeze made for a while: thaw only if nothing was frozen before it
    (``was``, ``gc.get_freeze_count()`` then). The collector can only thaw everything,
    and what was frozen before is meant to stay so: the program's start-up tables (see
    above), or a caller's own, whose later thaw releases ours with theirs."""
    if not was:
        gc.unfreeze()


def over() -> None:
    """Resume the collector if :func:`pause` stopped it (once; later calls do nothing)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
