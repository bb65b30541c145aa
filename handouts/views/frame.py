"""What every page shows: practice identity, review state, dates, PDF metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from handouts.approval import approval_state, content_version, effective_status
from handouts.colour import readable_on_white
from handouts.models import Brand, Review
from handouts.review import review_mark_for


class Reviewed(Protocol):
    """Reviewed content: a topic or a diet plan. One review rule serves every document."""

    @property
    def review(self) -> Review: ...

    @property
    def last_updated(self) -> date: ...


@dataclass(frozen=True)
class BrandView:
    name: str
    logo_path: Path | None  # validated to sit inside the brand folder
    logo_alt: str | None
    primary: str  # text-safe: at least 4.5:1 on white
    accent: str
    contact_lines: tuple[str, ...]
    phone: str | None
    website: str | None
    emergency: str
    emergency_number: str | None  # the brand's, else the locale's; None when neither is known
    footer: str | None
    paper: str
    folder: Path | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: date
    modified: date
    lang: str


@dataclass(frozen=True)
class Frame:
    kind: str  # "patient-handout" | "clinician-brief" | "diet-sheet"
    lang: str
    brand: BrandView
    review_mark: str | None  # "DRAFT" / "REVIEW OVERDUE" / None
    review_line: str  # ends with the content's version, printed on every page
    metadata: Metadata
    version: str  # short hash of the content (handouts.approval.content_version)
    large_print: bool = False  # the large-print variant: its stylesheet layers over the kind's own


EMERGENCY_NUMBERS = {"US": "911", "CA": "911", "GB": "999", "IE": "112", "AU": "000", "NZ": "111"}
"""Emergency numbers by the locale's region, for brands that do not give one."""


def emergency_number(brand: Brand, locale: str) -> str | None:
    region = locale.replace("_", "-").split("-")[-1].upper() if "-" in locale or "_" in locale else ""
    return brand.emergency_number or EMERGENCY_NUMBERS.get(region)


def brand_view(brand: Brand, folder: Path | None, locale: str = "en-US") -> BrandView:
    warnings = []
    primary, darkened = readable_on_white(brand.colors.primary)
    if darkened:
        warnings.append(
            f"brand '{brand.id}': primary colour {brand.colors.primary} is too light for text "
            f"on white (below 4.5:1); using {primary} for text instead"
        )
    accent, darkened = readable_on_white(brand.colors.accent)
    if darkened:
        warnings.append(
            f"brand '{brand.id}': accent colour {brand.colors.accent} is too light for text "
            f"on white (below 4.5:1); using {accent} for text instead"
        )
    contact = brand.contact
    number = emergency_number(brand, locale)
    return BrandView(
        name=brand.name,
        logo_path=(folder / brand.logo).resolve() if brand.logo and folder else None,
        logo_alt=brand.logo_alt,
        primary=primary,
        accent=accent,
        contact_lines=contact.address,
        phone=contact.phone,
        website=contact.website,
        emergency=brand.emergency or f"In an emergency, call {number or 'your local emergency number'}.",
        emergency_number=number,
        footer=brand.footer,
        paper=brand.paper,
        folder=folder,
        warnings=tuple(warnings),
    )


def review_mark(content: Reviewed, today: date) -> str | None:
    """DRAFT for anything not approved as it stands (handouts.approval: approved with
    `handouts approve` and not changed since); REVIEW OVERDUE once the next review date has passed."""
    return review_mark_for(effective_status(content), content.review.next_review, today)


def review_state_text(content: Reviewed, subject: str = "") -> str:
    """The review state in words, e.g. 'Changed since approval: under review'."""
    review = content.review
    lead = f"{subject} " if subject else ""
    state = approval_state(content)
    if state == "approved" and review.reviewer and review.reviewed:
        text = f"{lead}reviewed by {review.reviewer} on {format_date(review.reviewed)}"
    elif state == "draft":
        text = f"Draft{' ' + subject.lower() if subject else ''}: not reviewed"
    elif state == "changed":
        text = f"{lead}changed since approval: under review"
    else:
        text = f"{lead}under review: not yet approved"
    return text[:1].upper() + text[1:]


def review_line(content: Reviewed, subject: str = "") -> str:
    """The footer's review state and version, e.g.
    'Under review: not yet approved · updated 2 Jul 2025 · version 1a2b3c4d'."""
    review = content.review
    parts = [review_state_text(content, subject)]
    if review.reviewed and approval_state(content) != "approved":
        parts.append(f"last reviewed {format_date(review.reviewed)}")
    if review.next_review:
        parts.append(f"next review {format_date(review.next_review)}")
    parts.append(f"updated {format_date(content.last_updated)}")
    parts.append(f"version {content_version(content)}")  # type: ignore[arg-type]
    return " · ".join(parts)


def format_date(value: date) -> str:
    """Unambiguous in every country: '2 Jul 2025', never 07/02/2025."""
    return f"{value:%d %b %Y}".lstrip("0")


def content_date(content: Reviewed) -> date:
    """The date the PDF says it was made: the content's own, so output is reproducible."""
    return max(d for d in (content.last_updated, content.review.reviewed) if d is not None)


def document_frame(
    kind: str,
    lang: str,
    brand: Brand,
    brand_folder: Path | None,
    content: Reviewed,
    today: date,
    *,
    title: str,
    subject: str,
    keywords: tuple[str, ...],
    review_subject: str = "",
    locale: str = "en-US",
) -> Frame:
    """The frame of any document made from reviewed content: one place for marks and metadata."""
    created = content_date(content)
    return Frame(
        kind=kind,
        lang=lang,
        brand=brand_view(brand, brand_folder, locale),
        review_mark=review_mark(content, today),
        review_line=review_line(content, subject=review_subject),
        version=content_version(content),  # type: ignore[arg-type]
        metadata=Metadata(
            title=title, author=brand.name, subject=subject, keywords=keywords,
            created=created, modified=created, lang=lang,
        ),
    )
