"""A practice's print identity."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from handouts.models.common import LangCode, Model, Slug, Text



class Colors(Model):
    primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Headings and rules, e.g. '#1d4e89'")
    accent: str = Field(default="#5b6770", pattern=r"^#[0-9a-fA-F]{6}$")


class Contact(Model):
    address: tuple[Text, ...] = ()
    phone: Text | None = None
    website: Text | None = None
    email: Text | None = None


class Brand(Model):
    """Logo paths are relative to the brand file's folder and may not leave it."""

    id: Slug
    name: Text
    logo: Text | None = Field(default=None, description="SVG or PNG, relative to this file's folder")
    logo_alt: Text | None = Field(default=None, description="Alt text for the logo (required with a logo)")
    colors: Colors
    contact: Contact = Contact()
    locale: LangCode | None = Field(
        default=None,
        description="Language and region of the practice's patients, e.g. 'en-US', 'en-GB', 'es-MX' "
                    "(default: en-US); decides dates, the emergency number and the paper unless set below",
    )
    emergency: Text | None = Field(
        default=None,
        description="How patients reach emergency help, in the brand's language "
                    "(default: 'In an emergency, call <the emergency number>.' in the document's language)",
    )
    emergency_number: Text | None = Field(
        default=None, max_length=20,
        description="The number to call in an emergency (default: the locale's, e.g. 911 in en-US, 999 in en-GB)",
    )
    footer: Text | None = None
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size (default: the locale's: letter in the US, A4 in the UK)",
    )
