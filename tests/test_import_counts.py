"""Every citation marker and every dose of each answer, counted against its source text.

The expected numbers below were counted by hand from each answer's text, not
from the importer's output:

- markers: for each reference number, how many paragraphs, bullets or lines of
  the source cite it (a number cited twice in one paragraph counts once, as the
  paragraph becomes one item). Every one must come back as a citation on the
  draft item made from that text.
- doses: one per dose statement (one drug's amount with its unit, frequency and
  route; a starting dose with its target, a ceiling or a salt's elemental content
  is part of the same statement; drugs joined by "or" or "plus" count once each),
  named as the draft names the item. Each must become exactly one structured dose.

The README's import section reports the same counts; a test keeps it in step.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from handouts.importer import Imported, check, convert
from handouts.models import Topic

IMPORT_DIR = Path(__file__).parent / "fixtures" / "import"
README = Path(__file__).resolve().parent.parent / "README.md"
TODAY = date(2025, 8, 1)

# answer: (markers per reference number, the dosed items' names in order)
EXPECTED: dict[str, tuple[dict[int, int], list[str]]] = {
    # the project's two sample answers
    "seed-leaky-gut-web.txt": ({1: 2, 2: 2, 3: 1, 4: 1, 5: 1, 6: 4}, ["L-glutamine", "Probiotics", "Zinc"]),
    "seed-leaky-gut-structured.txt": (
        {1: 17, 2: 4, 3: 4, 4: 1, 5: 1},
        [
            "Hydration",
            "Calcium",
            "Loperamide",
            "Diphenoxylate",
            "Codeine sulfate",
            "Octreotide",
            "Low-dose tricyclic antidepressants",
        ],
    ),
    # fictional test answers
    "gerd-web.txt": ({1: 3, 2: 2, 3: 1, 4: 1, 5: 1, 6: 1}, ["Omeprazole"]),
    "constipation-web.txt": (
        {1: 3, 2: 3, 3: 1, 4: 1},
        ["Psyllium", "Polyethylene glycol 3350", "Bisacodyl", "Linaclotide"],
    ),
    "iron-deficiency-structured.txt": (
        {1: 5, 2: 2, 3: 3, 4: 2, 5: 1},
        ["Ferrous sulfate", "Ferric carboxymaltose", "Cyanocobalamin"],
    ),
    "migraine-structured.txt": (
        {1: 8, 2: 2, 3: 2, 4: 1, 5: 1},
        [
            "Ibuprofen",
            "Naproxen",
            "Metoclopramide",
            "Sumatriptan",
            "Propranolol",
            "Topiramate",
            "Amitriptyline",
            "Erenumab",
            "Riboflavin",
            "Magnesium",
        ],
    ),
    "type-2-diabetes-web.txt": (
        {1: 4, 2: 4, 3: 3, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1},
        ["Metformin", "Empagliflozin", "Dapagliflozin", "Semaglutide", "Gliclazide"],
    ),
    "osteoporosis-web.txt": (
        {1: 4, 2: 4, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1},
        ["Alendronic acid", "Risedronate", "Calcium carbonate", "Colecalciferol", "Zoledronic acid", "Denosumab"],
    ),
    "c-difficile-web.txt": (
        {1: 4, 2: 3, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1},
        ["Fidaxomicin", "Vancomycin", "Vancomycin", "Metronidazole", "Bezlotoxumab"],
    ),
    "hyperkalemia-structured.txt": (
        {1: 6, 2: 3, 3: 4, 4: 2, 5: 2},
        [
            "Calcium gluconate 10%",
            "Soluble insulin",
            "Glucose",
            "Salbutamol",
            "Sodium zirconium cyclosilicate",
            "Patiromer",
        ],
    ),
    "hypomagnesemia-structured.txt": (
        {1: 3, 2: 5, 3: 3, 4: 2, 5: 2},
        ["Magnesium oxide", "Magnesium sulfate", "Magnesium sulfate", "Amiloride"],
    ),
    "pediatric-pneumonia-structured.txt": (
        {1: 8, 2: 3, 3: 3, 4: 2, 5: 2, 6: 2},
        ["Amoxicillin", "Azithromycin", "Ceftriaxone", "Cefotaxime", "Ampicillin", "Paracetamol", "Ibuprofen"],
    ),
    "heavy-menstrual-bleeding-structured.txt": (
        {1: 6, 2: 3, 3: 4, 4: 2, 5: 1},
        ["Tranexamic acid", "Mefenamic acid", "Norethisterone", "Ferrous fumarate", "Ferric carboxymaltose"],
    ),
}


def imported(name: str) -> tuple[Imported, Topic]:
    path = IMPORT_DIR / name
    result = convert(path.read_text(encoding="utf-8"), source_name=name, today=TODAY)
    return result, check(result.yaml, name)  # the rules `handouts validate` applies


def split_items(result: Imported) -> set[str]:
    """Ids of the items the importer split off a bullet for its second and later doses.

    They repeat their bullet's citations, so they are not counted again.
    """
    sections = result.draft.data["sections"]
    return {
        sections[loc[1]]["recommendations"][loc[3]]["id"]
        for loc, note in result.draft.comments.items()
        if len(loc) == 4 and loc[0] == "sections" and "dose split from" in note
    }


def cited_texts(result: Imported, topic: Topic) -> dict[str, tuple[str, ...]]:
    """Every cited text of the draft, once, with its citations.

    Keyed by text: a web answer's guideline paragraph is both the guideline finding
    and (without a "Bottom line:") the bottom line, yet one passage of the source.
    """
    split = split_items(result)
    found: dict[str, tuple[str, ...]] = {topic.bottom_line.clinician: topic.bottom_line.citations}
    for item in topic.recommendations():
        if item.id not in split:
            found[item.clinician] = item.citations
    for statement in (*topic.algorithm, *topic.monitoring, *topic.pitfalls, *topic.emerging):
        found[statement.text] = statement.citations
    for finding in topic.evidence_by_source:
        found[finding.text] = finding.citations
        for point in finding.points:
            found[point.text] = point.citations
    return found


def marker_counts(result: Imported, topic: Topic) -> dict[int, int]:
    counts = Counter(int(ref.removeprefix("ref-")) for cites in cited_texts(result, topic).values() for ref in cites)
    return dict(sorted(counts.items()))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_marker_in_the_source_is_a_citation_in_the_draft(name):
    result, topic = imported(name)
    markers, _ = EXPECTED[name]
    assert marker_counts(result, topic) == markers
    assert [r.id for r in topic.references] == [f"ref-{n}" for n in sorted(markers)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_dose_statement_is_exactly_one_structured_dose(name):
    _, topic = imported(name)
    _, doses = EXPECTED[name]
    assert [r.name for r in topic.recommendations() if r.dose is not None] == doses


def test_every_test_answer_is_counted():
    assert sorted(p.name for p in IMPORT_DIR.glob("*.txt")) == sorted(EXPECTED)


def readme_rows() -> dict[str, tuple[int, int]]:
    section = README.read_text(encoding="utf-8").split("### Start a topic from an evidence tool's answer", 1)[1]
    section = section.split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([\w.-]+\.txt)` \|[^|]*\| (\d+) \| (\d+) \|", section, re.MULTILINE)
    return {name: (int(markers), int(doses)) for name, markers, doses in rows}


def test_the_readme_reports_the_same_counts():
    assert readme_rows() == {
        name: (sum(markers.values()), len(doses)) for name, (markers, doses) in EXPECTED.items()
    }
