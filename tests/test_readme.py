"""Every command block in README.md runs, so the README cannot drift from the tool.

A command block is a fence marked ```sh, ```bash or ```console (in a console block `$ `
lines are commands, a command's lines ending in a backslash go on in the lines after it,
and the other lines are what it prints: each must be a line of its standard output or
error, spaces aside, so the output a reader is shown is the output they get). Each block is one test, named by its line
in README.md and its first command. Its commands run one by one with bash, in a fresh
temporary folder holding a copy of data/ (so `data/topics` and outputs are local to it),
with this virtualenv's `handouts` on PATH, started warm (tests/docs_shared.py: each command a
process of its own, forked from one that imported handouts once). Each must exit 0, and every file it
names as output (`-o`, `--out`, `--output`, `> FILE`) must exist; a PDF must start with
%PDF, a folder must hold at least one PDF and nothing but real PDFs.

Conventions a README author uses (all visible in README.md's source):

- `# exit N: why` as a command's trailing comment: the command is expected to exit N
  (a command that writes a file must exit 0).
- A fence of another language (yaml, csv...) whose first line is `# PATH` shows a file the
  reader saves: it is written to PATH before every command block that comes after it, so
  the commands run on exactly what the README shows.
- An HTML comment `<!-- readme-test: ... -->` on the line before a fence:
  - `skip server` / `skip cluster`: the block needs a running server or cluster, so it
    is skipped here and tested elsewhere (`handouts serve`: test_web_server.py and
    test_web_e2e.py; `batch --cluster`: test_batch_cluster.py). No other reason skips a block.
  - `make -n`: a block of `make TARGET` lines, run as `make -n TARGET` in the checkout.
    `make test` is what runs this test (CI runs it, .ci/run), so running it here would
    recurse; `make demo` is `handouts demo --out out`, which test_render_cli.py runs.
    The dry run proves the targets exist and shows what they would run.
  - `given PATH = FIXTURE`: the block needs a file of the reader's own that the README
    does not show (an evidence tool's answer); FIXTURE (relative to the checkout) is
    copied to PATH for this block.
  - `continues`: the block goes on where the command block before it left off (its
    workspace, its current folder), as a reader following along types it; the two run
    as one test.
  An unknown marker fails the test run.

A ```python fence is a program a reader saves and runs with this virtualenv's python, in a
fresh temporary folder holding a copy of data/: it must exit 0 without a traceback, and
every file it names in a `.write("NAME")` call must exist (a PDF must start with %PDF).

Commands run as a reader pastes them into one terminal: a `cd` stays in force for the
commands after it in the block (so `cd clinic` is written once, not before every command).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import docs_shared
from conftest import DATA, ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
COMMAND_LANGS = ("sh", "bash", "console")
SKIP_REASONS = {
    "server": "needs a running server: `handouts serve` is tested in test_web_server.py and test_web_e2e.py",
    "cluster": "needs a Dask cluster on other machines: `batch --cluster` is tested in test_batch_cluster.py",
}
MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<body>.*?)\s*-->\s*$")
SAVED_FILE = re.compile(r"^#\s+(?P<path>[\w.-]+(?:/[\w.-]+)*\.[A-Za-z0-9]+)\s*$")
EXIT_COMMENT = re.compile(r"#\s*exit\s+(?P<code>\d+)\b")
OUTPUT_OPTIONS = ("-o", "--out", "--output")
TIMEOUT = 120


@dataclass
class Block:
    line: int  # of the opening fence, 1-based
    lang: str
    lines: list[str]
    marker: str | None = None
    saved: dict[str, str] = field(default_factory=dict)  # files shown earlier in the README
    continued_by: list[Block] = field(default_factory=list)  # `continues` blocks run after it

    @property
    def commands(self) -> list[str]:
        """Logical commands: backslash continuations joined, blank and comment-only lines dropped."""
        return [command for command, _ in self.steps]

    @property
    def steps(self) -> list[tuple[str, list[str]]]:
        """Each logical command with the output lines the README shows after it (a console block's)."""
        out: list[tuple[str, list[str]]] = []
        pending: str | None = None
        for raw in self.lines:
            text = raw.rstrip()
            if self.lang == "console" and pending is None:
                if not text.startswith("$ "):
                    if text.strip() and out:
                        out[-1][1].append(text)
                    continue
                text = text[2:]
            if text.endswith("\\"):
                pending = (pending or "") + text[:-1] + " "
                continue
            text = (pending or "") + text
            pending = None
            if text.strip() and not text.lstrip().startswith("#"):
                out.append((text.strip(), []))
        assert pending is None, f"README.md:{self.line}: a command ends with a backslash and nothing after it"
        return out

    @property
    def name(self) -> str:
        first = next((ln for ln in self.lines if ln.strip()), "")
        first = " ".join(first.removeprefix("$ ").removesuffix("\\").split())
        first = first if len(first) <= 70 else first[:67] + "..."
        return f"README.md:{self.line}: {first}"


def parse(text: str) -> list[Block]:
    """Every fenced block, with the marker on the line before it and the files shown before it."""
    blocks: list[Block] = []
    saved: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        assert end < len(lines), f"README.md:{i + 1}: a fence that never closes"
        marker = MARKER.match(lines[i - 1]) if i > 0 else None
        block = Block(i + 1, fence.group(1), lines[i + 1:end], marker.group("body") if marker else None, dict(saved))
        blocks.append(block)
        if block.lang not in COMMAND_LANGS and block.lines:
            path = SAVED_FILE.match(block.lines[0])
            if path:
                saved[path.group("path")] = "\n".join(block.lines) + "\n"
        i = end + 1
    return blocks


def chain(blocks: list[Block]) -> list[Block]:
    """The command blocks a test starts from: a `continues` block joins the one before it."""
    started: list[Block] = []
    for block in blocks:
        if block.lang not in COMMAND_LANGS:
            continue
        if block.marker == "continues":
            assert started, f"README.md:{block.line}: `continues`, but no command block comes before it"
            started[-1].continued_by.append(block)
        else:
            started.append(block)
    return started


BLOCKS = parse(README.read_text(encoding="utf-8"))
COMMAND_BLOCKS = [b for b in BLOCKS if b.lang in COMMAND_LANGS]
PYTHON_BLOCKS = [b for b in BLOCKS if b.lang == "python"]
WRITES = re.compile(r"""\.write\(\s*["']([^"']+)["']""")
STARTING_BLOCKS = chain(BLOCKS)


def outputs(command: str) -> list[str]:
    """The paths a command names as its output: -o/--out/--output VALUE (or =VALUE), > FILE and >> FILE."""
    tokens = shlex.split(command, comments=True)
    found = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in (*OUTPUT_OPTIONS, ">", ">>") and following is not None:
            found.append(following)
        elif token.startswith(tuple(f"{opt}=" for opt in OUTPUT_OPTIONS[1:])):
            found.append(token.split("=", 1)[1])
        elif token.startswith(">") and token.lstrip(">"):
            found.append(token.lstrip(">"))
    return found


def expected_exit(command: str) -> int:
    comment = command.split(" #", 1)[1] if " #" in command else ""
    match = EXIT_COMMENT.match("#" + comment) if comment else None
    return int(match.group("code")) if match else 0


def assert_written(cwd: Path, name: str, command: str) -> None:
    path = cwd / name
    assert path.exists(), f"`{command}` exited 0 but did not write {name}"
    if path.is_dir():
        pdfs = sorted(path.rglob("*.pdf"))
        assert pdfs, f"`{command}` wrote no PDF into {name}"
        for pdf in pdfs:
            assert pdf.read_bytes()[:5] == b"%PDF-", f"{pdf.relative_to(cwd)} is not a PDF"
    elif path.suffix == ".pdf":
        assert path.read_bytes()[:5] == b"%PDF-", f"{name} is not a PDF"
    else:
        assert path.stat().st_size > 0, f"`{command}` wrote an empty {name}"


def run(command: str, cwd: Path, handouts: Path = BIN) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The command under bash, in its own process group: on timeout (say, an unmarked server
    block) the whole group is stopped, so nothing it started outlives the test. Also the folder
    it ended in, where the reader's next command starts (a `cd` lasts, as in a terminal).
    `handouts` is the folder whose `handouts` comes first on PATH."""
    env = {**os.environ, "PATH": f"{handouts}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    ended_in = cwd / ".readme-cwd"
    ended_in.unlink(missing_ok=True)
    script = f'{command}\n__status=$?; pwd -P > {shlex.quote(str(ended_in))}; exit $__status'
    with subprocess.Popen(["bash", "-o", "pipefail", "-c", script], cwd=cwd, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            pytest.fail(f"`{command}` still ran after {TIMEOUT} s (a server? mark its block "
                        f"`<!-- readme-test: skip server -->`)\n--- stderr\n{err[-3000:]}")
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    try:  # a command that ends the shell itself (`exit`) leaves the reader where it started
        now = Path(ended_in.read_text(encoding="utf-8").strip()) if ended_in.exists() else cwd
    finally:
        ended_in.unlink(missing_ok=True)
    return done, now


@pytest.fixture(scope="module")
def warm_handouts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder whose `handouts` is started warm (tests/docs_shared.py): a process of its own per
    command, forked from one that has imported handouts and WeasyPrint once for the module."""
    folder = tmp_path_factory.mktemp("warm-handouts")
    starter = folder / "starter.sock"
    code = ("import importlib.util as u; s = u.spec_from_file_location('docs_shared', {!r}); "
            "m = u.module_from_spec(s); s.loader.exec_module(m); m.serve({!r})").format(
                str(Path(__file__).with_name("docs_shared.py")), str(starter))
    with (folder / "starter.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    try:
        with proc.stdout:  # type: ignore[union-attr]
            ready = proc.stdout.readline()  # type: ignore[union-attr]  # "ready", or nothing if it failed
        assert ready == b"ready\n", (folder / "starter.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        docs_shared.shim(folder / "bin", str(starter), BIN / "handouts")
        yield folder / "bin"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def report(command: str, done: subprocess.CompletedProcess[str]) -> str:
    return f"`{command}` exited {done.returncode}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"


def test_the_readme_has_command_blocks_and_only_known_markers():
    assert len(COMMAND_BLOCKS) >= 8, [b.name for b in COMMAND_BLOCKS]
    for block in BLOCKS:
        if block.marker is None:
            continue
        words = block.marker.split()
        known = (
            (words[0] == "skip" and len(words) == 2 and words[1] in SKIP_REASONS)
            or words == ["make", "-n"]
            or words == ["continues"]
            or (words[0] == "given" and len(words) == 4 and words[2] == "=")
        )
        assert known, f"README.md:{block.line}: unknown marker 'readme-test: {block.marker}' (see {__file__})"
        assert block.lang in COMMAND_LANGS, f"README.md:{block.line}: a readme-test marker before a {block.lang} block"
    for block in BLOCKS:  # a command in an unlabelled fence would escape this test
        if block.lang not in COMMAND_LANGS:
            commands = [ln for ln in block.lines if re.match(r"\s*(\$ )?(handouts|make) ", ln)]
            assert not commands, f"README.md:{block.line}: commands in a ```{block.lang} fence; label it ```sh"


def test_files_the_readme_shows_are_saved_before_they_are_used():
    """The shown customisation and job file reach the blocks that use them."""
    uses = {b.name: b.saved for b in COMMAND_BLOCKS}
    diet = next(saved for name, saved in uses.items() if "handouts diet" in name)
    assert "data/customisations/sam-low-fodmap.yaml" in diet
    batch = next(saved for name, saved in uses.items() if "handouts batch jobs.csv" in name)
    assert batch["jobs.csv"].splitlines()[1].startswith("topic,audience,")


def test_a_continuing_block_follows_one_that_runs_here():
    """`continues` only after a block this test runs (not a skipped or `make -n` one), and never
    itself skipped: a reader's session would otherwise be tested in part, or not at all."""
    for block in STARTING_BLOCKS:
        for following in block.continued_by:
            assert block.marker is None or block.marker.startswith("given"), (
                f"README.md:{following.line}: `continues` a block marked '{block.marker}'")


def test_a_cd_lasts_for_the_commands_after_it(tmp_path: Path) -> None:
    """As in the reader's terminal: `cd clinic` once, then commands in clinic/."""
    (tmp_path / "clinic").mkdir()
    done, now = run("cd clinic", tmp_path)
    assert done.returncode == 0 and now == (tmp_path / "clinic").resolve()
    done, now = run("cd clinic   # exit 1: there is no clinic/ inside clinic/", now)
    assert done.returncode == 1 and now == (tmp_path / "clinic").resolve()


def test_a_warm_command_takes_the_shells_folder_environment_and_pipes_and_exits_as_it_does(
        warm_handouts: Path, tmp_path: Path) -> None:
    """The warm `handouts` (tests/docs_shared.py) is the command a reader types: in the folder the shell
    is in, with its environment, reading and writing the shell's pipes, its exit status the shell's."""
    (tmp_path / "sub").mkdir()
    done, now = run("cd sub && handouts init clinic > made.txt && printf '%s\\n' x | handouts --version | head -c 8",
                    tmp_path, warm_handouts)
    assert done.returncode == 0 and done.stdout == "handouts", report("warm", done)
    assert (now / "clinic" / "handouts.toml").is_file() and "clinic" in (now / "made.txt").read_text(encoding="utf-8")
    done, _ = run("HANDOUTS_CONFIG=nowhere handouts list brands", tmp_path, warm_handouts)
    assert done.returncode == 2 and "HANDOUTS_CONFIG nowhere: no such file" in done.stderr, report("warm", done)
    done, _ = run("handouts nosuch", tmp_path, warm_handouts)
    assert done.returncode == 2 and "No such command 'nosuch'" in done.stderr, report("warm", done)


def test_a_console_block_shows_what_each_command_prints():
    """`$ ` lines are commands (a backslash goes on in the next line), the others what the one before
    printed: the workspace block's output was once only comments, which nothing checked."""
    (block,) = parse("```console\n$ handouts init clinic\nnext: cd clinic\n\n$ cd clinic\n"
                     "$ handouts render leaky-gut \\\n    --audience patient\nout/leaky-gut-patient.pdf\n```\n")
    steps = [(" ".join(command.split()), shown) for command, shown in block.steps]
    assert steps == [("handouts init clinic", ["next: cd clinic"]), ("cd clinic", []),
                     ("handouts render leaky-gut --audience patient", ["out/leaky-gut-patient.pdf"])]
    shown = [b for b in COMMAND_BLOCKS if b.lang == "console" and any(out for _, out in b.steps)]
    assert any("handouts brand new" in command for b in shown for command in b.commands)


@pytest.mark.parametrize("block", STARTING_BLOCKS, ids=[b.name for b in STARTING_BLOCKS])
def test_readme_block_runs(block: Block, tmp_path: Path, warm_handouts: Path) -> None:
    assert (BIN / "handouts").is_file(), f"no handouts command beside {sys.executable}: run `make test`"
    words = (block.marker or "").split()
    if words[:1] == ["skip"]:
        pytest.skip(SKIP_REASONS[words[1]])
    assert block.commands, f"README.md:{block.line}: a command block with no command"

    if words == ["make", "-n"]:
        for command in block.commands:
            tokens = shlex.split(command, comments=True)
            assert tokens[0] == "make", f"README.md:{block.line}: only make commands in a `make -n` block"
            done = subprocess.run(["make", "-n", *tokens[1:]], cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0 and done.stdout.strip(), report(command, done)
        return

    work = tmp_path / "work"
    shutil.copytree(DATA, work / "data")
    for name, text in block.saved.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if words[:1] == ["given"]:
        shutil.copyfile(ROOT / words[3], work / words[1])

    before = {p: p.stat().st_mtime_ns for p in work.rglob("*")}
    here = work
    for part in (block, *block.continued_by):
        for command, shown in part.steps:
            code = expected_exit(command)
            written = outputs(command)
            assert not (written and code), f"README.md:{part.line}: `{command}` writes files, so it must exit 0"
            done, after = run(command, here, warm_handouts)
            assert done.returncode == code, f"README.md:{part.line}: " + report(command, done)
            assert "Traceback" not in done.stderr, report(command, done)
            printed = {" ".join(line.split()) for line in (done.stdout + "\n" + done.stderr).splitlines()}
            for line in shown:
                assert " ".join(line.split()) in printed, (
                    f"README.md:{part.line}: `{command}` did not print the line the README shows: {line!r}\n"
                    + report(command, done))
            for name in written:
                assert_written(here, name, command)
            here = after
    # a PDF written under a default name is checked too
    for pdf in work.rglob("*.pdf"):
        if before.get(pdf) != pdf.stat().st_mtime_ns:
            assert pdf.read_bytes()[:5] == b"%PDF-", f"{pdf.relative_to(work)} is not a PDF"


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.name for b in PYTHON_BLOCKS])
def test_readme_python_block_runs(block: Block, tmp_path: Path) -> None:
    """"Using handouts from Python": the program runs as shown, and writes what it says it writes."""
    work = tmp_path / "work"
    shutil.copytree(DATA, work / "data")
    program = work / "readme_block.py"
    program.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HANDOUTS_CONFIG")}
    done = subprocess.run([sys.executable, str(program)], cwd=work, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, report(f"python ({block.name})", done)
    for name in WRITES.findall("\n".join(block.lines)):
        assert_written(work, name, f"python ({block.name})")


def test_the_readme_shows_python_for_integrators():
    assert any("from handouts import api" in "\n".join(b.lines) for b in PYTHON_BLOCKS)
