"""The importer's small parts, each on its own: characters, chrome, markers, doses, drug list, outline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handouts.importer.chrome import parse_date, strip_chrome
from handouts.importer.doses import ParsedDose, parse_doses
from handouts.importer.drugs import instructed_term, prescription_term
from handouts.importer.markers import extract_markers
from handouts.importer.normalise import normalise, normalise_line
from handouts.importer.outline import Entry, Paragraph, classify, heading_role, outline, source_kind

D = Decimal


# --- normalise --------------------------------------------------------------------


def test_line_endings_of_every_kind_become_lines():
    assert normalise("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_odd_spaces_dashes_and_mu_are_made_uniform():
    line = "\ufeffOctreotide\u00a0(100\u202f\u03bcg\tSQ)  \u2013 5\u201310\u2009mg \u2014 x\u200b"
    assert normalise_line(line) == "Octreotide (100 \u00b5g SQ) - 5-10 mg - x"


def test_indentation_survives_with_tabs_expanded():
    assert normalise_line("\t- Fruits") == "    - Fruits"
    assert normalise_line("  \u2022\u00a0item") == "  \u2022 item"


def test_html_comments_and_markdown_bold_are_dropped():
    assert normalise("<!-- fixture note -->\n**Bold** text") == ["", "Bold text"]


# --- chrome -----------------------------------------------------------------------


def test_chrome_is_dropped_and_the_update_date_kept():
    lines = [
        "What helps?",
        "Medical Advisory BoardAll articles are reviewed",
        "Article Review Status",
        "Submitted",
        "Under Review",
        "Approved",
        "",
        "Last updated: July 2, 2025View editorial policy",
        "Personalize",
        "Help us tailor your experience",
        "Which best describes you? Your choice helps",
        "From the Guidelines",
        "Text 1.",
        "Have a follow-up question?",
        "Our Medical A.I. is used by",
        "Anything after the marketing",
    ]
    stripped = strip_chrome(lines)
    assert [line for line in stripped.lines if line] == ["What helps?", "From the Guidelines", "Text 1."]
    assert stripped.last_updated == date(2025, 7, 2)
    assert "Anything after the marketing" in stripped.dropped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 2, 2025", date(2025, 7, 2)),
        ("2 June 2025", date(2025, 6, 2)),
        ("Mar. 14, 2025", date(2025, 3, 14)),
        ("Mar 14, 2025", date(2025, 3, 14)),
        ("2025-03-14", date(2025, 3, 14)),
        ("soon", None),
    ],
)
def test_update_dates_in_the_usual_spellings(text, expected):
    assert parse_date(text) == expected


# --- citation markers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean", "numbers"),
    [
        (
            "Calcium supplementation: Recommended at 800-1200 mg per day 1",
            "Calcium supplementation: Recommended at 800-1200 mg per day",
            (1,),
        ),
        (
            "Octreotide (100 µg SQ, three times daily, 30 minutes before meals) - use cautiously as it may "
            "impair intestinal adaptation 1, 3",
            "Octreotide (100 µg SQ, three times daily, 30 minutes before meals) - use cautiously as it may "
            "impair intestinal adaptation",
            (1, 3),
        ),
        ("improving quality of life 1. When managing", "improving quality of life. When managing", (1,)),
        ("reducing inflammation. 1", "reducing inflammation.", (1,)),
        ("(both flavonoids and non-flavonoids) 1:", "(both flavonoids and non-flavonoids):", (1,)),
        ("Large amounts of caffeine 1", "Large amounts of caffeine", (1,)),
        (
            "titrating to 25-50 mg for persistent abdominal pain 3",
            "titrating to 25-50 mg for persistent abdominal pain",
            (3,),
        ),
        ("Codeine sulfate (15-60 mg 2-3 times daily) 1", "Codeine sulfate (15-60 mg 2-3 times daily)", (1,)),
        ("in conventional medicine 2, the concept", "in conventional medicine, the concept", (2,)),
        ("for 8 weeks 1.", "for 8 weeks.", (1,)),
        (
            "a 89.3% success rate during follow-up 5. However",
            "a 89.3% success rate during follow-up. However",
            (5,),
        ),
        ("Trailing space after a marker 2 ", "Trailing space after a marker", (2,)),
        ("bracketed [2, 4] and ranges [6-8].", "bracketed and ranges.", (2, 4, 6, 7, 8)),
        ("superscripts¹˒³.", "superscripts.", (1, 3)),
    ],
)
def test_markers_are_found_and_removed(text, clean, numbers):
    marked = extract_markers(text)
    assert (marked.text, marked.numbers) == (clean, numbers)


@pytest.mark.parametrize(
    "text",
    [
        "Recommended at 800-1200 mg",  # a dose, not a marker
        "Aim for 2-2.5 liters",
        "The study was published in 2019.",  # a year
        "Adults with type 2.",
        "Start on day 1.",
        "Vitamin D 3",
        "Children under 12.",
        "A score of 4.",
        "Take with about 10.",
        "given in 2, 3 or 4 doses",
        "(7-9 hours nightly)",
    ],
)
def test_numbers_that_are_not_markers_stay(text):
    assert extract_markers(text) == extract_markers(text).__class__(" ".join(text.split()), ())


# Positions that need the answer's own numbering: (text, numbers cited before it, clean, numbers).
IN_CONTEXT = [
    ("a fall of about 15 mmol/L 2", (1,), "a fall of about 15 mmol/L", (2,)),  # the next new number
    ("a fall of about 15 mmol/L 2", (1, 2, 3), "a fall of about 15 mmol/L", (2,)),  # cited before
    ("an eGFR below 30 mL/min/1.73 m2 5.", (1, 2, 3, 4), "an eGFR below 30 mL/min/1.73 m2.", (5,)),
    ("at 1 year 8.", tuple(range(1, 8)), "at 1 year.", (8,)),
    ("after 5 years 4", (1, 2, 3), "after 5 years", (4,)),
    ("Ask about it at each visit 2.", (1, 2), "Ask about it at each visit.", (2,)),
    ("for the first week 2", (1,), "for the first week", (2,)),
    ("intravenous calcium first 2", (1, 2), "intravenous calcium first", (2,)),
    ("rise of about 20 g/L 3", (1, 2, 3), "rise of about 20 g/L", (3,)),
    ("whatever the HbA1c 2.", (1,), "whatever the HbA1c.", (2,)),
]
NOT_IN_CONTEXT = [
    ("a fall of about 15 mmol/L 2", ()),  # 2 before any 1: not the answer's numbering
    ("a fall of about 15 mmol/L 7", (1, 2, 3)),  # skips 4 to 6
    ("at visit 4.", (1, 2, 3)),  # "visit 4" names a visit
    ("Start on day 1.", ()),
    ("Adults with type 2.", (1,)),
    ("Repeat the test after 2 weeks", (1, 2)),  # a marker never takes a unit
    ("the first 2", (1,)),
    ("HbA1c below 7.", tuple(range(1, 7))),
    ("Take 1 tablet at 8", tuple(range(1, 8))),
]


@pytest.mark.parametrize(("text", "earlier", "clean", "numbers"), IN_CONTEXT)
def test_doubtful_positions_are_markers_when_the_numbering_agrees(text, earlier, clean, numbers):
    assert extract_markers(text, earlier) == extract_markers(text).__class__(clean, numbers)


@pytest.mark.parametrize(("text", "earlier"), NOT_IN_CONTEXT)
def test_doubtful_positions_stay_text_when_the_numbering_disagrees(text, earlier):
    assert extract_markers(text, earlier).numbers == ()


def test_the_outline_reads_markers_in_the_answer_s_numbering():
    lines = ["Title", "Heading", "- First point 1", "- Second point 2", "- Fell by about 15 mmol/L 2"]
    (group,) = outline(lines).groups
    assert [b.citations for b in group.blocks] == [(1,), (2,), (2,)]
    lines[4] = "- Fell by about 15 mmol/L 9"
    (group,) = outline(lines).groups
    assert group.blocks[2] == Entry("Fell by about 15 mmol/L 9", ())


# --- doses ------------------------------------------------------------------------


def one(text: str) -> ParsedDose:
    doses = parse_doses(text)
    assert len(doses) == 1, doses
    return doses[0]


def fields(dose: ParsedDose) -> tuple:
    return (dose.amount, dose.unit, dose.frequency, dose.route, dose.timing)


# Every dose in both seed answers, with the exact structured reading.
SEED_DOSES = [
    ("L-glutamine (5-10g daily)", "L-glutamine", ((D(5), D(10)), "g", "per day", None, None), None),
    (
        "probiotics (containing Lactobacillus and Bifidobacterium strains, 10-50 billion CFUs daily)",
        "probiotics",
        ((D(10), D(50)), "billion CFU", "per day", None, None),
        None,
    ),
    ("zinc (25-40mg daily)", "zinc", ((D(25), D(40)), "mg", "per day", None, None), None),
    (
        "Hydration: Aim for 2-2.5 liters of fluids daily, using oral rehydration solutions when necessary",
        None,
        ((D(2), D("2.5")), "L", "per day", None, None),
        None,
    ),
    (
        "Calcium supplementation: Recommended at 800-1200 mg per day",
        None,
        ((D(800), D(1200)), "mg", "per day", None, None),
        None,
    ),
    ("Loperamide (4-12 mg daily)", "Loperamide", ((D(4), D(12)), "mg", "per day", None, None), None),
    ("diphenoxylate (4-16 mg per day)", "diphenoxylate", ((D(4), D(16)), "mg", "per day", None, None), None),
    (
        "For severe cases: Codeine sulfate (15-60 mg 2-3 times daily)",
        "Codeine sulfate",
        ((D(15), D(60)), "mg", "2 to 3 times daily", None, None),
        None,
    ),
    (
        "For refractory cases: Octreotide (100 \u03bcg SQ, three times daily, 30 minutes before meals)"
        " - use cautiously",
        "Octreotide",
        (D(100), "mcg", "three times daily", "subcutaneous", "30 minutes before meals"),
        None,
    ),
    (
        "Low-dose tricyclic antidepressants: Starting at 10 mg at bedtime, titrating to 25-50 mg for persistent pain",
        None,
        (D(10), "mg", "at bedtime", None, None),
        "starting dose; titrate to 25 to 50 mg",
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "expected", "note"), SEED_DOSES, ids=[d[0][:30] for d in SEED_DOSES]
)
def test_every_seed_dose_is_read_exactly(text, name, expected, note):
    dose = one(text)
    assert fields(dose) == expected
    assert dose.name == name
    assert dose.note == note


def test_a_bullet_with_several_doses_gives_each_with_its_name():
    text = (
        "Supplements: Consider adding L-glutamine (5-10g daily), probiotics (containing Lactobacillus and "
        "Bifidobacterium strains, 10-50 billion CFUs daily), zinc (25-40mg daily), and digestive enzymes with meals"
    )
    assert [d.name for d in parse_doses(text)] == ["L-glutamine", "probiotics", "zinc"]
    text = "Anti-motility agents: Loperamide (4-12 mg daily) or diphenoxylate (4-16 mg per day)"
    doses = parse_doses(text)
    assert [(d.name, d.raw) for d in doses] == [
        ("Loperamide", "Loperamide (4-12 mg daily)"),
        ("diphenoxylate", "diphenoxylate (4-16 mg per day)"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Adequate sleep (7-9 hours nightly)",
        "a \u226530% decrease for \u22652 weeks",
        "score <4 (loose stool)",
        "an 89.3% success rate",
        "10 g/L after 4 weeks",
        "meals 2-3 hours before bedtime",
        "10-5 mg",
    ],
)
def test_amounts_that_are_not_doses(text):
    assert parse_doses(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Omeprazole 20 mg PO BID before breakfast",
            (D(20), "mg", "twice daily", "oral", "before breakfast"),
        ),
        ("x 1 g TID", (D(1), "g", "three times daily", None, None)),
        ("Amitriptyline 10 mg QHS", (D(10), "mg", "at bedtime", None, None)),
        ("ondansetron 4 mg every 8 hours as needed", (D(4), "mg", "every 8 hours as needed", None, None)),
        ("Vitamin D 1,000 IU daily", (D(1000), "international units", "per day", None, None)),
        ("Erenumab (70 mg SC once monthly)", (D(70), "mg", "once monthly", "subcutaneous", None)),
        ("PEG 17 g once daily in the morning", (D(17), "g", "once daily", None, "in the morning")),
        (
            "Cyanocobalamin (1000 \u00b5g IM once monthly)",
            (D(1000), "mcg", "once monthly", "intramuscular", None),
        ),
        (
            "Linaclotide (145 \u03bcg once daily, 30 minutes before breakfast)",
            (D(145), "mcg", "once daily", None, "30 minutes before breakfast"),
        ),
        (
            "Omeprazole (20 mg once daily, 30-60 minutes before breakfast)",
            (D(20), "mg", "once daily", None, "30 to 60 minutes before breakfast"),
        ),
        ("psyllium (10 to 25 grams per day)", ((D(10), D(25)), "g", "per day", None, None)),
        ("Propranolol (80 - 160 mg/day)", ((D(80), D(160)), "mg", "per day", None, None)),
        (
            "Ferrous sulfate (65 mg elemental iron on alternate days)",
            (D(65), "mg", "every other day", None, None),
        ),
    ],
)
def test_other_dose_spellings(text, expected):
    assert fields(one(text)) == expected


def test_plans_stay_one_dose():
    sumatriptan = one("Sumatriptan (50-100 mg orally at onset, may repeat after 2 hours; max 200 mg/day)")
    assert fields(sumatriptan) == ((D(50), D(100)), "mg", None, "oral", "at onset")
    assert sumatriptan.note == "the source adds: 'may repeat after 2 hours'; maximum 200 mg per day"
    loperamide = one("Loperamide (4 mg, then 2 mg after each loose stool, up to 16 mg per day)")
    assert loperamide.amount == D(4)
    assert loperamide.note == "then 2 mg, after each loose stool; maximum 16 mg per day"
    topiramate = one("Topiramate (starting at 25 mg at night, increasing to 50 mg BID)")
    assert (topiramate.amount, topiramate.frequency) == (D(25), "at night")
    assert topiramate.note == "starting dose; titrate to 50 mg twice daily"


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        (
            "Drug X: 325 mg tablet (100 mg elemental) twice daily or on alternate days",
            (D(325), "mg", "twice daily or every other day", None, None),
            "100 mg elemental",
        ),
        (
            "Ferrous sulfate (325 mg, 65 mg elemental iron, once daily)",
            (D(325), "mg", "once daily", None, None),
            "65 mg elemental iron",
        ),
        (
            "Calcium carbonate 1250 mg tablet (500 mg elemental calcium) once or twice daily with meals",
            (D(1250), "mg", "once or twice daily", None, "with meals"),
            "500 mg elemental calcium",
        ),
    ],
)
def test_a_salt_strength_and_its_elemental_content_are_one_dose(text, expected, note):
    dose = one(text)
    assert (fields(dose), dose.note) == (expected, note)


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("Zoledronic acid (5 mg IV once yearly)", (D(5), "mg", "once yearly", "intravenous", None), None),
        (
            "Magnesium sulfate (4-8 g IV over 12 to 24 hours)",
            ((D(4), D(8)), "g", None, "intravenous", "over 12 to 24 hours"),
            None,
        ),
        (
            "Ampicillin (150-200 mg/kg/day IV in 4 divided doses)",
            ((D(150), D(200)), "mg/kg/day", "in 4 divided doses", "intravenous", None),
            None,
        ),
        (
            "Bezlotoxumab (10 mg/kg IV as a single dose)",
            (D(10), "mg/kg", "as a single dose", "intravenous", None),
            None,
        ),
        (
            "Amoxicillin: 90 mg/kg/day orally in 2 divided doses (maximum 4 g per day)",
            (D(90), "mg/kg/day", "in 2 divided doses", "oral", None),
            "maximum 4 g per day",
        ),
        (
            "Ceftriaxone: 50-100 mg/kg IV once daily (maximum 2 g per dose)",
            ((D(50), D(100)), "mg/kg", "once daily", "intravenous", None),
            "maximum 2 g per dose",
        ),
        (
            "Metformin: Start at 500 mg once daily with the evening meal, increasing to 1000 mg twice daily",
            (D(500), "mg", "once daily", None, "with the evening meal"),
            "starting dose; titrate to 1,000 mg twice daily",
        ),
    ],
)
def test_intravenous_weight_based_and_yearly_doses(text, expected, note):
    dose = one(text)
    assert (fields(dose), dose.note) == (expected, note)


def test_a_ceiling_in_another_unit_does_not_rename_the_dose():
    assert one("Ceftriaxone: 50-100 mg/kg IV once daily (maximum 2 g per dose)").name is None


def test_units_outside_the_controlled_list_are_not_doses():
    assert parse_doses("5 million CFU daily") == []
    assert parse_doses("100 mg/m2 daily") == []


# --- prescription list ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("diphenoxylate", "diphenoxylate"),
        ("Codeine sulfate", "codeine sulfate"),
        ("Octreotide", "octreotide"),
        ("Acid suppressants: H2 antagonists or proton pump inhibitors", "h2 antagonists"),
        ("Antibiotics: Metronidazole or tetracycline", "antibiotics"),
        ("an antibiotic", "antibiotics"),
        ("Low-dose tricyclic antidepressants", "tricyclic antidepressants"),
        ("H2-receptor antagonist", "h2 receptor antagonists"),
        ("Loperamide", None),
        ("Anti-motility agents", None),
        ("Calcium", None),
        ("zinc", None),
        ("Probiotics", None),
        ("digestive enzymes", None),
        ("Fiber supplements", None),
    ],
)
def test_prescription_list_lookup(text, term):
    assert prescription_term([text]) == term


@pytest.mark.parametrize(
    ("label", "body", "term"),
    [
        ("Antibiotics", "Metronidazole or tetracycline for bacterial overgrowth", "antibiotics"),
        ("Acid suppressants", "H2 antagonists or proton pump inhibitors to reduce gastric secretion", "h2 antagonists"),
        (None, "Start metformin with lifestyle measures", "metformin"),
        ("Diuretics", "Consider adding amiloride when a loop diuretic must continue", "amiloride"),
        ("Oral switch", "Change to oral amoxicillin once the child is improving", "amoxicillin"),
        (None, "If there is no response, add an SGLT2 inhibitor", "sglt2 inhibitors"),
        (None, "Fidaxomicin is preferred for an initial episode", "fidaxomicin"),
        (None, "Statins lower cardiovascular events in about 20% of patients", None),
        (None, "SGLT2 inhibitors slowed the decline in eGFR", None),
        ("Expected effect", "Insulin with glucose lowers serum potassium", None),
        (None, "Bisphosphonates given after denosumab reduced bone loss", None),
        (None, "Fewer than half of patients were still taking an oral bisphosphonate at 1 year", None),
        (None, "Metronidazole was less effective than vancomycin", None),
    ],
)
def test_only_an_instruction_to_take_or_give_a_drug_is_a_prescription(label, body, term):
    assert instructed_term(label, body) == term


def test_prescription_list_is_lower_case_names_without_doses():
    from ruamel.yaml import YAML

    from handouts.importer.drugs import list_path

    data = YAML(typ="safe").load(list_path().read_text(encoding="utf-8"))
    terms = data["classes"] + data["names"]
    assert len(terms) >= 250
    assert all(t == t.lower() and t.strip() == t for t in terms)
    assert all(parse_doses(t) == [] for t in terms)  # names only: no amounts
    assert len(set(terms)) == len(terms)
    assert "loperamide" not in terms and "anti-motility agents" not in terms


# --- outline ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Dietary Interventions", "heading"),
        ("From the FDA Drug Label", "heading"),
        ("For Diarrhea:", "subheading"),
        ("First-Line Approach:", "subheading"),
        ("Avoid trigger foods that may worsen symptoms:", "leadin"),
        ("Probiotics: Can help restore beneficial gut bacteria balance 4", "label"),
        ("- Fruits", "bullet"),
        ("  \u2022 Supplements: Consider adding zinc", "bullet"),
        ("3. Third", "bullet"),
        ("The FDA drug label does not answer the question.", "paragraph"),
        ("## Acute Treatment", "heading"),
    ],
)
def test_line_kinds(line, kind):
    assert classify(line).kind == kind


def test_source_and_special_headings():
    assert source_kind("From the Guidelines") == "guideline"
    assert source_kind("From the FDA Drug Label") == "drug_label"
    assert source_kind("From the Research") == "research"
    assert source_kind("Dietary Interventions") is None
    assert heading_role("Treatment Algorithm") == "algorithm"
    assert heading_role("Monitoring and Follow-up") == "monitoring"
    assert heading_role("Common Pitfalls to Avoid") == "pitfalls"
    assert heading_role("Emerging Treatments") == "emerging"
    assert heading_role("Professional Medical Disclaimer") == "disclaimer"


def test_a_short_list_folds_into_the_line_that_introduces_it():
    shape = outline(
        [
            "Title",
            "Diet",
            "Polyphenol-rich diet: Consume polyphenols 1:",
            "- Fruits",
            "- Nuts 2",
            "For Pain:",
            "- Antispasmodics: Particularly anticholinergic ones 1",
        ]
    )
    assert shape.title == "Title"
    diet, pain = shape.groups
    assert diet.blocks == (
        Entry(
            "Polyphenol-rich diet: Consume polyphenols: Fruits, Nuts",
            (1, 2),
            "Polyphenol-rich diet",
            ("Fruits", "Nuts"),
        ),
    )
    assert pain.title == "Diet: For Pain"


def test_inline_bullets_and_wrapped_lines():
    shape = outline(
        [
            "Title",
            "",
            "From the FDA Drug Label",
            "",
            "Responders met both criteria: \u2022 a decrease in pain \u2022 a better stool score",
            "",
            "The label does not",
            "answer the question.",
        ]
    )
    blocks = shape.groups[0].blocks
    assert blocks[0] == Entry(
        "Responders met both criteria: a decrease in pain, a better stool score",
        (),
        None,
        ("a decrease in pain", "a better stool score"),
    )
    assert blocks[1] == Paragraph("The label does not answer the question.")
