"""Hostile files: content, paths and output folders built to crash, hang or leak.

Each case here was found by trying to break the tool; each failed once (a
traceback, a hang, a replaced device, a guessable hash) and must now end in a
one-line, located message. The good behaviour found alongside (no traversal
through ids, no partial PDF after kill -9, no torn manifest under concurrent
runs) is kept here too, so it stays good. Everything runs in seconds.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.errors import ContentError
from handouts.yamlsource import MAX_BYTES, parse, read
from batchutil import manifest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TOPIC = ROOT / "data" / "topics" / "leaky-gut.yaml"
LOCATED = re.compile(r"^\S+:\d+:\d+: \S.*$")


def cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_located_line(output: str, path: Path, message: str) -> None:
    """Exactly one problem line for `path`, located (file:line:col) and saying `message`."""
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.startswith(path.name) or str(path) in line]
    assert len(lines) == 1, output
    assert LOCATED.match(lines[0]), lines[0]
    assert message in lines[0], lines[0]


# --- YAML built to crash or hang the reader ---------------------------------------------

# nine anchors, each nine aliases of the one before: 9**8 strings once expanded
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")
) + "question: laughs\n"

HOSTILE_YAML = {
    # name: (text, line, col, what the message says)
    "billion-laughs": (BILLION_LAUGHS, 5, 8, "aliases expand to more than"),
    "deep-block": ("question: x\ndeep:\n" + "- " * 5000 + "x\n", 3, 127, "nested more than 64 levels"),
    "deep-flow": ("question: x\ndeep: " + "[" * 5000 + "]" * 5000 + "\n", 2, 70, "nested more than 64 levels"),
    "deep-flow-mappings": ("question: x\ndeep: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", 2, 259,
                           "nested more than 64 levels"),
    "custom-tag": ("question: !foo [a]\n", 1, 11, "tags like '!foo' are not supported"),
    "python-tag": ("question: !!python/object:os.system [ls]\n", 1, 11, "are not supported"),
    "merge-key": ("base: &b {x: 1}\nquestion: x\nother:\n  <<: *b\n  y: 2\n", 4, 3, "merge keys ('<<')"),
    "huge-integer": ("question: x\nn: " + "9" * 5001 + "\n", 2, 4, "a number with 5001 digits"),
    "alias-loop": ("question: x\na: &a [1, *a]\n", 2, 11, "inside its own anchor"),
    "unknown-alias": ("question: x\na: *nowhere\n", 2, 4, "has no anchor '&nowhere'"),
    "list-as-key": ("question: x\n? [a, b]\n: c\n", 2, 3, "a key must be plain text"),
    "two-documents": ("question: x\n---\nquestion: y\n", 2, 1, "a second YAML document"),
    "duplicate-key": ("question: x\nquestion: y\n", 2, 1, "duplicate key 'question' (first at line 1)"),
    # ruamel's message named '<unicode string>, position 14' and no line
    "nul-byte": ("question: x\nid: a\x00b\n", 2, 6, "the character U+0000 (a control character"),
    "control-character": ("question: x\r\nnotes:\r\n  - \"a \x1b[31m red\"\n", 3, 8, "U+001B"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_a_located_error_in_validate(tmp_path, name):
    text, line, col, message = HOSTILE_YAML[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()  # CPU time: a busy machine stretches the wall clock, not the work
    result = cli("validate", "--kind", "topic", path)
    assert time.process_time() - started < 10, "a small file must not take long"
    assert result.exit_code == 1, result.output
    assert_one_located_line(result.output, path, message)
    assert f":{line}:{col}:" in result.output, result.output


def test_billion_laughs_stops_render_and_lint_before_building_anything(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.process_time()  # CPU time: a busy machine stretches the wall clock, not the work
    result = cli("render", path, "--audience", "clinician", "-o", tmp_path / "x.pdf")
    assert time.process_time() - started < 10
    assert result.exit_code == 1, result.output
    assert_one_located_line(result.output, path, "aliases expand to more than")
    started = time.process_time()
    result = cli("lint", path)  # lint's own report format: path:line: rule [severity]: message
    assert time.process_time() - started < 10
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert len(re.findall(rf"{re.escape(str(path))}:5: .*aliases expand to more than", result.output)) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_aliases_within_the_caps_still_work():
    """The sample topic shares one 'unsupported' note through &safety_net / *safety_net."""
    source = read(SAMPLE_TOPIC)
    notes = [item.get("unsupported") for item in source.data["when_to_get_help"]]
    assert len([n for n in notes if n]) >= 6
    assert len({n for n in notes if n}) == 1
    small = parse("a: &x {k: [1, 2]}\nb: *x\nc: *x\n", "f.yaml")
    assert small.data == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": {"k": [1, 2]}}
    assert small.position(("c", "k", 1)) == (3, 1), "inside an alias, errors point at where it is used"


def test_plain_yaml_types_are_unchanged():
    source = parse(
        "s: text\nq: '12'\ni: 0x1F\no: 0o17\nf: 1.5e3\nb: true\nn: ~\nd: 2025-07-02\n"
        "t: 2025-07-02T10:00:00\nyes: no\n1: int key\nforced: !!str 12\n", "f.yaml")
    data = source.data
    assert data["s"] == "text" and data["q"] == "12" and data["forced"] == "12"
    assert data["i"] == 31 and data["o"] == 15 and data["f"] == 1500.0
    assert data["b"] is True and data["n"] is None
    assert data["d"].isoformat() == "2025-07-02" and type(data["d"]).__name__ == "date"
    assert data["t"].isoformat() == "2025-07-02T10:00:00"
    assert data["yes"] == "no", "YAML 1.2: yes/no are text"
    # no such day: text, for the field that wants a date to report where it is and how to write one
    assert parse("d: 2025-13-45\nt: 2025-02-30T10:00:00\n", "f.yaml").data == {"d": "2025-13-45",
                                                                              "t": "2025-02-30T10:00:00"}
    assert data["1"] == "int key"


def test_validate_dir_reports_every_broken_file_and_the_good_ones(tmp_path):
    folder = tmp_path / "topics"
    folder.mkdir()
    for name, (text, *_rest) in HOSTILE_YAML.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "leaky-gut.yaml").write_text(SAMPLE_TOPIC.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("validate", folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, (_text, line, col, message) in HOSTILE_YAML.items():
        assert re.search(rf"{re.escape(name)}\.yaml:{line}:{col}: .*{re.escape(message)}", result.output), name
    assert re.search(r"^ok\s+\S*leaky-gut\.yaml$", result.output, re.M), result.output
    total = len(HOSTILE_YAML) + 1
    assert f"{total} file(s) checked: 1 valid, {total - 1} invalid" in result.output


# --- files that are too large or not files at all -----------------------------------------


def test_an_oversized_topic_is_refused_up_front(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("question: x\nabout: >-\n")
        line = "  " + "word " * 19 + "\n"
        handle.write(line * (MAX_BYTES // len(line) + 1))
    started = time.process_time()  # CPU time: parsing 1 MiB takes seconds of it; a busy machine's wait none
    with pytest.raises(ContentError) as info:
        read(path)
    assert time.process_time() - started < 1, "refused by its size, before parsing"
    (problem,) = info.value.problems
    assert "a content file may be at most 1 MiB" in problem.message
    with pytest.raises(ContentError, match="at most 1 MiB"):
        parse(path.read_text(encoding="utf-8"), "huge.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_device_as_content_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        started = time.monotonic()
        result = cli("validate", "--kind", "topic", path)
        assert time.monotonic() - started < 30  # no wait for a writer that never comes (a busy machine's 5 s)
        assert result.exit_code == 1, result.output
        assert "is not a regular file" in result.output and "Traceback" not in result.output


# --- the one writer: only regular files or new names, never through a link ----------------


def special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a socket, a folder, a symlink to a file, a dangling symlink and (as root) a device node."""
    import socket
    import stat

    made = {}
    os.mkfifo(folder / "fifo")
    made["fifo"] = folder / "fifo"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock"))
    made["socket"] = folder / "sock"
    (folder / "dir").mkdir()
    made["folder"] = folder / "dir"
    (folder / "victim.txt").write_text("precious")
    (folder / "link").symlink_to(folder / "victim.txt")
    made["symlink"] = folder / "link"
    (folder / "dangling").symlink_to(folder / "nowhere" / "new.pdf")
    made["dangling symlink"] = folder / "dangling"
    try:
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
        made["device"] = folder / "null"
    except PermissionError:
        pass  # only root may make device nodes; the others still run
    return made


def snapshot(path: Path) -> tuple[int, int, str | None]:
    info = os.lstat(path)
    return info.st_mode, info.st_ino, os.readlink(path) if os.path.islink(path) else None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("overwrite", [True, False])
def test_the_writer_refuses_anything_but_a_regular_file(tmp_path, overwrite):
    from handouts.atomic import WriteError, write_atomic

    for kind, path in special_files(tmp_path).items():
        before = snapshot(path)
        with pytest.raises((WriteError, FileExistsError)) as info:
            write_atomic(path, b"%PDF-1.7 new", overwrite=overwrite)
        if overwrite:
            assert isinstance(info.value, WriteError), kind
            assert "\n" not in str(info.value) and "Errno" not in str(info.value)
            assert ("symbolic link" if "symlink" in kind else "not a regular file") in str(info.value), kind
        assert snapshot(path) == before, f"{kind} was replaced"
    assert (tmp_path / "victim.txt").read_text() == "precious"
    assert not (tmp_path / "nowhere").exists(), "a dangling link was written through"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")], "no temp file left behind"


def test_the_writer_writes_new_names_and_regular_files(tmp_path):
    from handouts.atomic import write_atomic

    write_atomic(tmp_path / "a" / "b" / "new.pdf", b"one")
    assert (tmp_path / "a" / "b" / "new.pdf").read_bytes() == b"one"
    write_atomic(tmp_path / "a" / "b" / "new.pdf", b"two")
    assert (tmp_path / "a" / "b" / "new.pdf").read_bytes() == b"two"
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "a" / "b" / "new.pdf", b"three", overwrite=False)
    assert (tmp_path / "a" / "b" / "new.pdf").read_bytes() == b"two"
    write_atomic(tmp_path / "key", b"secret", overwrite=False, mode=0o600)
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_render_and_import_o_refuse_links_and_fifos_with_one_line(tmp_path):
    made = special_files(tmp_path)
    for kind in ("fifo", "symlink", "dangling symlink", "device"):
        if kind not in made:
            continue
        before = snapshot(made[kind])
        result = cli("render", "leaky-gut", "--audience", "clinician", "--format", "html", "-o", made[kind])
        assert result.exit_code == 1, (kind, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert snapshot(made[kind]) == before, f"render -o replaced the {kind}"
    answer = ROOT / "tests" / "fixtures" / "import"
    answer = next(answer.glob("*.txt"))
    result = cli("import", answer, "-o", made["symlink"], "--force")
    assert result.exit_code == 1, result.output
    assert "symbolic link" in result.output and "Traceback" not in result.output
    assert (tmp_path / "victim.txt").read_text() == "precious" and made["symlink"].is_symlink()


# --- sizes: capped up front, and linear below the cap ----------------------------------------

SEED = ROOT / "tests" / "fixtures" / "import" / "gerd-web.txt"


def with_bullets(bullets: list[str]) -> str:
    """The GERD answer with extra bullets under its first heading."""
    text = SEED.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith(("•", "-", "*")))
    return text.replace(first, "\n".join(bullets) + "\n" + first, 1)


def cpu_seconds(work) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def test_a_huge_answer_is_refused_before_importing(tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(with_bullets([f"• Zinc helps {i} [1]" for i in range(100_000)]), encoding="utf-8")
    started = time.process_time()  # CPU time: a busy machine stretches the wall clock, not the work
    result = cli("import", path, "-o", tmp_path / "draft.yaml")
    assert time.process_time() - started < 5
    assert result.exit_code == 1
    assert re.fullmatch(r"error: \S+answer\.txt: is 2\.\d MB; an answer may be at most 64 KiB; "
                        r"import one answer at a time\n", result.output), result.output
    assert not (tmp_path / "draft.yaml").exists()


def test_an_answer_whose_draft_would_be_too_large_is_refused(tmp_path, monkeypatch):
    """One-word bullets make a draft 30 times the answer; the cap is lowered here to keep the test fast."""
    import handouts.importer

    monkeypatch.setattr(handouts.importer, "MAX_BYTES", 4_000)
    result = cli("import", SEED, "-o", tmp_path / "draft.yaml")
    assert result.exit_code == 1
    assert re.search(r"the draft would be \d+ kB, and a topic may be at most 4 kB; import a shorter answer",
                     result.output), result.output
    assert not (tmp_path / "draft.yaml").exists()


def test_an_answer_with_more_bullets_under_a_heading_than_a_topic_holds_is_refused(tmp_path):
    """A topic's lists are capped (models.common.CONTENT_ENTRIES): 201 short bullets under one heading, well
    under the answer's 64 KiB, made a draft the model refused, said as 'the importer made a draft that does
    not validate (please report this)'."""
    from handouts.models.common import CONTENT_ENTRIES

    path = tmp_path / "answer.txt"
    path.write_text(with_bullets([f"• Zinc helps {i} [1]" for i in range(CONTENT_ENTRIES)]), encoding="utf-8")
    result = cli("import", path, "-o", tmp_path / "draft.yaml")
    assert result.exit_code == 1
    assert re.fullmatch(rf"error: \S+answer\.txt: the draft would have \d+ entries in sections\[0\]\.recommendations, "
                        rf"and a topic's list may hold at most {CONTENT_ENTRIES}; import a shorter answer or split it "
                        r"into several\n", result.output), result.output
    assert not (tmp_path / "draft.yaml").exists()


def test_import_ids_stay_linear_when_an_answer_repeats_itself():
    """Ids for a repeated bullet were found by counting up from 2 each time: quadratic."""
    from handouts.importer.build import _Builder

    def ids(bases: list[str]) -> list[str]:
        builder = _Builder.__new__(_Builder)  # unique() needs no outline
        builder.next_suffix = {}
        used: set[str] = set()
        return [builder.unique(base, used) for base in bases]

    assert ids(["zinc", "zinc", "zinc-2", "zinc", "iron"]) == ["zinc", "zinc-2", "zinc-2-2", "zinc-3", "iron"]
    same = cpu_seconds(lambda: ids(["zinc-may-help"] * 4000))
    different = cpu_seconds(lambda: ids([f"zinc-may-help-{i}" for i in range(4000)]))
    assert same < 5 * different + 0.05, (same, different)


def test_validation_is_linear_in_the_topic():
    """Each unknown citation was compared with every reference, and each empty list with every error.

    The lists are now capped (a list over 200 entries is one problem, and no rule goes through it), so the
    sizes are the largest the caps let through."""
    from handouts.context import Context
    from handouts.loading import validate
    from handouts.yamlsource import Source

    sample = read(SAMPLE_TOPIC).data

    def check(n: int) -> None:
        data = {**sample, "references": [*sample["references"], *(
            {"id": f"ref-{i}", "type": "article-journal", "kind": "study", "title": f"T{i}"} for i in range(n))]}
        data["sections"] = [*({"id": f"s{i}", "title": "S", "recommendations": []} for i in range(n)),
                            *sample["sections"]]
        first = data["sections"][n]["recommendations"][0]
        data["sections"][n]["recommendations"][0] = {**first, "citations": [f"nosuch-{i}" for i in range(n)]}
        with pytest.raises(ContentError) as info:
            validate(Source("big.yaml", data), "topic", Context.default())
        assert len(info.value.problems) == 2 * n

    from handouts.models.common import CONTENT_ENTRIES

    n = CONTENT_ENTRIES - max(len(sample["references"]), len(sample["sections"]))
    small, large = cpu_seconds(lambda: check(n // 4)), cpu_seconds(lambda: check(n // 4 * 4))
    assert large < 6 * small, (small, large)  # 4 times the input: about 4 times the time, not 16


# --- batch: the manifest confirms nothing, output stays inside --out -----------------------

BATCH = ROOT / "tests" / "fixtures" / "batch"
ALPHA = BATCH / "topics" / "alpha.yaml"


def patients_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("topic,audience,output,patient_name,visit_date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_manifest_holds_no_testable_hash_and_output_never_leaves_out(tmp_path, monkeypatch):
    import hashlib
    import hmac
    import json

    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "evil").symlink_to(elsewhere)  # a planted link: output evil/x.pdf would land in elsewhere/
    people = [f"{ALPHA},patient,p/1.pdf,Zebulon Quixote,2025-07-14", f"{ALPHA},patient,p/2.pdf,Ada Okonkwo,2025-07-15"]
    first = cli("batch", patients_csv(tmp_path / "jobs.csv", [*people, f"{ALPHA},patient,evil/x.pdf,,"]),
                "--out", out, "--jobs", "1")
    assert first.exit_code == 1, first.output
    assert re.search(r"jobs\.csv:4: cannot write evil/x\.pdf: \S*out/evil is a symbolic link, not a folder; "
                     r"output stays inside", first.stderr), first.stderr
    assert list(elsewhere.iterdir()) == [], "nothing written through the link"
    assert (out / "p" / "1.pdf").is_file() and (out / "p" / "2.pdf").is_file()

    # personalisations are HMACs keyed with the user's own key, kept in their config folder only
    data = manifest(out)
    assert "salt" not in data
    key_file = config / "handouts" / "batch-key"
    assert key_file.stat().st_mode & 0o777 == 0o600 and key_file.parent.stat().st_mode & 0o077 == 0
    key = bytes.fromhex(key_file.read_text().strip())
    fields = [["patient_name", "Zebulon Quixote"], ["visit_date", "2025-07-14"]]
    expected = hmac.new(key, json.dumps(fields, separators=(",", ":")).encode(), hashlib.sha256).hexdigest()
    assert data["jobs"]["p/1.pdf"]["job"]["personalisation"] == "hmac-sha256:" + expected
    everything = "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file() and p.suffix != ".pdf")
    assert key.hex() not in everything and "Zebulon" not in everything

    # a manifest from an older version: its salted hash (testable against its salt) is dropped
    data["salt"] = "0" * 32
    data["jobs"]["old/9.pdf"] = {**data["jobs"]["p/2.pdf"], "output": "old/9.pdf"}
    data["jobs"]["old/9.pdf"]["job"] = {**data["jobs"]["p/2.pdf"]["job"], "personalisation": "ab" * 32}
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    (out / "old").mkdir()
    (out / "old" / "9.pdf").write_bytes(b"%PDF")  # still in the folder: its entry is kept, not forgotten
    (out / "evil").unlink()
    second = cli("batch", patients_csv(tmp_path / "again.csv", people), "--out", out, "--format", "json")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["skipped"] == 2, "re-runs still skip unchanged personalised jobs"
    data = manifest(out)
    assert "salt" not in data and data["jobs"]["old/9.pdf"]["job"]["personalisation"] == "removed"
    assert "ab" * 32 not in (out / "manifest.json").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_planted_manifest_files_are_never_followed_or_waited_on(tmp_path):
    import subprocess
    import sys

    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("precious\n")
    os.mkfifo(out / "manifest.json")  # reading it used to wait for a writer forever
    (out / "manifest.jsonl").symlink_to(victim)
    done = subprocess.run([sys.executable, "-m", "handouts", "batch", "--topics", str(ALPHA), "--audiences",
                           "clinician", "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"^error: \S+/out/manifest\.json is a FIFO \(named pipe\), not a regular file",
                     done.stderr, re.M), done.stderr
    assert victim.read_text() == "precious\n"
    assert not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("pattern", ["{topic:>99999999}{brand}{audience}.pdf", "{topic!r}.pdf", "{topic:>30}.pdf",
                                     "{topic!s:^9}.pdf"])
def test_pattern_takes_plain_placeholders_only(tmp_path, pattern):
    result = cli("batch", "--topics", ALPHA, "--pattern", pattern, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "write plain placeholders like {topic}, without ':' formats or '!' conversions" in result.output
    assert not (tmp_path / "out").exists()


def unprivileged(command: list[str]) -> list[str]:
    """The command as a user for whom a folder can be read-only (root may write anywhere)."""
    import shutil

    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def test_a_read_only_output_folder_is_one_line_not_a_traceback():
    import shutil
    import subprocess
    import sys
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="handouts-ro-"))
    try:
        base.chmod(0o755)
        readonly = base / "ro"
        readonly.mkdir()
        shutil.copy(ALPHA, base / "alpha.yaml")
        (base / "alpha.yaml").chmod(0o644)
        readonly.chmod(0o555)  # and owned by another user when this runs as root
        for out, message in ((readonly, f"error: cannot write in {readonly}: "),
                             (readonly / "sub", f"error: cannot create the output folder {readonly / 'sub'}: ")):
            done = subprocess.run(unprivileged([sys.executable, "-m", "handouts", "batch", "--topics",
                                                str(base / "alpha.yaml"), "--out", str(out)]),
                                  cwd=base, capture_output=True, text=True, timeout=120,
                                  env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(base)})
            assert done.returncode == 1, done.stderr
            assert "Traceback" not in done.stderr
            assert done.stderr.strip().splitlines() == [message + "permission denied"], done.stderr
        assert list(readonly.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- good behaviour kept: traversal in ids, kill -9, concurrent runs -------------------------


def test_traversal_in_ids_reads_nothing_outside(tmp_path):
    """Ids get '.yaml' added and are looked up under data/: '../../etc/passwd' finds no file to read."""
    secret = tmp_path / "secret"
    secret.write_text("question: TOPSECRET\n")
    up = os.path.relpath(secret, ROOT / "data" / "topics")
    ids = [up, "/" + str(secret).lstrip("/"), "../../../../../../../../etc/passwd", "..%2f..%2fetc%2fpasswd"]
    for value in ids:
        for args in (("render", value, "--audience", "clinician", "-o", tmp_path / "x.pdf"),
                     ("render", "leaky-gut", "--brand", value, "--audience", "clinician", "-o", tmp_path / "x.pdf"),
                     ("diet", value, "-o", tmp_path / "x.pdf"),
                     ("diet", "low-fodmap", "--brand", value, "-o", tmp_path / "x.pdf")):
            result = cli(*args)
            assert result.exit_code in (1, 2), (args, result.output)
            assert "TOPSECRET" not in result.output and "root:" not in result.output, args
            assert "Traceback" not in result.output, args
    # in a job file an id has no '/' (a value with one is a path relative to the job file, by design)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("topic,audience,brand,output\n" + "".join(
        f"{ALPHA},clinician,default,{out}\n" for out in ("../escape.pdf", "/tmp/abs.pdf", "a/../../b.pdf",
                                                          ".hidden/x.pdf"))
        + "..%2f..%2fetc%2fpasswd,clinician,default,t.pdf\n" + f"{ALPHA},clinician,..%2fsecret,b.pdf\n")
    result = cli("batch", jobs, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert len(re.findall(r"output: output '[^']*':? (must be a relative path inside --out|file and folder names "
                          r"may not start with)", result.stderr)) == 4, result.stderr
    assert "topic: no topic '..%2f..%2fetc%2fpasswd'" in result.stderr
    assert "brand: no brand '..%2fsecret'" in result.stderr
    assert "6 jobs: 0 rendered, 0 skipped, 6 failed" in result.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "escape.pdf").exists()
    assert not list((tmp_path / "out").rglob("*.pdf")) if (tmp_path / "out").exists() else True


def qpdf_check(path: Path) -> None:
    import subprocess

    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (path, done.stdout, done.stderr)


@pytest.mark.skipif(__import__("shutil").which("qpdf") is None, reason="needs qpdf")
def test_kill_9_mid_batch_leaves_whole_pdfs_and_concurrent_runs_keep_the_manifest_whole(tmp_path):
    import json
    import signal
    import subprocess
    import sys

    rows = [f"{ALPHA},patient,p/{n}.pdf,Zebulon Quixote {n}," for n in range(1, 9)]
    jobs = patients_csv(tmp_path / "jobs.csv", rows)
    out = tmp_path / "out"

    def start(log: str) -> subprocess.Popen:
        with (tmp_path / log).open("w") as handle:
            return subprocess.Popen([sys.executable, "-m", "handouts", "batch", str(jobs), "--out", str(out),
                                     "--jobs", "2"], cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    first = start("first.log")
    deadline = time.monotonic() + 120
    while len(list(out.glob("p/*.pdf"))) < 2:
        assert time.monotonic() < deadline and first.poll() is None, (tmp_path / "first.log").read_text()
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the parent and its workers, mid-write
    first.wait(timeout=30)
    done = list(out.glob("p/*.pdf"))
    assert 2 <= len(done) < 8
    for pdf in done:
        qpdf_check(pdf)

    # two runs at once into the same folder: one works, the other waits its turn or is turned away
    second, third = start("second.log"), start("third.log")
    codes = sorted((second.wait(timeout=300), third.wait(timeout=300)))
    logs = (tmp_path / "second.log").read_text() + (tmp_path / "third.log").read_text()
    assert codes in ([0, 0], [0, 1]), logs
    if codes == [0, 1]:
        assert "another batch is writing to" in logs
    assert "Traceback" not in logs
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(data["jobs"]) == sorted(f"p/{n}.pdf" for n in range(1, 9))
    import hashlib

    for name, entry in data["jobs"].items():
        assert entry["status"] in ("rendered", "skipped")
        assert entry["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
        qpdf_check(out / name)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part") or p.name == "manifest.jsonl"]


# --- what a file holds is quoted in messages, never obeyed by the terminal -------------------

FORGED = "x\r\x1b[2K1 file(s) checked: 1 valid, 0 invalid\x1b]0;pwned\x07\u202e"


def test_a_key_with_escape_sequences_is_quoted_escaped_in_validate_and_lint(tmp_path):
    """An unknown key was echoed raw: a file could recolour, retitle or clear the terminal, or print its
    own 'all valid' line over the report (click strips colours only when not writing to a terminal)."""
    topic = tmp_path / "topics" / "forged.yaml"
    topic.parent.mkdir()
    quoted = FORGED.encode("unicode_escape").decode("ascii").replace("\\x1b", "\\e").replace("\\x07", "\\a")
    topic.write_text(SAMPLE_TOPIC.read_text(encoding="utf-8") + f'"{quoted}": 1\n', encoding="utf-8")
    checked = cli("validate", topic)
    linted = cli("lint", topic)
    for result in (checked, linted):
        assert result.exit_code == 1, result.output
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", result.output), repr(result.output)
        assert "unknown key 'x\\r\\x1b[2K1 file(s) checked: 1 valid, 0 invalid\\x1b]0;pwned\\x07\\u202e'" \
            in result.output


def test_a_job_file_cell_with_escape_sequences_is_quoted_escaped(tmp_path):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f'topic,audience\n"{FORGED}",clinician\n', encoding="utf-8")
    result = cli("batch", jobs, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", result.output), repr(result.output)
    assert "jobs.csv:2:1: topic: no topic 'x\\r\\x1b[2K1 file(s) checked" in result.output


def test_a_file_that_is_not_utf8_is_located_at_the_line_and_column(tmp_path):
    """'not UTF-8 text (invalid continuation byte at byte 40213)': no editor jumps to a byte."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"question: x\n" * 3000 + "notes: Ren\xe9e \u00e0 la plage\n".encode("latin-1"))
    result = cli("validate", "--kind", "topic", path)
    assert result.exit_code == 1, result.output
    assert_one_located_line(result.output, path, "not UTF-8 text (invalid continuation byte)")
    assert ":3001:11:" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_device_named_as_a_file_is_not_called_missing(tmp_path, monkeypatch):
    """'--customize /dev/zero: no such file' sent people looking for a file that is there."""
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    for args, says in (
        (("diet", "--customize", "/dev/zero", "-o", "x.pdf"), "--customize /dev/zero: is not a regular file"),
        (("diet", "--customize", "pipe.yaml", "-o", "x.pdf"), "--customize pipe.yaml: is not a regular file"),
        (("diet", "pipe.yaml", "-o", "x.pdf"), "plan pipe.yaml: is not a regular file"),
        (("approve", "pipe.yaml", "--reviewer", "Dr Test"), "pipe.yaml: is not a regular file"),
        (("diet", "--customize", "gone.yaml", "-o", "x.pdf"), "--customize gone.yaml: no such file"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert says in result.output and "Traceback" not in result.output
        assert not (tmp_path / "x.pdf").exists()
