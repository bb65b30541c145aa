"""`--summary` (the web form's `summary`) is the brief's At-a-glance summary on its own, and says so.

The summary may run to a second page (long references, notes), and the document no longer
calls itself "Page 1"; but the web form still offered "First page only", "The one-page
summary: ...", in Spanish "Solo la primera página", and `render --help` and the errors
still said first page or one-page summary.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from cliutil import run
from handouts import documents
from handouts.context import Context
from handouts.errors import UsageError
from webclient import app_fixtures

TOPIC = "/topics/leaky-gut"
PAGES = re.compile(r"first page|one-page|page 1|primera página|una página", re.I)

app, client = app_fixtures(date(2025, 9, 1))


def _squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("accept", "label", "hint"), [
    ("en", "At-a-glance summary only", "The brief's At-a-glance summary on its own:"),
    ("es-MX,es;q=0.9", "Solo la síntesis «At a glance»", "La síntesis «At a glance» del resumen clínico, por sí sola:"),
])
def test_the_web_form_offers_the_at_a_glance_summary_not_a_first_page(client, accept, label, hint):
    page = client.get(TOPIC, headers={"Accept-Language": accept}).text
    found = re.search(r'<label for="field-summary">(.*?)</label>\s*<p class="hint" id="hint-summary">(.*?)</p>',
                      page, re.S)
    assert found, "the summary's checkbox, label and hint"
    shown_label, shown_hint = (_squeezed(part.replace("&#39;", "'")) for part in found.groups())
    assert shown_label == label
    assert shown_hint.startswith(hint)
    assert not PAGES.search(shown_label + " " + shown_hint), (shown_label, shown_hint)


def test_render_help_says_what_summary_prints():
    result = run("render", "--help")
    assert result.exit_code == 0
    options = result.output[result.output.index("Options:"):]  # the option, not the help's example of it
    help_text = _squeezed(options[options.index("--summary"):])
    assert help_text.startswith("--summary The clinician brief's At-a-glance summary on its own")
    assert not PAGES.search(help_text[:120]), help_text[:120]
    assert "At-a-glance page" not in _squeezed(result.output)  # the help's example: it may take two


def test_the_option_vocabulary_says_what_summary_prints():
    from handouts.cli.options import VOCABULARY

    assert VOCABULARY["--summary"].startswith("the clinician brief's At-a-glance summary on its own")
    assert not PAGES.search(VOCABULARY["--summary"])


def test_asking_a_patient_handout_for_a_summary_names_the_at_a_glance_summary():
    result = run("render", "leaky-gut", "--audience", "patient", "--summary")
    assert result.exit_code == 2
    assert "--summary is for --audience clinician only (the brief's At-a-glance summary)" in result.output
    assert not PAGES.search(result.output)
    ctx = Context.default(date(2025, 9, 1))
    patient = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), None, ctx)
    with pytest.raises(UsageError) as refused:
        documents.summary_of(patient)
    assert str(refused.value) == "only the clinician brief has an At-a-glance summary"
