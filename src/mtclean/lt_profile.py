"""The grammar stage's default LanguageTool profile for machine-translated English (filled from figures)."""

from __future__ import annotations

from typing import Any


def request_settings() -> dict[str, Any]:
    return {}
