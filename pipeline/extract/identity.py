"""Who a monograph is about: title, generic name, components, and component labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import chain, islice

from pipeline import lexicon
from pipeline.normalize import MEMO_SIZE, collapse, mask_parens, normalize_term, parentheticals
from pipeline.tree import Document

_COMPONENT_SPLIT = re.compile(r"\s*\+\s*")
#: A strength and what follows it in a product title ("10 mg film-coated tablets"): the
#: product, not the drug's name.
_STRENGTH_TAIL = re.compile(
    r"\s+\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|g|ml|mL|%|iu|IU|units?|mmol)(?!\w).*$", re.S
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def _label_tail() -> re.Pattern[str]:
    """Words after a component's name in a label ("Atorvastatin Side Effects", "Atorvastatin-
    related", "Atorvastatin, as a primary ..."), to the end."""
    tails = lexicon.alternation(lexicon.load("sections")["component_labels"]["tails"])
    return re.compile(rf"(?:(?:(?<![\w-])|-)(?:{tails})(?![\w-])|,|:|\s[-–—]\s).*$", re.I | re.S)


@cache
def _label_head() -> re.Pattern[str]:
    """Words before a component's name in a label ("Common side effects of", "From")."""
    return lexicon.words_pattern(lexicon.load("sections")["component_labels"]["heads"])


#: Shortest name that may match a label by prefix.
MIN_PREFIX = 4
#: A label longer than this is a sentence: report the title's name for the component.
MAX_NAME_WORDS = 4


@lru_cache(maxsize=MEMO_SIZE)  # nine calls in ten repeat a text (labels, component names)
def _key(text: str) -> str:
    return collapse(_NON_ALNUM.sub(" ", text.lower()))


@dataclass(frozen=True)
class Identity:
    """Title, generic name and components of one monograph."""

    title: str | None
    generic_name: str | None
    components: tuple[str, ...] = field(default_factory=tuple)
    #: Abbreviations the monograph defines for its drug or a component ("HCQ"), lower case.
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_combination(self) -> bool:
        return len(self.components) > 1

    @cached_property
    def drug_names(self) -> frozenset[str]:
        """The drug's own names, normalized: its title and each component."""
        names = (normalize_term(n) for n in (*self.components, self.title or "") if n)
        return frozenset(n for n in names if n)

    @cached_property
    def own_names(self) -> frozenset[str]:
        """``drug_names`` and the abbreviations the monograph defines for them ("hcq"):
        an agent by any of them is the drug itself, never what it interacts with. A name
        written with a slash ("Lidocaine/ Lignocaine", "Folinic Acid/ Leucovorin") gives each
        of its parts: two names of one drug, or two parts of one product."""
        parts = (p.strip() for n in self.drug_names if "/" in n for p in n.split("/"))
        return self.drug_names | frozenset(p for p in parts if p) | frozenset(self.aliases)

    def component_in(self, text: str) -> str | None:
        """The component a label names, lower case as the label writes it; else None.

        Only combination products have components. A label names a component
        when it contains the component's name, or the two share a first word
        of at least ``MIN_PREFIX`` letters (``Omega-3 fatty acids`` / ``omega``).
        """
        if not self.is_combination or not text:
            return None
        return _component_in(self.components, text)


@lru_cache(maxsize=MEMO_SIZE)
def _component_in(components: tuple[str, ...], text: str) -> str | None:
    base, _ = parentheticals(text)
    label = _key(base)
    if not label:
        return None
    named = [c for c in components if _names(label, _key(c))]
    if len(named) != 1 or "+" in base:  # none, or the whole product ("side effects of A + B")
        return None
    return _label_name(base, named[0])


def _names(label: str, ckey: str) -> bool:
    """Does a label (key form) name the component (key form)?"""
    if not ckey or not label.strip():
        return False
    if f" {ckey} " in f" {label} " or ckey.replace(" ", "") == label.replace(" ", ""):
        return True
    first_c, first_l = ckey.split()[0], label.split()[0]
    if len(first_c) >= MIN_PREFIX and first_c == first_l:
        return True
    return len(label) >= MIN_PREFIX and f" {label} " in f" {ckey} "


def _label_name(label: str, comp: str) -> str:
    """The component as the label writes it ("Omega-3 Fatty Acids"), else its title name.
    The name starts at the component's first word when only label words stand before it
    ("Common side effects of X", "From X")."""
    first = _key(comp).split()[0]
    start = _word_start(label.lower(), first)
    if start >= 0 and not _label_head().sub(" ", label[:start]).strip(" :,-–—"):
        label = label[start:]
    name = collapse(_label_tail().sub("", label)).strip(" :.-–—,").lower()
    if name and len(name.split()) <= MAX_NAME_WORDS and _names(_key(name), _key(comp)):
        return name
    return comp.lower()


def _word_start(text: str, word: str) -> int:
    """Where ``word`` first starts in ``text`` after no letter or digit, else -1."""
    at = text.find(word)
    while at > 0 and text[at - 1] in _LOWER_ALNUM:
        at = text.find(word, at + 1)
    return at


_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _without_strength(part: str) -> str:
    """ "Testamol 10 mg tablets" -> "Testamol"; a strength in parentheses stays."""
    m = _STRENGTH_TAIL.search(mask_parens(part))
    return part[: m.start()] if m else part


def identify(doc: Document) -> Identity:
    """Identity from the H1 title (front-matter ``title`` when there is none)."""
    title = doc.title
    if not title:
        fm_title = doc.front_matter.get("title")
        title = collapse(fm_title) if isinstance(fm_title, str) and fm_title.strip() else None
    if not title:
        return Identity(None, None, ())
    parts = [collapse(_without_strength(p)) for p in _COMPONENT_SPLIT.split(title) if p.strip()]
    components = tuple(p.lower() for p in parts)
    generic = " + ".join(components) if components else None
    return Identity(title, generic, components, _aliases(doc, components))


#: Blocks read for abbreviations: the first mentions of the drug are at the top.
ALIAS_BLOCKS = 6
#: An abbreviation: a short token with two capitals or more ("HCQ", "RSV-IGIV", "aPCC");
#: "(Human)", "(Ophthalmic)" or "(Garlic)" qualify or translate the name instead.
_ABBREVIATION = re.compile(r"[A-Za-z0-9][\w-]{1,9}")
_MIN_CAPITALS = 2


def _aliases(doc: Document, components: tuple[str, ...]) -> tuple[str, ...]:
    """Abbreviations defined at a mention, "Hydroxychloroquine (HCQ) is ...": the drug (or
    a component) by another name. The name before the parenthetical is compared word by
    word, the marks between its words as in the title or not ("Anti-hemophilic" /
    "Antihemophilic", "Globulin, Human", "(Equine)"), a number allowed after the last
    ("Coenzyme Q" as "Coenzyme Q10 (CoQ10)")."""
    # (lazily: a section's blocks are parsed when first read)
    blocks = islice(
        chain(doc.preamble, (b for s in doc.sections[:2] for b in s.blocks)), ALIAS_BLOCKS
    )
    raw = " ".join(b.raw for b in blocks)
    # (one search for abbreviation-like parentheticals; most monographs define none)
    defined = [
        (m.start(), m.group(1))
        for m in _ALIAS_PAREN.finditer(raw)
        if sum(c.isupper() for c in m.group(1)) >= _MIN_CAPITALS
    ]
    found: list[str] = []
    for component in components if defined else ():
        words = [w for w in _NON_ALNUM.split(component.lower()) if w]
        # the whole name, or its first words ("Dehydroepiandrosterone (DHEA) Micronized")
        heads = [
            "".join(words[:n])
            for n in range(len(words), 0, -1)
            if len(" ".join(words[:n])) >= MIN_PREFIX
        ]
        for head in heads:
            alias = next((a for at, a in defined if _written_before(raw, at, head)), None)
            if alias is not None:
                if _key(alias).replace(" ", "") != head:
                    found.append(alias.lower())
                break
    return tuple(dict.fromkeys(found))


#: A parenthetical holding one short token: an abbreviation when it has two capitals.
_ALIAS_PAREN = re.compile(r"\(([A-Za-z0-9][\w-]{1,9})\)")
#: How far before a parenthetical the name it abbreviates may start.
_NAME_REACH = 120


def _written_before(raw: str, at: int, head: str) -> bool:
    """Whether the words right before ``at`` spell ``head`` (its words run together),
    whole words only, a number allowed after it."""
    words = [w for w in _NON_ALNUM.split(raw[max(0, at - _NAME_REACH) : at].lower()) if w]
    joined = ""
    for word in reversed(words):
        joined = word + joined
        if joined.startswith(head):
            return joined == head or joined[len(head) :].isdigit()
        if len(joined) > len(head) + 3:
            return False
    return False
