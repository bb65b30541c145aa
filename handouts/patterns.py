"""Id, language-tag and character patterns, stated once for the models and for code that must
not import pydantic (reading a batch job file stays cheap; the web app's log filter)."""

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
"""Identifier: lower-case letters and digits joined by '-', '_' or '.'."""

LANG_PATTERN = r"^[a-z]{2,3}(?:-[A-Z]{2})?$"
"""A language, optionally with its region: 'en', 'es', 'pt-BR'."""

TEXT_LANG_PATTERN = r"^[a-z]{2,3}$"
"""The key of a text in one language: 'en', 'es', 'pt', never 'pt-BR'. One text serves every region
of its language (the region decides dates, paper and the emergency number, not the words), so a
regional key would match no document's language and never print."""

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""The bidirectional embeddings, overrides and isolates (a character class's ranges): they make a
page or a log line show letters in another order than they were typed ('Ann \u202eeeL' as 'Ann Lee')."""

HIDDEN_IN_TEXT = f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]"
"""What text may never hold: control characters (a tab or a line break aside) and the bidi controls."""

UNSAFE_IN_A_LOG_LINE = f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]"
"""What a log line shows escaped: every control character, line breaks included, and the bidi controls."""
