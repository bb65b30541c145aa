"""`render --details FILE|-`: a patient's details without putting them on the command line (ps, shell history).

The handouts are written as HTML (the same view and content as the PDF, without a PDF render) to keep these cheap.
"""

from __future__ import annotations

import io
from pathlib import Path

from cliutil import assert_clean_exit, run
from handouts.cli import details

NAME = "Zebulon Quixote"
DETAILS = (f"patient_name: {NAME}\nclinician: Dr. Priya Shah\nvisit_date: 2025-07-14\nfollow_up: 2025-08-11\n"
           "notes: |\n  Try one change at a time.\n  Walk after dinner.\n")


def _render(tmp_path: Path, *args: object, input: str | None = None):
    return run("render", "leaky-gut", "--audience", "patient", *args, "-o", tmp_path / "alex.html", input=input)


def test_details_typed_on_standard_input_are_printed_as_if_given_by_options(tmp_path):
    result = _render(tmp_path, "--details", "-", input=DETAILS)
    assert_clean_exit(result, 0)
    page = (tmp_path / "alex.html").read_text(encoding="utf-8")
    for shown in (NAME, "Dr. Priya Shah", "July 14, 2025", "August 11, 2025", "Try one change at a time.",
                  "Walk after dinner."):
        assert shown in page, shown
    assert NAME not in result.output, "the name goes into the handout, not onto the terminal"


def test_details_from_a_file_and_the_file_is_left_as_it_was(tmp_path):
    file = tmp_path / "zq.yaml"
    file.write_text(DETAILS, encoding="utf-8")
    assert_clean_exit(_render(tmp_path, "--details", file, "--omit", "probiotics"), 0)
    assert NAME in (tmp_path / "alex.html").read_text(encoding="utf-8")
    assert file.read_text(encoding="utf-8") == DETAILS


def test_a_detail_given_by_both_an_option_and_details_is_refused_before_anything_is_written(tmp_path):
    result = _render(tmp_path, "--details", "-", "--note", "Something else", input=DETAILS)
    assert_clean_exit(result, 2)
    assert "--note: also given by --details" in result.output
    assert not (tmp_path / "alex.html").exists()


def test_bad_details_are_located_without_repeating_what_was_typed(tmp_path):
    typed = f"patient_name: {NAME}\nvisit_date: 2025-07-14\nfollow_up: 2025-07-01\nnotez: {NAME} again\n"
    result = _render(tmp_path, "--details", "-", input=typed)
    assert_clean_exit(result, 1)
    assert "<standard input>:3:1: follow_up: the follow-up date is before the visit date" in result.output
    assert "<standard input>:4:1: notez: unknown key 'notez'" in result.output
    assert "Zebulon" not in result.output and "2025-07-01" not in result.output
    assert not (tmp_path / "alex.html").exists()


def test_nothing_on_standard_input_is_an_error_not_a_blank_handout(tmp_path):
    result = _render(tmp_path, "--details", "-", input="")
    assert_clean_exit(result, 1)
    assert "<standard input>: no details were given" in result.output
    assert not (tmp_path / "alex.html").exists()


def test_details_are_read_only_after_core_dumps_are_forbidden(monkeypatch, core_dumps_forbidden, tmp_path):
    real = details.read

    def read(*args: object, **kwargs: object) -> dict[str, object]:
        core_dumps_forbidden.append("read the details")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(details, "read", read)
    assert_clean_exit(_render(tmp_path, "--details", "-", input=DETAILS), 0)
    assert core_dumps_forbidden[:2] == ["forbidden", "read the details"]


def test_details_are_never_put_in_the_content_cache(monkeypatch, tmp_path):
    cache = tmp_path / "cache"
    monkeypatch.setenv("HANDOUTS_CACHE", str(cache))
    file = tmp_path / "personalisations" / "zq.yaml"  # where a workspace keeps them: still one patient's
    file.parent.mkdir()
    file.write_text(DETAILS, encoding="utf-8")
    assert_clean_exit(_render(tmp_path, "--details", file), 0)
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert entries, "the cache is on: the topic and brand went into it"
    assert not [p for p in entries if b"Zebulon" in p.read_bytes() or b"change at a time" in p.read_bytes()]


def test_at_a_terminal_the_command_says_what_to_type_and_how_to_end(capsys):
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    fields = details.read("-", _context(), Terminal(DETAILS.encode()))
    assert fields["patient_name"] == NAME
    assert "then press Ctrl-D" in capsys.readouterr().err


def _context():
    from datetime import date

    from handouts.context import Context

    return Context.default(today=date(2025, 7, 14))


def test_a_renderer_fault_on_a_patients_handout_is_said_without_its_message(monkeypatch, tmp_path):
    # stderr of a command often ends up in a log (cron's mail, a service's journal): the fault's
    # message may quote the document, so for a document with patient details only its type is said
    from handouts import documents

    def fault(*args: object, **kwargs: object) -> None:
        raise ValueError(f"cannot lay out 'For: {NAME}' in a box 3 pt wide")

    monkeypatch.setattr(documents, "produce", fault)
    result = _render(tmp_path, "--details", "-", input=DETAILS)
    assert_clean_exit(result, 1)
    assert "could not render: ValueError" in result.output
    assert "Zebulon" not in result.output
    plain = run("render", "leaky-gut", "--audience", "patient", "-o", tmp_path / "plain.html")
    assert_clean_exit(plain, 1)
    assert "could not render: ValueError: cannot lay out" in plain.output, "a plain handout's fault says it all"


def test_a_patient_files_problems_never_quote_a_value_or_a_key_that_may_be_the_patients(tmp_path):
    typed = (f"{NAME}: allergic to peanuts\nclinician: 1961-04-12\ninclude: [{NAME}]\nlanguage: {NAME}\n"
             "notez: Walk after dinner.\n")
    result = _render(tmp_path, "--details", "-", input=typed)
    assert_clean_exit(result, 1)
    assert ("<standard input>:1:1: unknown key, not repeated here (it may hold the patient's details); valid keys "
            "here: patient_name,") in result.output
    assert "<standard input>:2:1: clinician: give text here, not a date\n" in result.output
    assert "<standard input>:3:11: include[0]: this is not a valid id" in result.output
    assert "<standard input>:4:1: language: this is not a language code" in result.output
    assert "<standard input>:5:1: notez: unknown key 'notez'; did you mean 'notes'?" in result.output, \
        "a near miss of a key is a typing mistake: quoted"
    for typed_here in ("Zebulon", "Quixote", "1961"):
        assert typed_here not in result.output
    assert not (tmp_path / "alex.html").exists()


def test_a_customisations_problems_never_quote_a_number_or_date_typed_for_the_patient(tmp_path):
    typed = f"plan: low-fodmap\npatient: 1961-04-12\ndietitian: 5551234\n{NAME}: x\n"
    result = run("diet", "--customize", "-", "--format", "html", "-o", tmp_path / "s.html", input=typed)
    assert_clean_exit(result, 1)
    assert "<standard input>:2:1: patient: give text here, not a date\n" in result.output
    assert "<standard input>:3:1: dietitian: give text here, not a number\n" in result.output
    assert "<standard input>:4:1: unknown key, not repeated here" in result.output
    for typed_here in ("Zebulon", "1961", "5551234"):
        assert typed_here not in result.output
    assert not (tmp_path / "s.html").exists()
