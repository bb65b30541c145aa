"""What the YAML reader accepts, and how it names a place in a document.

Shared by handouts.yamlsource (reading a file, the public face) and
handouts.yamlevents (the event loop, which imports ruamel.yaml): both need the
limits and `Loc`, and neither should import the other's module to get them.
The rules these limits enforce, and why, are in handouts.yamlsource.
"""

Loc = tuple[str | int, ...]
"""A place in a document: the keys and list indices from its top, e.g. ("sections", 0, "title")."""

MAX_BYTES = 1024 * 1024
"""A content file's size cap. The sample topic is 56 kB; ruamel's pure-Python parser
reads about 0.3 MB a second, so this keeps any one file to a few seconds."""
PATIENT_DETAILS_BYTES = 64 * 1024
"""One patient's file, a personalisation (`render --details`) or a diet customisation (`diet --customize`),
from a file or standard input alike: more than any holds (notes are limited to a few thousand characters).
One cap for both ways in: a file was allowed 1 MiB, standard input 64 KiB."""
MAX_DEPTH = 64
"""Nesting levels (mappings and lists inside each other); content uses about eight."""
MAX_ALIASES = 1000
"""Uses of `*alias` in one file."""
MAX_ALIAS_NODES = 10_000
"""Values (scalars, lists, mappings) that aliases may add to a file, counted expanded."""
MAX_ALIAS_CHARS = MAX_BYTES
"""Characters of text that aliases may add to a file, counted expanded."""
MAX_INT_DIGITS = 100
"""An integer with more digits is a mistake (or an attack on int()), never a dose."""
