"""A practice's print identity."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, PrivateAttr, Tag, WithJsonSchema

from handouts.models.common import Capped, Language, Model, Slug, Text, TextLang, at_most
from handouts.models.shapes import TEXT_OR_LANGUAGES, by_shape

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


def hex_colour(value: str) -> str:
    """A colour as #RRGGBB, said in words a practice manager understands when it is not."""
    if not re.match(HEX_COLOUR, value.strip()):
        raise ValueError(f"'{value}' is not a colour handouts can use: write it as #RRGGBB, "
                         "a # and six hex digits (0-9, a-f), e.g. #1d4e89")
    return value.strip()


HexColour = Annotated[str, AfterValidator(hex_colour),
                      WithJsonSchema({"type": "string", "pattern": HEX_COLOUR, "description": "#RRGGBB"})]


class Colors(Model):
    primary: HexColour = Field(description="Headings and rules, e.g. '#1d4e89'")
    accent: HexColour = Field(default="#5b6770", description="Secondary rules and marks")


EMAIL = r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$"
"""No '%': the link's address is percent-decoded by the mail program, so 'care%40other.example@practice.example'
printed as one address and wrote to another ('care@other.example'), and '%0A' put a line break in it."""


def email_address(value: str) -> str:
    """One plain address: it prints as a mailto: link, so anything else ('?subject=…', a second
    address, words) would make a link that does not write to the practice."""
    if not re.match(EMAIL, value.strip()):
        raise ValueError(f"'{value}' is not an email address handouts can print: write one address, "
                         "e.g. care@practice.example (it prints in the masthead as a link)")
    return value.strip()


EmailAddress = Annotated[Text, AfterValidator(email_address),
                         WithJsonSchema({"type": "string", "pattern": EMAIL, "description": "e.g. care@practice.example"})]


ADDRESS_LINES = 20
"""The most lines a brand's address may have. Ours: a postal address takes a handful, and the masthead prints
them all on one line under the practice's name; 30,000 lines were valid and printed."""


class Contact(Model):
    """What the masthead of every document prints under the practice's name."""

    address: Annotated[tuple[Text, ...], Field(max_length=ADDRESS_LINES), at_most(ADDRESS_LINES)] = ()
    phone: Text | None = None
    website: Text | None = None
    email: EmailAddress | None = None


BrandText = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Capped[dict[TextLang, Text]], Tag("mapping")],
    by_shape(TEXT_OR_LANGUAGES),
    Field(description="Words in the brand's own language, or by language code: {en: ..., es: ...}"),
]
"""A brand's own words. A plain string is in the brand's language (its locale's, else
English); a mapping gives the words per language, so a practice that serves Spanish-
speaking patients prints its footer in Spanish on their handouts. Told apart by shape
(handouts.models.shapes), so a wrongly shaped value gets one clear error."""


class Brand(Model):
    """Logo paths are relative to the brand file's folder and may not leave it."""

    _file: Path | None = PrivateAttr(default=None)  # the file it was loaded from: its warnings are placed there
    _place: object = PrivateAttr(default=None)  # for a --cluster worker: handouts.views.brand_warnings.Place

    id: Slug
    name: BrandText
    logo: Text | None = Field(default=None, description="SVG or PNG, relative to this file's folder")
    logo_alt: BrandText | None = Field(default=None, description="Alt text for the logo (required with a logo)")
    colors: Colors
    contact: Contact = Contact()
    locale: Language | None = Field(
        default=None,
        description="Language and region of the practice's patients, e.g. 'en-US', 'en-GB', 'es-MX' "
                    "(default: en-US); decides dates, the emergency number and the paper unless set below",
    )
    emergency: BrandText | None = Field(
        default=None,
        description="How patients reach emergency help, in the brand's language "
                    "(default: 'In an emergency, call <the emergency number>.' in the document's language)",
    )
    emergency_number: Text | None = Field(
        default=None, max_length=20,
        description="The number to call in an emergency (default: the locale's, e.g. 911 in en-US, 999 in en-GB)",
    )
    footer: BrandText | None = Field(
        default=None,
        description="A line at the foot of every page of the documents patients take home "
                    "(handout, diet sheet), written to them: e.g. who to call with questions",
    )
    clinician_footer: BrandText | None = Field(
        default=None,
        description="A line at the foot of every page of the clinician brief (default: none; "
                    "the patients' footer is never printed there)",
    )
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size (default: the locale's: letter in the US, A4 in the UK)",
    )

    def __eq__(self, other: object) -> bool:
        """Equal content is the same brand, whichever file it was read from: pydantic compares private
        attributes too, so two copies of a brand file (or a brand and its copy sent to a batch worker) were
        unequal by the file their warnings are said at, which is where it lies, not what it prints."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        """The hash of its content, as it compares: pydantic's frozen hash hashes each field's value, and a
        text given by language ({en: ..., es: ...}, as the shipped default's name) is a dict, which raised
        TypeError. A dump with sorted keys, so the same words in another order of languages hash alike."""
        return hash(json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False))

    @property
    def language(self) -> str:
        """The language its plain-string words are in."""
        return (self.locale or "en").replace("_", "-").split("-")[0].lower()

    def words(self, value: str | dict[str, str] | None, lang: str) -> tuple[str | None, str | None]:
        """One of its texts for a document in `lang`: (text, the text's language).

        The text in `lang` when the brand has it; else in the brand's language, else
        English, else the first it gives: the caller tags or warns about the difference.
        """
        if value is None:
            return None, None
        if isinstance(value, str):
            return value, self.language
        for choice in (lang, self.language, "en"):
            if choice in value:
                return value[choice], choice
        first = next(iter(value))
        return value[first], first

    @property
    def display_name(self) -> str:
        """Its name in its own language (a listing, a form's choice, the PDF's author)."""
        return self.words(self.name, self.language)[0] or self.id
