"""What the batch tests share: the manifest a run leaves in its output folder, and a run that should skip."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from click.testing import Result

from cliutil import command
from handouts.batch import runner
from handouts.batch.fingerprint import sha256_file
from handouts.batch.worker import Outcome

batch = command("batch")


def manifest(out: Path) -> dict[str, Any]:
    """The manifest.json a batch run wrote in `out`."""
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def sha256(path: Path) -> str:
    """A file's digest, as the manifest records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rerun(out: Path, *args: object) -> Result:
    """`handouts batch ARGS` writing to `out`, a run that should skip work: repeated if the checkout's
    templates, styles or code changed meanwhile (other people edit this checkout while tests run),
    which rightly re-renders everything."""
    for _ in range(3):
        before = manifest(out)["environment"]
        result = batch(*args)
        if manifest(out)["environment"] == before:
            return result
    raise AssertionError("templates, styles or code kept changing while the test ran")


DISK_FULL = "cannot write in the output folder: no space left on device"


class FakePool:
    """The runner's pool without processes: 'renders' each job at once; from job `full_at` on, the disk is full;
    the jobs writing `fail` fail; once `lost_at` jobs were sent, the cluster is gone."""

    def __init__(self, out_dir: Path, size: int = 2, full_at: int | None = None, fail: frozenset[str] = frozenset(),
                 lost_at: int | None = None):
        self.out_dir, self.size, self.full_at, self.fail, self.lost_at = out_dir, size, full_at, fail, lost_at
        self.submitted: list[str] = []
        self.inflight: list[tuple[int, Any]] = []
        self.start_failures = 0

    @property
    def busy(self) -> int:
        return len(self.inflight)

    def has_room(self) -> bool:
        return len(self.inflight) < self.size

    def submit(self, seq: int, job: Any) -> None:
        self.submitted.append(job.output)
        self.inflight.append((seq, job))

    def _outcome(self, job: Any) -> Outcome:
        if self.full_at is not None and self.submitted.index(job.output) + 1 >= self.full_at:
            return Outcome(job.output, "failed", error=f"{job.origin}: cannot write {job.output}: no space left "
                           "on device", halts=DISK_FULL)
        if job.output in self.fail:
            return Outcome(job.output, "failed", error=f"{job.origin}: review overdue; use --allow-draft")
        data = f"%PDF-1.7 {job.output}".encode()
        target = self.out_dir / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        inputs = {role: {"path": path, "sha256": sha256_file(path)} for role, path in (("topic", job.topic),
                                                                                       ("brand", job.brand))}
        return Outcome(job.output, "rendered", sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), pages=1,
                       inputs=inputs, review={"status": "approved", "next_review": "2099-01-10", "mark": None})

    def wait(self, timeout: float) -> list[tuple[int, Any, Outcome]]:
        if self.lost_at is not None and len(self.submitted) >= self.lost_at:
            raise runner.ClusterLost("lost the Dask scheduler at tcp://render1.example.org:8786; finished jobs are "
                                     "recorded: run the same command again when it is back")
        done, self.inflight = self.inflight[:1], self.inflight[1:]  # one at a time, as workers finish
        return [(seq, job, self._outcome(job)) for seq, job in done]

    def close(self, terminate: bool) -> list[tuple[int, Any, Outcome]]:
        done, self.inflight = self.inflight, []
        return [(seq, job, self._outcome(job)) for seq, job in done]


def install_fake_pool(monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> list[FakePool]:
    """Runs of this test use FakePools (listed, newest last) instead of worker processes."""
    pools: list[FakePool] = []

    def make(size: int, settings: Any, recycle_after: int, timeout: float | None) -> FakePool:
        pools.append(FakePool(Path(settings.out_dir), size, **kwargs))
        return pools[-1]

    monkeypatch.setattr(runner, "Pool", make)
    return pools
