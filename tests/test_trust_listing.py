"""`handouts list` shows the status documents print by, not only the word the file states.

Reproduction: `list topics` read the review status field as written, so a
topic edited after approval (every page prints DRAFT, batch refuses it) was
listed as 'approved', and so was one whose 'approved' was typed by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handouts import listing
from handouts.approve import approve_file, approve_translation
from handouts.context import Context
from samples import copy_of

ROOT = Path(__file__).resolve().parent.parent
CTX = Context.default(date(2025, 8, 1))


def statuses(folder: Path, what: str = "topics") -> dict[str, str | None]:
    ctx = Context.default(date(2025, 8, 1), data_dirs=[folder])
    return {row["id"]: row["status"] for row in listing.table(what, ctx).rows if row["source"] == "workspace"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_approved_topic_then_edited_is_listed_as_changed(tmp_path):
    path = copy_of(tmp_path)
    approve_file(path, "Dr Ada Lane", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    assert statuses(tmp_path) == {"leaky-gut": "approved"}
    edit(path, "          amount: [4, 12]\n", "          amount: [4, 16]\n")
    assert statuses(tmp_path) == {"leaky-gut": "changed_since_approval"}


def test_approved_typed_by_hand_is_listed_as_not_recorded(tmp_path):
    path = copy_of(tmp_path)
    edit(path, "  status: under_review\n",
         "  status: approved\n  reviewer: Dr Hand\n  reviewed: 2025-07-10\n  next_review: 2026-07-10\n")
    assert statuses(tmp_path) == {"leaky-gut": "approval_not_recorded"}


def test_a_diet_plan_the_same_way(tmp_path):
    path = copy_of(tmp_path, ROOT / "data" / "diets" / "low-fodmap.yaml", "diets")
    approve_file(path, "Dr Ada Lane", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    edit(path, "  en: Low-FODMAP diet", "  en: Low-FODMAP plan")
    assert statuses(tmp_path, "plans") == {"low-fodmap": "changed_since_approval"}


def test_other_statuses_are_listed_as_written(tmp_path):
    copy_of(tmp_path)
    assert statuses(tmp_path) == {"leaky-gut": "under_review"}


def test_the_list_says_which_topics_print_marked_today(tmp_path):
    """An approval past its next review is still 'approved', but every page prints REVIEW OVERDUE.

    Reproduction: `list topics` showed it as 'approved' beside a past date and nothing
    else, while batch refused it and a patient's EHR was not offered it.
    """
    path = copy_of(tmp_path)

    def marks(today: date) -> dict[str, tuple[str | None, str | None]]:
        ctx = Context.default(today, data_dirs=[tmp_path])
        return {row["id"]: (row["status"], row["mark"]) for what in ("topics", "plans")
                for row in listing.table(what, ctx).rows if row["source"] == "workspace"}

    assert marks(date(2025, 8, 1)) == {"leaky-gut": ("under_review", "DRAFT")}
    approve_file(path, "Dr Ada Lane", CTX, on=date(2025, 7, 10), next_review=date(2026, 7, 10))
    assert marks(date(2025, 8, 1)) == {"leaky-gut": ("approved", None)}
    assert marks(date(2026, 7, 11)) == {"leaky-gut": ("approved", "REVIEW OVERDUE")}
    copy_of(tmp_path, ROOT / "data" / "diets" / "low-fodmap.yaml", "diets")
    assert marks(date(2025, 8, 1))["low-fodmap"] == ("under_review", "DRAFT")
    text = listing.to_text(listing.table("topics", Context.default(date(2025, 8, 1), data_dirs=[tmp_path])))
    assert text.splitlines()[0].split() == ["id", "title", "status", "next", "review", "mark", "translations",
                                            "source"]
    assert "REVIEW OVERDUE" not in text and "approved  2026-07-10   -     es: draft" in text


def test_the_list_says_which_translations_need_a_translator(tmp_path):
    """Approved Spanish, then the English edited: the list says 'es: stale' (its pages print DRAFT TRANSLATION).

    Reproduction: `list topics` said nothing about translations, so a maintainer found a
    stale or edited translation only by linting every file.
    """
    path = copy_of(tmp_path)

    def translated() -> str | None:
        ctx = Context.default(date(2025, 8, 1), data_dirs=[tmp_path])
        return next(r["translations"] for r in listing.table("topics", ctx).rows if r["source"] == "workspace")

    assert translated() == "es: draft"
    approve_translation(path, "es", "Lic. Rosa Medina", CTX, on=date(2025, 7, 20))
    assert translated() == "es: approved"
    edit(path, "      en: Your symptoms do not get better in 2 weeks.\n",
         "      en: Your symptoms do not get better in 3 weeks.\n")
    assert translated() == "es: stale"
