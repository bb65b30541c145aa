"""What a clinician types about a patient stays in the browser: no browser spelling service reads it.

Chrome's and Edge's "enhanced" spell check send the text of a field they check to Google
or Microsoft. Every free-text field of a patient's form (name, clinician, notes) turns
spell checking off, as the patient's name always did.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from webclient import app_fixtures

app, client = app_fixtures(date(2025, 7, 14))

FIELD = re.compile(r"<(input|textarea)\b([^>]*)>")


def free_text_fields(html: str) -> dict[str, str]:
    """Each text input and textarea of the page, by name, with its attributes."""
    found = {}
    for tag, attrs in FIELD.findall(html):
        kind = re.search(r'type="([^"]+)"', attrs)
        if tag == "input" and (kind is None or kind.group(1) != "text"):
            continue
        name = re.search(r'name="([^"]+)"', attrs)
        if name:
            found[name.group(1)] = attrs
    return found


@pytest.mark.parametrize(("page", "expected"), [
    ("/topics/leaky-gut", {"patient_name", "clinician", "notes"}),
    ("/diets/low-fodmap", {"patient", "dietitian", "notes"}),
])
def test_no_free_text_about_a_patient_is_spell_checked(client, page: str, expected: set[str]) -> None:
    fields = free_text_fields(client.get(page).text)
    assert expected <= set(fields), sorted(fields)
    for name in expected:
        assert 'spellcheck="false"' in fields[name] and 'autocomplete="off"' in fields[name], name
