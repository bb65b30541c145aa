"""A translation's own review: who translated the patient texts, whether it is reviewed, of what.

Content is written and reviewed in English; each other language it carries is a
translation with its own status, kept per document in a `translations:` block:

    translations:
      es:
        status: draft            # draft / under_review / approved
        translator: A. Translator
        reviewer: B. Reviewer    # the qualified medical translator who approved it
        reviewed: 2025-07-14
        source_sha256: 3f1c...   # the English patient texts it translates
        text_sha256: 9b2e...     # written by `handouts approve --lang`: the texts it approved

`source_sha256` binds the translation to the English it was made from
(handouts.translations.english_sha256): once the English changes, the
translation is stale and prints as a draft again until it is reviewed anew.
`text_sha256` binds the approval to the translated texts themselves
(handouts.translations.translated_sha256), to that `source_sha256` and to the
review (handouts.translations.approval_sha256): a translated text edited after
its review, or a record edited by hand, prints as a draft again too.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from handouts.models.common import Model, Text, TextLang

TranslationStatus = Literal["draft", "under_review", "approved"]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Translation(Model):
    status: TranslationStatus
    translator: Text | None = Field(default=None, description="Who translated the patient texts")
    reviewer: Text | None = Field(default=None, description="Who reviewed the translation (required to approve)")
    reviewed: date | None = Field(default=None, description="When the translation was reviewed or last checked")
    source_sha256: Sha256 | None = Field(
        default=None,
        description="Hash of the English patient texts translated: a draft's translator records the one "
                    "handouts lint prints; for an approval, `handouts approve --lang` writes it (an edit by hand "
                    "undoes the approval)",
    )
    text_sha256: Sha256 | None = Field(
        default=None,
        description="Written by `handouts approve --lang`: the hash of the translated texts it approved, bound "
                    "to source_sha256, the reviewer and the review date; never edit by hand",
    )
    note: Text | None = None


Translations = dict[TextLang, Translation]
