"""`handouts diet`: exit 0 written, 1 invalid content, 2 usage; warnings on stderr."""

from __future__ import annotations

from pathlib import Path

import pypdf

from cliutil import assert_clean_exit, command

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
TYPOS = Path(__file__).parent / "fixtures" / "diet" / "typos.yaml"


run = command("diet")


def test_renders_a_customised_sheet_and_warns_about_the_allergen(tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run("low-fodmap", "--customize", str(SAM), "--brand", "riverside", "--as-of", "2025-08-01", "-o", str(out))
    assert_clean_exit(result, 0)
    assert result.stdout.strip() == str(out)
    assert ("sam-low-fodmap.yaml:8:22: warning: enjoy[1]: carries an allergy of this patient (allergies[0]): listed "
            "under 'Leave out' instead") in result.stderr, "at the entry, naming neither the food nor the allergy"
    assert "peanut" not in result.stderr.lower()
    assert "DRAFT" in result.stderr
    assert 2 <= len(pypdf.PdfReader(str(out)).pages) <= 3


def test_a_warning_is_said_as_handouts_validate_says_it(tmp_path, monkeypatch):
    """`handouts diet` said 'warning: FILE:8:1: enjoy: ...' at the key, `handouts validate` 'FILE:8:22: warning:
    enjoy[1]: ...' at the entry: two shapes for one finding, so an editor's or a script's reading of one
    missed the other. Both now come from one formatter (errors.Problem), located at the entry."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sam.yaml").write_bytes(SAM.read_bytes())
    printed = run("--customize", "sam.yaml", "--as-of", "2025-08-01", "--format", "html", "-o", "s.html")
    assert_clean_exit(printed, 0)
    validated = command("validate")("sam.yaml")
    assert_clean_exit(validated, 0)
    said = [line for line in printed.stderr.splitlines() if "warning" in line]
    assert said == [line for line in validated.output.splitlines() if "warning" in line] == [
        "sam.yaml:8:22: warning: enjoy[1]: carries an allergy of this patient (allergies[0]): listed under 'Leave out' "
        "instead, never under 'Enjoy'"], printed.stderr


def test_a_warning_the_changed_file_cannot_place_is_said_at_the_file(tmp_path, monkeypatch):
    """A customisation edited between loading and locating its warnings (no longer YAML): they were said
    'warning: FILE: ...'; now 'FILE: warning: ...', as validate says a whole file's."""
    from handouts.assemble import diet_warnings as located

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sam.yaml").write_text("plan: [low-fodmap\n", encoding="utf-8")
    said = located(Path("sam.yaml"), None, None, ["enjoy[1]: carries an allergy of this patient"])  # type: ignore[arg-type]
    assert [str(w) for w in said] == ["sam.yaml: warning: enjoy[1]: carries an allergy of this patient"]


def test_html_output_and_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("trigger-foods", "--format", "html")
    assert_clean_exit(result, 0)
    html = (tmp_path / "trigger-foods-diet-sheet.html").read_text(encoding="utf-8")
    assert "My symptom diary" in html and "<title>Trigger-food elimination" in html


def test_customise_spelling_is_accepted(tmp_path):
    result = run("low-fodmap", "--customise", str(SAM), "--format", "html", "--as-of", "2025-08-01",
                 "-o", str(tmp_path / "s.html"))
    assert_clean_exit(result, 0)


def test_invalid_customisation_exits_1_with_located_problems(tmp_path):
    out = tmp_path / "never.pdf"
    result = run("low-fodmap", "--customize", str(TYPOS), "-o", str(out))
    assert_clean_exit(result, 1)
    assert "typos.yaml:5:13: eliminate[0]: unknown category; did you mean 'caffeine'?" in result.stderr
    assert "did you mean 'wheat-bread'?" in result.stderr
    assert not out.exists()


def test_a_trigger_category_as_an_allergy_is_refused_with_the_allergen_to_use(tmp_path, write):
    """The issue's reproduction: 'dairy' rendered with exit 0, Dark chocolate under Enjoy with no note."""
    cust = write("c.yaml", "plan: low-fodmap\nallergies: [peanut, dairy]\n")
    out = tmp_path / "never.pdf"
    result = run("--customize", str(cust), "--as-of", "2025-08-01", "-o", str(out))
    assert_clean_exit(result, 1)
    assert "c.yaml:2:21: allergies[1]: 'dairy' is a trigger category, not an allergen; did you mean 'milk'?" \
        in result.stderr
    assert not out.exists()


def test_a_start_date_years_away_is_a_located_error_not_a_crash(tmp_path, write):
    cust = write("c.yaml", "plan: low-fodmap\nstart_date: 9999-12-01\n")
    out = tmp_path / "never.pdf"
    result = run("--customize", str(cust), "--as-of", "2025-08-01", "-o", str(out))
    assert_clean_exit(result, 1)
    assert "c.yaml:2:1: start_date: this date is more than 2 years after today (2025-08-01)" in result.stderr
    assert not out.exists()


def test_leaving_out_a_whole_food_group_warns_the_dietitian(tmp_path, write):
    cust = write("c.yaml", "plan: trigger-foods\navoid: [almond-milk, coconut-yoghurt]\n")
    result = run("--customize", str(cust), "--as-of", "2025-08-01", "--format", "html", "-o", str(tmp_path / "s.html"))
    assert_clean_exit(result, 0)
    assert (f"{cust}:2:9: warning: avoid[0]: every food in 'Milk, cheese and yogurt' is left out for this patient; "
            "this group usually provides calcium and protein") in result.stderr, "at the first entry that left it out"


def test_an_extra_food_that_states_nothing_prints_under_leave_out_and_warns_at_its_line(tmp_path, write):
    """A dietitian's extra food with no 'carries' and no 'list' used to print under 'Enjoy'."""
    cust = write("c.yaml", "plan: trigger-foods\nextra_foods:\n  - {name: Homemade cookies, group: snacks}\n")
    for lang, note in (("en", "(ask your dietitian)"), ("es", "(pregunte a su nutricionista)")):
        out = tmp_path / f"{lang}.pdf"
        result = run("--customize", str(cust), "--lang", lang, "--as-of", "2025-08-01", "-o", str(out))
        assert_clean_exit(result, 0)
        assert (f"{cust}:3:5: warning: extra_foods[0]: says neither what it carries nor where to list "
                "it: listed under 'Leave out'") in result.stderr
        assert "Homemade" not in result.stderr, "at its entry, never by the name typed for the patient"
        text = " ".join("".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages).split())
        snacks = text[text.index("Leave out:" if lang == "en" else "Evite:", text.index("Snacks")):]
        left_out = snacks.split("Enjoy:" if lang == "en" else "Disfrute:", 1)[0]
        assert f"Homemade cookies {note}" in left_out and text.count("Homemade cookies") == 1


def test_a_reintroduction_warning_points_at_the_reintroduction_order_line(tmp_path, write):
    cust = write("c.yaml", "plan: low-fodmap\nintolerances: [fructans]\nreintroduction_order: [fructans, gos]\n")
    result = run("--customize", str(cust), "--as-of", "2025-08-01", "--format", "html", "-o", str(tmp_path / "s.html"))
    assert_clean_exit(result, 0)
    assert (f"{cust}:3:24: warning: reintroduction_order[0]: an intolerance of this patient (intolerances[0]), so "
            "it is not tested") in result.stderr
    assert "fructans" not in result.stderr


def test_invalid_plan_exits_1(tmp_path):
    plan = tmp_path / "diets" / "broken.yaml"
    plan.parent.mkdir()
    plan.write_text("id: broken\ntitle: Broken\n", encoding="utf-8")
    result = run(str(plan), "-o", str(tmp_path / "x.pdf"))
    assert_clean_exit(result, 1)
    assert "broken.yaml" in result.stderr and "required key is missing" in result.stderr


def test_unknown_plan_is_a_usage_error():
    result = run("low-fodmup")
    assert_clean_exit(result, 2)
    assert "no plan 'low-fodmup'" in result.stderr and "low-fodmap" in result.stderr


def test_customisation_for_another_plan_is_a_usage_error():
    result = run("trigger-foods", "--customize", str(SAM))
    assert_clean_exit(result, 2)
    assert "for plan 'low-fodmap', not 'trigger-foods'" in result.stderr


def test_missing_customisation_file_and_bad_options_are_usage_errors(tmp_path):
    assert_clean_exit(run("low-fodmap", "--customize", str(tmp_path / "none.yaml")), 2)
    assert_clean_exit(run("low-fodmap", "--format", "docx"), 2)
    assert_clean_exit(run(), 2)


def test_demo_renders_one_customised_sheet_per_sample_plan(tmp_path):
    from handouts.demo import _diet_samples

    made = {p.relative_to(tmp_path).as_posix(): p for p in _diet_samples(tmp_path)}
    assert set(made) == {"riverside/diet-sam-low-fodmap.pdf", "default/diet-maria-trigger-foods.pdf"}
    for path in made.values():
        assert 2 <= len(pypdf.PdfReader(str(path)).pages) <= 3
