"""Long job lists: a YAML job file is read whole (and capped, as every YAML file is); CSV is streamed."""

from __future__ import annotations

import pytest

from handouts.batch import jobs as joblist
from handouts.errors import ContentError
from handouts.yamlspec import MAX_BYTES


def test_a_yaml_job_file_over_the_cap_says_to_write_the_list_as_csv(tmp_path):
    """It was refused as "a content file may be at most 1 MiB": a practice manager's 5000-row list, with no way out."""
    row = "  - {topic: leaky-gut, audience: patient, output: p/%05d.pdf, visit_date: 2025-07-14}\n"
    path = tmp_path / "jobs.yaml"
    path.write_text("jobs:\n" + "".join(row % n for n in range(MAX_BYTES // len(row) + 100)), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    (problem,) = caught.value.problems
    assert problem.message.startswith("is 1.1 MB; a YAML job file may be at most 1 MiB (a few thousand jobs): "
                                      "write a longer job list as CSV")


def test_a_csv_job_file_of_any_length_is_read_a_row_at_a_time(tmp_path):
    path = tmp_path / "jobs.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("topic,audience,output\n")
        for n in range(1, 20_001):
            handle.write(f"leaky-gut,clinician,p/{n:05d}.pdf\n")
    source = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    assert source.total == 20_000
    first = next(iter(source))
    assert isinstance(first, joblist.Job) and first.output == "p/00001.pdf"
