"""`handouts batch` with nothing to render says that first: what to give it."""

from __future__ import annotations

from cliutil import assert_clean_exit, run


def test_batch_alone_asks_for_a_job_file_or_topics_before_an_output_folder(tmp_path, monkeypatch):
    """Outside a workspace, `handouts batch` asked only for --out; given --out, it then asked for a
    job file. What to render comes first, and how: a job file, one document a row, or --topics."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_CONFIG", raising=False)
    result = run("batch")
    assert_clean_exit(result, 2)
    assert "give a JOB_FILE (a CSV or YAML file, one document a row) or --topics" in result.stderr
    assert "--out" not in result.stderr.split("Error:", 1)[1]
    assert not any(tmp_path.iterdir())
