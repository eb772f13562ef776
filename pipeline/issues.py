"""Problems are data: stable issue codes and the per-file collector.

Extractors never raise for bad input; they add a ``Problem`` to the file's
``Problems`` and go on. The runner turns them into ``Issue`` rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class IssueCode(StrEnum):
    """Stable, machine-readable issue codes (never renamed; only added)."""

    unreadable_file = "unreadable_file"
    not_utf8 = "not_utf8"
    empty_file = "empty_file"
    binary_file = "binary_file"
    too_large = "too_large"
    symlink_outside_input = "symlink_outside_input"
    bad_front_matter = "bad_front_matter"
    front_matter_unterminated = "front_matter_unterminated"
    front_matter_not_mapping = "front_matter_not_mapping"
    front_matter_tag = "front_matter_tag"
    front_matter_alias_bomb = "front_matter_alias_bomb"
    truncated_nesting = "truncated_nesting"
    no_title = "no_title"
    no_sections = "no_sections"
    no_side_effects_section = "no_side_effects_section"
    empty_side_effects_section = "empty_side_effects_section"
    internal_error = "internal_error"
    unreadable_folder = "unreadable_folder"
    extractor_error = "extractor_error"
    id_collision = "id_collision"
    name_not_utf8 = "name_not_utf8"
    empty_name = "empty_name"


#: Codes after which nothing at all could be extracted from the file.
FATAL_CODES: frozenset[IssueCode] = frozenset(
    {
        IssueCode.unreadable_file,
        IssueCode.unreadable_folder,
        IssueCode.not_utf8,
        IssueCode.binary_file,
        IssueCode.too_large,
        IssueCode.symlink_outside_input,
        IssueCode.empty_file,
        IssueCode.internal_error,
    }
)


#: Codes about a file's name, not its bytes: they depend on the other files' names too.
NAME_CODES: frozenset[IssueCode] = frozenset(
    {IssueCode.id_collision, IssueCode.name_not_utf8, IssueCode.empty_name}
)


#: Codes whose presence means data from the file was lost (status ``partial`` or ``failed``);
#: every fatal code is one.
ERROR_CODES: frozenset[IssueCode] = FATAL_CODES | frozenset(
    {
        IssueCode.bad_front_matter,
        IssueCode.front_matter_unterminated,
        IssueCode.front_matter_not_mapping,
        IssueCode.front_matter_tag,
        IssueCode.front_matter_alias_bomb,
        IssueCode.truncated_nesting,
        IssueCode.extractor_error,
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One issue found in a file, before it becomes an ``Issue`` row."""

    code: IssueCode
    message: str
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.code in ERROR_CODES


@dataclass(slots=True)
class Problems:
    """Collects the problems of one file, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, code: IssueCode, message: str, line: int | None = None) -> None:
        self.items.append(Problem(code, message, line))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def has_fatal(self) -> bool:
        return any(p.code in FATAL_CODES for p in self.items)

    def has_error(self) -> bool:
        return any(p.is_error for p in self.items)
