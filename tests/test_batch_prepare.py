"""What a batch worker reads before it renders (handouts.batch.prepare): never more than a content file may be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handouts.batch.prepare import Preparer
from handouts.errors import ContentError


def test_a_topic_far_larger_than_content_may_be_is_refused_unread(tmp_path, monkeypatch):
    """A job file may name any path: its topic was read whole (a sparse 8 GB file: all of it, into memory) only to be
    refused by its size afterwards."""
    huge = tmp_path / "topics" / "huge.yaml"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: no disk used

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    with pytest.raises(ContentError) as info:
        Preparer(date(2025, 7, 1)).content("topic", str(huge))
    (problem,) = info.value.problems
    assert problem.message == "is 64 MiB; a content file may be at most 1 MiB"


def test_a_topic_under_review_is_parsed_for_its_refusal_once_not_per_row(monkeypatch):
    """A --check of 300 rows of one topic under review took four minutes: each row's refusal parsed the
    topic's YAML again to locate its review field. The message is the same, and its line found once."""
    from handouts import yamlsource
    from handouts.batch.jobs import Job
    from handouts.batch.prepare import JobFailed

    root = Path(__file__).resolve().parent.parent
    topic, brand = root / "data" / "topics" / "leaky-gut.yaml", root / "data" / "brands" / "default.yaml"
    parsed: list[Path] = []
    read = yamlsource.read
    monkeypatch.setattr(yamlsource, "read", lambda path, *a, **k: parsed.append(Path(path)) or read(path, *a, **k))
    preparer = Preparer(date(2025, 7, 1))
    messages = set()
    for row in range(2, 52):
        with pytest.raises(JobFailed) as info:
            preparer.prepare(Job(f"{row}.pdf", str(topic), str(brand), "patient", origin=f"jobs.csv:{row}"))
        messages.add(str(info.value))
    assert parsed.count(topic) <= 1, len(parsed)
    (message,) = messages
    assert message.startswith("data/topics/leaky-gut.yaml:") and "review.status: not approved" in message
    line = message.split(":")[1]
    assert line.isdigit() and int(line) > 1
