"""One document from start to finish: load → validate → view → HTML → PDF → file.

The CLI, batch runs and the web app all come through here, so every document
gets the same checks and the same safe write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from handouts.atomic import write_atomic
from handouts.html import render_html
from handouts.loading import load_brand, load_topic
from handouts.models import Brand, Personalisation, Topic
from handouts.resources import brand_path, topic_path

Audience = Literal["patient", "clinician"]
Format = Literal["pdf", "html"]


@dataclass(frozen=True)
class Inputs:
    topic: Topic
    brand: Brand
    brand_folder: Path


def load_inputs(topic: str | Path, brand: str | Path = "default") -> Inputs:
    """A topic and a brand by id (from the shipped data) or by path."""
    brand_file = brand_path(str(brand))
    return Inputs(load_topic(topic_path(str(topic))), load_brand(brand_file), brand_file.resolve().parent)


def build_view(
    inputs: Inputs,
    audience: Audience,
    person: Personalisation | None = None,
    today: date | None = None,
) -> Any:
    from handouts.views.clinician import clinician_view
    from handouts.views.patient import patient_view

    if audience == "patient":
        return patient_view(inputs.topic, inputs.brand, person, brand_folder=inputs.brand_folder, today=today)
    return clinician_view(inputs.topic, inputs.brand, brand_folder=inputs.brand_folder, today=today)


def render_bytes(view: Any, fmt: Format = "pdf", variant: str = "ua") -> bytes:
    """The finished document. WeasyPrint is imported only when a PDF is asked for."""
    if fmt == "html":
        return render_html(view).encode("utf-8")
    from handouts.render import renderer

    return renderer().pdf(view, variant)


def write_document(view: Any, out: Path, fmt: Format = "pdf", variant: str = "ua") -> Path:
    """Render fully in memory, then replace `out` atomically: a failure leaves the old file."""
    data = render_bytes(view, fmt, variant)
    write_atomic(out, data)
    return out


def default_output(topic: Topic, audience: str, fmt: str) -> Path:
    return Path(f"{topic.id}-{audience}.{fmt}")
