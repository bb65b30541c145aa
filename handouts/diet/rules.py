"""Cross-field rules for the food catalogue, diet plans and customisations.

Like handouts.rules, they run over raw YAML data, so one pass reports every
problem in a file with its location. Rules that need the catalogue or a plan
take them from the context (the data folders in use, the plan a customisation
is checked against), never from global state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from handouts.diet.allergens import allergy_problem, meant_allergens
from handouts.diet.facts import Backing, backing_of, category_backing, fact_keys
from handouts.diet.policy import Exclusions, enjoy_contradictions, entries_text
from handouts.diet.schedule import date_problem
from handouts.diet.suggest import suggestion
from handouts.errors import ContentError, UsageError
from handouts.file_rules import id_names_another_file
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import Category, FoodCatalogue, named_allergens
from handouts.models.diet_sources import FODMAP_RATING
from handouts.rules import error_prone_abbreviations, list_items, no_internal_words, review_rules
from handouts.validation import Flag, Rule, RuleContext, RuleFinding, format_loc
from handouts.yamlsource import Loc

CATALOGUE_BROKEN = (
    "cannot check food and category names: the food catalogue (data/foods/catalogue.yaml) "
    "is missing or has problems; run 'handouts validate data/foods'"
)


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    return list_items(data, key, dict)


def _strings(data: Any, key: str) -> Iterator[tuple[int, str]]:
    return list_items(data, key, str)


def _mapping(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _duplicates(pairs: Iterator[tuple[Loc, Any]], what: str, quote: bool = True) -> Iterator[RuleFinding]:
    """`quote=False`: a customisation's, whose entries are the patient's; both places say which."""
    seen: dict[str, Loc] = {}
    for loc, value in pairs:
        if not isinstance(value, str):
            continue
        if value in seen:
            named = f" '{value}'" if quote else ""
            yield loc, f"duplicate {what}{named} (first at {format_loc(seen[value])})"
        else:
            seen[value] = loc


# --- the food catalogue -------------------------------------------------------------


def catalogue_ids(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    categories = list(_items(data, "categories"))
    groups = list(_items(data, "groups"))
    foods = [((("groups", g, "foods", f), food)) for g, group in groups for f, food in _items(group, "foods")]
    yield from _duplicates(((("categories", i, "id"), c.get("id")) for i, c in categories), "category id")
    yield from _duplicates(((("groups", i, "id"), g.get("id")) for i, g in groups), "group id")
    yield from _duplicates((((*loc, "id"), food.get("id")) for loc, food in foods), "food id")
    category_ids = {c.get("id") for _, c in categories}
    for loc, food in foods:
        if food.get("id") in category_ids:
            yield (*loc, "id"), (
                f"food id '{food['id']}' is also a category id; intolerances name either, so give the food another id"
            )


def _extended(ctx: RuleContext) -> FoodCatalogue | None:
    """The catalogue this file extends (a practice's over the shipped one), if any."""
    return ctx.base_catalogue(ctx.file) if ctx.file is not None else None


def catalogue_references(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    base = _extended(ctx)
    categories: dict[str, dict[str, Any]] = {
        c.id: {"id": c.id, "kind": c.kind, "parts": list(c.parts)} for c in (base.categories if base else ())
    }
    categories.update({c["id"]: c for _, c in _items(data, "categories") if isinstance(c.get("id"), str)})
    concrete = sorted(cid for cid, c in categories.items() if c.get("kind") != "group")
    foods = {f.id for f in base.foods()} if base else set()
    foods |= {
        food["id"]
        for _, group in _items(data, "groups")
        for _, food in _items(group, "foods")
        if isinstance(food.get("id"), str)
    }
    for i, cat in _items(data, "categories"):
        for p, part in _strings(cat, "parts"):
            if part not in categories:
                yield ("categories", i, "parts", p), f"unknown category '{part}'{suggestion(part, categories)}"
            elif part == cat.get("id"):
                yield ("categories", i, "parts", p), "a category cannot be a part of itself"

    for g, group in _items(data, "groups"):
        for f, food in _items(group, "foods"):
            loc: Loc = ("groups", g, "foods", f)
            for key in ("carries", "in_large_portions", "free_of"):
                for t, tag in _strings(food, key):
                    if tag not in categories:
                        yield (*loc, key, t), f"unknown category '{tag}'{suggestion(tag, concrete)}"
                    elif categories[tag].get("kind") == "group":
                        parts = ", ".join(categories[tag].get("parts") or [])
                        yield (*loc, key, t), f"'{tag}' is a group of categories: tag the parts it stands for ({parts})"
                    elif key == "in_large_portions" and categories[tag].get("kind") == "allergen":
                        yield (*loc, key, t), (
                            f"'{tag}' is an allergen: a small portion is no safer for a patient allergic to it, "
                            f"so list it under 'carries'"
                        )
            overlap = set(s for _, s in _strings(food, "carries")) & set(s for _, s in _strings(food, "free_of"))
            for tag in sorted(overlap):
                yield (*loc, "free_of"), f"'{tag}' is in both 'carries' and 'free_of'"
            for key in _mapping(food, "when_avoiding"):
                if key not in categories:
                    yield (*loc, "when_avoiding", key), f"unknown category '{key}'{suggestion(key, categories)}"
                elif categories[key].get("kind") == "group":  # a sheet leaves out the parts: the note never showed
                    parts = ", ".join(categories[key].get("parts") or [])
                    yield (*loc, "when_avoiding", key), (
                        f"'{key}' is a group of categories: give the note under each part it is for ({parts})"
                    )
            for s, swap in _strings(food, "swaps"):
                if swap not in foods:
                    yield (*loc, "swaps", s), f"unknown food '{swap}'{suggestion(swap, foods)}"
                elif swap == food.get("id"):
                    yield (*loc, "swaps", s), "a food cannot be its own swap"


def catalogue_allergen_names(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A food named like an allergen must carry it, or say it is free of it (e.g. coconut milk)."""
    base = _extended(ctx)
    categories = list(base.categories) if base else []
    for _, raw in _items(data, "categories"):
        try:
            categories.append(Category.model_validate(raw))
        except ValidationError:  # reported by the model
            continue
    for g, group in _items(data, "groups"):
        for f, food in _items(group, "foods"):
            name = food.get("name")
            names = [name] if isinstance(name, str) else [v for v in _mapping(food, "name").values() if isinstance(v, str)]
            carries = {s for _, s in _strings(food, "carries")}
            free_of = [s for _, s in _strings(food, "free_of")]
            for text in names:
                for cid, word in named_allergens(categories, text, free_of).items():
                    if cid not in carries:
                        yield ("groups", g, "foods", f, "name"), (
                            f"'{text}' mentions '{word}' but the food does not carry '{cid}': "
                            f"add '{cid}' to 'carries', or to 'free_of' if it truly has none"
                        )


def catalogue_aliases(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """An allergen's other name must stand for that allergen alone, and be no id of its own."""
    base = _extended(ctx)
    own = [(i, c) for i, c in _items(data, "categories") if isinstance(c.get("id"), str)]
    own_ids = {c["id"] for _, c in own}
    allergen_ids = {c.id for c in base.categories if c.kind == "allergen"} if base else set()
    allergen_ids = (allergen_ids - own_ids) | {c["id"] for _, c in own if c.get("kind") == "allergen"}
    claimed: dict[str, str] = {}
    for category in base.categories if base else ():
        if category.id not in own_ids:
            claimed.update((alias, category.id) for alias in category.aliases)
    foods = {f.id for f in base.foods()} if base else set()
    foods |= {f["id"] for _, g in _items(data, "groups") for _, f in _items(g, "foods") if isinstance(f.get("id"), str)}
    for i, cat in own:
        for a, alias in _strings(cat, "aliases"):
            loc: Loc = ("categories", i, "aliases", a)
            if alias in allergen_ids:
                yield loc, f"'{alias}' is an allergen's own id, so it cannot be another word for '{cat['id']}'"
            elif alias in foods:
                yield loc, (
                    f"'{alias}' is a food id: under 'allergies' a food already suggests the allergens it carries"
                )
            elif claimed.get(alias, cat["id"]) != cat["id"]:
                yield loc, f"'{alias}' already stands for '{claimed[alias]}'"
            else:
                claimed[alias] = cat["id"]


def _source_refs(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Each source id a raw `source` value names, with where it stands."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        yield from (((*loc, i), v) for i, v in enumerate(value) if isinstance(v, str))


def catalogue_sources(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Every source id resolves, and every fact of every food is sourced or marked unverified."""
    base = _extended(ctx)
    own_sources = list(_items(data, "sources"))
    yield from _duplicates(((("sources", i, "id"), s.get("id")) for i, s in own_sources), "source id")
    known = sorted({s.id for s in base.sources} if base else set()) + [
        s["id"] for _, s in own_sources if isinstance(s.get("id"), str)
    ]
    kinds: dict[str, Any] = {}
    defaults: dict[str, Backing] = {}
    for category in base.categories if base else ():
        kinds[category.id] = category.kind
        defaults[category.id] = category_backing(base, category.id) or Backing()
    for i, cat in _items(data, "categories"):
        if not isinstance(cat.get("id"), str):
            continue
        note = cat.get("unverified")
        kinds[cat["id"]] = cat.get("kind")
        defaults[cat["id"]] = Backing(
            tuple(v for _, v in _source_refs(cat.get("source"), ())), note if isinstance(note, str) else None
        )
        yield from _unknown_sources(_source_refs(cat.get("source"), ("categories", i, "source")), known)
    rates = "fodmap" in kinds.values()
    for g, group in _items(data, "groups"):
        for f, food in _items(group, "foods"):
            yield from _food_sources(("groups", g, "foods", f), food, known, kinds, defaults, rates)


def _unknown_sources(refs: Iterable[tuple[Loc, str]], known: list[str]) -> Iterator[RuleFinding]:
    for loc, value in refs:
        if value not in known:
            yield loc, f"unknown source '{value}'{suggestion(value, known)}: add it under 'sources'"


def _food_sources(
    loc: Loc, food: dict[str, Any], known: list[str], kinds: dict[str, Any], defaults: dict[str, Backing],
    rates: bool,
) -> Iterator[RuleFinding]:
    """One food's source ids resolve, its per-fact entries name its facts, and no fact lacks backing."""
    source, unverified = food.get("source"), food.get("unverified")
    tags = [t for key in ("carries", "in_large_portions") for _, t in _strings(food, key)]
    keys = fact_keys(tags, kinds.get, rates)
    refs = list(_source_refs(source, (*loc, "source")))
    for key, value in source.items() if isinstance(source, dict) else ():
        refs.extend(_source_refs(value, (*loc, "source", key)))
    yield from _unknown_sources(refs, known)
    for field, entries in (("source", source), ("unverified", unverified)):
        for key in entries if isinstance(entries, dict) else ():
            if key not in keys:
                yield (*loc, field, key), f"'{key}' is not a fact of this food (its facts: {', '.join(keys) or 'none'})"
    missing = [key for key in keys if backing_of(key, source, unverified, defaults.get(key)) is None]
    if missing:
        yield loc, _unbacked(food.get("id"), missing)


def _unbacked(food_id: Any, keys: list[str]) -> str:
    """One finding per food, naming each fact with nothing behind it."""
    tags = [k for k in keys if k != FODMAP_RATING]
    what = []
    if tags:
        what.append(f"its {', '.join(repr(t) for t in tags)} tag{'s' if len(tags) > 1 else ''}")
    if FODMAP_RATING in keys:
        what.append("its FODMAP rating ('fodmap': low, as it carries no FODMAP tag)")
    return (
        f"'{food_id}': no source for {' and '.join(what)}: give the food 'source' (ids under 'sources') or "
        "'unverified' (why there is none), for all its facts or by fact (e.g. 'unverified: {fodmap: ...}')"
        + (", or give the category a 'source' for every food it tags" if tags else "")
    )


# The wording rules topics obey hold for every diet text too: a dietitian's note
# that says "5 cc" or "1000 IU" is as error-prone on a diet sheet as in a handout.
WORDING_RULES: tuple[Rule, ...] = (error_prone_abbreviations, no_internal_words)

CATALOGUE_RULES: tuple[Rule, ...] = (
    catalogue_ids, catalogue_references, catalogue_allergen_names, catalogue_aliases, catalogue_sources,
    review_rules, *WORDING_RULES,
)


# --- diet plans ---------------------------------------------------------------------


def plan_sourced_parts(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    if isinstance(data, dict) and isinstance(data.get("basis"), dict):
        yield ("basis",), data["basis"]
    for i, phase in _items(data, "phases"):
        yield ("phases", i), phase
    if isinstance(data, dict) and isinstance(data.get("reintroduction"), dict):
        yield ("reintroduction",), data["reintroduction"]


def plan_citations(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    known = [r["id"] for _, r in _items(data, "references") if isinstance(r.get("id"), str)]
    yield from _duplicates(((("references", i, "id"), r.get("id")) for i, r in _items(data, "references")), "reference id")
    for loc, part in plan_sourced_parts(data):
        for c, cite in _strings(part, "citations"):
            if cite not in known:
                yield (*loc, "citations", c), f"citation '{cite}' matches no reference id{suggestion(cite, known)}"
        has_cites, has_note = bool(part.get("citations")), bool(part.get("unsupported"))
        if has_cites and has_note:
            yield (*loc, "unsupported"), "give either 'citations' or 'unsupported', not both"
        elif not has_cites and not has_note:
            yield loc, (
                "no source: cite a reference in 'citations', or say why there is no verified source in 'unsupported'"
            )


PHASE_ORDER = ("elimination", "reintroduction", "personalisation")


def plan_phases(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    phases = list(_items(data, "phases"))
    yield from _duplicates(((("phases", i, "id"), p.get("id")) for i, p in phases), "phase id")
    kinds = [p.get("kind") for _, p in phases]
    if phases and kinds[0] != "elimination":
        yield ("phases", 0, "kind"), "the first phase must be the elimination phase"
    for (i, phase), kind in zip(phases, kinds, strict=True):
        if kind not in PHASE_ORDER:
            continue
        if kinds.count(kind) > 1 and kinds.index(kind) != i:
            yield ("phases", i, "kind"), f"only one '{kind}' phase per plan"
        later = [k for k in kinds[:i] if k in PHASE_ORDER and PHASE_ORDER.index(k) > PHASE_ORDER.index(kind)]
        if later:
            yield ("phases", i, "kind"), f"a '{kind}' phase must come before the '{later[0]}' phase"
        if kind == "elimination" and not phase.get("duration"):
            yield ("phases", i), "an elimination phase needs a 'duration'"
        if kind == "reintroduction" and phase.get("duration"):
            yield ("phases", i, "duration"), (
                "a reintroduction phase takes its length from the 'reintroduction' schedule; remove 'duration'"
            )
    has_schedule = isinstance(data, dict) and isinstance(data.get("reintroduction"), dict)
    if has_schedule and "reintroduction" not in kinds:
        yield ("reintroduction",), "there is a reintroduction schedule but no phase of kind 'reintroduction'"
    if not has_schedule and "reintroduction" in kinds:
        yield ("phases", kinds.index("reintroduction")), "a reintroduction phase needs a 'reintroduction' schedule"


def plan_schedule(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    schedule = data.get("reintroduction") if isinstance(data, dict) else None
    if not isinstance(schedule, dict):
        return
    days, portions = schedule.get("days_per_food"), schedule.get("portions")
    if isinstance(days, int) and isinstance(portions, list) and len(portions) != days:
        yield ("reintroduction", "portions"), (
            f"give one portion per test day: {days} test day(s) but {len(portions)} portion(s)"
        )
    yield from _duplicates(((("reintroduction", "order", i), c) for i, c in _strings(schedule, "order")), "category")


def plan_catalogue_names(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    catalogue = ctx.try_catalogue()
    if catalogue is None:
        yield (), CATALOGUE_BROKEN
        return
    categories = [c.id for c in catalogue.categories]
    for i, cid in _strings(data, "eliminate"):
        if not catalogue.has_category(cid):
            yield ("eliminate", i), f"unknown category '{cid}'{suggestion(cid, categories)}"
    eliminated = catalogue.expand(c for _, c in _strings(data, "eliminate") if catalogue.has_category(c))
    schedule = data.get("reintroduction") if isinstance(data, dict) else None
    if not isinstance(schedule, dict):
        return
    for i, cid in _strings(schedule, "order"):
        if not catalogue.has_category(cid):
            yield ("reintroduction", "order", i), f"unknown category '{cid}'{suggestion(cid, categories)}"
        elif (grouped := group_problem(catalogue, cid)) is not None:
            yield ("reintroduction", "order", i), grouped
        elif cid not in eliminated:
            yield ("reintroduction", "order", i), f"'{cid}' is not left out by this plan, so it cannot be brought back"
    order = {c for _, c in _strings(schedule, "order")}
    foods = [f.id for f in catalogue.foods()]
    for cid, food_id in _mapping(schedule, "test_foods").items():
        loc: Loc = ("reintroduction", "test_foods", cid)
        if cid not in order:
            yield loc, f"'{cid}' is not in the reintroduction order"
        yield from _test_food(catalogue, loc, cid, food_id, foods)


def group_problem(catalogue: FoodCatalogue, cid: str) -> str | None:
    """Why a group of categories cannot be tested as one ('polyols'): each of its parts is, in turn."""
    if not (catalogue.has_category(cid) and catalogue.category(cid).kind == "group"):
        return None
    parts = ", ".join(catalogue.category(cid).parts)
    return f"'{cid}' is a group of categories: test its parts one at a time ({parts})"


def _test_food(catalogue: FoodCatalogue, loc: Loc, cid: str, food_id: Any, foods: list[str],
               private: bool = False) -> Iterator[RuleFinding]:
    """`private`: a customisation's, whose unknown id is not repeated (it is the patient's)."""
    if not isinstance(food_id, str):
        return
    if (grouped := group_problem(catalogue, cid)) is not None:
        yield loc, grouped
        return
    if not catalogue.has_food(food_id):
        yield loc, unknown("food", food_id, foods) if private else f"unknown food '{food_id}'{suggestion(food_id, foods)}"
        return
    food = catalogue.food(food_id)
    if catalogue.has_category(cid) and cid not in (*food.carries, *food.in_large_portions):
        yield loc, f"'{food_id}' does not carry '{cid}', so it cannot test it"


def plan_enjoy_consistency(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """No food the plan's sheet lists under 'enjoy' is named like a category the plan leaves out."""
    catalogue = ctx.try_catalogue()
    if catalogue is None:
        return  # plan_catalogue_names reports it
    entries = [(i, cid) for i, cid in _strings(data, "eliminate") if catalogue.has_category(cid)]
    yield from _contradictions(catalogue, entries, catalogue.expand(c for _, c in entries), "this plan")


def _contradictions(
    catalogue: FoodCatalogue, entries: list[tuple[int, str]], eliminated: frozenset[str], who: str
) -> Iterator[RuleFinding]:
    """Findings at each `eliminate` entry whose categories a food under 'enjoy' contradicts."""
    for item in enjoy_contradictions(catalogue, eliminated):
        index = next(i for i, cid in entries if item.category in catalogue.expand([cid]))
        category = catalogue.category(item.category)
        yield ("eliminate", index), (
            f"food '{item.food.id}' ('{item.food.name.get('en')}') would be listed under 'Enjoy', but its name "
            f"mentions '{item.word}', a sign of {category.name.get('en')} ('{item.category}'), which {who} "
            f"leaves out: in the food catalogue tag the food with '{item.category}' (in 'carries', or in "
            f"'in_large_portions' with a 'portion'), or add '{item.category}' to its 'free_of' if it has none"
        )


PLAN_RULES: tuple[Rule, ...] = (
    plan_citations, plan_phases, plan_schedule, plan_catalogue_names, plan_enjoy_consistency, review_rules,
    *WORDING_RULES, id_names_another_file,
)


# --- customisations -----------------------------------------------------------------


def _plan_for(data: Any, ctx: RuleContext) -> tuple[DietPlan | None, RuleFinding | None]:
    name = data.get("plan") if isinstance(data, dict) else None
    if not isinstance(name, str):
        return None, None
    try:
        return ctx.load_plan(name), None
    except UsageError as exc:
        return None, (("plan",), str(exc).replace("no plan", "unknown plan", 1))
    except ContentError:
        return None, (("plan",), f"plan '{name}' has problems; run 'handouts validate' on it")


def unknown(what: str, value: str, choices: list[str]) -> str:
    """'unknown food; did you mean 'grapes'?': a customisation's unknown name is the patient's (a food, an
    allergy, or a line that is not an id at all) and is never repeated; the catalogue's id may be."""
    return f"unknown {what}{suggestion(value, choices) or ': the food catalogue has no such id'}"


def customisation_names(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Every food and category name resolves in the catalogue, with a suggestion when not."""
    catalogue = ctx.try_catalogue()
    if catalogue is None:
        yield (), CATALOGUE_BROKEN
        return
    categories = [c.id for c in catalogue.categories]
    groups = [g.id for g in catalogue.groups]
    # no suggestion ever offers a food that carries what this patient is allergic to
    allergic = meant_allergens(catalogue, (v for _, v in _strings(data, "allergies")))
    foods = [f.id for f in catalogue.foods() if not allergic & set(f.carries)]

    def category(loc: Loc, value: str) -> Iterator[RuleFinding]:
        if catalogue.has_category(value):
            return
        if catalogue.has_food(value):
            yield loc, f"'{value}' is a food, not a category: list it under 'avoid' or 'enjoy'"
        else:
            yield loc, unknown("category", value, categories)

    def food(loc: Loc, value: str) -> Iterator[RuleFinding]:
        if catalogue.has_food(value):
            return
        if catalogue.has_category(value):
            yield loc, f"'{value}' is a category, not a food: list it under 'eliminate' or 'keep'"
        else:
            yield loc, unknown("food", value, foods)

    for key in ("eliminate", "keep"):
        for i, value in _strings(data, key):
            yield from category((key, i), value)
    for key in ("avoid", "enjoy"):
        for i, value in _strings(data, key):
            yield from food((key, i), value)
    for i, value in _strings(data, "allergies"):
        problem = allergy_problem(catalogue, value)
        if problem:
            yield ("allergies", i), problem
    for i, value in _strings(data, "intolerances"):
        if not (catalogue.has_category(value) or catalogue.has_food(value)):
            yield ("intolerances", i), unknown("category or food", value, categories + foods)
    for i, extra in _items(data, "extra_foods"):
        group = extra.get("group")
        if isinstance(group, str) and group not in groups:
            yield ("extra_foods", i, "group"), f"unknown food group{suggestion(group, groups)} (groups: {', '.join(groups)})"
        for key in ("carries", "free_of"):
            for t, value in _strings(extra, key):
                yield from category(("extra_foods", i, key, t), value)
    order = data.get("reintroduction_order") if isinstance(data, dict) else None
    for i, value in _strings(data, "reintroduction_order") if isinstance(order, list) else ():
        yield from category(("reintroduction_order", i), value)
        if (grouped := group_problem(catalogue, value)) is not None:
            yield ("reintroduction_order", i), grouped
    for cid, food_id in _mapping(data, "test_foods").items():
        loc: Loc = ("test_foods", cid)
        if not catalogue.has_category(cid):
            yield from category(loc, cid)
        else:
            yield from _test_food(catalogue, loc, cid, food_id, foods, private=True)


LISTS = ("allergies", "intolerances", "eliminate", "keep", "avoid", "enjoy", "reintroduction_order")
"""A customisation's lists of ids: each id once (twice in the test order would test it twice)."""


def customisation_duplicates(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """An id listed twice in one list: a slip when a file is edited by hand, said where it is."""
    for key in LISTS:
        yield from _duplicates((((key, i), v) for i, v in _strings(data, key)), "entry", quote=False)


def _plain_name(value: str) -> str:
    """A food's name as a reader tells names apart: 'Rice ', 'rice' and 'RICE' are one food."""
    return " ".join(value.casefold().split())


def _names(value: Any) -> list[str]:
    """The texts of a raw name: one string, or one per language."""
    if isinstance(value, str):
        return [value]
    return [v for v in value.values() if isinstance(v, str)] if isinstance(value, dict) else []


def customisation_extra_foods(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """An extra food is a food the catalogue lacks, listed once: one named like a catalogue food (or
    like another extra food) would print twice on the sheet, perhaps once under each heading."""
    catalogue = ctx.try_catalogue()
    known: dict[str, str] = {}
    for food in catalogue.foods() if catalogue is not None else ():
        for text in food.name.root.values():
            known.setdefault(_plain_name(text), food.id)
    seen: dict[str, Loc] = {}
    for i, extra in _items(data, "extra_foods"):
        loc: Loc = ("extra_foods", i, "name")
        for written, text in {_plain_name(t): t for t in reversed(_names(extra.get("name")))}.items():
            if written in known:
                yield loc, (
                    f"'{text}' is the catalogue's food '{known[written]}': list '{known[written]}' under 'avoid' or "
                    "'enjoy' instead of adding it again"
                )
            elif written in seen:
                yield loc, f"duplicate extra food (first at {format_loc(seen[written])})"  # its name: the patient's
            else:
                seen[written] = loc


def customisation_consistency(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Contradictions within the file: a food both avoided and enjoyed, an allergen brought back."""
    if not isinstance(data, dict):
        return
    avoid = {v for _, v in _strings(data, "avoid")}
    intolerant = {v for _, v in _strings(data, "intolerances")}
    for i, value in _strings(data, "enjoy"):
        if value in avoid:
            yield ("enjoy", i), "this entry is under both 'avoid' and 'enjoy'"  # never repeated: the patient's
        elif value in intolerant:
            yield ("enjoy", i), "this entry is under both 'intolerances' and 'enjoy'"
    keep = {v for _, v in _strings(data, "keep")}
    for i, value in _strings(data, "eliminate"):
        if value in keep:
            yield ("eliminate", i), "this entry is under both 'eliminate' and 'keep'"
    catalogue = ctx.try_catalogue()
    if catalogue is not None:
        # which allergy is never said (nor the food that carries it), only where it is listed: a batch
        # report shows these errors at the patient's row
        allergies = _allergy_entries(catalogue, data)
        for i, value in _strings(data, "reintroduction_order"):
            if allergies.covers(catalogue, value):
                listed = entries_text(allergies.listed(catalogue.expand([value])))
                yield ("reintroduction_order", i), f"an allergy of this patient ({listed}): it is never brought back"
        for cid, food_id in _mapping(data, "test_foods").items():
            if isinstance(food_id, str) and catalogue.has_food(food_id) and allergies.excludes(
                food_id, catalogue.food(food_id).carries
            ):
                listed = entries_text(allergies.listed(catalogue.food(food_id).carries, food_id))
                yield ("test_foods", cid), (f"the test food carries an allergy of this patient ({listed}): "
                                          "choose another test food")
    start, follow_up = data.get("start_date"), data.get("follow_up")
    try:
        if start and follow_up and follow_up < start:
            # Not the dates: batch logs and manifests quote this message, and never hold patient details.
            yield ("follow_up",), "the follow-up comes before the start date"
    except TypeError:
        pass  # wrong types are reported by the model


def _allergy_entries(catalogue: FoodCatalogue, data: Any) -> Exclusions:
    """The allergens each entry of a raw file's `allergies` stands for, read leniently (`meant_allergens`)."""
    meant = dict(_strings(data, "allergies"))
    entries = tuple(meant_allergens(catalogue, [meant[i]]) if i in meant else frozenset()
                    for i in range(max(meant, default=-1) + 1))
    return Exclusions(frozenset().union(*entries), entries=entries, field="allergies")


def customisation_dates(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """A start or follow-up date far from today is a typing mistake (9999-12-01), never a plan."""
    if not isinstance(data, dict):
        return
    for key in ("start_date", "follow_up"):
        value = data.get(key)
        if isinstance(value, str):  # a model-valid ISO date written as a string
            try:
                value = date.fromisoformat(value)
            except ValueError:
                continue  # reported by the model
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            problem = date_problem(value, ctx.today)
            if problem:
                yield (key,), problem


def customisation_plan(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Phase names and reintroduction categories fit the plan: the one the context is checking
    against (the plan a sheet is rendered with), else the one the file names."""
    if ctx.plan is not None:
        named = data.get("plan") if isinstance(data, dict) else None
        if isinstance(named, str) and named != ctx.plan.id:
            yield ("plan",), f"this customisation is for plan '{named}', not '{ctx.plan.id}'"
        yield from plan_fit(data, ctx.plan, ctx)
        return
    plan, problem = _plan_for(data, ctx)
    if problem:
        yield problem
    if plan is not None:
        yield from plan_fit(data, plan, ctx)


def plan_fit(data: Any, plan: DietPlan, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Findings for a customisation used with `plan`."""
    if not isinstance(data, dict):
        return
    phase_ids = [p.id for p in plan.phases]
    for pid in _mapping(data, "phase_lengths"):
        if pid not in phase_ids:
            # the key typed is never repeated (it may be the patient's); the plan's own ids may be
            yield ("phase_lengths", pid), (f"not a phase of plan '{plan.id}'{suggestion(pid, phase_ids)} "
                                           f"(phases: {', '.join(phase_ids)})")
        elif plan.phase(pid).kind == "reintroduction":
            yield ("phase_lengths", pid), "the reintroduction phase's length comes from its test schedule; leave it out"
    catalogue = ctx.try_catalogue()
    if catalogue is None:
        return
    eliminated = (catalogue.expand(plan.eliminate) | catalogue.expand(
        v for _, v in _strings(data, "eliminate") if catalogue.has_category(v)
    )) - catalogue.expand(v for _, v in _strings(data, "keep") if catalogue.has_category(v))
    for i, value in _strings(data, "reintroduction_order"):
        if catalogue.has_category(value) and not catalogue.expand([value]) <= eliminated:
            # not repeated: at its entry, and one that is an allergy is an error of its own
            yield ("reintroduction_order", i), "not left out for this patient, so there is nothing to bring back"
    own = [(i, v) for i, v in _strings(data, "eliminate") if catalogue.has_category(v)]
    added = (catalogue.expand(v for _, v in own) - catalogue.expand(plan.eliminate)) & eliminated
    yield from _contradictions(catalogue, own, added, "this customisation")
    if plan.reintroduction is None and data.get("reintroduction_order"):
        yield ("reintroduction_order",), f"plan '{plan.id}' has no reintroduction step"


def customisation_wording(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """The wording rules, but for the dietitian's note: the model checks that as every clinician's note
    to a patient is checked (handouts.models.common.no_error_prone_doses), never quoting it, and '&'
    or '@' is everyday writing there. Nor the patient's and the dietitian's names: a name is no dose
    ('Sam MS Rivera' was refused as magnesium sulfate), and a finding would quote the patient's.
    An extra food's name and portion are the dietitian's free text for this patient, like the note:
    checked for the forms a note is ('.5 cup', '5 cc'), never for '&' ('Gran & Pop rice cakes')."""
    from handouts import ismp
    from handouts.printed import printed_texts

    for rule in WORDING_RULES:
        for finding in rule(data, ctx):
            loc = finding.loc if isinstance(finding, Flag) else finding[0]
            if loc[:1] in (("notes",), ("patient",), ("dietitian",)):
                continue
            if rule is error_prone_abbreviations and loc[:1] == ("extra_foods",):
                continue
            yield finding
    for loc, text in printed_texts(data, references=False):
        if loc[:1] == ("extra_foods",):
            for problem in ismp.notes_problems(text):
                yield Flag(loc, problem, "error", "error-prone-abbreviation")


CUSTOMISATION_RULES: tuple[Rule, ...] = (
    customisation_names, customisation_duplicates, customisation_extra_foods, customisation_consistency, customisation_dates, customisation_plan,
    customisation_wording,
)
