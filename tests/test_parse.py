"""The block parser's own loop (``parse._guard_nesting``): below the nesting limit it gives
exactly the tokens of markdown-it's ``ParserBlock.tokenize``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt
from test_shortcuts import _DOC, LAYOUTS, signature

from pipeline.parse import _CUT, OFF_OPTIONS, RULE_LOGGERS, block_parser


def _with_markdown_its_loop(*, fast: bool) -> MarkdownIt:
    """Our parser (with or without the shortcuts) running markdown-it's own block loop."""
    md = block_parser.__wrapped__(fast=fast)
    del md.block.tokenize  # the instance's loop goes: the class's method is called again
    return md


_REFERENCE = {fast: _with_markdown_its_loop(fast=fast) for fast in (True, False)}


def assert_loop_is_markdown_its(text: str) -> None:
    for fast, reference in _REFERENCE.items():
        env: dict[str, Any] = {}
        ours = block_parser(fast=fast).parse(text, env)
        if _CUT in env:
            continue  # nested past the limit: flattened by our loop, on purpose
        assert signature(ours) == signature(reference.parse(text, {}))


def test_the_reference_runs_markdown_its_loop() -> None:
    assert "tokenize" not in vars(_REFERENCE[True].block)
    assert "tokenize" in vars(block_parser().block)


#: What the loop itself decides: a list is loose after an empty line inside it.
LOOSE = {
    "loose list": "* a\n\n* b\n",
    "loose item": "* a\n\n  more\n* b\n",
    "empty line at a nested list's end": "* a\n  * b\n\n* c\n",
    "quote then list": "> a\n\n* b\n\n> c\n",
}


@pytest.mark.parametrize("text", [*LAYOUTS.values(), *LOOSE.values()], ids=[*LAYOUTS, *LOOSE])
def test_layouts_tokenize_as_markdown_it(text: str) -> None:
    assert_loop_is_markdown_its(text)


@settings(max_examples=400, deadline=None)
@given(_DOC)
def test_generated_documents_tokenize_as_markdown_it(text: str) -> None:
    assert_loop_is_markdown_its(text)


def test_corpus_sample_tokenizes_as_markdown_it(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.md"))[::7]:
        assert_loop_is_markdown_its(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.slow
def test_whole_corpus_tokenizes_as_markdown_it(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.md")):
        assert_loop_is_markdown_its(path.read_text(encoding="utf-8", errors="replace"))


def test_the_block_rules_log_nothing() -> None:
    """Their debug lines cost 3-4% of the parse: silenced once a parser is built."""
    block_parser()
    names = [n for n in logging.Logger.manager.loggerDict if n.startswith(RULE_LOGGERS)]
    assert {f"{RULE_LOGGERS}{rule}" for rule in ("list", "paragraph", "heading")} <= set(names)
    for name in names:
        assert "debug" in vars(logging.getLogger(name))  # not Logger.debug
    with patch.object(logging.Logger, "isEnabledFor") as asked:
        block_parser().parse("# A\n\n* b\n* c\n\ntext\n", {})
    asked.assert_not_called()


def test_options_the_block_rules_ask_for_are_stated() -> None:
    """Every option a block rule reads with ``options.get`` is in our parser's options (a
    missing one costs a KeyError raised and caught at every list item), off as by default."""
    import inspect
    import re

    from markdown_it.rules_block import blockquote, html_block, reference
    from markdown_it.rules_block import list as list_rule

    asked = set()
    for module in (blockquote, html_block, list_rule, reference):
        asked |= set(re.findall(r"options\.get\(\"(\w+)\"", inspect.getsource(module)))
    options = block_parser().options
    assert asked <= set(options)
    assert not any(options[name] for name in OFF_OPTIONS)
