"""Output names that would clash or break once the folder is copied to Windows or a Mac.

A clinic's output folder is often shared to Windows computers or opened on a
Mac, whose file systems ignore capitals (and macOS, how an accent is encoded):
two jobs writing `visits/A.pdf` and `visits/a.pdf` make two files here but one
there, and each re-run renders both again, as each finds the other's PDF. Such
names, and names Windows cannot hold, are refused before any rendering, as a
row's located problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from batchutil import install_fake_pool, manifest
from handouts.batch import jobs as joblist
from handouts.batch import runner

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
ALPHA = FIXTURES / "topics" / "alpha.yaml"


def _run(tmp_path: Path, outputs: list[str]) -> tuple[runner.Summary, list[str]]:
    path = tmp_path / "jobs.csv"
    path.write_text("topic,audience,output\n" + "".join(f"{ALPHA},clinician,{o}\n" for o in outputs),
                    encoding="utf-8")
    source = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    summary = runner.run_batch(source, runner.Options(out_dir=tmp_path / "out", jobs=2), total=source.total)
    return summary, [f.error or "" for f in summary.failures]


def test_outputs_that_differ_only_in_capitals_or_accent_encoding_are_one_file(tmp_path, monkeypatch):
    pools = install_fake_pool(monkeypatch)
    composed, decomposed = "visits/Jos\u00e9.pdf", "visits/Jose\u0301.pdf"  # é, and e + a combining accent
    summary, errors = _run(tmp_path, ["visits/A.pdf", "visits/a.pdf", composed, decomposed, "visits/b.pdf"])

    assert pools[0].submitted == ["visits/A.pdf", composed, "visits/b.pdf"]
    assert summary.rendered == 3 and summary.failed == 2 and summary.exit_code == 1
    assert errors[0] == (f"{tmp_path / 'jobs.csv'}:3: output visits/a.pdf and the output of {tmp_path / 'jobs.csv'}:2, "
                         "visits/A.pdf, differ only in capitals or accents: on Windows and macOS they are one file; "
                         "give each job its own output (e.g. add {row} to --pattern)")
    assert "differ only in capitals or accents" in errors[1]
    assert sorted(manifest(tmp_path / "out")["jobs"]) == sorted(["visits/A.pdf", composed, "visits/b.pdf"])


def test_the_same_output_twice_is_still_named_as_such(tmp_path, monkeypatch):
    install_fake_pool(monkeypatch)
    path = tmp_path / "jobs.csv"
    path.write_text(f"topic,audience,output\n{ALPHA},clinician,a.pdf\n{ALPHA},patient,a.pdf\n", encoding="utf-8")
    source = joblist.JobFile(path, joblist.OutputPattern(joblist.DEFAULT_PATTERN))
    summary = runner.run_batch(source, runner.Options(out_dir=tmp_path / "out"), total=source.total)
    errors = [f.error or "" for f in summary.failures]
    assert summary.failed == 1 and f"output a.pdf is also the output of {tmp_path / 'jobs.csv'}:2;" in errors[0]


def test_a_row_copied_twice_is_named_as_such_by_the_run_and_check(tmp_path, monkeypatch):
    """A spreadsheet's row pasted twice was told to 'add {row} to --pattern', which would print the
    same patient's handout twice; it is the same row, and one of them should go."""
    from cliutil import command

    install_fake_pool(monkeypatch)
    path = tmp_path / "jobs.csv"
    row = f"{ALPHA},patient,Ana Lopez,p1.pdf\n"
    path.write_text("topic,audience,patient_name,output\n" + row + row, encoding="utf-8")
    said = f"{path}:3: the same row as {path}:2, which makes p1.pdf: a row copied twice? Delete one of them"
    for extra in ("--check", "--allow-draft"), ("--allow-draft",):
        result = command("batch")(path, "--out", tmp_path / "out", *extra)
        assert result.exit_code == 1, result.output
        assert said in result.stderr and "--pattern" not in result.stderr
        assert "Ana" not in result.output


@pytest.mark.parametrize(("output", "why"), [
    ("visits/CON.pdf", "'CON.pdf' is a device name on Windows"),
    ("visits/nul.backup.pdf", "'nul.backup.pdf' is a device name on Windows"),
    ("LPT1/0001.pdf", "'LPT1' is a device name on Windows"),
    ("visits./0001.pdf", "'visits.' ends in a dot or a space"),
    ("visits /0001.pdf", "'visits ' ends in a dot or a space"),
    ("what?.pdf", "'what?.pdf' contains ?, which Windows does not allow"),
    ('a<b>"c|d*.pdf', "contains \" * < > |, which Windows does not allow"),
    ("x" * 252 + ".pdf", "is 256 bytes long; a file or folder name may be at most 255"),
    ("\u00e9" * 126 + ".pdf", "is 256 bytes long"),  # 126 two-byte letters: 252 bytes, then '.pdf'
])
def test_names_windows_cannot_hold_or_too_long_to_write_are_refused_before_rendering(output, why):
    normalised, message = joblist.check_output(output)
    assert normalised is None and message is not None and why in message


@pytest.mark.parametrize("output", ["visits/0001.pdf", "console.pdf", "CON-ditions/aux-help.pdf", "COM10.pdf",
                                    "Caf\u00e9 Riverside/leaky-gut-patient.pdf", "x" * 251 + ".pdf"])
def test_ordinary_names_are_kept(output):
    assert joblist.check_output(output) == (output, None)


def test_a_refused_name_is_the_rows_located_problem_and_nothing_renders(tmp_path, monkeypatch):
    pools = install_fake_pool(monkeypatch)
    summary, errors = _run(tmp_path, ["v/CON.pdf", "ok.pdf"])
    assert pools[0].submitted == ["ok.pdf"]
    assert errors == [f"{tmp_path / 'jobs.csv'}:2:{len(str(ALPHA)) + 12}: output: output 'v/CON.pdf': 'CON.pdf' is a "
                      "device name on Windows (CON, PRN, AUX, NUL, COM1, LPT1 ...), not a file name there"]
