"""A brand's warnings are said at the brand file's line and field, as `handouts validate` says them.

Reproduction: with brands/b.yaml a yellow primary colour, `handouts render ... --brand brands/b.yaml` and a
batch run printed "warning: brand 'b': primary colour #ffcc00 is too light for text ...", while validate
printed 'brands/b.yaml:4:3: warning: colors.primary: #ffcc00 is too light ...': a cron log grepped for the
brand file's lines found none. Now render, diet, batch and its --check all say validate's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from batchutil import batch
from cliutil import assert_clean_exit, run
from handouts.batch.warning_lines import warning_line
from handouts.errors import display_path

ROOT = Path(__file__).resolve().parent.parent
LIGHT = "brands/b.yaml:4:3: warning: colors.primary: #ffcc00 is too light for text on white"
NO_PHONE = "warning: no phone number (contact.phone): handouts tell patients to call the practice"
NO_PHONE_PRINTS = ("; every document's letterhead prints without one, and a patient handout's 'When to get help' "
                   "box prints a write-in line 'Our phone: ______' instead")


def _light(folder: Path) -> Path:
    (folder / "brands").mkdir(exist_ok=True)
    brand = folder / "brands" / "b.yaml"
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#ffcc00'\n", encoding="utf-8")
    return brand


@pytest.fixture
def light_brand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _light(tmp_path)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """One batch run (one worker start, about a second) over the jobs of the three brands below: the light
    colour (b), the missing phone (p, a handout and a brief) and the textual logo (t, a brief). Each test reads
    its brand's lines; the brand files are the same, at the same relative paths, as in each test's folder."""
    folder = tmp_path_factory.mktemp("three-brands")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.delenv("HANDOUTS_CONFIG", raising=False)
        for make in (_light, _phoneless, _textual_logo):
            make(folder)
        Path("jobs.csv").write_text("topic,audience,brand,output\n"
                                    "leaky-gut,patient,brands/b.yaml,b/1.pdf\n"
                                    "leaky-gut,patient,brands/p.yaml,p/1.pdf\n"
                                    "leaky-gut,clinician,brands/p.yaml,p/2.pdf\n"
                                    "leaky-gut,clinician,brands/t.yaml,t/1.pdf\n", encoding="utf-8")
        result = batch("jobs.csv", "--allow-draft", "--out", "out", "--jobs", "1")
    assert_clean_exit(result, 0)
    return result


def _warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "warning" in line]


def test_render_says_a_brand_colour_where_validate_does(light_brand: Path) -> None:
    validated = run("validate", "brands/b.yaml")
    assert_clean_exit(validated, 0)
    said = _warnings(validated.output)  # the colour and, with no contact.phone, the phone
    assert len(said) == 2 and said[1].startswith(LIGHT) and NO_PHONE in said[0], validated.output
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "brands/b.yaml", "--format", "html",
                 "-o", "x.html")
    assert_clean_exit(result, 0)
    assert _warnings(result.stderr) == said, result.stderr  # the same line, word for word
    assert "warning: brand" not in result.stderr


def test_diet_says_a_brand_colour_at_the_brand_file(light_brand: Path) -> None:
    result = run("diet", "low-fodmap", "--brand", "brands/b.yaml", "--as-of", "2025-08-01", "--format", "html",
                 "-o", "d.html")
    assert_clean_exit(result, 0)
    assert any(line.startswith(LIGHT) for line in result.stderr.splitlines()), result.stderr


def test_batch_and_its_check_say_a_brand_colour_at_the_brand_file(light_brand: Path, ran: Result) -> None:
    Path("jobs.csv").write_text("topic,audience,brand,output\nleaky-gut,patient,brands/b.yaml,p/1.pdf\n",
                                encoding="utf-8")
    checked = batch("jobs.csv", "--check", "--allow-draft")
    assert_clean_exit(checked, 0)
    assert [line for line in _warnings(checked.stderr) if "colors.primary" in line][0].startswith(LIGHT), \
        checked.stderr
    assert [line for line in _warnings(ran.stderr) if "colors.primary" in line][0].startswith(LIGHT), ran.stderr
    assert "warning: brand" not in checked.stderr + ran.stderr


def test_a_shipped_brands_warning_names_the_shipped_file() -> None:
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "--brand", "harbourside",
                 "--format", "html", "-o", "-")
    shipped = display_path(ROOT / "data" / "brands" / "harbourside.yaml")
    assert f"{shipped}:17:1: warning: footer: its footer has no 'es' wording" in result.stderr, result.stderr


def test_a_placed_warning_is_printed_as_it_is() -> None:
    placed = "brands/b.yaml:4:3: warning: colors.primary: x"
    assert warning_line(placed) == placed
    assert warning_line("the manifest is unreadable") == "warning: the manifest is unreadable"


def _phoneless(folder: Path) -> Path:
    (folder / "brands").mkdir(exist_ok=True)
    brand = folder / "brands" / "p.yaml"
    brand.write_text("id: p\nname: P\ncolors: {primary: '#1d4e89'}\ncontact:\n  address: [1 Main St]\n",
                     encoding="utf-8")
    return brand


@pytest.fixture
def phoneless_brand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A brand with a contact block but no phone: validate says so at `contact` (line 4)."""
    monkeypatch.chdir(tmp_path)
    return _phoneless(tmp_path)


def test_render_diet_and_batch_say_a_missing_phone_where_validate_does(phoneless_brand: Path, ran: Result) -> None:
    """validate warned a brand with no phone number; render, diet and batch printed its write-in line unsaid."""
    validated = run("validate", "brands/p.yaml")
    assert_clean_exit(validated, 0)
    said = _warnings(validated.output)
    assert said == [f"brands/p.yaml:4:1: {NO_PHONE.replace('warning: ', 'warning: contact: ')}{NO_PHONE_PRINTS}"], said
    for args in (("render", "leaky-gut", "--audience", "patient", "-o", "h.html"),
                 ("render", "leaky-gut", "--audience", "clinician", "-o", "c.html"),
                 ("diet", "low-fodmap", "--as-of", "2025-08-01", "-o", "d.html")):
        result = run(*args, "--brand", "brands/p.yaml", "--format", "html")
        assert_clean_exit(result, 0)
        assert _warnings(result.stderr) == said, (args, result.stderr)
    Path("jobs.csv").write_text("topic,audience,brand,output\nleaky-gut,patient,brands/p.yaml,p/1.pdf\n"
                                "leaky-gut,clinician,brands/p.yaml,p/2.pdf\n", encoding="utf-8")
    checked = batch("jobs.csv", "--check", "--allow-draft")
    assert_clean_exit(checked, 0)
    assert said[0] in checked.stderr, checked.stderr
    assert said[0] in ran.stderr, ran.stderr


def test_a_missing_phone_is_worded_for_a_brief_and_a_diet_sheet_which_have_no_help_box(
        phoneless_brand: Path) -> None:
    """A practice manager printing a clinician brief or a diet sheet read that 'the When to get help box prints
    a write-in line': neither document has that box. The warning says what each document prints instead."""
    for args in (("render", "leaky-gut", "--audience", "clinician", "-o", "c.html"),
                 ("diet", "low-fodmap", "--as-of", "2025-08-01", "-o", "d.html")):
        result = run(*args, "--brand", "brands/p.yaml", "--format", "html")
        assert_clean_exit(result, 0)
        [said] = _warnings(result.stderr)
        assert said.startswith("brands/p.yaml:4:1: warning: contact: no phone number (contact.phone)"), said
        assert "every document's letterhead prints without one" in said, said
        assert "a patient handout's 'When to get help' box" in said and "; the 'When to get help' box" not in said
        page = Path(args[-1]).read_text(encoding="utf-8")
        assert "Our phone:" not in page and "When to get help" not in page  # what the warning says it is not


def test_the_shipped_default_brand_prints_its_write_in_line_unsaid(tmp_path: Path) -> None:
    """Its missing phone is its design (a write-in line for a practice with no brand of its own): validate
    says it, a print without --brand does not, or every such print would warn about a file in the install."""
    validated = run("validate", ROOT / "data" / "brands" / "default.yaml")
    assert "no phone number (contact.phone)" in validated.stderr, validated.stderr
    result = run("render", "leaky-gut", "--audience", "patient", "--format", "html", "-o", tmp_path / "x.html")
    assert_clean_exit(result, 0)
    assert "no phone number" not in result.stderr and "warning" not in result.stderr, result.stderr


def test_the_web_page_says_a_missing_phone_without_a_place(light_brand: Path) -> None:
    """The page names no server path: the warning at the file's start (no contact block) is its words alone."""
    from handouts.context import Context
    from handouts.loading import load_brand
    from handouts.views.brand_warnings import plainly
    from handouts.views.frame import brand_view

    view = brand_view(load_brand(light_brand, Context.default()), None)
    assert [plainly(w) for w in view.warnings][0].startswith(NO_PHONE.removeprefix("warning: ")), view.warnings


def _textual_logo(folder: Path) -> Path:
    (folder / "brands" / "t").mkdir(parents=True)
    (folder / "brands" / "t" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><circle cx="50" cy="50" r="40" '
        'fill="#00a0a0"/><text x="100" y="62" style="font-family: \'Brush Script MT\'">Del Valle</text></svg>',
        encoding="utf-8")
    brand = folder / "brands" / "t.yaml"
    brand.write_text("id: t\nname: T\nlogo: t/logo.svg\nlogo_alt: Del Valle\ncolors: {primary: '#1d4e89'}\n"
                     "contact: {phone: 555-0100}\n", encoding="utf-8")
    return brand


@pytest.fixture
def textual_logo_brand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A brand whose SVG logo sets its words as text in a font few computers have: validate's advice."""
    monkeypatch.chdir(tmp_path)
    return _textual_logo(tmp_path)


def test_render_diet_and_batch_give_validates_advice_on_the_logo(textual_logo_brand: Path, ran: Result) -> None:
    """validate and `brand new` said a logo's words print in another font where it is not installed; a
    practice that printed a batch without running validate was never told."""
    validated = run("validate", "brands/t.yaml")
    assert_clean_exit(validated, 0)
    said = _warnings(validated.output)
    assert len(said) == 1 and said[0].startswith(
        "brands/t.yaml:3:1: warning: logo: logo.svg writes 'Del Valle' as text in 'Brush Script MT'"), said
    for args in (("render", "leaky-gut", "--audience", "patient", "-o", "h.html"),
                 ("diet", "low-fodmap", "--as-of", "2025-08-01", "-o", "d.html")):
        result = run(*args, "--brand", "brands/t.yaml", "--format", "html")
        assert_clean_exit(result, 0)
        assert _warnings(result.stderr) == said, (args, result.stderr)
    assert said[0] in ran.stderr, ran.stderr
