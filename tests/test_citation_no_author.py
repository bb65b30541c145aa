"""A reference with no author (an organisation's page, a report) prints its title once.

AMA's CSL style puts the title in the author's place when there is none (`substitute`);
the CSL rule that a substituted variable is then left out of the rest of the entry is
what keeps it from printing twice. Checked for every CSL type a reference may have, so
a citation library that stops honouring it is caught here.
"""

from __future__ import annotations

import typing

import pytest

from handouts.models import Reference
from handouts.models.reference import CslType
from handouts.views.citations import format_references


@pytest.mark.parametrize("csl_type", typing.get_args(CslType))
def test_the_title_prints_once_when_there_is_no_author(csl_type):
    ref = Reference.model_validate({
        "id": "nobody", "kind": "patient-information", "type": csl_type, "title": "Leaky gut syndrome",
        "container-title": "Health Library", "publisher": "Clinic Press", "issued": {"date-parts": [[2022]]},
        "URL": "https://example.org/leaky-gut",
    })
    (entry,) = format_references([ref])
    assert str(entry.text).lower().count("leaky gut syndrome") == 1, entry.text
