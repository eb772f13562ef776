"""Code side-effect terms and conditions to concepts: HPO terms first, the project's own next.

A wording is reduced to a *key* that forgets what a pharmacovigilance coder
ignores at the preferred-term level: case, punctuation, plurals, spelling
variants, word order, filler words and severity/frequency/time modifiers
(``Severe allergic reactions`` and ``allergic reaction`` share one key). Keys
are looked up in an index built from the lexicon (``lexicons/concepts.toml``:
lay wordings, project concepts) and from HPO term names and EXACT synonyms.
An item naming several concepts (``nausea and vomiting``, ``fast or irregular
heartbeat``, ``liver or kidney disease``) is split, a shared head word going
to each part, and gets every concept its parts name.

Every word list is data (``concepts.toml``); this module only applies them.
One ``Coder`` codes each distinct wording once (``code`` is memoized).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import lexicon, ontology
from pipeline.ontology import Hpo

LEXICON = "concepts"
#: What is coded: side-effect terms and contraindication conditions. A few wordings mean
#: another concept in a condition ("hypersensitivity": to the drug) than as an effect.
DOMAINS = ["side_effects", "conditions"]
_NON_WORD = re.compile(r"[^\w,]+")  # commas kept: they separate the parts of an item
_MODIFIER = "\0"  # marks a written word that is a modifier


@dataclass(frozen=True)
class Concept:
    """What the ``concepts`` table says about one concept."""

    concept_id: str
    label: str
    source: str  # "hpo" | "lexicon"
    hpo_id: str | None
    umls_cuis: tuple[str, ...]
    meddra_codes: tuple[str, ...]
    parent_ids: tuple[str, ...]
    category: str | None

    def row(self) -> dict[str, Any]:
        return {
            "concept_id": self.concept_id,
            "label": self.label,
            "source": self.source,
            "hpo_id": self.hpo_id,
            "umls_cuis": list(self.umls_cuis),
            "meddra_codes": list(self.meddra_codes),
            "parent_ids": list(self.parent_ids),
            "category": self.category,
        }


class Normalizer:
    """Text -> key: the words that carry the concept, singular, spelled one way."""

    def __init__(self, data: dict[str, Any]) -> None:
        words = data["words"]
        self.spelling: dict[str, str] = dict(words["spelling"])
        self.irregular: dict[str, str] = dict(words["irregular_plurals"])
        self.invariant = frozenset(words["invariant"])
        self._words: dict[str, tuple[str, ...]] = {}  # each written word normalized once
        self._keys: dict[str, str] = {}
        self.modifiers = frozenset(words["modifiers"])
        self.filler = frozenset(words["filler"])
        phrases = sorted(data["phrases"]["dropped"], key=len, reverse=True)
        self.phrases = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")

    def clean(self, text: str) -> str:
        """Lower case, accents and apostrophes folded, punctuation but commas as spaces."""
        text = text.lower().replace("’", "'")
        if not text.isascii():  # accents folded: "guillain-barré" is "guillain-barre"
            text = unicodedata.normalize("NFKD", text)
            text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.replace("'s ", " ").replace("'", "").replace(",", " , ")
        return " ".join(_NON_WORD.sub(" ", text).split())

    def singular(self, word: str) -> str:
        if word in self.irregular:
            return self.irregular[word]
        if len(word) <= 3 or word in self.invariant or word.endswith(("ss", "us", "is")):
            return word
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith(("sses", "uses", "xes", "shes", "tches")):
            return word[:-2]
        if word.endswith("s"):
            return word[:-1]
        return word

    def words(self, text: str) -> list[str]:
        """The concept-bearing words of ``text``, normalized, in order."""
        return self.parse(text)[0]

    def parse(self, text: str) -> tuple[list[str], bool]:
        """``words(text)``, and whether a modifier (not mere filler) was left out."""
        text = f" {self.clean(text)} "
        stripped = self.phrases.sub(" ", text).replace(",", " ")
        modified = stripped != text
        out: list[str] = []
        for word in stripped.split():
            parts = self._words.get(word)
            if parts is None:
                parts = self._word(word)
                self._words[word] = parts
            if parts and parts[0] == _MODIFIER:
                modified = True
            else:
                out += parts
        return out, modified

    def _word(self, word: str) -> tuple[str, ...]:
        """One written word as key words (none for filler; ``_MODIFIER`` for a modifier)."""
        word = self.singular(self.spelling.get(word, word))
        kept: list[str] = []
        for part in self.spelling.get(word, word).split():  # a spelling may be two words
            if part in self.modifiers:
                return (_MODIFIER,)
            if part not in self.filler:
                kept.append(part)
        return tuple(kept)

    def key(self, text: str) -> str:
        """Word-order-free key (sorted words); each text's key computed once."""
        found = self._keys.get(text)
        if found is None:
            found = " ".join(sorted(self.words(text)))
            self._keys[text] = found
        return found


class Coder:
    """Codes wordings to concept ids; knows every concept it may return."""

    def __init__(
        self, hpo: Hpo, data: dict[str, Any], hpo_index: dict[str, str] | None = None
    ) -> None:
        self.hpo = hpo
        self.norm = Normalizer(data)
        joiners = "|".join(re.escape(w) for w in data["phrases"]["conjunctions"])
        self._joins = re.compile(rf"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:{joiners})\s+")
        self.concepts: dict[str, Concept] = {}
        # key -> concept id, from the lexicon, per domain
        self.curated: dict[str, dict[str, str]] = {d: {} for d in DOMAINS}
        # key -> HPO id, from names and EXACT synonyms
        self.hpo_index = hpo_keys(hpo, self.norm) if hpo_index is None else hpo_index
        self._memo: dict[tuple[str, str], tuple[str, ...]] = {}
        entries = data.get("concept", [])
        for entry in entries:
            self._add_lexicon_concept(entry)
        # a domain's own wordings first: they win over the wordings shared by both domains
        overridden: set[tuple[str, str]] = set()
        for entry in sorted(entries, key=lambda e: "only" not in e):
            cid = str(entry.get("hpo") or entry["id"])
            domains = [entry["only"]] if "only" in entry else DOMAINS
            for wording in [entry.get("label", ""), *entry.get("synonyms", [])]:
                key = self.norm.key(wording)
                for domain in domains:
                    known = self.curated[domain].setdefault(key, cid) if key else cid
                    if known != cid and (domain, key) not in overridden:
                        raise ValueError(
                            f"{LEXICON}.toml: {wording!r} is a wording of {known} and {cid}"
                        )
                    if "only" in entry:
                        overridden.add((domain, key))
        # an agent's key -> the concept of an allergy to it (a class of drugs)
        self.allergens = {
            self.norm.key(agent): cid
            for cid, agents in data.get("allergens", {}).items()
            for agent in agents
        }
        # the first letters of the agents' words: a drug named without them is no class
        stems = {
            word[:5]
            for agents in data.get("allergens", {}).values()
            for agent in agents
            for word in self.norm.clean(agent).split()[:1]
            if len(word) >= 4
        }
        self._allergen_hint = re.compile(r"\b(?:" + "|".join(sorted(stems) or ["(?!)"]) + ")")
        undeclared = sorted(set(self.allergens.values()) - set(self.concepts))
        if undeclared:
            raise ValueError(f"{LEXICON}.toml: allergen concepts {undeclared} are not declared")
        self.leading: dict[str, list[tuple[str, str]]] = {d: [] for d in DOMAINS}
        for domain, table in data.get("leading", {}).items():
            for cid, phrases in table.items():
                self.leading[domain] += [(self.norm.clean(p) + " ", cid) for p in phrases]
        risk = sorted(data["phrases"]["risk"], key=len, reverse=True)
        self._risk_before = re.compile(r"^(?:" + "|".join(re.escape(r) for r in risk) + r")\s+")
        after = "|".join(re.escape(r) for r in data["phrases"]["risk_after"])
        self._risk_after = re.compile(rf"^(?:(?:increased|higher|high)\s+)?(.+?)\s+(?:{after})$")
        self._tendency = tuple(data["phrases"]["tendency"])
        # each risk phrase's longest word: a wording holding none of them names no risk
        hints = {max(p.split(), key=len) for p in [*risk, *data["phrases"]["risk_after"]]}
        self._risk_hint = re.compile("|".join(sorted(hints)))
        qualifiers = sorted(data["phrases"]["qualifiers"], key=len, reverse=True)
        self.qualifier = re.compile(r"\s(?:" + "|".join(re.escape(q) for q in qualifiers) + r")\b")
        phrases = {p: site for site, ps in data["sites"].items() for p in ps}
        self._site_names = phrases
        self._site = re.compile(
            r"\b(?:"
            + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
            + r")\b"
        )

    def _add_lexicon_concept(self, entry: dict[str, Any]) -> None:
        """Check an entry's HPO ids; register a project concept (an entry with a label)."""
        for hpo_id in (entry.get("hpo"), entry.get("under")):
            if hpo_id is not None and hpo_id not in self.hpo.terms:
                raise ValueError(f"{LEXICON}.toml names {hpo_id}, which is not in HPO")
        if "hpo" in entry or "label" not in entry:
            return  # more wordings of an HPO term, or of a concept declared elsewhere
        cid = str(entry["id"])
        under = entry.get("under")
        parents = (under,) if under else ()
        category = entry.get("category") or (self.hpo.category(under) if under else None)
        self.concepts[cid] = Concept(
            cid, str(entry["label"]), "lexicon", None, (), (), parents, category
        )

    def concept(self, cid: str) -> Concept:
        """The concept row of an id this coder returned."""
        found = self.concepts.get(cid)
        if found is not None:
            return found
        term = self.hpo.terms[cid]
        concept = Concept(
            cid,
            term.name,
            "hpo",
            cid,
            term.umls,
            term.meddra,
            term.parents,
            self.hpo.category(cid),
        )
        self.concepts[cid] = concept
        return concept

    def _lookup(self, text: str, domain: str) -> str | None:
        key = self.norm.key(text)
        if not key:
            return None
        return self.curated[domain].get(key) or self.hpo_index.get(key)

    def _site_of(self, text: str) -> tuple[str, str | None]:
        """``text`` without a site phrase (``at the injection site``) and the site's name."""
        found = self._site.search(text)
        if found is None:
            return text, None
        bare = text[: found.start()] + " " + text[found.end() :]
        return " ".join(bare.split()), self._site_names[found.group(0)]

    def _parts(self, text: str, domain: str) -> list[str]:
        """The wordings an item joins with and/or/commas, each given the shared words:
        ``fast or irregular heartbeat`` -> ``fast heartbeat``, ``irregular heartbeat``."""
        parts = [p for p in self._joins.split(text) if p.strip()]
        if len(parts) < 2:
            return parts
        first, last = parts[0].split(), parts[-1].split()
        head = " ".join(last[1:])  # "liver or kidney disease": "liver" + "disease"
        lead = " ".join(first[:-1])  # "swelling of the face or lips": "swelling of the" + ..
        out: list[str] = []
        for i, part in enumerate(parts):
            candidates = [f"{part} {head}", f"{lead} {part}"]
            if i and " " not in part:  # "abdominal pain or cramps": abdominal cramps
                candidates.insert(0, candidates.pop())
            elif head and i < len(parts) - 1 and self._lookup(candidates[0], domain):
                # "burning or stinging sensation in the eye": the burning is in the eye too
                out.append(candidates[0])
                continue
            elif self._lookup(part, domain) is not None:
                out.append(part)
                continue
            for candidate in [*candidates, part]:
                if self._lookup(candidate.strip(), domain) is not None:
                    out.append(candidate.strip())
                    break
            else:
                out.append(part)
        return out

    def _risk(self, text: str, domain: str) -> tuple[str, ...]:
        """The tendencies an "increased risk of X" or "X risk" names (empty when HPO and
        the lexicon have no tendency term for any X: X itself is then coded as usual)."""
        if self._risk_hint.search(text) is None:
            return ()
        found = self._risk_before.match(text)
        rest = text[found.end() :] if found else None
        if rest is None:
            after = self._risk_after.match(text)
            rest = after.group(1) if after else None
        if not rest:
            return ()
        parts = self._parts(rest, domain)
        tendencies = [self._tendency_of(p, domain) for p in parts]
        if not any(tendencies):
            return ()
        codes: list[str] = []
        for part, tendency in zip(parts, tendencies, strict=True):
            codes += [tendency] if tendency else self._code(part, domain)
        return tuple(dict.fromkeys(codes))

    def _tendency_of(self, part: str, domain: str) -> str | None:
        for word in self._tendency:
            found = self._lookup(f"{part} {word}", domain)
            if found is not None:
                return found
        return None

    def _code(self, text: str, domain: str) -> tuple[str, ...]:
        text = self.norm.clean(text.replace("/", " or "))  # "weakness/fatigue"
        risk = self._risk(text, domain)
        if risk:
            return risk
        found = self.curated[domain].get(self.norm.key(text))
        if found is not None:
            return (found,)
        padded = text + " "
        for phrase, cid in self.leading[domain]:
            if padded.startswith(phrase):  # "hypersensitivity to [other] nsaids": the class's
                agent = padded[len(phrase) :]
                if self._allergen_hint.search(agent) is None:
                    return (cid,)
                return (self.allergens.get(self.norm.key(agent), cid),)
        bare, site = self._site_of(text)
        if site is not None:
            inner = self._code(bare, domain) if bare else ()
            return tuple(dict.fromkeys(self._site_concept(site, cid, domain) for cid in inner)) or (
                self._site_concept(site, None, domain),
            )
        parts = self._parts(text, domain)
        if len(parts) > 1:
            coded = [self._lookup(p, domain) for p in parts]
            if all(coded):
                return tuple(dict.fromkeys(c for c in coded if c))
        whole = self._lookup(text, domain)
        if whole is not None:
            return (whole,)
        head = self.qualifier.split(text, maxsplit=1)[0].strip()
        if head and head != text:  # "dizziness when standing up", "anemia in children"
            return self._code(head, domain)
        return tuple(dict.fromkeys(c for c in (self._lookup(p, domain) for p in parts) if c))

    def _site_concept(self, site: str, inner: str | None, domain: str) -> str:
        """The project concept of a reaction at a site (``injection site pain``), or the
        site's general reaction when the lexicon has none for this one."""
        if inner is not None:
            label = self.concept(inner).label
            key = self.norm.key(f"{site} {label}")
            found = self.curated[domain].get(key)
            if found is not None:
                return found
        found = self.curated[domain].get(self.norm.key(f"{site} reaction"))
        if found is None:
            raise ValueError(f"{LEXICON}.toml has no concept '{site} reaction'")
        return found

    def code(self, text: str, domain: str = "side_effects") -> tuple[str, ...]:
        """Concept ids named by one wording (empty when none); each wording coded once."""
        found = self._memo.get((domain, text))
        if found is None:
            found = self._code(text, domain)
            self._memo[(domain, text)] = found
        return found


def hpo_keys(hpo: Hpo, norm: Normalizer) -> dict[str, str]:
    """Key -> HPO id for every name and EXACT synonym that is exactly its concept."""
    index: dict[str, str] = {}
    for term in hpo.terms.values():
        for name in (term.name, *term.synonyms):
            words, modified = norm.parse(name)
            if not modified:  # "Recurrent bronchitis", "Severe X": not exactly X
                index.setdefault(" ".join(sorted(words)), term.id)
    return index


def _keys_path() -> Path:
    """The on-disk HPO key index: it changes with the HPO file, the lexicon and this code."""
    h = hashlib.sha256(lexicon.load_bytes(LEXICON))
    h.update(Path(__file__).read_bytes())
    name = f"hpo-keys-{ontology.release_tag()}-{h.hexdigest()[:16]}.pickle"
    return ontology.cache_folder() / name


def build() -> Coder:
    """A coder over the installed HPO release and ``concepts.toml``. Its HPO key index
    is kept on disk, so this only unpickles it; a run drops the coder once its tables
    are coded (its ~20 MB are not held through the writes)."""
    hpo, data = ontology.read(), lexicon.load(LEXICON)
    keys = ontology.cached(_keys_path(), dict, lambda: hpo_keys(hpo, Normalizer(data)))
    return Coder(hpo, data, hpo_index=keys)


@cache
def coder() -> Coder:
    """``build()``, kept for the life of the process."""
    return build()
