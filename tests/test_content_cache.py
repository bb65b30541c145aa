"""The content cache: a hit is the same document as a miss; a stale, tampered or foreign entry
is ignored and rewritten; nothing about a patient is ever kept; errors stay located."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from cliutil import run
from conftest import DATA, ROOT
from handouts import approval, contentcache, loading
from handouts.context import Context
from handouts.errors import ContentError
from handouts.locale import parse as parse_locale
from handouts.models import Topic
from handouts.views.frame import BrandView
from samples import copy_of

TOPIC = DATA / "topics" / "leaky-gut.yaml"
SHORT_TOPIC = ROOT / "tests" / "fixtures" / "ehr" / "topics" / "iron-test.yaml"
"""A topic of a few lines (a 2.7 kB entry), loaded in milliseconds: what the cache does with an entry does not
depend on the topic's length, and every shipped file's round trip is checked below."""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(contentcache.ENV, str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths loading parses (a cache hit parses nothing)."""
    seen: list[str] = []
    real = loading.parse

    def counting(text: str, path: str):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(text, path)

    monkeypatch.setattr(loading, "parse", counting)
    return seen


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.entry")) if folder.is_dir() else []


def topic_copy(tmp_path: Path, source: Path = SHORT_TOPIC) -> Path:
    """A topic (the short one unless told) in a data folder of its own, free to edit."""
    return copy_of(tmp_path / "practice", source)


def riverside_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The Riverside brand and its logo in a data folder of its own: (brand file, logo file)."""
    brand = copy_of(tmp_path / "practice", DATA / "brands" / "riverside.yaml", "brands")
    return brand, copy_of(brand.parent, DATA / "brands" / "riverside" / "logo.svg", "riverside")


def test_a_hit_renders_the_same_pdf_as_a_miss_without_parsing(cache, parses, tmp_path):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--date", "2025-07-14", "-o", first)
    assert result.exit_code == 0, result.output
    assert any(p.endswith("leaky-gut.yaml") for p in parses)
    assert len(entries(cache)) == 2  # the topic and the brand
    parses.clear()
    result = run("render", "leaky-gut", "--audience", "patient", "--date", "2025-07-14", "-o", second)
    assert result.exit_code == 0, result.output
    assert not any(p.endswith("leaky-gut.yaml") for p in parses)  # came from the cache
    assert first.read_bytes() == second.read_bytes()


def test_a_hit_keeps_the_warnings(cache, tmp_path):
    path = topic_copy(tmp_path, TOPIC)
    path.write_text(path.read_text(encoding="utf-8").replace("status: under_review", "status: approved", 1)
                    .replace("review:\n", "review:\n  reviewer: Dr Test\n  reviewed: 2025-06-01\n", 1),
                    encoding="utf-8")
    ctx = Context.default(today=date(2025, 7, 1))
    miss = loading.load_checked(path, "topic", ctx)
    hit = loading.load_checked(path, "topic", ctx)
    assert miss.warnings and hit.warnings == miss.warnings
    assert hit.model == miss.model


def test_a_hit_brings_the_contents_hash_with_it(cache, tmp_path, monkeypatch):
    """Every page prints the content's version (its hash): a render from the cache takes the hash kept in
    the entry instead of building the whole topic's serializer to hash it again (10-15 ms of a cold start)."""
    path = topic_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    miss = loading.load_topic(path, ctx)
    expected = approval._hash(miss)

    def hashed_again(content: object) -> str:
        raise AssertionError("a topic from the cache was hashed again")

    monkeypatch.setattr(approval, "_hash", hashed_again)
    hit = loading.load_topic(path, ctx)
    assert hit is not miss and hit == miss
    assert approval.content_hash(hit) == expected


def test_edited_content_is_checked_again(cache, parses, tmp_path):
    path = topic_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    before = loading.load_topic(path, ctx)
    path.write_text(path.read_text(encoding="utf-8").replace(before.title, "A new title", 1), encoding="utf-8")
    parses.clear()
    after = loading.load_topic(path, ctx)
    assert after.title == "A new title" and parses


@pytest.mark.parametrize("change", ["today", "data folders", "code", "the tool's languages"])
def test_a_changed_context_or_code_is_a_miss(cache, parses, tmp_path, monkeypatch, change):
    path = topic_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    loading.load_topic(path, ctx)
    parses.clear()
    loading.load_topic(path, ctx)
    assert not parses  # the same context: a hit
    if change == "today":
        ctx = ctx.on(date(2025, 7, 2))
    elif change == "data folders":
        ctx = Context.default(today=date(2025, 7, 1), data_dirs=[path.parent.parent])
    elif change == "code":
        monkeypatch.setattr(contentcache, "code_fingerprint", lambda: b"another version of the code")
    else:  # a catalogue added: a translation into its language no longer warns that it cannot print
        monkeypatch.setattr(contentcache, "_tool_languages", lambda: ("en", "es", "pt"))
    loading.load_topic(path, ctx)
    assert parses
    assert len(entries(cache)) == 2


def test_a_changed_catalogue_is_a_miss_for_a_plan(cache, parses, tmp_path):
    practice = tmp_path / "practice"
    (practice / "foods").mkdir(parents=True)
    (practice / "diets").mkdir()
    plan = practice / "diets" / "low-fodmap.yaml"
    plan.write_bytes((DATA / "diets" / "low-fodmap.yaml").read_bytes())
    catalogue = practice / "foods" / "catalogue.yaml"
    catalogue.write_bytes((ROOT / "tests" / "fixtures" / "practice" / "foods" / "catalogue.yaml").read_bytes())

    def load() -> None:
        loading.load(plan, "diet-plan", Context.default(today=date(2025, 7, 1), data_dirs=[practice]))

    load()
    parses.clear()
    load()
    assert not any(p.endswith("low-fodmap.yaml") for p in parses)
    with catalogue.open("a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    load()
    assert any(p.endswith("low-fodmap.yaml") for p in parses)


def _only_entry(cache: Path) -> Path:
    found = entries(cache)
    assert len(found) == 1
    return found[0]


def _cached_topic(cache: Path, tmp_path: Path) -> tuple[Path, Context, Topic, Path]:
    """A copy of the sample topic, loaded once: its path, the context, the topic and its one cache entry."""
    path = topic_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    return path, ctx, loading.load_topic(path, ctx), _only_entry(cache)


def test_a_brand_whose_logo_changed_is_checked_again(cache, tmp_path):
    brand, logo = riverside_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    assert loading.load_brand(brand, ctx).logo == "riverside/logo.svg"
    assert loading.load_brand(brand, ctx).logo == "riverside/logo.svg"  # a hit
    logo.write_text("<html>not a logo</html>", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        loading.load_brand(brand, ctx)
    assert "logo" in str(caught.value)
    logo.unlink()
    with pytest.raises(ContentError, match="does not exist"):
        loading.load_brand(brand, ctx)


def test_a_tampered_entry_is_ignored_and_rewritten(cache, parses, tmp_path):
    path, ctx, good, entry = _cached_topic(cache, tmp_path)
    raw = bytearray(entry.read_bytes())
    forged = raw.replace(good.title.encode(), good.title.upper().encode())  # same length, other content
    assert forged != raw
    entry.write_bytes(bytes(forged))
    parses.clear()
    again = loading.load_topic(path, ctx)
    assert again.title == good.title and parses  # checked afresh, not read from the forged entry
    assert entry.read_bytes() == bytes(raw)  # and written again


@pytest.mark.parametrize("how", ["truncated", "empty", "not an entry", "a folder"])
def test_a_broken_entry_is_ignored(cache, parses, tmp_path, how):
    path, ctx, good, entry = _cached_topic(cache, tmp_path)
    if how == "truncated":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "not an entry":
        entry.write_bytes(b"hello\n" * 100)
    else:
        entry.unlink()
        entry.mkdir()
    parses.clear()
    assert loading.load_topic(path, ctx) == good
    assert parses


class _MakesFolder:
    """Unpickled, it makes the folder `marker`: the sign that an entry was unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.mkdir, (str(self.marker),))


def test_an_entry_is_never_unpickled_before_its_mac_checks_out(cache, tmp_path):
    path, ctx, good, entry = _cached_topic(cache, tmp_path)
    marker = tmp_path / "unpickled"
    entry.write_bytes(contentcache.MAGIC + b"\0" * 32 + pickle.dumps(_MakesFolder(marker)))
    assert loading.load_topic(path, ctx) == good
    assert not marker.exists()


def test_an_authentic_entry_holding_anything_but_content_is_refused(cache, tmp_path):
    """Defence in depth: even under a valid MAC, only the classes content is made of are loaded."""
    path, ctx, good, entry = _cached_topic(cache, tmp_path)
    marker = tmp_path / "unpickled"
    key = contentcache.entry_key("topic", str(path), path.read_text(encoding="utf-8"), ctx.for_file(path))
    assert key is not None and entry.name.startswith(key.hex()[:40])
    mac_key = contentcache._mac_key()
    assert mac_key is not None
    contentcache._store(cache, entry, key, mac_key, _MakesFolder(marker))
    assert loading.load_topic(path, ctx) == good
    assert not marker.exists()


def test_an_entry_moved_to_another_name_is_ignored(cache, tmp_path):
    """Each entry's MAC covers the inputs it was made for: another file's entry does not answer."""
    ctx = Context.default(today=date(2025, 7, 1))
    one, other = topic_copy(tmp_path), tmp_path / "other" / "topics" / "leaky-gut.yaml"
    other.parent.mkdir(parents=True)
    other.write_text(one.read_text(encoding="utf-8") + "\n# another file\n", encoding="utf-8")
    loading.load_topic(one, ctx)
    first = _only_entry(cache)
    loading.load_topic(other, ctx)
    second = next(p for p in entries(cache) if p != first)
    second.write_bytes(first.read_bytes())
    assert contentcache.cached("topic", str(other), other.read_text(encoding="utf-8"), ctx.for_file(other),
                               lambda: "computed") == "computed"


def test_invalid_content_is_never_kept_and_errors_stay_located(cache, tmp_path, monkeypatch):
    path = topic_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    loading.load_topic(path, ctx)  # a hit path exists for the good version
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nreview:\n", "\nreview:\n  colour: blue\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as cached_run:
        loading.load_topic(path, ctx)
    assert len(entries(cache)) == 1  # the error was not kept
    monkeypatch.setenv(contentcache.ENV, "off")
    with pytest.raises(ContentError) as plain_run:
        loading.load_topic(path, ctx)
    assert [str(p) for p in cached_run.value.problems] == [str(p) for p in plain_run.value.problems]
    line = 1 + text.split("\nreview:\n")[0].count("\n") + 2
    assert any(str(p).startswith(f"{path}:{line}:3: review.colour: unknown key 'colour'")
               for p in cached_run.value.problems), [str(p) for p in cached_run.value.problems]


def test_no_patient_detail_ever_reaches_the_cache(cache, tmp_path):
    name = "Zebulon Quixotewright"
    visit, follow_up = date.today(), date.today() + timedelta(days=37)  # dates in words are kept: the content's only
    result = run("render", "leaky-gut", "--audience", "patient", "--patient-name", name, "--note",
                 "Quillfeather dinner plan", "--date", visit, "--follow-up", follow_up, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 0, result.output
    customisation = tmp_path / "zq.yaml"
    customisation.write_text((DATA / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
                             .replace("Sam Rivera", name), encoding="utf-8")
    result = run("diet", "--customise", customisation, "-o", tmp_path / "d.pdf")
    assert result.exit_code == 0, result.output
    assert len(entries(cache)) >= 4  # the topic, the brand, the plan, the catalogue: the cache was in use
    kept = [path for path in cache.rglob("*") if path.is_file()]  # compiled templates and fonts' code points too
    for entry in kept:
        raw = entry.read_bytes()
        for secret in (name, "Zebulon", "Quixotewright", "Quillfeather", *map(parse_locale("en-US").long_date,
                                                                               (visit, follow_up))):
            assert secret.encode("utf-8") not in raw and secret.encode("utf-16-le") not in raw, entry
    assert not contentcache.CACHEABLE & {"personalisation", "diet-customisation"}


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, parses):
    monkeypatch.setenv(contentcache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    ctx = Context.default(today=date(2025, 7, 1))
    loading.load_topic(SHORT_TOPIC, ctx)
    loading.load_topic(SHORT_TOPIC, ctx)
    assert len(parses) == 2
    assert not (tmp_path / "xdg").exists()


def test_the_cache_lives_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(contentcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert contentcache.cache_dir() == tmp_path / "xdg" / "handouts" / "content"
    loading.load_topic(SHORT_TOPIC, Context.default(today=date(2025, 7, 1)))
    folder = tmp_path / "xdg" / "handouts" / "content"
    assert len(entries(folder)) == 1
    assert folder.stat().st_mode & 0o077 == 0
    assert all(e.stat().st_mode & 0o077 == 0 for e in entries(folder))


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(contentcache.ENV, str(blocker / "cache"))
    assert loading.load_topic(SHORT_TOPIC, Context.default(today=date(2025, 7, 1))).id == "iron-test"


def test_old_entries_are_pruned_when_a_new_one_is_written(cache, tmp_path):
    cache.mkdir()
    old = cache / f"{'0' * 40}.entry"
    stray = cache / f".{'1' * 40}.jinja.{'2' * 12}.part"  # a temp file of a writer that was killed
    older_stray = cache / f".{'3' * 40}.entry.{'4' * 12}.tmp"  # as versions before this one named them
    foreign = cache / "notes.txt"  # HANDOUTS_CACHE pointed at a folder holding other files
    for path in (old, stray, older_stray, foreign):
        path.write_bytes(b"old")
        os.utime(path, (1_000_000_000, 1_000_000_000))
    loading.load_topic(SHORT_TOPIC, Context.default(today=date(2025, 7, 1)))
    assert not old.exists() and not stray.exists() and not older_stray.exists() and len(entries(cache)) == 1
    assert foreign.read_bytes() == b"old"


def test_entries_are_not_fsynced_but_documents_are(cache, tmp_path, monkeypatch):
    """A cache entry lost to a power cut is remade; an fsync per entry would slow every miss."""
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    loading.load_topic(topic_copy(tmp_path), Context.default(today=date(2025, 7, 1)))
    assert len(entries(cache)) == 1 and synced == []
    assert run("render", "leaky-gut", "--audience", "patient", "-o", tmp_path / "x.pdf").exit_code == 0
    assert len(synced) == 1  # the PDF, and only it: the templates and fonts it used went to the cache


def test_a_write_that_fails_leaves_no_entry_and_no_temp_file(cache, tmp_path, monkeypatch):
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    path = topic_copy(tmp_path)
    assert loading.load_topic(path, Context.default(today=date(2025, 7, 1))).id == "iron-test"
    assert cache.is_dir() and list(cache.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setenv(contentcache.ENV, str(cache))
    loading.load_topic(path, Context.default(today=date(2025, 7, 1)))
    assert [p.name for p in cache.iterdir()] == [p.name for p in entries(cache)] and len(entries(cache)) == 1


def _imports(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh process running `handouts ARGS` has imported when the command is done."""
    code = ("import sys\nfrom handouts.cli import main\n"
            "try:\n    main(sys.argv[1:], prog_name='handouts')\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.strip().splitlines()[-1].split())


@pytest.mark.parametrize("args", [
    ("--help",),
    ("validate", "data/topics/leaky-gut.yaml"),
    ("lint", "data/topics/leaky-gut.yaml"),
    ("render", "leaky-gut", "--audience", "patient", "--format", "html", "-o", "-"),
])
def test_commands_that_print_no_pdf_never_import_weasyprint(args):
    modules = _imports(*args)
    assert "handouts.cli" in modules  # the command ran
    assert not any(m == "weasyprint" or m.startswith("weasyprint.") for m in modules), args


def test_render_imports_weasyprint(tmp_path):
    assert "weasyprint" in _imports("render", "leaky-gut", "--audience", "patient", "-o", str(tmp_path / "x.pdf"))


@pytest.fixture(scope="module")
def two_fresh_renders(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[bytes], set[str], Path]:
    """The sample handout as HTML, rendered by two fresh processes sharing a cache of their own: the
    first fills it, the second reads it. Their two files, the modules the second imported, the cache."""
    folder = tmp_path_factory.mktemp("fresh-renders")
    env = {**os.environ, contentcache.ENV: str(folder / "cache")}
    outputs = []
    for n in range(2):
        out = folder / f"{n}.html"
        modules = _imports("render", "leaky-gut", "--audience", "patient", "--date", "2025-07-14", "-o", str(out),
                           env=env)
        outputs.append(out.read_bytes())
    return outputs, modules, folder / "cache"


def test_a_render_from_the_cache_parses_no_yaml(two_fresh_renders):
    _, modules, _ = two_fresh_renders
    assert "handouts.cli" in modules
    assert not any(m.startswith("ruamel") for m in modules)


def test_a_topic_render_from_the_cache_imports_no_rules_lint_or_diet_models(two_fresh_renders):
    """Rule tables, lint checks and diet models cost every command start-up time; a topic's
    render from the cache runs none of them, so none is imported."""
    _, modules, _ = two_fresh_renders
    assert "handouts.cli" in modules
    unneeded = {"handouts.rules", "handouts.brand_rules", "handouts.diet.rules", "handouts.lint.registry",
                "handouts.models.diet", "handouts.models.diet_catalogue", "handouts.models.diet_customisation"}
    assert not unneeded & modules, sorted(unneeded & modules)


def test_a_render_from_the_cache_outside_a_workspace_imports_no_toml_parser(two_fresh_renders):
    """No handouts.toml to read (none here or above the checkout): tomllib costs a new process 2-3 ms."""
    _, modules, _ = two_fresh_renders
    assert "handouts.workspace" in modules and "tomllib" not in modules


def test_kinds_resolve_their_rules_lint_and_checks_when_asked():
    from handouts import kinds, language_checks, rules
    from handouts.lint.registry import TOPIC_LINT
    from handouts.models import Topic

    topic = kinds.content_kind("topic")
    assert topic.model is Topic
    assert topic.rules is rules.TOPIC_RULES and topic.lint is TOPIC_LINT
    assert topic.checks == (rules.approval_check, language_checks.tool_words_check)
    assert kinds.content_kind("personalisation").rules == ()
    assert kinds.content_kind("brand").lint is None


# -- derived data: compiled templates, fonts' code points ------------------------------


def _environment(folder: Path):  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                              bytecode_cache=contentcache.template_cache())


def test_compiled_templates_are_kept_and_a_forged_one_is_never_loaded(cache, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.html").write_text("A: {{ name }}", encoding="utf-8")
    (templates / "b.html").write_text("B: {{ name }}", encoding="utf-8")
    assert _environment(templates).get_template("a.html").render(name="x") == "A: x"
    assert _environment(templates).get_template("b.html").render(name="x") == "B: x"
    kept = sorted(cache.glob("*.jinja"))
    assert len(kept) == 2
    a_entry = next(p for p in kept if b"A: " in p.read_bytes())
    b_entry = next(p for p in kept if p != a_entry)
    b_entry.write_bytes(a_entry.read_bytes())  # a's code under b's name: its MAC covers a's key
    assert _environment(templates).get_template("b.html").render(name="x") == "B: x"
    b_entry.write_bytes(b_entry.read_bytes()[:-5] + b"xxxxx")  # tampered
    assert _environment(templates).get_template("b.html").render(name="x") == "B: x"
    (templates / "a.html").write_text("A changed: {{ name }}", encoding="utf-8")
    assert _environment(templates).get_template("a.html").render(name="x") == "A changed: x"


def test_no_template_cache_when_the_cache_is_off(monkeypatch):
    monkeypatch.setenv(contentcache.ENV, "off")
    assert contentcache.template_cache() is None


def test_stylesheets_resolved_are_kept_but_never_with_fonts_a_text_picked(cache, monkeypatch):
    """A new process resolves the same stylesheets' var()s as the last one did (6-8 ms): kept by their text.
    Not with a system fallback font: the document's text picked it, and that text may be a patient's name."""
    from handouts import cssvars
    from handouts.render import Renderer

    brand = BrandView(name="Clinic", logo_path=None, logo_alt=None, primary="#1f4e79", accent="#4a5a68",
                      contact_lines=(), phone=None, website=None, emergency="", emergency_number=None, footer=None,
                      paper="letter", folder=None)
    renderer = Renderer(font_config=None)  # type: ignore[arg-type]  # no fonts are loaded to make CSS text
    texts = renderer.stylesheet_texts("patient", brand)
    assert texts == cssvars.resolve(renderer.stylesheet_sources("patient", brand))
    assert len(list(cache.glob("*.css"))) == 1
    monkeypatch.setattr(cssvars, "_root_values", lambda css, values: pytest.fail("parsed again"))
    assert renderer.stylesheet_texts("patient", brand) == texts
    monkeypatch.undo()
    monkeypatch.setenv(contentcache.ENV, str(cache))
    monkeypatch.setattr(cssvars, "resolve_kept", lambda sheets: pytest.fail("kept with a text's fonts"))
    with_fonts = renderer.stylesheet_texts("patient", brand, ("Noto Sans CJK",))
    assert not any("var(" in css for css in with_fonts) and len(list(cache.glob("*.css"))) == 1


def test_the_contents_review_dates_in_words_are_kept_per_locale(cache, tmp_path, monkeypatch):
    """The footer's review dates (the content's, never a patient's): a render from the cache does not load
    Babel's locale data (10 ms of a new process) to say 'updated July 2, 2025' again."""
    from babel import dates

    from handouts.views.frame import review_line, said_date

    topic = loading.load_topic(topic_copy(tmp_path), Context.default(today=date(2025, 7, 1)))
    us, gb = parse_locale("en-US"), parse_locale("en-GB")
    line = review_line(topic, locale=us)
    assert us.long_date(topic.last_updated) in line
    assert said_date(gb, date(2025, 7, 2)) == gb.long_date(date(2025, 7, 2)) == "2 July 2025"
    monkeypatch.setattr(dates, "format_date", lambda *args, **kwargs: pytest.fail("Babel asked again"))
    assert review_line(topic, locale=us) == line and said_date(gb, date(2025, 7, 2)) == "2 July 2025"


def test_a_fonts_code_points_are_kept_per_file(cache, tmp_path):
    font = tmp_path / "font.ttf"
    font.write_bytes(b"pretend font")
    reads: list[Path] = []

    def read(path: Path) -> frozenset[int]:
        reads.append(path)
        return frozenset({65, 66, 0x1F600}) if path.read_bytes() == b"pretend font" else frozenset({67})

    assert contentcache.font_code_points(font, read) == {65, 66, 0x1F600}
    assert contentcache.font_code_points(font, read) == {65, 66, 0x1F600}
    assert len(reads) == 1
    entry = next(cache.glob("*.cmap"))
    entry.write_bytes(entry.read_bytes()[:-4] + (67).to_bytes(4, "little"))  # tampered: ignored
    assert contentcache.font_code_points(font, read) == {65, 66, 0x1F600} and len(reads) == 2
    font.write_bytes(b"another font, longer")
    assert contentcache.font_code_points(font, read) == {67} and len(reads) == 3


def test_fresh_processes_render_the_same_html_from_the_cache(two_fresh_renders):
    outputs, _, cache = two_fresh_renders
    assert outputs[0] == outputs[1]
    assert list(cache.glob("*.jinja")) and list(cache.glob("*.entry"))


def test_a_logo_swapped_for_a_fifo_is_refused_not_waited_on(cache, tmp_path):
    brand, logo = riverside_copy(tmp_path)
    ctx = Context.default(today=date(2025, 7, 1))
    loading.load_brand(brand, ctx)
    logo.unlink()
    os.mkfifo(logo)
    with pytest.raises(ContentError):
        loading.load_brand(brand, ctx)  # the entry does not answer; the check refuses the FIFO


@pytest.mark.parametrize("kind, path", [
    (kind, path) for kind, folder in (("topic", "topics"), ("brand", "brands"), ("diet-plan", "diets"),
                                      ("food-catalogue", "foods"))
    for path in sorted((DATA / folder).glob("*.yaml"))
] + [("topic", ROOT / "tests" / "fixtures" / "ehr" / "topics" / "iron-test.yaml")],  # with EHR codes
    ids=lambda value: getattr(value, "name", value))
def test_every_shipped_content_file_comes_back_from_the_cache(cache, parses, kind, path):
    """A model field of a type the cache's loader does not admit would make every load a miss, silently."""
    ctx = Context.default(today=date(2025, 7, 1))
    first = loading.load_checked(path, kind, ctx)
    parses.clear()
    again = loading.load_checked(path, kind, ctx)
    assert not parses and again == first
