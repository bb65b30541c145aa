"""Where a food fact comes from: the catalogue's sources, and a fact's source or `unverified` reason.

Every FODMAP rating, trigger tag and allergen tag in the food catalogue either names
a source a dietitian can look up (a paper by DOI, a law or an agency page by URL)
or says, in `unverified`, why it has none. Which facts a food has and how they are
resolved: handouts.diet.facts; the located checks: handouts.diet.rules.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, Tag, field_validator, model_validator

from handouts.models.common import Capped, Model, Slug, Text
from handouts.models.shapes import by_shape

SourceIds = Annotated[
    Annotated[Slug, Tag("text")] | Annotated[Capped[tuple[Slug, ...]], Tag("list")],
    by_shape("give a source id, or a list of source ids: [id, id]"),
]
"""One source id, or several that back the fact together (told apart by shape: handouts.models.shapes)."""

FODMAP_RATING = "fodmap"
"""The fact key of a food's low-FODMAP rating (a food with no FODMAP tag is rated low)."""

Doi = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^10\.\d{4,9}/\S+$")]


class FoodSource(Model):
    """A source a food fact cites, in CSL-like fields a dietitian can read and check."""

    id: Slug
    title: Text
    authors: Text = Field(description="As the source gives them, e.g. 'Varney J, Barrett J, ... Muir JG'")
    container: Text | None = Field(default=None, description="The journal, code of law or website it appears in")
    year: int = Field(ge=1900, le=2999)
    volume: Text | None = None
    pages: Text | None = None
    DOI: Doi | None = Field(default=None, description="Bare DOI, e.g. 10.1111/jgh.13698")
    URL: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    checked: Text | None = Field(
        default=None, description="What was confirmed about this source, and what a reviewer should still check"
    )
    verified: bool = Field(
        default=False,
        description="true only once the record is checked against the source as a whole, as the topics' "
                    "references are; until then it is unverified, whatever 'checked' confirms of it",
    )

    @field_validator("DOI", mode="before")
    @classmethod
    def _bare_doi(cls, value: Any) -> Any:
        if isinstance(value, str):
            for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
                if value.lower().startswith(prefix):
                    return value[len(prefix):]
        return value

    @field_validator("volume", "pages", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _findable(self) -> FoodSource:
        if self.DOI is None and self.URL is None:
            raise ValueError("a source needs a 'DOI' or a 'URL', so a reader can find it")
        return self


def source_ids(value: SourceIds | None) -> tuple[str, ...]:
    """The ids a `source` value names, in order ('' or None: none)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
