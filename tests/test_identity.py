"""Who a monograph is about: title, generic name, components (``pipeline.extract.identity``)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.identity import Identity, _word_start, identify
from pipeline.issues import Problems
from pipeline.parse import parse
from pipeline.tree import Document, build_tree


def ident_of(title: str | None, front_matter: dict[str, object] | None = None) -> Identity:
    doc = Document()
    doc.title = title
    doc.front_matter = front_matter or {}
    return identify(doc)


@pytest.mark.parametrize(
    ("title", "generic", "components"),
    [
        ("Testamol", "testamol", ("testamol",)),
        ("Zelfarin + Tromboxil", "zelfarin + tromboxil", ("zelfarin", "tromboxil")),
        # a product title's strength and form are no part of the drug's name
        ("Testamol 10 mg film-coated tablets", "testamol", ("testamol",)),
        ("Zelfarin 5 mg + Tromboxil 0.5% cream", "zelfarin + tromboxil", ("zelfarin", "tromboxil")),
        ("Vitamin B12", "vitamin b12", ("vitamin b12",)),
        (
            "Immune globulin (human, 20% solution)",
            "immune globulin (human, 20% solution)",
            ("immune globulin (human, 20% solution)",),
        ),
    ],
)
def test_identity_from_the_title(title: str, generic: str, components: tuple[str, ...]) -> None:
    ident = ident_of(title)
    assert (ident.generic_name, ident.components) == (generic, components)
    assert ident.is_combination == (len(components) > 1)


def test_front_matter_title_when_there_is_no_heading() -> None:
    assert ident_of(None, {"title": "  Testamol "}).generic_name == "testamol"
    assert ident_of(None, {}).generic_name is None


def test_a_label_names_one_component() -> None:
    ident = ident_of("Zelfarin + Tromboxil")
    assert ident.component_in("Zelfarin side effects") == "zelfarin"
    assert ident.component_in("Side effects of Zelfarin + Tromboxil") is None
    assert ident.component_in("Common side effects") is None
    assert ident_of("Testamol").component_in("Testamol side effects") is None  # one drug


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("# Hydroxychloroquine\n\nHydroxychloroquine (HCQ) is an antimalarial.\n", ("hcq",)),
        # the name's first words, then the abbreviation ("X (DHEA) Micronized")
        (
            "# Dehydroepiandrosterone Micronized + Calcium\n\n"
            "Dehydroepiandrosterone (DHEA) Micronized and calcium.\n",
            ("dhea",),
        ),
        # a qualifier or a translation is no abbreviation
        ("# Albumin\n\nAlbumin (Human) is a plasma protein.\n", ()),
        ("# Allium Sativum\n\nAllium sativum (Garlic) is a plant.\n", ()),
        # a hyphen or space written or left out ("Anti-emetic Factor", "Antiemetic factor")
        ("# Anti-emetic Factor\n\nAntiemetic factor (AEF) is a protein.\n", ("aef",)),
        # a number written after the name ("Vitamin K" as "Vitamin K2 (VK2)")
        ("# Vitamin K + Calcium\n\n* **Vitamin K2 (VK2):** a vitamin.\n", ("vk2",)),
    ],
)
def test_abbreviations_defined_at_a_first_mention(text: str, aliases: tuple[str, ...]) -> None:
    parsed = parse(text, Problems())
    ident = identify(build_tree(parsed.tokens, parsed.front_matter))
    assert ident.aliases == aliases
    assert set(aliases) <= ident.own_names


@pytest.mark.parametrize(
    ("title", "names"),
    [
        # two names of one drug, each its own
        ("Zorbamide/ Zorbamine (Topical)", {"zorbamide/ zorbamine", "zorbamide", "zorbamine"}),
        # two parts of one product, each the drug itself
        ("Testamol/Pexaban + Tromboxil", {"testamol/pexaban", "testamol", "pexaban", "tromboxil"}),
    ],
)
def test_a_name_written_with_a_slash_gives_each_part(title: str, names: set[str]) -> None:
    parsed = parse(f"# {title}\n\nText.\n", Problems())
    assert names <= identify(build_tree(parsed.tokens, parsed.front_matter)).own_names


@given(st.text(alphabet="ab1 -:(é", max_size=14), st.text(alphabet="ab1", min_size=1, max_size=3))
def test_a_word_starts_where_no_letter_or_digit_stands_before(text: str, word: str) -> None:
    m = re.search(rf"(?<![a-z0-9]){re.escape(word)}", text)
    assert _word_start(text, word) == (m.start() if m else -1)
