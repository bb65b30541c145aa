"""`handouts batch jobs.csv | head`: a reader that stops early ends the report's lines, never the run.

Run in a subprocess (a real pipe, closed by the reader after the first line), with
the runner's pool replaced by the in-process stand-in (no rendering), which waits
after the first jobs until the pipe is closed, so every later line meets it closed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handouts.batch.progress import STDOUT_CLOSED

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
TESTS = Path(__file__).parent

CHILD = """
import select, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from batchutil import FakePool
from handouts.batch import runner

class WaitsForTheReader(FakePool):
    def wait(self, timeout):
        if len(self.submitted) >= 3:  # the reader has its line: go on once it has hung up (POLLERR)
            poller = select.poll()
            poller.register(sys.stdout.fileno(), select.POLLOUT)
            for _ in range(200):
                if any(event & select.POLLERR for _, event in poller.poll(50)):
                    break
        return super().wait(timeout)

runner.Pool = lambda size, settings, recycle, timeout: WaitsForTheReader(Path(settings.out_dir), size)
from handouts.cli import main
main(["batch", *sys.argv[1:]], prog_name="handouts")
"""


def _twenty_jobs(tmp_path: Path) -> tuple[Path, Path]:
    """The child that runs the batch, and a job file of twenty clinician briefs."""
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(tests=str(TESTS)), encoding="utf-8")
    alpha = FIXTURES / "topics" / "alpha.yaml"
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,output\n" + "".join(f"{alpha},clinician,p/{n:02d}.pdf\n" for n in range(1, 21)),
                    encoding="utf-8")
    return script, jobs


def _batch_read_by_head(tmp_path: Path, *args: str, stderr_too: bool = False) -> tuple[int, str]:
    """Run the batch with stdout (and, `stderr_too`, stderr) into a pipe whose reader takes one line and
    closes it: the exit status and what stderr said."""
    script, jobs = _twenty_jobs(tmp_path)
    child = subprocess.Popen(
        [sys.executable, str(script), str(jobs), "--out", str(tmp_path / "out"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT if stderr_too else subprocess.PIPE, cwd=tmp_path)
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first.startswith(b"rendered p/01.pdf") or stderr_too, first
    child.stdout.close()  # what `head -1` does
    try:
        stderr = child.stderr.read().decode() if child.stderr else ""
        code = child.wait(timeout=60)
    finally:
        child.kill()
    return code, stderr


def _all_twenty_rendered(out: Path) -> None:
    assert sorted(p.name for p in (out / "p").iterdir()) == [f"{n:02d}.pdf" for n in range(1, 21)]
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(recorded["jobs"]) == 20 and recorded["last_run"]["rendered"] == 20
    assert not (out / "manifest.jsonl").exists()


def test_a_closed_stdout_ends_the_lines_not_the_run(tmp_path):
    code, stderr = _batch_read_by_head(tmp_path)
    assert code == 0, stderr
    _all_twenty_rendered(tmp_path / "out")
    assert stderr.count(STDOUT_CLOSED) == 1, stderr
    assert "20 jobs: 20 rendered, 0 skipped, 0 failed" in stderr, "the summary goes to stderr instead"
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


def test_stdout_and_stderr_closed_together_still_finish_the_run(tmp_path):
    code, _ = _batch_read_by_head(tmp_path, stderr_too=True)  # `2>&1 | head -1`: nothing can be said
    assert code == 0
    _all_twenty_rendered(tmp_path / "out")


def test_a_json_summary_whose_reader_went_away_is_on_stderr_whole(tmp_path):
    """`handouts batch --format json | consumer` whose consumer went away: the summary was lost, while the
    line on stderr said it went there. Now stderr holds it whole, and the exit status is still the run's."""
    script, jobs = _twenty_jobs(tmp_path)
    child = subprocess.Popen([sys.executable, str(script), str(jobs), "--out", str(tmp_path / "out"),
                              "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # `| head -c0`: gone before the summary
    try:
        stderr = child.stderr.read().decode()
        code = child.wait(timeout=60)
    finally:
        child.kill()
    assert code == 0, stderr
    _all_twenty_rendered(tmp_path / "out")
    closed, _, rest = stderr.partition(STDOUT_CLOSED + "\n")
    assert closed == "", stderr
    summary = json.loads(rest)
    assert summary["rendered"] == 20 and summary["exit_code"] == 0 and summary["manifest"].endswith("manifest.json")
    assert "Traceback" not in stderr, stderr
