"""The record models: the one source of truth for every table's schema.

Arrow schemas, CSV columns, JSON Schema, SQL DDL and the data dictionary are
all derived from these classes (see ``pipeline.schema``); nothing restates
the columns by hand.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from pipeline.issues import IssueCode

SCHEMA_VERSION = "1.1.0"  # 1.1: concepts table, concept_ids columns


class SectionKind(StrEnum):
    """What a heading (or pseudo-heading) introduces."""

    generic_name = "generic_name"
    usage = "usage"
    dosage = "dosage"
    side_effects = "side_effects"
    mechanism = "mechanism"
    precautions = "precautions"
    contraindications = "contraindications"
    interactions = "interactions"
    pregnancy = "pregnancy"
    faq = "faq"
    alternate_names = "alternate_names"
    summary = "summary"
    other = "other"


class FrequencyBand(StrEnum):
    """How often a side effect occurs: `unknown`, then rarest to most frequent.

    The order is the ordered categorical's in pandas and the SQL enum's, so
    ``band >= "common"`` means at least common. `unknown` comes first so that
    no ``>=``/``>`` comparison with a real band includes it (README: "Loading
    the tables in pandas" says how to keep it out of ``<=``/``<`` too).
    """

    unknown = "unknown"
    very_rare = "very_rare"
    rare = "rare"
    uncommon = "uncommon"
    common = "common"
    very_common = "very_common"


class Population(StrEnum):
    """Who or what a contraindication concerns."""

    pregnancy = "pregnancy"
    breastfeeding = "breastfeeding"
    pediatric = "pediatric"
    elderly = "elderly"
    hypersensitivity = "hypersensitivity"
    condition = "condition"


class Strength(StrEnum):
    """Absolute (must not be used) or relative (use with caution) contraindication."""

    absolute = "absolute"
    relative = "relative"


class AgentType(StrEnum):
    """What kind of thing an interacting agent is."""

    drug = "drug"
    drug_class = "drug_class"
    food = "food"
    alcohol = "alcohol"
    herbal = "herbal"
    other = "other"


class Severity(StrEnum):
    """How strongly the text warns about an interaction."""

    avoid = "avoid"
    caution = "caution"
    monitor = "monitor"
    unspecified = "unspecified"


class Status(StrEnum):
    """Outcome of processing one input file."""

    ok = "ok"
    partial = "partial"
    failed = "failed"


class IssueSeverity(StrEnum):
    """An error loses data from a file; a warning only flags it."""

    error = "error"
    warning = "warning"


class Record(BaseModel):
    """Base of every table row: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


_MID = "Join key: the file's path relative to the input folder, without `.md`, `/`-separated."
_ITEM = "1-based position of this row among its monograph's rows in this table (source order)."
_LINE = "1-based line in the source file where the item is written."
_CONCEPT_IDS = (
    "Concepts the text names (`concepts.concept_id`): HPO ids (`HP:0002315`) where HPO has "
    "the concept, else the project's own (`MGP:0100`); two or more for an item naming several "
    "(`nausea and vomiting`); empty when it names none."
)
_COMPONENT = (
    "Lower-case component of a combination product when the text is split per component, else null."
)


class SideEffect(Record):
    """One side effect mentioned in a side-effects section."""

    monograph_id: str = Field(description=_MID)
    item_no: int = Field(description=_ITEM, ge=1)
    component: str | None = Field(default=None, description=_COMPONENT)
    term: str = Field(
        description="The effect, normalized: lower case, markdown and parentheticals removed, "
        "leading and/or removed, outer punctuation stripped, spaces collapsed.",
        min_length=1,
    )
    concept_ids: list[str] = Field(
        default_factory=list,
        description=_CONCEPT_IDS,
    )
    term_raw: str = Field(description="The effect as written.")
    detail: str | None = Field(
        default=None, description="The parenthetical or explanation that went with the effect."
    )
    category: str | None = Field(
        default=None,
        description="A non-frequency group label the effect was listed under "
        "(`gastrointestinal`, `allergic reactions`).",
    )
    frequency_band: FrequencyBand = Field(
        description="Frequency band from percentages, item words, then group words; "
        "`unknown` when nothing says."
    )
    frequency_text: str | None = Field(
        default=None, description="The label or words the band came from, as written."
    )
    pct_low: float | None = Field(default=None, description="Lower percentage bound when stated.")
    pct_high: float | None = Field(default=None, description="Upper percentage bound when stated.")
    serious: bool | None = Field(
        default=None,
        description="True when item, group or label says serious/severe/life-threatening; "
        "false when it says mild/minor; null when nothing is said.",
    )
    line: int = Field(description=_LINE, ge=1)


class Contraindication(Record):
    """One condition or population in which the drug must not (or only cautiously) be used."""

    monograph_id: str = Field(description=_MID)
    item_no: int = Field(description=_ITEM, ge=1)
    component: str | None = Field(default=None, description=_COMPONENT)
    condition: str = Field(
        description="The condition or population, normalized like `term`, filler "
        "(`patients with`, `known`) removed.",
        min_length=1,
    )
    concept_ids: list[str] = Field(
        default_factory=list,
        description=_CONCEPT_IDS,
    )
    condition_raw: str = Field(description="The condition as written.")
    population: Population = Field(description="Who the contraindication concerns.")
    strength: Strength = Field(
        description="`absolute` (contraindicated, must not, do not use) or `relative` "
        "(use with caution, not recommended, monitor)."
    )
    line: int = Field(description=_LINE, ge=1)


class Interaction(Record):
    """One agent (drug, class, food, substance) the drug interacts with."""

    monograph_id: str = Field(description=_MID)
    item_no: int = Field(description=_ITEM, ge=1)
    component: str | None = Field(default=None, description=_COMPONENT)
    agent: str = Field(
        description="The interacting drug, class, food or substance, normalized like `term`.",
        min_length=1,
    )
    agent_raw: str = Field(description="The agent as written.")
    agent_type: AgentType = Field(description="What kind of agent it is.")
    effect: str | None = Field(
        default=None, description="The consequence of the interaction as written, else null."
    )
    severity: Severity = Field(description="How strongly the text warns about the interaction.")
    linked_monograph_id: str | None = Field(
        default=None,
        description="`monograph_id` of a monograph of the same run whose generic name is "
        "this agent, else null.",
    )
    line: int = Field(description=_LINE, ge=1)


class Monograph(Record):
    """One input file, always: what was read from it and how it went."""

    monograph_id: str = Field(description=_MID)
    title: str | None = Field(default=None, description="The H1 title (or front-matter title).")
    generic_name: str | None = Field(
        default=None, description="Normalized generic name (lower case), from the title."
    )
    components: list[str] = Field(
        default_factory=list,
        description="Lower-case ingredient names; more than one for combination products.",
    )
    is_combination: bool = Field(description="True when the product has several components.")
    source_path: str = Field(description="Path of the file relative to the input folder.")
    sha256: str | None = Field(
        default=None, description="SHA-256 of the file's bytes; null when unreadable."
    )
    status: Status = Field(
        description="`ok`, `partial` (read with error-severity issues) or `failed` (unusable)."
    )
    section_kinds: list[str] = Field(
        default_factory=list, description="Distinct section kinds found, in document order."
    )
    n_side_effects: int = Field(default=0, description="Rows contributed to `side_effects`.", ge=0)
    n_contraindications: int = Field(
        default=0, description="Rows contributed to `contraindications`.", ge=0
    )
    n_interactions: int = Field(default=0, description="Rows contributed to `interactions`.", ge=0)
    n_issues: int = Field(default=0, description="Rows contributed to `issues`.", ge=0)


class Issue(Record):
    """Something that went wrong or looks wrong in one input file."""

    monograph_id: str = Field(description=_MID)
    item_no: int = Field(description=_ITEM, ge=1)
    source_path: str = Field(description="Path of the file relative to the input folder.")
    line: int | None = Field(default=None, description="1-based source line, when known.")
    severity: IssueSeverity = Field(description="`error` (data lost) or `warning`.")
    code: IssueCode = Field(description="Stable machine-readable code.")
    message: str = Field(description="Explanation for people.")


class ConceptSource(StrEnum):
    """Where a concept comes from."""

    hpo = "hpo"
    lexicon = "lexicon"


class Concept(Record):
    """One concept that side effects or conditions of the run are coded to."""

    concept_id: str = Field(
        description="HPO id (`HP:0002315`) or the project's own id (`MGP:0100`).", min_length=1
    )
    label: str = Field(description="Preferred label (HPO's term name for HPO concepts).")
    source: ConceptSource = Field(
        description="`hpo`: an HPO term; `lexicon`: the project's own concept "
        "(`pipeline/lexicons/concepts.toml`), where HPO has none with exactly this meaning."
    )
    hpo_id: str | None = Field(
        default=None, description="The HPO id when the concept is an HPO term, else null."
    )
    umls_cuis: list[str] = Field(
        default_factory=list, description="UMLS CUIs from HPO's cross-references (joins SIDER)."
    )
    meddra_codes: list[str] = Field(
        default_factory=list,
        description="MedDRA codes from HPO's cross-references (joins OnSIDES, FAERS).",
    )
    parent_ids: list[str] = Field(
        default_factory=list,
        description="HPO parents (`is_a`); for a project concept, the HPO term it sits under.",
    )
    category: str | None = Field(
        default=None,
        description="Top-level organ system it rolls up to (a child of HPO's \"Phenotypic "
        'abnormality", e.g. `Abnormality of the nervous system`), `Population` for '
        "populations (pregnancy, children); null when none applies.",
    )
