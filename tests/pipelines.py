"""One pipeline per configuration of the built-in rules, for tests that clean many small texts.

Building a pipeline (every rule's patterns compiled, the phrase automaton made) takes about
a second; running it on a short text takes milliseconds. The property tests clean hundreds
of generated documents each, and were spending nearly all their time rebuilding the same
pipeline. A pipeline carries nothing from one document to the next (``mtclean run``
cleans every file of a run with one pipeline) except the grammar stage's LanguageTool
connection, which is looked up once; so configurations that name a LanguageTool (a URL)
or rules on disk (which a test may rewrite) always get a new pipeline.
"""

from __future__ import annotations

import copy

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.pipeline import Pipeline
from mtclean.stages import build_pipeline

_BUILT: dict[str, Pipeline] = {}


def pipeline_for(config: Config) -> Pipeline:
    """The pipeline ``build_pipeline(rules_for(config), config)`` gives, built once per
    configuration (equal configurations have equal reprs: a dataclass's fields)."""
    if config.rules_dirs or config.grammar.url:
        return build_pipeline(rules_for(config), config)
    key = repr(config)
    if key not in _BUILT:
        own = copy.deepcopy(config)  # the caller may change its config afterwards; this one stays as keyed
        _BUILT[key] = build_pipeline(rules_for(own), own)
    return _BUILT[key]
