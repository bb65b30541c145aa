"""One document in several languages: the same content, once per language, in one PDF.

For families who share care: `--lang es --also en` prints the Spanish handout,
then the English one. Each part is the full view in its own language (its own
words, dates and translation marks); the document's frame is the first part's
(its language is the PDF's /Lang), carrying every part's marks, so the watermark
on every page says each part's. Each part's masthead shows that part's own marks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from handouts.views.base import View
from handouts.views.frame import Frame


@dataclass(frozen=True)
class PartsView:
    frame: Frame
    parts: tuple[View, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for part in self.parts:
            seen.update(dict.fromkeys(getattr(part, "warnings", ())))
        return tuple(seen)


def parts_view(parts: tuple[View, ...]) -> PartsView:
    first = parts[0].frame
    marks = tuple(dict.fromkeys(m for p in parts for m in p.frame.marks))
    lines = [p.frame.translation_line for p in parts if p.frame.translation_line]
    frame = replace(first, marks=marks, translation_line=" · ".join(dict.fromkeys(lines)) or None)
    return PartsView(frame, parts)
