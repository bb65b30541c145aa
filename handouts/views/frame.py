"""What every page shows: practice identity, review state, dates, PDF metadata.

Everything here is said in the document's locale: its words through the
gettext catalogue (handouts.i18n), its dates through Babel (handouts.locale),
its emergency number and paper from the brand when the brand names them, else
from the locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, Protocol

from handouts.approval import approval_state, content_version, effective_status
from handouts.colour import readable_on_white
from handouts.errors import Problem
from handouts.i18n import N_, Words, words
from handouts.language_names import name_in
from handouts.locale import DEFAULT_TAG, Locale, parse
from handouts.models import Brand, Review
from handouts.review import review_mark_for, weakest_mark
from handouts.translations import TranslationState
from handouts.unbroken import NO_BREAK_SPACE

DEFAULT_LOCALE = parse(DEFAULT_TAG)
MARK_LABELS = {"DRAFT": N_("DRAFT"), "REVIEW OVERDUE": N_("REVIEW OVERDUE")}
MARK_NOTES = {"DRAFT": N_("not clinically approved"), "REVIEW OVERDUE": N_("check before use")}
PAGE_LABEL = N_("Page %(page)s of %(pages)s")
"""The page number in each page's footer, in the document's (or a part's) language."""


def said_date(locale: Locale, value: date) -> str:
    """`Locale.long_date` of a date the content carries (reviewed, next review, updated), never a patient's:
    kept in the content cache per locale, date and Babel version, so that a render from the cache does not
    load Babel's locale data (10 ms of a new process) for its footer. Here rather than on Locale, which sits
    below the cache in the package (the cache's keys name the tool's languages)."""
    import babel

    from handouts import contentcache

    source = f"{babel.__version__}|{locale.tag}|{value.isoformat()}".encode()
    return contentcache.derived("date", source, lambda: locale.long_date(value).encode("utf-8")).decode("utf-8")


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
    emergency: str  # the sentence in the document's language
    emergency_number: str | None  # the brand's, else the locale's; None when neither is known
    footer: str | None
    paper: str
    folder: Path | None
    warnings: tuple[str | Problem, ...] = ()  # at the brand file's line and field where it has one
    name_lang: str | None = None  # set when the name prints in another language than the document's
    footer_lang: str | None = None  # likewise the footer (tagged so a screen reader says it right)
    email: str | None = None  # printed after the website, as a mailto: link
    logo_alt_lang: str | None = None  # likewise the logo's alt text, read aloud in its own language


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
class Mark:
    """A mark printed on every page: 'DRAFT', and what it means ('not clinically approved')."""

    label: str
    note: str


@dataclass(frozen=True)
class Frame:
    kind: str  # "patient-handout" | "clinician-brief" | "diet-sheet"
    lang: str  # the language of the document's text: 'es' (its root element's lang, the PDF's /Lang)
    brand: BrandView
    review_mark: str | None  # "DRAFT" / "REVIEW OVERDUE" / None (the content's own review)
    review_line: str  # ends with the content's version, printed on every page
    metadata: Metadata
    version: str  # short hash of the content (handouts.approval.content_version)
    large_print: bool = False  # the large-print variant: its stylesheet layers over the kind's own
    locale: Locale = DEFAULT_LOCALE
    translation: TranslationState | None = None  # None: the content's own language (English)
    marks: tuple[Mark, ...] = ()  # every mark, in the document's language: review, then translation
    translation_line: str | None = None  # 'Spanish translation: draft, not yet reviewed'

    @property
    def words(self) -> Words:
        return words(self.locale)

    @property
    def footer_lines(self) -> int:
        """The paragraphs in each page's footer (templates/base.html.j2): the brand's footer, the
        review line, a translation's line. The renderer deepens the bottom margin past two, so a
        third line still ends well inside what a printer can print."""
        return sum(1 for line in (self.brand.footer, self.review_line, self.translation_line) if line)


def emergency_number(brand: Brand, locale: Locale | str) -> str | None:
    """The brand's own number, else the locale's region's (911 in en-US, 999 in en-GB); None when neither
    is known (a bare language names no region)."""
    if brand.emergency_number:
        return brand.emergency_number
    if isinstance(locale, str):
        if "-" not in locale.replace("_", "-"):
            return None
        locale = parse(locale)
    return locale.emergency_number


def emergency_sentence(brand: Brand, locale: Locale, number: str | None) -> str:
    """The brand's own wording when it is in the document's language, else the tool's."""
    text, text_lang = brand.words(brand.emergency, locale.language)
    if text and text_lang == locale.language:
        return text
    t = words(locale)
    if number:
        return t.gettext("In an emergency, call %(number)s.", number=number)
    return t.gettext("In an emergency, call your local emergency number.")


Audience = Literal["patient", "clinician"]


def audience_footer(brand: Brand, audience: Audience) -> tuple[str, str | dict[str, str] | None]:
    """The brand key and words of the footer for a document's reader.

    A brand's `footer` speaks to patients ('Ask your care team...'), so it prints only on
    what patients take home; a clinician brief carries the brand's `clinician_footer`, or none.
    """
    if audience == "clinician":
        return "clinician_footer", brand.clinician_footer
    return "footer", brand.footer


def brand_view(brand: Brand, folder: Path | None, locale: Locale = DEFAULT_LOCALE,
               audience: Audience = "patient") -> BrandView:
    """The brand as printed in `locale` for `audience`: its own paper and emergency number over
    the locale's, and the footer written for that reader."""
    from handouts.views.brand_warnings import brand_warning, file_warnings

    warnings = file_warnings(brand, folder)  # validate's findings, at their fields in the brand's file
    primary, _ = readable_on_white(brand.colors.primary)
    accent, _ = readable_on_white(brand.colors.accent)
    contact = brand.contact
    number = emergency_number(brand, locale)
    own = emergency_number(brand, brand.locale) if brand.locale else None
    if own and number and own != number:  # a UK brand in a workspace left at en-US would print 911
        warnings.append(brand_warning(brand, ("locale",), (
            f"the brand is for {brand.locale} (emergency number {own}), but this document is printed "
            f"for {locale.tag}, which says to call {number}: set the workspace's locale (handouts.toml) or "
            f"--lang to the practice's region, or give the brand its emergency_number"
        )))
    lang = locale.language
    name, name_lang = brand.words(brand.name, lang)
    if isinstance(brand.name, str):
        name_lang = lang  # one name in every language: the practice's own name, not words to translate
    logo_alt, logo_alt_lang = brand.words(brand.logo_alt, lang)
    key, words = audience_footer(brand, audience)
    footer, footer_lang = brand.words(words, lang)
    if footer and footer_lang != lang:
        what = "footer" if key == "footer" else "clinician footer"
        warnings.append(brand_warning(brand, (key,), (
            f"its {what} has no '{lang}' wording, so it prints in '{footer_lang}'; "
            f"give it per language ({key}: {{{footer_lang}: ..., {lang}: ...}})"
        )))
    return BrandView(
        name=name or brand.id,
        name_lang=None if name_lang == lang else name_lang,
        logo_path=(folder / brand.logo).resolve() if brand.logo and folder else None,
        logo_alt=logo_alt,
        logo_alt_lang=None if logo_alt_lang == lang else logo_alt_lang,
        primary=primary,
        accent=accent,
        contact_lines=contact.address,
        phone=contact.phone,
        website=contact.website,
        email=contact.email,
        emergency=emergency_sentence(brand, locale, number),
        emergency_number=number,
        footer=footer,
        footer_lang=None if footer_lang == lang else footer_lang,
        paper=brand.paper if "paper" in brand.model_fields_set else locale.paper,
        folder=folder,
        warnings=tuple(warnings),
    )


def review_mark(content: Reviewed, today: date) -> str | None:
    """DRAFT for anything not approved as it stands (handouts.approval: approved with
    `handouts approve` and not changed since); REVIEW OVERDUE once the next review date has passed."""
    return review_mark_for(effective_status(content), content.review.next_review, today)


def review_state_text(content: Reviewed, subject: str = "", locale: Locale = DEFAULT_LOCALE) -> str:
    """The review state in words, e.g. 'Changed since approval: under review'.

    `subject` is 'plan' for a diet plan ('' for a topic): it names what was reviewed.
    """
    t = words(locale)
    review = content.review
    plan = subject.lower() == "plan"
    state = approval_state(content)
    if state == "approved" and review.reviewer and review.reviewed:
        when = said_date(locale, review.reviewed)
        return (t.gettext("Plan reviewed by %(reviewer)s on %(date)s", reviewer=review.reviewer, date=when) if plan
                else t.gettext("Reviewed by %(reviewer)s on %(date)s", reviewer=review.reviewer, date=when))
    if state == "draft":
        return t.gettext("Draft plan: not reviewed") if plan else t.gettext("Draft: not reviewed")
    if state == "changed":
        return (t.gettext("Plan changed since approval: under review") if plan
                else t.gettext("Changed since approval: under review"))
    return t.gettext("Plan under review: not yet approved") if plan else t.gettext("Under review: not yet approved")


def review_line(content: Reviewed, subject: str = "", locale: Locale = DEFAULT_LOCALE) -> str:
    """The footer's review state and version, e.g.
    'Under review: not yet approved · updated July 2, 2025 · version 1a2b3c4d'."""
    t = words(locale)
    review = content.review
    parts = [review_state_text(content, subject, locale)]
    if review.reviewed and approval_state(content) != "approved":
        parts.append(t.gettext("last reviewed %(date)s", date=said_date(locale, review.reviewed)))
    if review.next_review:
        parts.append(t.gettext("next review %(date)s", date=said_date(locale, review.next_review)))
    parts.append(t.gettext("updated %(date)s", date=said_date(locale, content.last_updated)))
    parts.append(t.gettext("version %(version)s", version=content_version(content)))  # type: ignore[arg-type]
    return " · ".join(parts)


def format_date(value: date, locale: Locale = DEFAULT_LOCALE) -> str:
    """The long date in the locale's own order: 'July 14, 2025', '14 July 2025', '14 de julio de 2025'.

    The month is always a word, so a date is never ambiguous (never 07/02/2025). A date of the
    content's own review is said by said_date (the same words, kept in the content cache);
    this one is for every other date, a patient's among them, which nothing keeps.
    """
    return locale.long_date(value)


def translation_line(state: TranslationState | None, locale: Locale) -> str | None:
    """What the footer says about a translation: whether, and by whom, it was reviewed, and its version.

    The review line's version hashes the English only: a Spanish reader holds the
    Spanish texts too, so this line adds theirs (kept on one line with its word)."""
    if state is None:
        return None
    said = _translation_state_text(state, locale)
    if not state.version:
        return said
    version = words(locale).gettext("version %(version)s", version=state.version)
    return said + " · " + version.replace(" " + state.version, NO_BREAK_SPACE + state.version)


def _translation_state_text(state: TranslationState, locale: Locale) -> str:
    t = words(locale)
    name = name_in(state.language, locale.language)  # as the document's readers write it: 'español', 'Spanish'
    record = state.record
    if state.state == "approved" and record is not None and record.reviewer and record.reviewed:
        return t.gettext("%(language)s translation reviewed by %(reviewer)s on %(date)s", language=name,
                         reviewer=record.reviewer, date=said_date(locale, record.reviewed))
    if state.state == "approved":
        return t.gettext("%(language)s translation reviewed", language=name)
    if state.state == "stale":
        return t.gettext("%(language)s translation: the English changed after it was reviewed", language=name)
    if state.state == "changed":
        return t.gettext("%(language)s translation: its text changed after it was reviewed", language=name)
    return t.gettext("%(language)s translation: draft, not yet reviewed by a medical translator", language=name)


def marks(review_code: str | None, state: TranslationState | None, locale: Locale) -> tuple[Mark, ...]:
    """The content's review mark, then the translation's (DRAFT TRANSLATION) when it is not approved."""
    t = words(locale)
    out = []
    if review_code:
        out.append(Mark(t.gettext(MARK_LABELS[review_code]), t.gettext(MARK_NOTES[review_code])))
    if state is not None and not state.approved:
        note = {"stale": t.gettext("the English changed since it was reviewed"),
                "changed": t.gettext("the translation changed since it was reviewed")}.get(
            state.state, t.gettext("not yet reviewed by a medical translator"))
        out.append(Mark(t.gettext("DRAFT TRANSLATION"), note))
    return tuple(out)


def content_date(content: Reviewed) -> date:
    """The date the PDF says it was made: the content's own, so output is reproducible."""
    return max(d for d in (content.last_updated, content.review.reviewed) if d is not None)


def document_frame(
    kind: str,
    audience: Audience,
    locale: Locale,
    brand: Brand,
    brand_folder: Path | None,
    content: Reviewed,
    today: date,
    *,
    title: str,
    subject: str,
    keywords: tuple[str, ...],
    review_subject: str = "",
    translation: TranslationState | None = None,
    also: tuple[str | None, str] | None = None,
) -> Frame:
    """The frame of any document made from reviewed content: one place for marks and metadata.

    `audience` is its reader's (the document kind's): it decides which of the brand's footers prints.
    `also`: (mark, words) of other reviewed content the document prints (a diet sheet's food
    catalogue): the weakest mark prints, and the words follow the review line."""
    created = content_date(content)
    code = weakest_mark(review_mark(content, today), also[0] if also else None)
    line = review_line(content, subject=review_subject, locale=locale)
    return Frame(
        kind=kind,
        lang=locale.language,
        brand=brand_view(brand, brand_folder, locale, audience),
        review_mark=code,
        review_line=f"{line} · {also[1]}" if also else line,
        version=content_version(content),  # type: ignore[arg-type]
        metadata=Metadata(
            title=title, author=brand.words(brand.name, locale.language)[0] or brand.id, subject=subject, keywords=keywords,
            created=created, modified=created, lang=locale.language,
        ),
        locale=locale,
        translation=translation,
        marks=marks(code, translation, locale),
        translation_line=translation_line(translation, locale),
    )
