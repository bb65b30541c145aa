"""One error root, one place that maps it to output and an exit status, never a traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import handouts
from cliutil import command
from handouts import documents
from handouts.cli import exits
from handouts.errors import ContentError, HandoutsError, Problem, UsageError
from handouts.kinds import CONTENT_KINDS

ROOT = Path(__file__).resolve().parent.parent
FIVE_MISTAKES = Path(__file__).parent / "fixtures" / "content" / "five-mistakes.yaml"


run = command(catch_exceptions=False)  # any exception other than the exit escapes and fails the test


def _all_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(handouts.__path__, "handouts.")]
    return [n for n in names if not n.endswith("__main__")]  # __main__ would run the CLI


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for name in _all_modules():
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == name:
                found.append(obj)
    return found


def _subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


EXCEPTIONS = _exception_classes()  # imports every module, so every subclass is registered
ERRORS = sorted({c for c in _subclasses(HandoutsError) if not c.__name__.startswith("_")},
                key=lambda c: (c.__module__, c.__name__))
"""Every public error (a private one, like the YAML reader's _Stop, never leaves its module)."""


def test_every_exception_in_the_package_derives_from_the_root():
    strays = [f"{c.__module__}.{c.__name__}" for c in EXCEPTIONS
              if not issubclass(c, HandoutsError) and c is not exits.Terminated]
    assert strays == [], "derive these from handouts.errors.HandoutsError (or a subclass)"


def test_the_known_errors_are_all_under_the_root():
    names = {c.__name__ for c in ERRORS}
    assert {"ContentError", "UsageError", "RenderError", "PersonalisationError", "DietError", "ImportFailure",
            "ReadFailure", "WorkersCannotStart", "JobFailed", "FormError", "NotFound"} <= names


def _instance(cls: type[HandoutsError]) -> HandoutsError:
    if issubclass(cls, ContentError):
        problems = [Problem("topics/x.yaml", 3, 5, "title", "the thing that went wrong")]
        return cls(problems, CONTENT_KINDS["topic"]) if cls.__name__ == "RefusedAs" else cls(problems)  # with its kind
    if cls.__name__ == "FormError":
        from handouts.web.forms import FormProblem

        return cls([FormProblem("notes", "the thing that went wrong")])
    return cls("the thing that went wrong", where="somewhere.yaml")


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: c.__name__)
def test_no_command_prints_a_traceback_for_any_error(cls, monkeypatch):
    def fail(*args, **kwargs):
        raise _instance(cls)

    monkeypatch.setattr(documents, "topic_inputs", fail)
    result = run("render", "leaky-gut", "--audience", "patient")  # catch_exceptions=False: nothing may escape
    assert result.exit_code == cls.exit_code
    assert "Traceback" not in result.output
    assert "the thing that went wrong" in result.stderr
    if issubclass(cls, ContentError):
        assert "topics/x.yaml:3:5: title: the thing that went wrong" in result.stderr
    elif cls.exit_code == 2:
        assert "Usage: handouts render [OPTIONS] TOPIC" in result.stderr
        assert "Error: " in result.stderr
    else:
        assert "error: somewhere.yaml: the thing that went wrong" in result.stderr


def test_exit_statuses_are_the_documented_ones():
    assert (exits.OK, exits.FAILED, exits.USAGE, exits.INTERRUPTED, exits.TERMINATED) == (0, 1, 2, 130, 143)
    assert ContentError.exit_code == 1 and UsageError.exit_code == 2 and HandoutsError.exit_code == 1


# --- each exit path, through real commands ---------------------------------------------


def test_invalid_content_exits_1_with_every_problem_located():
    result = run("render", str(FIVE_MISTAKES), "--audience", "clinician")
    assert result.exit_code == 1
    assert result.stderr.count("five-mistakes.yaml:") == 5
    assert "five-mistakes.yaml:19:21: sections[0].recommendations[0].citations[0]:" in result.stderr


def test_a_usage_error_from_the_library_exits_2_with_the_commands_usage():
    result = run("render", "leaky-gut", "--audience", "patient", "--include", "no-such-item")
    assert result.exit_code == 2
    assert "Usage: handouts render [OPTIONS] TOPIC" in result.stderr
    assert "Error: include 'no-such-item': no such item in topic 'leaky-gut'" in result.stderr


def test_a_usage_error_from_a_command_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = run("lint", str(tmp_path))
    assert result.exit_code == 2 and "Usage: handouts lint" in result.stderr
    assert "no .yaml files found" in result.stderr


def test_an_output_whose_folder_is_a_file_is_a_usage_error_with_its_name(tmp_path):
    """-o names the folder to write into (handouts.cli.folders): checked before anything is rendered."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", str(blocker / "brief.pdf"))
    assert result.exit_code == 2
    assert f"Error: -o {blocker / 'brief.pdf'}: {blocker} is a file, not a folder; nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_a_located_error_names_the_file_the_command_was_given(tmp_path):
    missing = tmp_path / "answer.txt"
    result = run("import", str(missing))
    assert result.exit_code == 2  # a mistyped path is a usage error, as in render, diet, validate and lint
    assert f"{missing}: no such file" in result.stderr


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(documents, "topic_inputs", interrupted)
    result = run("render", "leaky-gut", "--audience", "patient")
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "Traceback" not in result.output


def test_the_sigterm_handler_is_restored_after_a_command():
    before = signal.getsignal(signal.SIGTERM)
    run("schema", "--kind", "brand")
    assert signal.getsignal(signal.SIGTERM) is before


# Real processes: the console entry point, signals and stderr as a user sees them.

_SLOW_RENDER = """
import sys, time
import handouts.documents as documents

def slow(*args, **kwargs):
    print("ready", flush=True)
    time.sleep(60)

documents.topic_inputs = slow
from handouts.cli import main
sys.argv = ["handouts", "render", "leaky-gut", "--audience", "patient"]
main()
"""


def _started() -> subprocess.Popen[str]:
    """The slow render, once it says it is under way (at most 120 s: a plain readline waited for good)."""
    process = subprocess.Popen([sys.executable, "-c", _SLOW_RENDER], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    if not select.select([process.stdout], [], [], 120)[0]:
        process.kill()
        process.wait()
        pytest.fail("the render did not start within 120 s")
    assert process.stdout.readline() == "ready\n"
    return process


@pytest.mark.parametrize(("signum", "status", "word"), [
    (signal.SIGTERM, 143, "terminated"),
    (signal.SIGINT, 130, "interrupted"),
])
def test_a_signal_ends_a_real_process_with_its_status(signum, status, word):
    process = _started()
    try:
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == status, stderr
    assert word in stderr and "Traceback" not in stderr
