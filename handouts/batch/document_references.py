"""`batch --document-references`: a FHIR DocumentReference beside every topic PDF a run produced.

Written by the client after the run, from the PDFs on disk (rendered now or up
to date from before), so the resources are the same whatever rendered the
jobs. Diet sheets get none (they are not topics). A batch carries no patient
reference: the EHR that files a document sets its subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from handouts.batch.jobs import Job
from handouts.batch.manifest import Manifest
from handouts.fhir import AttachmentMode
from handouts.locale import Locale, resolve

SUFFIX = ".fhir.json"


@dataclass(frozen=True)
class Wanted:
    output: str  # relative to the output folder, as in the manifest
    topic: str
    brand: str
    audience: str
    language: str | None  # None: the brand's locale decides, as for the PDF
    personal: bool = False  # the PDF carries the patient's details (its row's personalisation): so may the reference


class Collect:
    """Passes the jobs through, keeping what a DocumentReference needs of each topic job (no patient details)."""

    def __init__(self, jobs: Iterable[object]):
        self.jobs = jobs
        self.wanted: list[Wanted] = []

    def __iter__(self) -> Iterator[object]:
        for job in self.jobs:
            if isinstance(job, Job):
                self.wanted.append(Wanted(job.output, job.topic, job.brand, job.audience, job.language,
                                          bool(job.person)))
            yield job


def reference_path(out_dir: Path, output: str) -> Path:
    """Beside the PDF: OUT/a/b.pdf → OUT/a/b.fhir.json."""
    pdf = out_dir / output
    return pdf.with_name(pdf.name.removesuffix(".pdf") + SUFFIX)


def document_locale(audience: str, language: str | None, brand_locale: str | None,
                    home_locale: str | None) -> Locale:
    """The locale the job's PDF was printed in, as its view chose it (handouts.views): a patient
    handout's row language, the workspace's, the brand's; a clinician brief in English with the
    region of the workspace's locale, else the brand's."""
    if audience == "patient":
        return resolve(language, home_locale, brand=brand_locale, home=home_locale)
    return Locale("en", resolve(home_locale, brand=brand_locale).region)


def _made_by(entry: dict[str, object], job: Wanted) -> bool:
    """Whether the manifest's entry for the output records this job's document (topic, brand, audience,
    language): a row whose output another row made must not describe that PDF as its own."""
    recorded = entry.get("job")
    return isinstance(recorded, dict) and all(recorded.get(key) == value for key, value in (
        ("topic", job.topic), ("brand", job.brand), ("audience", job.audience), ("language", job.language)))


def write_all(out_dir: Path, wanted: Iterable[Wanted], attachment: AttachmentMode, day: date,
              data_dirs: tuple[Path, ...] = (), home_locale: str | None = None, zone: str | None = None,
              base: str | None = None) -> list[Path]:
    """One DocumentReference per job whose PDF the manifest holds as rendered or up to date, for that job.

    `zone`: the workspace's time zone, which each reference's date (made now) is given in, as `day` is the
    clinic's today: the machine's own offset (a server kept on UTC) would date it in another zone. `base`: the
    address of the folder the PDFs are put in (handouts.fhir.attachment_base), each URL then the PDF's whole
    address; without it, the PDF's name beside the reference."""
    from handouts import dates
    from handouts.atomic import PRIVATE, write_atomic
    from handouts.context import Context
    from handouts.fhir import Printed, document_reference, document_title, served_at, to_json
    from handouts.loading import load_brand, load_topic

    manifest = Manifest(out_dir)
    ctx = Context.default(today=day, data_dirs=data_dirs, locale=home_locale)
    topics: dict[str, object] = {}
    brands: dict[str, object] = {}
    written = []
    for job in wanted:
        entry = manifest.get(job.output)
        pdf = out_dir / job.output
        if not entry or entry.get("status") not in ("rendered", "skipped") or not pdf.is_file():
            continue
        if not _made_by(entry, job):
            continue  # a row refused as a duplicate, or as another job file's output: the PDF is not its
        if job.topic not in topics:
            topics[job.topic] = load_topic(Path(job.topic), ctx)
        if job.brand not in brands:
            brands[job.brand] = load_brand(Path(job.brand), ctx)
        topic, brand = topics[job.topic], brands[job.brand]
        locale = document_locale(job.audience, job.language, brand.locale, home_locale)  # type: ignore[attr-defined]
        target = reference_path(out_dir, job.output)
        printed = Printed(pdf.read_bytes(), job.audience, locale.tag,
                          document_title(topic, job.audience, locale.language), day,  # type: ignore[arg-type]
                          served_at(base, Path(job.output).as_posix()) if base else quote(pdf.name),
                          brand.words(brand.name, locale.language)[0] or brand.id,  # type: ignore[attr-defined]
                          made=dates.now(zone), fresh=entry.get("status") == "rendered")
        # the owner's alone when its PDF is (inline, it holds that PDF), as the worker wrote the PDF
        write_atomic(target, to_json(document_reference(topic, printed, attachment)).encode("utf-8"),  # type: ignore[arg-type]
                     mode=PRIVATE if job.personal else None)
        written.append(target)
    return written
