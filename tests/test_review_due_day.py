"""Content whose next review is tomorrow, today or yesterday: one rule everywhere, and lint says the day.

The rule (handouts.review): the next review's own day is the last it holds; REVIEW OVERDUE prints from
the day after. Render, batch, list, lint and the web must all judge the three days alike, each on the
day the clinic's clock says. Lint said 'in 1 days', 'in 0 days' (as if the mark already printed) and
'1 days ago'.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from cliutil import run
from handouts import dates
from handouts.approve import approve_file
from handouts.context import Context
from handouts.web import create_app
from pdfutil import text as pdf_text
from samples import copy_of

APPROVED_ON = date(2025, 6, 2)
DUE = date(2025, 7, 14)
DAYS = {"tomorrow": DUE - timedelta(days=1), "today": DUE, "yesterday": DUE + timedelta(days=1)}
OVERDUE = {"tomorrow": False, "today": False, "yesterday": True}


@pytest.fixture(scope="module")
def approved(tmp_path_factory) -> Path:
    """A practice folder whose leaky-gut topic was approved on APPROVED_ON until DUE."""
    root = tmp_path_factory.mktemp("practice")
    path = copy_of(root)
    copy_of(root, Path(__file__).resolve().parent.parent / "data" / "brands" / "default.yaml", "brands")
    (root / "handouts.toml").write_text('schema = 1\ndata = ["."]\ntimezone = "UTC"\n', encoding="utf-8")
    approve_file(path, "Dr Ada Lane", Context.default(APPROVED_ON, data_dirs=[root]), on=APPROVED_ON,
                 next_review=DUE)
    return root


@pytest.fixture
def on_day(monkeypatch):
    """Sets the one clock (handouts.dates) to just before midnight of a day where the clinic is (the
    workspace's timezone, UTC): every command below reads it, none is told the day."""
    def at(day: date) -> None:
        moment = datetime.combine(day, time(23, 59, 30), tzinfo=timezone.utc)
        monkeypatch.setattr(dates, "_instant", lambda: moment)
    return at


@pytest.mark.parametrize("when", DAYS)
def test_render_batch_and_list_judge_the_due_day_alike(approved, on_day, tmp_path, when):
    on_day(DAYS[when])
    topic = approved / "topics" / "leaky-gut.yaml"
    out = tmp_path / "handout.pdf"
    rendered = run("--config", approved / "handouts.toml", "render", topic, "--audience", "patient", "-o", out)
    assert rendered.exit_code == 0, rendered.output
    assert ("REVIEW OVERDUE" in pdf_text(out)) == OVERDUE[when]
    assert ("printed with a REVIEW OVERDUE mark" in rendered.output) == OVERDUE[when]
    batch = run("--config", approved / "handouts.toml", "batch", "--topics", topic, "--brands", "default",
                "--audiences", "patient", "--check", "--out", tmp_path / "batch")
    assert (batch.exit_code != 0) == OVERDUE[when], batch.output
    assert ("review.next_review: review overdue (next review 2025-07-14" in batch.output) == OVERDUE[when]
    listed = run("--config", approved / "handouts.toml", "list", "topics", "--format", "json")
    assert [row["mark"] for row in json.loads(listed.output)["rows"]] == ["REVIEW OVERDUE" if OVERDUE[when] else None]
    page = create_app(approved, timezone="UTC").test_client().get("/")
    assert ("REVIEW OVERDUE" in page.get_data(as_text=True)) == OVERDUE[when]


@pytest.mark.parametrize(("when", "rule", "words"), [
    ("tomorrow", "review-due", "review is due on 2025-07-14 (tomorrow): its documents print REVIEW OVERDUE "
                               "from 2025-07-15"),
    ("today", "review-due", "review is due on 2025-07-14 (today): its documents print REVIEW OVERDUE "
                            "from 2025-07-15"),
    ("yesterday", "review-overdue", "review was due on 2025-07-14 (yesterday): review the topic and approve it"),
])
def test_lint_says_the_day_in_words(approved, on_day, when, rule, words):
    on_day(DAYS[when])
    result = run("--config", approved / "handouts.toml", "lint", approved / "topics" / "leaky-gut.yaml")
    assert (result.exit_code == 1) == OVERDUE[when], result.output
    assert f"{rule} [" in result.output and words in result.output, result.output


def test_validate_warns_of_an_overdue_review_at_its_line(approved, on_day):
    """A clinician runs validate before printing: an overdue topic is a warning at `next_review:` (it still
    prints, marked), never an error; validate said nothing while lint and render did."""
    topic = approved / "topics" / "leaky-gut.yaml"
    line = 1 + topic.read_text(encoding="utf-8").splitlines().index(f"  next_review: {DUE}")
    for when in ("today", "yesterday"):
        overdue = OVERDUE[when]
        on_day(DAYS[when])
        result = run("--config", approved / "handouts.toml", "validate", topic)
        assert result.exit_code == 0 and "1 valid, 0 invalid" in result.output, result.output
        said = (f"leaky-gut.yaml:{line}:3: warning: review.next_review: review was due on {DUE} (yesterday): "
                "review the topic and approve it again")
        assert (said in result.stderr) == overdue, result.output
        assert ("print REVIEW OVERDUE on every page" in result.stderr) == overdue, result.output


@pytest.mark.parametrize(("today", "words"), [(DUE - timedelta(days=26), "(in 26 days)"),
                                              (DUE + timedelta(days=4), "(4 days ago)")])
def test_lint_counts_days_further_away(approved, on_day, today, words):
    on_day(today)
    result = run("--config", approved / "handouts.toml", "lint", approved / "topics" / "leaky-gut.yaml")
    assert words in result.output, result.output


def test_a_server_left_running_moves_on_at_midnight(approved, on_day):
    """`handouts serve` runs for weeks: what it answers after midnight is judged on the new day, the brief
    kept in its document cache included, and its forms start on the new date."""
    from html import unescape

    on_day(DUE)  # 23:59:30 on the last day the review holds
    client = create_app(approved, timezone="UTC").test_client()
    brief = client.get("/topics/leaky-gut/clinician?action=download").data
    assert "REVIEW OVERDUE" not in pdf_text(brief)
    assert client.get("/topics/leaky-gut/clinician?action=download").data == brief  # from the cache
    assert f'name="visit_date" value="{DUE}"' in client.get("/topics/leaky-gut").text
    on_day(DUE + timedelta(days=1))
    assert "REVIEW OVERDUE" in pdf_text(client.get("/topics/leaky-gut/clinician?action=download").data)
    page = unescape(client.get("/topics/leaky-gut").text)
    assert f'name="visit_date" value="{DUE + timedelta(days=1)}"' in page and "REVIEW OVERDUE" in page
    assert "REVIEW OVERDUE" in client.get("/").text
