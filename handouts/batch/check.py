"""`handouts batch --check`: every job checked as a worker checks it, and nothing rendered or written.

A brand with a missing logo or a bad colour, a topic overdue for review, a
visit date a spreadsheet wrote as 14/07/2025, an output name used twice: an
overnight run finds each only at its row, after rendering every row before it.
This reads every job's files, checks its content, review, personalisation and
output name, and builds its document's view (which checks the included and
omitted recommendations), in this process: pydantic and Jinja-free views, never
WeasyPrint, so thousands of rows take seconds. It takes no lock and writes
nothing, not even the output folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handouts.assemble import untranslated_warnings
from handouts.batch.jobs import AnyJob, BadJob, file_key
from handouts.batch.prepare import OutputNamesPatient, conceal_customisation, own_warnings, patient_secrets, redact
from handouts.batch.runner import (
    Finished,
    Options,
    Reporter,
    Summary,
    _claimed,
    _duplicate,
    _Silent,
    _stop_on_signals,
    asks,
    check_output_folder,
    claimed_elsewhere,
    run_spec,
)
from handouts.batch.warning_lines import at_its_place
from handouts.batch.worker import Settings, failure


class Checker:
    """Checks one job at a time with a Preparer (content parsed once per file, as a worker's is)."""

    def __init__(self, options: Options):
        from handouts.batch.prepare import Preparer

        self.preparer = Preparer.for_settings(Settings(
            str(options.out_dir), options.as_of, options.allow_draft, options.variant,
            tuple(str(d) for d in options.data_dirs), options.paper, options.home_locale,
            options.require_catalogue_approval))
        self.seen: dict[str, tuple[str, str]] = {}  # an output's file_key → (output, where it was asked for)
        self.asked: dict[str, int] = {}  # an output's file_key → what its first job asked for (asks())
        self.options = options
        self.entries = _entries(options.out_dir)  # to find outputs another job file wrote, as a run would
        self.hashes: Any = None  # input files' sha256, made when a job is compared with the manifest's entry
        self.env_digest: str | None = None  # the environment's, as a run records it; made when first needed

    def __call__(self, item: AnyJob | BadJob) -> tuple[Finished, tuple[str, ...]]:
        """The job as the report shows it, and its warnings (no patient details in either)."""
        if isinstance(item, BadJob):
            return Finished(item.output, "failed", item.origin, error=item.error), ()
        key = file_key(item.output)
        if key in self.seen:
            same = self.asked.get(key) == asks(item)
            return Finished(item.output, "failed", item.origin, error=_duplicate(item, *self.seen[key], same)), ()
        self.seen[key] = (item.output, item.origin)
        self.asked[key] = asks(item)
        entry = self.entries.get(item.output)
        other = claimed_elsewhere(entry, self.options.job_file, self.options.out_dir, item.output)
        if other and not self._same(item, entry):
            return Finished(item.output, "failed", item.origin,
                            error=_claimed(item, item.output, other, entry or {}, self.options.job_file)), ()
        secrets: dict[str, Any] = patient_secrets(item)
        try:
            prepared = self.preparer.prepare(item)
            secrets = prepared.secrets
            view = self._view(prepared)
        except Exception as exc:  # noqa: BLE001 - one job's failure, reported as a run would
            shown = None if isinstance(exc, OutputNamesPatient) else item.output
            error = conceal_customisation(redact(failure(item, exc), secrets), item)
            return Finished(shown, "failed", item.origin, error=error), ()
        warnings = (*map(str, view.frame.brand.warnings), *untranslated_warnings(view),
                    *(f"{item.output}: {w}" for w in own_warnings(view)))
        return (Finished(item.output, "ready", item.origin, up_to_date=self._up_to_date(item, entry)),
                tuple(conceal_customisation(redact(w, secrets), item) for w in warnings))

    def _up_to_date(self, item: AnyJob, entry: dict[str, Any] | None) -> bool:
        """Whether the run will skip the job, its PDF up to date (the run's own test: handouts.batch.fingerprint)."""
        from handouts.batch import fingerprint, userkey

        if entry is None or self.options.force:
            return False
        if self.hashes is None:
            self.hashes = fingerprint.FileHashes()
        if self.env_digest is None:
            self.env_digest = fingerprint.digest(fingerprint.environment())
        key = userkey.existing() if fingerprint.needs_key(item) else None
        return fingerprint.stale_reason(entry, run_spec(item, key, self.options, self.hashes), self.env_digest,
                                        self.hashes, Path(item.output), self.options.as_of, self.options.allow_draft,
                                        out_dir=self.options.out_dir) is None

    def _same(self, item: AnyJob, entry: dict[str, Any] | None) -> bool:
        """Whether another job file's entry records exactly this job's document (the same rows in a renamed
        job file): the run skips it or writes it again, and refuses nothing (as Run._same)."""
        from handouts.batch import fingerprint, userkey

        if self.hashes is None:
            self.hashes = fingerprint.FileHashes()
        key = userkey.existing() if fingerprint.needs_key(item) else None
        return (entry or {}).get("job") == run_spec(item, key, self.options, self.hashes)

    def _view(self, prepared: Any) -> Any:
        from handouts import documents

        return documents.build_view(prepared.kind, prepared.inputs, prepared.person, self.preparer.context)


def _entries(out_dir: Path) -> dict[str, Any]:
    """The output folder's manifest entries, read only (none when it has no readable manifest yet)."""
    from handouts.batch.manifest import NAME, Manifest

    if not (out_dir / NAME).is_file():
        return {}
    return Manifest(out_dir).entries


def check_batch(jobs: Iterable[AnyJob | BadJob], options: Options, reporter: Reporter | None = None,
                total: int | None = None) -> Summary:
    """Check every job; the summary counts them ready or failed (exit 1 if any failed, 130/143 if stopped)."""
    import time

    check_output_folder(options.out_dir)  # a run would refuse it: so must the check
    reporter = reporter or _Silent()
    summary = Summary(options.out_dir, total=total, checking=True)
    began = time.monotonic()
    checker = Checker(options)
    warned: set[str] = set()
    reporter.start(total)
    with _stop_on_signals() as stop:
        for item in jobs:
            if stop.signum is not None:
                break
            finished, warnings = checker(item)
            for warning in warnings:
                if warning not in warned:
                    warned.add(warning)
                    where, said = at_its_place(warning, item)
                    reporter.warning(said, job=True, where=where)
            summary.count(finished)
            reporter.finished(finished)
        summary.stopped_by = stop.signum
    summary.seconds = time.monotonic() - began
    reporter.summary(summary)
    return summary
