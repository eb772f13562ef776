"""Property tests: any markdown (random or mutated samples) -> no exception, one monographs row.

``FUZZ_EXAMPLES`` (env) sets the example count of the slow tests (``make fuzz``:
10,000); ``make test`` runs the fast ones with a few hundred examples.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import RAW

from pipeline.executors import results_to_tables
from pipeline.issues import IssueCode
from pipeline.process import process_source
from pipeline.sources import Source, SourceRef, decode_into

SAMPLES = [p.read_bytes() for p in sorted(RAW.rglob("*.md"))]
SLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))
FAST = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=SLOW_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# Markdown-ish pieces: hypothesis combines them into structures worth parsing.
PIECES = [
    "# ",
    "## ",
    "### ",
    "* ",
    "- ",
    "1. ",
    "> ",
    "**",
    "__",
    "*",
    "_",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "|",
    "---",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "\t",
    ":",
    ",",
    " and ",
    " or ",
    "%",
    "Side Effects",
    "Contraindications",
    "Interactions",
    "Precautions",
    "Common:",
    "Rare",
    "nausea",
    "headache",
    "10%",
    "1 in 100",
    "<b>",
    "&amp;",
    "\\",
    "!",
    "\u202e",
    "\ufeff",
    "\x00",
    "...",
    "title: x\n",
    "a: &a [x]\n",
    "b: *a\n",
    "!!python/object ",
]
markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map(
    "".join
)


def _check(data: bytes, forbidden: frozenset[IssueCode] = frozenset()) -> None:
    src = Source(SourceRef("f", "f.md", "f.md"))
    decode_into(src, data)
    result = process_source(src)  # must not raise
    codes = {row["code"] for row in result.issues}
    assert not codes & (forbidden | {IssueCode.internal_error}), result.issues
    tables = results_to_tables([result])  # rows must fit the schemas
    assert tables["monographs"].num_rows == 1
    assert tables["monographs"].column("monograph_id").to_pylist() == ["f"]
    for name, table in tables.items():
        if name != "monographs" and table.num_rows:
            assert set(table.column("monograph_id").to_pylist()) == {"f"}


@st.composite
def labelled_empty_items(draw: st.DrawFn) -> str:
    """A section of lead-in items whose own text holds no sentence (``- **Interactions
    with:**``, ``* **Avoid:** ,``) over nested lists: the nested items carry the reading."""
    heading = draw(st.sampled_from(SECTION_HEADINGS))
    parts = [f"# Testamol\n\n## {heading}\n"]
    for _ in range(draw(st.integers(1, 4))):
        bullet = draw(st.sampled_from(["-", "*", "1."]))
        label = draw(st.one_of(st.sampled_from(LEAD_INS), st.text(max_size=15)))
        colon = draw(st.sampled_from([":**", "**:", "**", ":** ", ":**  ."]))
        rest = draw(st.sampled_from(["", " ", ".", " ,", " ;", " (", " e.g."]))
        parts.append(f"{bullet} **{label}{colon}{rest}\n")
        indent = draw(st.sampled_from(["  ", "    ", "\t"]))
        for child in draw(st.lists(st.one_of(st.sampled_from(CHILDREN), st.text(max_size=12)))):
            parts.append(f"{indent}- {child}\n")
    return "".join(parts)


SECTION_HEADINGS = ["Drug Interactions", "Precautions", "Contraindications", "Side Effects"]
LEAD_INS = [
    "Interactions with",
    "Avoid combining with",
    "Monitor closely when used with",
    "Contraindicated",
    "Use with Caution",
    "Warfarin",
    "Common",
    "Drug Interactions",
]
CHILDREN = ["warfarin", "aspirin", "alcohol", "grapefruit juice", "pregnancy", "nausea", ""]


@FAST
@given(labelled_empty_items())
def test_lead_in_items_without_text_fast(text: str) -> None:
    # well-formed markdown: no extractor may fail on it (an extractor_error loses a table)
    _check(text.encode("utf-8", "surrogatepass"), frozenset({IssueCode.extractor_error}))


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["insert", "delete", "flip", "splice", "dup"]))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(PIECES)).encode()
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "splice":
            other = draw(st.sampled_from(SAMPLES))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 400))]
        elif op == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 300))] * draw(st.integers(2, 20))
    return bytes(data)


@FAST
@given(markdown)
def test_random_markdown_fast(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@FAST
@given(mutated_sample())
def test_mutated_samples_fast(data: bytes) -> None:
    _check(data)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_fast(data: bytes) -> None:
    _check(data)


@pytest.mark.slow
@SLOW
@given(markdown)
def test_random_markdown_many(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SLOW
@given(mutated_sample())
def test_mutated_samples_many(data: bytes) -> None:
    _check(data)
