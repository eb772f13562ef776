"""One file start to finish: a failing extractor costs its own table, never the file."""

from __future__ import annotations

from typing import Any

import pytest
from support import extract_text

from pipeline import process
from pipeline.models import Status

DOC = (
    "# Testamol\n\n### Side Effects\n* Nausea\n\n### Precautions\n"
    "* **Contraindications:** Pregnancy.\n* **Drug Interactions:** Avoid warfarin.\n"
)


def test_a_failing_extractor_loses_only_its_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> list[dict[str, Any]]:
        raise RuntimeError("boom")

    monkeypatch.setitem(process._EXTRACTORS, "contraindications", broken)
    result = extract_text(DOC)
    assert [r["term"] for r in result.side_effects] == ["nausea"]
    assert [r["agent"] for r in result.interactions] == ["warfarin"]
    assert result.contraindications == []
    (issue,) = result.issues
    assert issue["code"] == "extractor_error" and "boom" in issue["message"]
    assert result.monograph["status"] == Status.partial


def test_a_crash_outside_the_extractors_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: Any) -> None:
        raise RecursionError("deep")

    monkeypatch.setattr(process, "assign_kinds", broken)
    result = extract_text(DOC)
    assert result.side_effects == [] and result.monograph["status"] == Status.failed
    assert [i["code"] for i in result.issues] == ["internal_error"]
