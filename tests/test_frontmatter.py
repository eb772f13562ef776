"""YAML front matter: strings stay strings, nothing constructed or executed, bombs bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.frontmatter import MAX_NODES, load_front_matter
from pipeline.issues import IssueCode, Problems
from pipeline.parse import parse


def test_values_stay_strings() -> None:
    text = (
        "ndc: 00023227\nzip: 0123\nflag: yes\nno: off\nnum: 1.50\nnil: null\nday: 2023-04-18\n"
        "hex: 0x1F\nlist: [001, true]\n"
    )
    data, problem = load_front_matter(text, 2)
    assert problem is None
    assert data == {
        "ndc": "00023227",
        "zip": "0123",
        "flag": "yes",
        "no": "off",
        "num": "1.50",
        "nil": "null",
        "day": "2023-04-18",
        "hex": "0x1F",
        "list": ["001", "true"],
    }


@pytest.mark.parametrize(
    "yaml_text",
    [
        "x: !!python/object/apply:os.system ['touch {marker}']\n",
        "x: !!python/object/new:pathlib.Path ['{marker}']\n",
        "x: !!binary aGVsbG8=\n",
        "x: !!int 5\n",
        "x: !custom thing\n",
        "!!python/name:os.system\n",
    ],
)
def test_tags_are_refused_never_constructed(yaml_text: str, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    data, problem = load_front_matter(yaml_text.format(marker=marker), 2)
    assert data == {}
    assert problem is not None and problem.code is IssueCode.front_matter_tag
    assert problem.line == 2
    assert not marker.exists()


def test_alias_bomb_is_bounded_and_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):  # 10**10 nodes once expanded
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    start = time.perf_counter()
    data, problem = load_front_matter("\n".join(lines) + "\n", 2)
    assert time.perf_counter() - start < 1.0
    assert data == {}
    assert problem is not None and problem.code is IssueCode.front_matter_alias_bomb


def test_few_aliases_are_fine() -> None:
    data, problem = load_front_matter("a: &a [x, y]\nb: *a\n", 2)
    assert problem is None and data == {"a": ["x", "y"], "b": ["x", "y"]}


def test_recursive_alias_is_bounded() -> None:
    _, problem = load_front_matter("a: &a [*a, *a]\n", 2)
    assert problem is not None and problem.code is IssueCode.front_matter_alias_bomb


def test_node_bound_is_generous_for_real_front_matter() -> None:
    text = "".join(f"k{i}: v{i}\n" for i in range(MAX_NODES // 4))
    data, problem = load_front_matter(text, 2)
    assert problem is None and len(data) == MAX_NODES // 4


@pytest.mark.parametrize(
    ("yaml_text", "code", "line"),
    [
        ("title: [unclosed\n", IssueCode.bad_front_matter, 3),
        ("a: 1\n  b: 2\n", IssueCode.bad_front_matter, 3),
        ("a: 1\n---\nb: 2\n", IssueCode.bad_front_matter, 3),
        ("- a\n- b\n", IssueCode.front_matter_not_mapping, 2),
        ("just a string\n", IssueCode.front_matter_not_mapping, 2),
        ("? [a, b]\n: c\n", IssueCode.bad_front_matter, 2),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", IssueCode.bad_front_matter, 2),
    ],
)
def test_bad_front_matter(yaml_text: str, code: IssueCode, line: int) -> None:
    data, problem = load_front_matter(yaml_text, 2)
    assert data == {}
    assert problem is not None and problem.code is code
    assert problem.line == line


def test_empty_front_matter_is_empty_mapping() -> None:
    assert load_front_matter("", 2) == ({}, None)
    assert load_front_matter("# only a comment\n", 2) == ({}, None)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_unterminated_front_matter_is_reported_whatever_the_newlines(newline: str) -> None:
    text = newline.join(["---", "title: T", "# Drug", "", "## Side Effects", "* nausea", ""])
    problems = Problems()
    parsed = parse(text, problems)
    assert [p.code for p in problems] == [IssueCode.front_matter_unterminated]
    assert parsed.front_matter == {}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_front_matter_parsed_whatever_the_newlines(newline: str) -> None:
    text = newline.join(["---", "title: T", "ndc: 00023227", "---", "# Drug", ""])
    problems = Problems()
    parsed = parse(text, problems)
    assert len(problems) == 0
    assert parsed.front_matter == {"title": "T", "ndc": "00023227"}
