"""Cited sources, in CSL-JSON field names so citation libraries can format them."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from handouts.models.common import Capped, Model, Slug, Text, at_most

ReferenceKind = Literal["guideline", "drug-label", "study", "review", "patient-information", "other"]
CslType = Literal[
    "article-journal", "book", "chapter", "report", "webpage", "legislation",
    "dataset", "article", "paper-conference", "pamphlet", "standard",
]

DOI_SHAPE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
"""A DOI: '10.', the registrant's number (four to nine digits, maybe with sub-parts), '/', a suffix
without spaces. A prefix alone ('10.1136') or a suffix cut at a space resolves nowhere."""

MAX_AUTHORS = 3000
"""The most names a reference's author list may hold, counted before any name is checked. Far above the other
lists' cap: a consortium's paper can name a few thousand authors and a CSL record copied from PubMed or a DOI's
metadata keeps them all (the shipped records name at most 4)."""


class Name(Model):
    """A CSL name: a person (family, given) or an organisation (literal)."""

    family: Text | None = None
    given: Text | None = None
    literal: Text | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Name:
        if self.literal is None and self.family is None:
            raise ValueError("a name needs 'family' (with 'given') or 'literal'")
        return self


class Issued(Model):
    date_parts: Capped[tuple[tuple[int, ...], ...]] = Field(alias="date-parts", min_length=1)

    @field_validator("date_parts")
    @classmethod
    def _year_month_day(cls, value: tuple[tuple[int, ...], ...]) -> Any:
        for part in value:
            if not 1 <= len(part) <= 3:
                raise ValueError("each date is [year], [year, month] or [year, month, day]")
            if not 1000 <= part[0] <= 2999:
                raise ValueError(f"year {part[0]} is not plausible")
        return value

    @property
    def year(self) -> int:
        return self.date_parts[0][0]


class Reference(Model):
    """A source that content cites, with what it backs, what is unconfirmed and the reviewer's note on it.

    `check` and `reviewer_note` are kept apart because the brief prints them differently: 'Not
    confirmed: randomised cross-over trial, 51 completers' told a clinician the study's design was in
    doubt, when it was the reviewer's reading of a well-identified trial.

    `identified: false` says in the data that the source itself is not found yet (a draft imported from
    an answer that cites it by number only): the record then needs no title, is never verified, and the
    brief prints it as a marked gap. A title such as 'Citation 1 of the source answer (to be completed)'
    printed in the reference list as if it were a bibliographic record."""

    id: Slug
    kind: ReferenceKind
    type: CslType
    identified: bool = Field(
        default=True,
        description="false while the source itself is not yet found: the brief prints the record as a gap "
                    "('Source not yet identified'), never as a reference; only a draft may have one",
    )
    cited_as: Text | None = Field(
        default=None,
        description="How the source is known until it is identified (e.g. 'citation 1 of the imported answer'): "
                    "the brief prints it in the gap",
    )
    author: Annotated[tuple[Name, ...], Field(max_length=MAX_AUTHORS), at_most(MAX_AUTHORS)] = ()
    title: Text | None = Field(default=None, description="Required unless the reference is not yet identified")
    container_title: Text | None = Field(default=None, alias="container-title")
    container_title_short: Text | None = Field(
        default=None, alias="container-title-short",
        description="The journal's NLM title abbreviation (e.g. 'Am J Gastroenterol'): AMA references print it "
                    "instead of the full title; leave it out unless the NLM Catalog confirms it",
    )
    publisher: Text | None = None
    issued: Issued | None = None
    volume: Text | None = None
    issue: Text | None = None
    page: Text | None = None
    doi: Text | None = Field(default=None, alias="DOI")
    pmid: Text | None = Field(default=None, alias="PMID", pattern=r"^\d{1,9}$")
    pmcid: Text | None = Field(default=None, alias="PMCID", pattern=r"^PMC\d+$")
    url: Text | None = Field(default=None, alias="URL", pattern=r"^https?://\S+$")
    accessed: Issued | None = Field(
        default=None, description="When a web source was read (CSL date): AMA prints 'Accessed Month D, YYYY'",
    )
    note: Text | None = None
    verified: bool = Field(
        default=True, description="false until someone has checked the record against the source"
    )
    supports: Capped[tuple[Text, ...]] = Field(default=(), description="Statements this source backs")
    check: Text | None = Field(
        default=None,
        description="What about the record or the claims it backs could not be confirmed (pages, DOI, a date, "
                    "wording seen only second-hand): the brief prints it as 'Not confirmed'",
    )
    reviewer_note: Text | None = Field(
        default=None,
        description="The reviewer's note on the source, not a gap in its record: a study's design, size and "
                    "measures, where a detail was seen, its status. The brief prints it as 'Note'; a file from "
                    "before this field, with such notes in 'check', still loads and prints them as before",
    )

    @model_validator(mode="before")
    @classmethod
    def _unidentified_is_unverified(cls, data: Any) -> Any:
        """A source not yet found cannot have been checked: `verified` is false whether or not it is written."""
        if isinstance(data, dict) and data.get("identified") is False:
            if data.get("verified") is True:
                raise ValueError("a reference that is not yet identified ('identified: false') cannot be "
                                 "'verified: true': identify the source first")
            data = {**data, "verified": False}
        return data

    @model_validator(mode="after")
    def _titled(self) -> Reference:
        if self.identified and self.title is None:
            raise ValueError("a reference needs a 'title' (or 'identified: false' while its source is not yet "
                             "found)")
        return self

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_spelling(cls, value: Any) -> Any:
        return value.replace("_", "-") if isinstance(value, str) else value

    @field_validator("volume", "issue", "page", "pmid", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("doi")
    @classmethod
    def _bare_doi(cls, value: str | None) -> str | None:
        if value is None:
            return None
        for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
            if value.lower().startswith(prefix):
                value = value[len(prefix):]
        if not value.startswith("10."):
            raise ValueError(f"a DOI starts with '10.', got '{value}'")
        if not DOI_SHAPE.match(value):
            raise ValueError(f"'{value}' is not a whole DOI: '10.', the registrant's number, '/', then the item's "
                             "own part, with no spaces (e.g. 10.1136/gutjnl-2021-324598)")
        return value
