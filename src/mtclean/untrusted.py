"""Loading YAML and word lists that come from repositories mtclean does not own.

A rule folder or ``.mtclean.yaml`` may come with a pull request. PyYAML's safe
loader builds no objects, but it does expand aliases: a 518-byte file of nested
``&a [*b, *b, …]`` lines grows ninefold per level (the "billion laughs"). Rule and
configuration files have no use for aliases, so an alias is an error naming its
line; a file is read only if it is a regular file within a size limit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import MtcleanError
from .io import read_regular

# A rule file or configuration. The largest built-in file (the calque phrase table) is
# ~130 KB; a user's phrase table a hundred times larger must still load (issue 18).
MAX_YAML_BYTES = 32 << 20


@lru_cache(maxsize=1)
def no_alias_loader() -> type[Any]:
    """The safe loader, refusing aliases (``*name``) wherever they occur. Built on first
    use: PyYAML loads only when a file is parsed, not when its parse is in the cache."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "YAML aliases (*name) are not allowed in rule and configuration files", event.start_mark
                )
            return super().compose_node(parent, index)

        # PyYAML's constructors raise plain Python errors for some values it resolved or was
        # told to build: ``2024-13-45`` (an implicit date: ValueError), ``!!int x``,
        # ``!!timestamp x`` (AttributeError), a 5,000-digit number; and brackets nested a few
        # hundred deep exhaust the recursion limit. A file from elsewhere (or a binary one)
        # may hold any of these: each becomes a YAMLError with its line, which the loaders
        # already turn into one line naming the file.

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, TypeError, AttributeError, IndexError, OverflowError):
                tag = str(node.tag).rsplit(":", 1)[-1]
                value = node.value if isinstance(node.value, str) else ""
                raise yaml.constructor.ConstructorError(
                    None, None, f"not a valid {tag} value: {value[:40]!r}", node.start_mark
                ) from None

        def get_single_node(self) -> Any:
            try:
                return super().get_single_node()
            except RecursionError:
                raise self._too_deep() from None

        def get_single_data(self) -> Any:
            try:
                return super().get_single_data()
            except RecursionError:
                raise self._too_deep() from None

        def _too_deep(self) -> yaml.YAMLError:
            return yaml.composer.ComposerError(None, None, "nested too deeply", self.get_mark())

    return NoAliasLoader


def read_untrusted(path: Path, error: type[MtcleanError], limit: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of a rule, lexicon or configuration file: a regular file within ``limit``."""
    data, _ = read_regular(path, limit, error)
    return data
