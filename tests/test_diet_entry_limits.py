"""A customisation's lists are capped in the model: one located problem, before any rule looks at an entry.

Reproduction: on the Load page (and `handouts diet --customize F`, `validate`, `lint`), a 60 kB file
`plan: low-fodmap` / `avoid: [x, x, x, ...]` with 30,000 entries took seconds of the server's time and
returned a 14 MB page listing 60,000 problems: the diet rules looked each entry up in the catalogue with
a 'did you mean' (handouts.diet.suggest), and said each one twice (unknown, duplicate). Now the list is
one problem at its line, naming the field and the limit, and no rule goes through its entries: counted
here by the calls to the rules' 'did you mean', not by seconds.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from cliutil import assert_clean_exit, run
from handouts.diet import rules as diet_rules
from handouts.models import diet_catalogue
from handouts.models.brand import ADDRESS_LINES, Brand
from handouts.models.common import CONTENT_ENTRIES, LocalizedText
from handouts.models.diet_catalogue import MAX_FOODS, MAX_KEYWORDS, Category, FoodCatalogue
from handouts.models.diet import MAX_ENTRIES as PLAN_MAX
from handouts.models.diet_customisation import MAX_ENTRIES, MAX_EXTRA_FOODS, MAX_FOOD_TAGS
from handouts.models.personalisation import Personalisation
from handouts.models.reference import MAX_AUTHORS, Reference
from webclient import app_fixtures

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 9, 1)
HUGE = 2_000  # ten times the cap: the lookups are counted, not seconds (30,000 cost 0.7 s a test to parse)
SAID = f"{HUGE} entries, more than any document uses: give at most {MAX_ENTRIES}"

app, client = app_fixtures(TODAY)


@pytest.fixture
def lookups(monkeypatch) -> list[str]:
    """Every 'did you mean' the diet rules asked for: one per entry they looked up and did not find."""
    asked: list[str] = []
    real = diet_rules.suggestion

    def counted(value, choices):
        asked.append(value)
        return real(value, choices)

    monkeypatch.setattr(diet_rules, "suggestion", counted)
    return asked


def flood(key: str = "avoid", count: int = HUGE) -> str:
    return f"plan: low-fodmap\n{key}: [{','.join('x' for _ in range(count))}]\n"


@pytest.mark.parametrize("key", ["avoid", "eliminate", "keep", "enjoy", "allergies", "intolerances",
                                 "reintroduction_order"])
def test_validate_says_one_problem_at_the_list_and_looks_up_no_entry(write, lookups, key):
    cust = write("customisations/c.yaml", flood(key))
    result = run("validate", cust)
    assert_clean_exit(result, 1)
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(cust))]
    assert problems == [f"{cust}:2:1: {key}: {SAID} (each entry is checked once there are no more)"]
    assert lookups == []


def test_the_diet_command_refuses_it_in_one_line_and_writes_nothing(write, lookups, tmp_path):
    cust = write("customisations/c.yaml", flood())
    out = tmp_path / "sheet.pdf"
    result = run("diet", "low-fodmap", "--customize", cust, "--as-of", "2025-09-01", "-o", out)
    assert_clean_exit(result, 1)
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{cust}:2:1: avoid: {SAID}" in result.stderr
    assert not out.exists() and lookups == []


def test_lint_reports_one_error_at_its_line(write, lookups):
    cust = write("customisations/c.yaml", flood())
    result = run("lint", cust, "--format", "json")
    assert_clean_exit(result, 1)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["line"], f["severity"]) for f in findings] == [(2, "error")]
    assert SAID in findings[0]["message"] and lookups == []


@pytest.mark.parametrize(("text", "field", "limit"), [
    ("phase_lengths: {" + ", ".join(f"p{i}: 1 week" for i in range(MAX_ENTRIES + 1)) + "}", "phase_lengths",
     MAX_ENTRIES),
    ("test_foods: {" + ", ".join(f"c{i}: f" for i in range(MAX_ENTRIES + 1)) + "}", "test_foods", MAX_ENTRIES),
    ("extra_foods: [" + ", ".join("{name: a, group: snacks}" for _ in range(MAX_EXTRA_FOODS + 1)) + "]",
     "extra_foods", MAX_EXTRA_FOODS),
    ("extra_foods: [{name: a, group: snacks, carries: [" + ",".join("x" * (MAX_FOOD_TAGS + 1)) + "]}]",
     "extra_foods[0].carries", MAX_FOOD_TAGS),
    ("extra_foods: [{name: a, group: snacks, free_of: [" + ",".join("x" * (MAX_FOOD_TAGS + 1)) + "]}]",
     "extra_foods[0].free_of", MAX_FOOD_TAGS),
])
def test_every_list_and_mapping_a_dietitian_fills_is_capped(write, lookups, text, field, limit):
    cust = write("customisations/c.yaml", f"plan: low-fodmap\n{text}\n")
    result = run("validate", cust)
    assert_clean_exit(result, 1)
    assert f": {field}: {limit + 1} entries, more than any document uses: give at most {limit} " in result.stderr
    assert lookups == []


def test_a_list_at_the_cap_is_checked_entry_by_entry(write, lookups):
    """The cap stops a flood, not a long list: its entries are looked up as before, once each."""
    cust = write("customisations/c.yaml", "plan: low-fodmap\navoid: [" + ", ".join(f"food{i}" for i in range(MAX_ENTRIES)) + "]\n")
    result = run("validate", cust)
    assert_clean_exit(result, 1)
    assert "entries, more than" not in result.stderr
    assert f"{cust}:2:9: avoid[0]: unknown food" in result.stderr
    assert len(lookups) == MAX_ENTRIES


def test_the_load_page_says_one_problem_and_stays_small(client, lookups):
    response = client.post("/diets/low-fodmap/load", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(flood().encode()), "saved.yaml")})
    assert response.status_code == 400
    assert f"The file cannot be loaded: saved.yaml:2:1: avoid: {SAID}" in response.text
    assert response.text.count("The file cannot be loaded") == 2  # the summary and the field's own problem
    assert len(response.data) < 100_000 and lookups == []


def test_the_sheet_form_with_a_flooded_hidden_field_says_one_problem(client, lookups):
    """What a loaded file carries in the form (`more`) is a customisation too, checked by the same model."""
    more = json.dumps({"avoid": ["x"] * 1000})
    response = client.post("/diets/low-fodmap/sheet", data={"action": "download", "more": more})
    assert response.status_code == 400
    assert "Foods moved to avoid: 1000 entries, more than any document uses: give at most 200" in response.text
    assert "unknown food" not in response.text and lookups == []


def test_the_spanish_load_page_says_it_in_spanish(client, lookups):
    response = client.post("/diets/low-fodmap/load", query_string={"hl": "es"}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(flood().encode()), "saved.yaml")})
    assert response.status_code == 400
    assert (f"No se puede cargar el archivo: saved.yaml:2:1: avoid: {HUGE} entradas, más de las que usa cualquier "
            f"documento: indique como máximo {MAX_ENTRIES} (cada entrada se comprueba cuando no haya más)"
            in response.text)
    assert lookups == []


@pytest.mark.parametrize(("old", "key"), [
    ("eliminate: [fodmap]", "eliminate"),
    ("  citations: [vasant2021bsgibs, lacy2021acgibs, lomer2023lowfodmap]", "basis.citations"),
    ("  order: [fructans, gos, lactose, excess-fructose, sorbitol, mannitol]", "reintroduction.order"),
])
def test_a_plans_lists_are_capped_too(write, lookups, old, key):
    """A plan file (data/diets, command line only) had no cap: 30,000 categories to leave out took seconds and
    listed 30,000 problems. Its lists hold at most 6 entries; over 200, one problem at the list, and no rule
    looks an entry up."""
    shipped = (ROOT / "data" / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8")
    line = 1 + shipped.splitlines().index(old)
    name = old.split(":")[0]
    flooded = f"{name}: [{','.join('x' for _ in range(PLAN_MAX + 1))}]"
    plan = write("diets/low-fodmap.yaml", shipped.replace(old, flooded))
    result = run("validate", plan)
    assert_clean_exit(result, 1)
    problems = [said for said in result.stderr.splitlines() if said.startswith(str(plan))]
    column = 1 + len(name) - len(name.lstrip())
    assert problems == [f"{plan}:{line}:{column}: {key}: {PLAN_MAX + 1} entries, more than any document uses: give "
                        f"at most {PLAN_MAX} (each entry is checked once there are no more)"], problems
    assert lookups == []


TOPIC = ROOT / "data" / "topics" / "leaky-gut.yaml"


def test_a_topics_lists_are_capped_too(write):
    """A topic had no cap: 5,000 citations in one list listed 5,000 problems. Its longest list has 20 entries;
    over CONTENT_ENTRIES, one problem at the list, in the words a plan's and a customisation's cap use."""
    shipped = TOPIC.read_text(encoding="utf-8")
    old = "        citations: [delbo2021maple]"  # the first recommendation's
    line = 1 + shipped.splitlines().index(old)
    flooded = f"        citations: [{','.join('x' for _ in range(CONTENT_ENTRIES + 1))}]"
    topic = write("topics/leaky-gut.yaml", shipped.replace(old, flooded, 1))
    result = run("validate", topic)
    assert_clean_exit(result, 1)
    problems = [said for said in result.stderr.splitlines() if said.startswith(str(topic))]
    assert problems == [f"{topic}:{line}:9: sections[0].recommendations[0].citations: {CONTENT_ENTRIES + 1} entries, more than any document uses: "
                        f"give at most {CONTENT_ENTRIES} (each entry is checked once there are no more)"], problems


@pytest.mark.parametrize(("model", "data", "key", "count", "limit"), [
    (LocalizedText, {"en": "a", **{f"x{i}": "a" for i in range(CONTENT_ENTRIES)}}, (), CONTENT_ENTRIES + 1,
     CONTENT_ENTRIES),
    (Reference, {"id": "r", "kind": "study", "type": "article-journal", "title": "t",
                 "author": [{"family": "a"}] * (MAX_AUTHORS + 1)}, ("author",), MAX_AUTHORS + 1, MAX_AUTHORS),
    (Reference, {"id": "r", "kind": "study", "type": "article-journal", "title": "t",
                 "supports": ["s"] * (CONTENT_ENTRIES + 1)}, ("supports",), CONTENT_ENTRIES + 1, CONTENT_ENTRIES),
])
def test_shared_types_are_capped_before_their_entries(model, data, key, count, limit):
    """A text's languages and a reference's authors and claims: one error, not one per entry (the language
    keys 'x0'... are not languages, the author names lack 'given': neither is checked)."""
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    assert [(e["loc"], e["msg"]) for e in raised.value.errors()] == [
        (key, f"{count} entries, more than any document uses: give at most {limit} (each entry is checked once "
              "there are no more)")]


# -- the food catalogue, a brand and a patient's details ------------------------------------------------------

FOOD = {"id": "f", "name": "F"}
CATALOGUE = {"categories": [{"id": "c", "kind": "trigger", "name": "C"}],
             "groups": [{"id": "g", "name": "G", "foods": [FOOD]}]}


def _errors(exc: ValidationError) -> list[tuple[tuple, str]]:
    """Each error's place and words, less a list's 'too short after validation' above a failed entry (reports
    leave it out: handouts.validation.problems_from_validation)."""
    return [(e["loc"], e["msg"]) for e in exc.errors() if e["type"] != "too_short"]


def _over(limit: int) -> list[str]:
    return [f"x{i}" for i in range(limit + 1)]


def _catalogue(category: dict | None = None, food: dict | None = None, **top) -> dict:
    return {**CATALOGUE, **({"categories": [{"id": "c", "kind": "trigger", "name": "C", **category}]} if category else {}),
            **({"groups": [{"id": "g", "name": "G", "foods": [{**FOOD, **food}]}]} if food else {}), **top}


@pytest.mark.parametrize(("data", "key", "limit"), [
    (_catalogue(sources=[{"id": "s", "title": "t", "authors": "a", "year": 2000, "URL": "https://s.example"}]
                * (MAX_FOODS + 1)), ("sources",), MAX_FOODS),
    (_catalogue(categories=[{"id": "c", "kind": "trigger", "name": "C"}] * (CONTENT_ENTRIES + 1)), ("categories",),
     CONTENT_ENTRIES),
    (_catalogue(groups=[{"id": "g", "name": "G", "foods": [FOOD]}] * (CONTENT_ENTRIES + 1)), ("groups",),
     CONTENT_ENTRIES),
    (_catalogue(translations={f"x{chr(97 + i // 26)}{chr(97 + i % 26)}": {"status": "draft"}
                              for i in range(CONTENT_ENTRIES + 1)}), ("translations",), CONTENT_ENTRIES),
    (_catalogue(category={"kind": "group", "parts": _over(CONTENT_ENTRIES)}), ("categories", 0, "parts"),
     CONTENT_ENTRIES),
    (_catalogue(category={"keywords": _over(MAX_KEYWORDS)}), ("categories", 0, "keywords"), MAX_KEYWORDS),
    (_catalogue(category={"kind": "allergen", "aliases": _over(MAX_KEYWORDS)}), ("categories", 0, "aliases"),
     MAX_KEYWORDS),
    (_catalogue(category={"source": _over(CONTENT_ENTRIES)}), ("categories", 0, "source", "list"), CONTENT_ENTRIES),
    *((_catalogue(food={key: _over(CONTENT_ENTRIES), "portion": "p"}), ("groups", 0, "foods", 0, key),
       CONTENT_ENTRIES) for key in ("carries", "in_large_portions", "free_of", "swaps")),
    (_catalogue(food={"when_avoiding": dict.fromkeys(_over(CONTENT_ENTRIES), "n")}),
     ("groups", 0, "foods", 0, "when_avoiding"), CONTENT_ENTRIES),
    (_catalogue(food={"source": _over(CONTENT_ENTRIES)}), ("groups", 0, "foods", 0, "source", "list"),
     CONTENT_ENTRIES),
    (_catalogue(food={"source": dict.fromkeys(_over(CONTENT_ENTRIES), "s")}),
     ("groups", 0, "foods", 0, "source", "mapping"), CONTENT_ENTRIES),
    (_catalogue(food={"source": {"fodmap": _over(CONTENT_ENTRIES)}}),
     ("groups", 0, "foods", 0, "source", "mapping", "fodmap", "list"), CONTENT_ENTRIES),
    (_catalogue(food={"unverified": dict.fromkeys(_over(CONTENT_ENTRIES), "n")}),
     ("groups", 0, "foods", 0, "unverified", "mapping"), CONTENT_ENTRIES),
], ids=lambda value: "-".join(map(str, value)) if isinstance(value, tuple) else None)
def test_every_list_and_mapping_of_a_food_catalogue_is_capped(data, key, limit):
    """A catalogue's lists had no cap (only its texts' languages): 30,000 foods in one group took 18 s to
    validate, 30,000 tags on one food listed a problem for each. One error at the list, its entries unchecked."""
    with pytest.raises(ValidationError) as raised:
        FoodCatalogue.model_validate(data)
    assert _errors(raised.value) == [
        (key, f"{limit + 1} entries, more than any document uses: give at most {limit} (each entry is checked once "
              "there are no more)")]


def test_a_catalogues_foods_are_counted_over_all_its_groups():
    """Each group under its cap, more foods than MAX_FOODS between them (or one group over it): one error at
    `groups`, no food checked (the foods here lack their names, and no group's problem is said)."""
    half = MAX_FOODS // 2 + 1
    data = _catalogue(groups=[{"id": f"g{i}", "name": "G", "foods": [{"id": "f"}] * half} for i in range(2)])
    with pytest.raises(ValidationError) as raised:
        FoodCatalogue.model_validate(data)
    assert _errors(raised.value) == [
        (("groups",), f"{2 * half} foods in its groups, more than any document uses: give at most {MAX_FOODS} "
                      "(each entry is checked once there are no more)")]


def test_validate_says_a_catalogues_flooded_list_once_at_its_line(write):
    foods = write("foods/catalogue.yaml", "categories:\n  - {id: c, kind: trigger, name: C}\ngroups:\n  - id: g\n"
                  f"    name: G\n    foods:\n      - id: f\n        name: F\n        carries: [{','.join('x' * 201)}]\n")
    result = run("validate", foods)
    assert_clean_exit(result, 1)
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(foods))]
    assert problems == [f"{foods}:9:9: groups[0].foods[0].carries: 201 entries, more than any document uses: give at "
                        "most 200 (each entry is checked once there are no more)"], problems


def test_a_name_is_searched_once_per_category_not_once_per_keyword(monkeypatch):
    """Each keyword was a pattern of its own, compiled anew past the 512 that `re` keeps: 500 foods against 200
    allergens of 50 keywords took minutes. A name that mentions none is now searched once per category; one that
    does still names the first keyword in the category's list it mentions, as before."""
    searched: list[str] = []
    real = diet_catalogue._word_pattern
    monkeypatch.setattr(diet_catalogue, "_word_pattern", lambda word: searched.append(word) or real(word))
    categories = [Category(id=f"c{i}", kind="allergen", name=f"C{i}", keywords=tuple(f"w{i}k{j}" for j in range(50)))
                  for i in range(200)]
    assert diet_catalogue.named_categories(categories, "plain rice cakes") == {} and searched == []
    milk = Category(id="milk", kind="allergen", name="Milk", keywords=("milk", "cheese", "cream"))
    assert diet_catalogue.named_categories([*categories, milk], "Cheeses and milk") == {"milk": "milk"}
    assert diet_catalogue.named_categories([milk], "cream cheese", free_of=["milk"]) == {}


@pytest.mark.parametrize(("data", "key", "limit"), [
    ({"contact": {"address": [f"line {i}" for i in range(ADDRESS_LINES + 1)]}}, ("contact", "address"),
     ADDRESS_LINES),
    *(({key: {f"x{chr(97 + i // 26)}{chr(97 + i % 26)}": "w" for i in range(CONTENT_ENTRIES + 1)}},
       (key, "mapping"), CONTENT_ENTRIES) for key in ("name", "logo_alt", "emergency", "footer", "clinician_footer")),
], ids=lambda value: "-".join(map(str, value)) if isinstance(value, tuple) else None)
def test_every_list_and_mapping_of_a_brand_is_capped(data, key, limit):
    """A brand's address and its words by language had no cap: 30,000 address lines were valid (and printed)."""
    with pytest.raises(ValidationError) as raised:
        Brand.model_validate({"id": "b", "name": "B", "colors": {"primary": "#1d4e89"}, **data})
    assert [(e["loc"], e["msg"]) for e in raised.value.errors()] == [
        (key, f"{limit + 1} entries, more than any document uses: give at most {limit} (each entry is checked once "
              "there are no more)")]


@pytest.mark.parametrize("key", ["include", "omit"])
def test_a_patients_details_name_at_most_200_items(key):
    """A 64 KiB details file held 9,000 item ids; with `include` and `omit` both long, each was looked for in the
    other (quadratic). The web form, the command line and batch all build this model."""
    with pytest.raises(ValidationError) as raised:
        Personalisation.model_validate({key: [f"x{i}" for i in range(CONTENT_ENTRIES + 1)]})
    assert [e["loc"] for e in raised.value.errors()] == [(key,)]
    assert "201 entries, more than any document uses: give at most 200" in raised.value.errors()[0]["msg"]
