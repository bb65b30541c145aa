"""The sample documents `make demo` produces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from handouts import documents
from handouts.models import Personalisation
from handouts.context import Context
from handouts.resources import asset_dir, sample_topics

BRANDS = ("default", "riverside")

# A fictional visit, so the demo shows what personalisation prints.
DEMO_VISIT = Personalisation(
    patient_name="Alex Morgan",
    clinician="Dr. Priya Shah",
    visit_date=date(2025, 7, 14),
    follow_up=date(2025, 8, 11),
    notes="Try one change at a time for two weeks.\nBring your food and symptom notes to the next visit.",
)


# The brand each sample diet customisation is shown with (default: the first brand).
DIET_BRANDS = {"sam-low-fodmap": "riverside", "maria-trigger-foods": "default"}


def render_samples(out_dir: Path, ctx: Context | None = None) -> Iterator[Path]:
    ctx = ctx or Context.default()
    for topic_file in sample_topics():
        for brand in BRANDS:
            inputs = documents.topic_inputs(topic_file, brand, ctx)
            for audience in ("patient", "clinician"):
                person = DEMO_VISIT if (audience == "patient" and brand != "default") else None
                view = documents.build_view(audience, inputs, person, ctx)
                out = out_dir / brand / f"{inputs.topic.id}-{audience}.pdf"
                yield documents.write_document(view, out)
    yield from _diet_samples(out_dir, ctx)


def sample_customisations() -> list[Path]:
    """The fictional patients shipped in data/customisations (one per sample plan)."""
    return sorted((asset_dir("data") / "customisations").glob("*.yaml"))


def _diet_samples(out_dir: Path, ctx: Context | None = None) -> Iterator[Path]:
    """One customised elimination-diet sheet per sample plan (fictional patients)."""
    ctx = ctx or Context.default()
    for customisation in sample_customisations():
        brand = DIET_BRANDS.get(customisation.stem, BRANDS[0])
        inputs = documents.diet_inputs(None, customisation, brand, ctx)
        out = out_dir / brand / f"diet-{customisation.stem}.pdf"
        yield documents.write_document(documents.build_view("diet-sheet", inputs, None, ctx), out)
