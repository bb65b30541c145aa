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
