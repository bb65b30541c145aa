"""Translations in lint: what each language is missing, and which translations went stale.

For every language a content file carries (in its texts or in its
`translations:` block): each localized text without that language is listed
(where the English is, so the translator finds it); a language with texts but
no record is reported (nobody said who translated it or whether it is
reviewed); and a translation whose recorded `source_sha256` no longer matches
the English is stale: the English changed after it was translated or
reviewed. For a draft the message prints the current hash, for the translator to
record once the draft is brought up to date; an approved translation is approved
again with `handouts approve --lang` (its message prints no hash to paste), which
also records `text_sha256`, the translated texts approved bound to that English and
that review: a translated text or a record edited after that is reported too.
"""

from __future__ import annotations

from collections.abc import Iterator

from handouts.lint.findings import Issue
from handouts.translations import SOURCE, english_sha256, localized_texts, recorded_approval, translated_sha256


def languages_of(content: object) -> list[str]:
    found: set[str] = set(getattr(content, "translations", {}) or {})
    for _, text in localized_texts(content):
        found.update(text.languages)
    found.discard(SOURCE)
    return sorted(found)


def check_translations(content: object, required_only: bool = False) -> Iterator[Issue]:
    """missing-translation, translation-not-recorded, stale-translation and unreviewed approvals."""
    records = getattr(content, "translations", {}) or {}
    current = english_sha256(content)  # type: ignore[arg-type]
    texts = list(localized_texts(content))
    for lang in languages_of(content):
        lacking = [(loc, text) for loc, text in texts if not text.has(lang)]
        for loc, text in lacking:
            english = text.root[SOURCE]
            snippet = english if len(english) <= 50 else english[:49].rstrip() + "…"
            yield Issue("missing-translation", "warning", f"no '{lang}' text yet for \"{snippet}\"", (*loc, SOURCE))
        record = records.get(lang)
        if record is None:
            yield Issue(
                "translation-not-recorded", "warning",
                f"texts in '{lang}' but no translations.{lang} record: say its status (draft, under_review, "
                f"approved) and translator; its documents print DRAFT TRANSLATION until then",
                ("translations",),
            )
            continue
        if record.source_sha256 and record.source_sha256 != current:
            if record.status != "approved":
                now, then = f", now {current}", "then record the new hash"
            else:  # the record is approve's to write: no hash to paste over the reviewed one
                now, then = "", f"then have them approved again with `handouts approve FILE --lang {lang}`"
            yield Issue(
                "stale-translation", "warning" if record.status != "approved" else "error",
                f"the English changed since the '{lang}' translation was made or reviewed "
                f"(source_sha256 {record.source_sha256[:12]}…{now}): update the '{lang}' texts, {then}",
                ("translations", lang, "source_sha256"),
            )
        elif record.status == "approved" and not record.source_sha256:
            yield Issue(
                "stale-translation", "error",
                f"the '{lang}' translation is approved but does not say which English it translates: "
                f"have it approved with `handouts approve FILE --lang {lang}`, which records it",
                ("translations", lang, "status"),
            )
        recorded = recorded_approval(record, translated_sha256(content, lang))  # type: ignore[arg-type]
        if record.status == "approved" and recorded == "none":
            what = ("its texts, or its record, changed after it was approved" if record.text_sha256 else
                    "the texts it approved are not recorded (text_sha256)")
            yield Issue(
                "translation-changed", "error",
                f"the '{lang}' translation prints as a draft: {what}; have them reviewed, then approve them "
                f"with `handouts approve FILE --lang {lang}`",
                ("translations", lang, "text_sha256" if record.text_sha256 else "status"),
            )
        elif record.status == "approved" and recorded == "texts-only":
            yield Issue(
                "translation-approval-unbound", "warning",
                f"the '{lang}' approval was recorded by an earlier handouts and covers the translated texts only: "
                f"a record pointed at newer English would not show; approve it again with "
                f"`handouts approve FILE --lang {lang}` to bind them",
                ("translations", lang, "text_sha256"),
            )
        if record.status == "approved" and not (record.reviewer and record.reviewed):
            yield Issue(
                "translation-review", "warning",
                f"the '{lang}' translation is approved without a reviewer and date",
                ("translations", lang, "status"),
            )
        if record.status != "approved":
            bind = "" if record.source_sha256 else f" (record source_sha256: {current} to bind it to this English)"
            yield Issue(
                "translation-draft", "info",
                f"the '{lang}' translation is {record.status.replace('_', ' ')}: its documents print "
                f"DRAFT TRANSLATION until a qualified medical translator approves it{bind}",
                ("translations", lang, "status"),
            )
