"""Id and language-tag patterns, stated once for the models and for code that must not
import pydantic (reading a batch job file stays cheap)."""

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
"""Identifier: lower-case letters and digits joined by '-', '_' or '.'."""

LANG_PATTERN = r"^[a-z]{2,3}(?:-[A-Z]{2})?$"
"""A language, optionally with its region: 'en', 'es', 'pt-BR'."""
