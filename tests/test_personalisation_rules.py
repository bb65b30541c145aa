"""One set of personalisation rules: the command line, a batch job file and the web form
refuse the same things, each naming the field and the rule."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cliutil import run
from handouts.web import create_app

TOPIC = "/topics/leaky-gut"
LONG_NAME = "A" * 121

# rule → (render options, batch job fields, web form fields, what every refusal says)
RULES = {
    "follow-up before the visit": (
        ["--date", "2025-07-14", "--follow-up", "2025-07-01"],
        {"visit_date": "2025-07-14", "follow_up": "2025-07-01"},
        {"visit_date": "2025-07-14", "follow_up": "2025-07-01"},
        "is before the visit date",
    ),
    "unknown item": (
        ["--omit", "no-such-item"],
        {"omit": "no-such-item"},
        {"item": ["no-such-item"]},
        "no-such-item",
    ),
    "clinician-only item": (
        ["--omit", "diphenoxylate"],
        {"omit": "diphenoxylate"},
        {"item": ["diphenoxylate"]},
        "diphenoxylate",
    ),
    "visit year mistyped (2052 for 2025)": (
        ["--date", "2052-07-14"],
        {"visit_date": "2052-07-14"},
        {"visit_date": "2052-07-14"},
        "check the year",
    ),
    "visit year mistyped (1925 for 2025)": (
        ["--date", "1925-07-14"],
        {"visit_date": "1925-07-14"},
        {"visit_date": "1925-07-14"},
        "check the year",
    ),
    "follow-up year mistyped": (
        ["--follow-up", "2099-08-11"],
        {"follow_up": "2099-08-11"},
        {"follow_up": "2099-08-11"},
        "check the year",
    ),
    "follow-up already past, with no visit date": (  # printed today, 'My next appointment' in 2001
        ["--follow-up", "2001-01-01"],
        {"follow_up": "2001-01-01"},
        {"visit_date": "", "follow_up": "2001-01-01"},
        "and no visit date says the handout is for a visit already past: check the year, or give the visit date",
    ),
    "an error-prone dose in a note": (
        ["--note", "Take magnesium .5 mg QD"],
        {"notes": "Take magnesium .5 mg QD"},
        {"notes": "Take magnesium .5 mg QD"},
        "at character 16, a naked decimal point",
    ),
    "name too long": (
        ["--patient-name", LONG_NAME],
        {"patient_name": LONG_NAME},
        {"patient_name": LONG_NAME},
        "120",
    ),
}


def cli_refusal(options: list[str], tmp_path: Path) -> str:
    out = tmp_path / "x.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", *options, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.output


@pytest.fixture(scope="module")
def batch_errors(tmp_path_factory) -> dict[str, str]:
    """One batch run, one job per rule; each job's error as the run reports it."""
    folder = tmp_path_factory.mktemp("batch")
    rows = ["jobs:"]
    for index, (_, fields, _, _) in enumerate(RULES.values()):
        rows.append(f"  - {{topic: leaky-gut, audience: patient, output: job{index}.pdf, "
                    + ", ".join(f"{k}: '{v}'" for k, v in fields.items()) + "}")
    (folder / "jobs.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("batch", str(folder / "jobs.yaml"), "--out", str(folder / "out"),
                 "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1, result.output
    errors = {}
    for index, rule in enumerate(RULES):
        assert not (folder / "out" / f"job{index}.pdf").exists()
        lines = [line for line in result.output.splitlines() if f"jobs.yaml:{index + 2}" in line]
        errors[rule] = "\n".join(lines)
    return errors


@pytest.fixture(scope="module")
def client():
    return create_app(today=lambda: date(2026, 1, 15)).test_client()


def web_refusal(client, fields: dict[str, object]) -> str:
    page = client.get(TOPIC).text
    offered = [v for v in __import__("re").findall(r'name="item" value="([^"]+)"', page)]
    data = {"action": "download", "brand": "default", "language": "en", "item": offered,
            "visit_date": "2026-01-15", **fields}
    if "item" in fields:
        data["item"] = [*offered, *fields["item"]]  # type: ignore[misc]
    response = client.post(f"{TOPIC}/patient", data=data)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    return response.text.replace("&#39;", "'")


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_is_refused_by_the_command_line_batch_and_the_web_form(rule, tmp_path, batch_errors, client):
    options, _, form, says = RULES[rule]
    assert says in cli_refusal(options, tmp_path)
    assert says in batch_errors[rule], batch_errors
    assert says in web_refusal(client, form)


def test_a_mistyped_year_is_named_by_its_field_and_never_repeated(tmp_path, batch_errors, client):
    """A visit date is a patient detail: batch reports quote the message, so it names the field and
    the window, not the date."""
    said = cli_refusal(["--date", "2052-07-14"], tmp_path)
    assert "visit date: more than 2 years after today" in said and "2052" not in said, said
    assert "follow-up date:" in batch_errors["follow-up year mistyped"]
    for rule in ("visit year mistyped (2052 for 2025)", "follow-up year mistyped"):
        said = re.sub(r"\S*jobs\.yaml:\d+(:\d+)?", "JOBS", batch_errors[rule])  # the run's folder may hold any number
        assert "2052" not in said and "2099" not in said, said
    page = web_refusal(client, {"visit_date": "2052-07-14"})
    assert "Visit date: check the year; give a date from 2000-01-01 to 2028-01-15." in page, page


def test_a_date_within_two_years_or_long_past_still_prints(tmp_path):
    """Reprinting an old visit's handout, or a follow-up next year, is not a mistake."""
    out = tmp_path / "x.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--date", "2003-02-01", "--follow-up",
                 "2027-06-01", "--as-of", "2026-11-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    past = run("render", "leaky-gut", "--audience", "patient", "--date", "2003-02-01", "--follow-up", "2003-03-01",
               "-o", str(out))  # a past visit's handout: its follow-up is past too
    assert past.exit_code == 0, past.output


def test_a_name_or_notes_too_long_is_counted_in_characters(tmp_path, batch_errors):
    """The limit is on the text: pydantic read a limit on an optional text as a list's ("at most 120 items")."""
    for said in (cli_refusal(["--patient-name", LONG_NAME], tmp_path), batch_errors["name too long"]):
        assert "at most 120 characters" in said and "items" not in said, said
    said = cli_refusal(["--note", "x" * 2001], tmp_path)
    assert "at most 2000 characters" in said and "items" not in said, said


def test_an_item_both_included_and_omitted_is_refused_by_the_command_line_and_batch(tmp_path):
    says = "'probiotics' is both included and omitted"
    assert says in cli_refusal(["--include", "probiotics", "--omit", "probiotics"], tmp_path)
    (tmp_path / "jobs.csv").write_text("topic,audience,include,omit\nleaky-gut,patient,probiotics,probiotics\n",
                                       encoding="utf-8")
    result = run("batch", str(tmp_path / "jobs.csv"), "--out", str(tmp_path / "out"),
                 "--allow-draft", "--jobs", "1")
    assert result.exit_code == 1 and says in result.output, result.output
    # the web form cannot say both: an item is ticked (printed) or not (omitted)


def test_a_language_the_topic_is_not_written_in_is_refused_everywhere(tmp_path, client):
    refusal = cli_refusal(["--lang", "fr"], tmp_path)  # a language's code ('zz' is none: refused as a typing mistake, in a batch row too)
    assert "cannot print in 'fr'" in refusal and "leaky-gut.yaml:" in refusal and "no 'fr' text" in refusal
    (tmp_path / "jobs.csv").write_text("topic,audience,language\nleaky-gut,patient,fr\n", encoding="utf-8")
    result = run("batch", str(tmp_path / "jobs.csv"), "--out", str(tmp_path / "out"),
                 "--allow-draft", "--jobs", "1")
    # a row only chose the language: one line at the row, not every text 'fr' lacks
    assert result.exit_code == 1, result.output
    assert "jobs.csv:2: language: no French translation yet; available: English (en), Spanish (es)" in result.output
    assert "no 'fr' text" not in result.output
    assert "'zz'" in web_refusal(client, {"language": "zz"})
