"""YAML front matter, read safely: strings stay strings, tags and alias bombs are refused.

Values are kept as written (``0123`` and ``00023227`` stay strings): every
implicit resolver is removed, so the only types are str, list and dict.
Nothing is ever constructed from a tag, and the composed node graph is
walked with a bound before anything is built, so a billion-laughs document
costs a few thousand steps, not gigabytes.
"""

from __future__ import annotations

from typing import Any

import yaml

from pipeline.issues import IssueCode, Problem

#: Most YAML nodes (aliases counted each time they are reached) a front matter may expand to.
MAX_NODES = 20_000

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when built


class _StringLoader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader without implicit typing: every scalar is a str."""


_StringLoader.yaml_implicit_resolvers = {}

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def _check_graph(root: yaml.Node, first_line: int) -> Problem | None:
    """Walk the node graph (aliases followed) with a bound; refuse explicit tags."""
    stack: list[yaml.Node] = [root]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return Problem(
                IssueCode.front_matter_alias_bomb,
                f"front matter expands to more than {MAX_NODES} YAML nodes (alias bomb?); ignored",
                first_line,
            )
        if node.tag not in _PLAIN_TAGS:
            return Problem(
                IssueCode.front_matter_tag,
                f"front matter uses the YAML tag {node.tag!r}; tags are never constructed, "
                "front matter ignored",
                first_line + node.start_mark.line,
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _construct(node: yaml.Node, memo: dict[int, Any]) -> Any:
    """Build plain Python values from a checked node graph: every scalar is a str.

    Faster than PyYAML's constructor, which resolves types we never want; an
    alias is the same node object, so ``memo`` builds it once.
    """
    known = memo.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        memo[id(node)] = items
        items.extend(_construct(child, memo) for child in node.value)
        return items
    mapping: dict[Any, Any] = {}
    memo[id(node)] = mapping
    for key, value in node.value:
        mapping[_construct(key, memo)] = _construct(value, memo)  # TypeError: unhashable key
    return mapping


def load_front_matter(text: str, first_line: int) -> tuple[dict[str, Any], Problem | None]:
    """Parse front matter ``text`` whose first line is ``first_line`` (1-based).

    Returns the mapping (empty when unusable) and the problem, if any.
    """
    loader = _StringLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, None
        problem = _check_graph(node, first_line)
        if problem is not None:
            return {}, problem
        data = _construct(node, {})
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        reason = (exc.problem or "invalid YAML").strip()
        return {}, Problem(
            IssueCode.bad_front_matter, f"front matter is not valid YAML: {reason}", line
        )
    except (yaml.YAMLError, TypeError, ValueError, RecursionError) as exc:
        return {}, Problem(
            IssueCode.bad_front_matter, f"front matter is not valid YAML: {exc}", first_line
        )
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return {}, Problem(
            IssueCode.front_matter_not_mapping,
            f"front matter is a {type(data).__name__}, not a mapping; ignored",
            first_line,
        )
    return data, None
