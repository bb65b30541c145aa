"""Which foods one patient may enjoy: the diet sheet's safety policy, over models.

Both the customisation rules (handouts.diet.rules: errors, with locations) and
the sheet's view (handouts.views.diet: placement, with warnings) ask this
module, so "does this food carry an allergy of this patient?" has one answer:

- an allergen of this patient is always left out, whatever the customisation
  says; when the dietitian asked for it, a warning says so;
- a swap is suggested only when the swap itself is allowed for this patient.

Functions here are pure: they return their warnings (plain sentences for the
dietitian) instead of appending to shared state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from handouts.diet.allergens import allergens, allergy_problem
from handouts.diet.errors import DietError
from handouts.models import LocalizedText
from handouts.models.diet import DietPlan
from handouts.models.diet_catalogue import Food, FoodCatalogue, FoodGroup, named_categories
from handouts.models.diet_customisation import DietCustomisation, ExtraFood

Where = Literal["avoid", "enjoy"]
Warnings = tuple[str, ...]


@dataclass(frozen=True)
class Exclusions:
    """Categories (group categories expanded) and single foods a patient does not eat.

    A patient's allergies are allergen categories only (handouts.diet.allergens);
    intolerances may also name single foods.
    """

    categories: frozenset[str] = frozenset()
    foods: frozenset[str] = frozenset()
    entries: tuple[frozenset[str], ...] = ()  # what each entry of the customisation's list stands for
    field: str = ""  # that list's key: warnings point at an entry ('allergies[0]'), never name it

    @classmethod
    def of(cls, catalogue: FoodCatalogue, values: Iterable[str], what: str) -> Exclusions:
        """Every value must name a category or a food; DietError otherwise."""
        cats, foods, entries = set(), set(), []
        for value in values:
            if catalogue.has_category(value):
                cats.add(value)
                entries.append(catalogue.expand([value]))
            elif catalogue.has_food(value):
                foods.add(value)
                entries.append(frozenset([value]))
            else:
                raise DietError(f"{what}: unknown category or food (not repeated here: it is the patient's)")
        return cls(catalogue.expand(cats), frozenset(foods), tuple(entries), what)

    def listed(self, tags: Iterable[str], food_id: str | None = None) -> tuple[str, ...]:
        """The entries ('allergies[0]') that exclude these categories (or this food): how a warning says
        which allergy or intolerance it is about without naming it, as a batch report keeps warnings."""
        wanted = {*tags, food_id} - {None}
        return tuple(f"{self.field}[{i}]" for i, entry in enumerate(self.entries) if entry & wanted)

    def carried(self, tags: Iterable[str]) -> frozenset[str]:
        """The excluded categories among a food's tags."""
        return frozenset(tags) & self.categories

    def excludes(self, food_id: str, tags: Iterable[str]) -> bool:
        """True when a food with these tags is excluded (by a category it carries, or by its id)."""
        return bool(self.carried(tags)) or food_id in self.foods

    def covers(self, catalogue: FoodCatalogue, category_id: str) -> bool:
        """True when a category (or one of its parts) is excluded: it is never brought back."""
        return bool(catalogue.expand([category_id]) & self.categories)


@dataclass(frozen=True)
class PatientRules:
    """What this patient avoids, resolved to concrete catalogue categories and foods."""

    catalogue: FoodCatalogue
    eliminated: frozenset[str]
    allergies: Exclusions
    intolerances: Exclusions
    avoid_foods: frozenset[str] = frozenset()
    enjoy_foods: frozenset[str] = frozenset()
    enjoy_order: tuple[str, ...] = ()  # the customisation's `enjoy`, as listed: warnings point at an entry

    @property
    def avoided_cats(self) -> frozenset[str]:
        return self.eliminated | self.allergies.categories | self.intolerances.categories

    def asked(self, food_id: str) -> Where | None:
        """Where the dietitian placed a catalogue food, if anywhere."""
        if food_id in self.avoid_foods:
            return "avoid"
        return "enjoy" if food_id in self.enjoy_foods else None

    def excluded_by(self, food: Food) -> tuple[str, ...]:
        """The entries of `allergies` and `intolerances` that rule out `food` ('allergies[0]')."""
        return (*self.allergies.listed((*food.carries, *food.in_large_portions), food.id),
                *self.intolerances.listed(food.carries, food.id))

    def safe(self, food: Food) -> bool:
        """Neither an allergy (in any portion) nor an intolerance of this patient: may be a test food."""
        return not (self.allergies.excludes(food.id, (*food.carries, *food.in_large_portions))
                    or self.intolerances.excludes(food.id, food.carries))


def resolve(plan: DietPlan, catalogue: FoodCatalogue, cust: DietCustomisation) -> tuple[PatientRules, Warnings]:
    """This patient's rules for `plan`, and warnings about what the customisation asked."""
    for what, ids in (("eliminate", cust.eliminate), ("keep", cust.keep)):
        for value in ids:
            if not catalogue.has_category(value):
                raise DietError(f"{what}: unknown category (not repeated here: it is the patient's)")
    for what, ids in (("avoid", cust.avoid), ("enjoy", cust.enjoy)):
        for value in ids:
            if not catalogue.has_food(value):
                raise DietError(f"{what}: unknown food (not repeated here: it is the patient's)")
    for value in cust.allergies:
        problem = allergy_problem(catalogue, value)
        if problem:
            raise DietError(f"allergies: {problem}")
    allergies = Exclusions(catalogue.expand(cust.allergies),
                           entries=tuple(catalogue.expand([a]) for a in cust.allergies), field="allergies")
    kept = catalogue.expand(cust.keep)
    left_out = catalogue.expand(plan.eliminate) | catalogue.expand(cust.eliminate)
    rules = PatientRules(
        catalogue=catalogue,
        eliminated=left_out - kept,
        allergies=allergies,
        intolerances=Exclusions.of(catalogue, cust.intolerances, "intolerances"),
        avoid_foods=frozenset(cust.avoid),
        enjoy_foods=frozenset(cust.enjoy),
        enjoy_order=cust.enjoy,
    )
    return rules, _kept_warnings(plan, cust, rules, left_out)


def _kept_warnings(plan: DietPlan, cust: DietCustomisation, rules: PatientRules, left_out: frozenset[str]
                   ) -> Warnings:
    """What `keep` cannot do, at each entry, never repeating it: a category kept may be an allergy or an
    intolerance of this patient, and a batch report and a shared terminal keep these warnings."""
    out: list[str] = []
    for i, cid in enumerate(cust.keep):
        cats = rules.catalogue.expand([cid])
        if cats & rules.allergies.categories:
            out.append(f"keep[{i}]: an allergy of this patient ({entries_text(rules.allergies.listed(cats))}), "
                       "so foods with it stay under 'Leave out'")
        elif not cats & left_out:  # e.g. a file kept from before the plan changed: said, not silently ignored
            out.append(f"keep[{i}]: not left out by plan '{plan.id}', so there is nothing to keep")
    return tuple(out)


def entries_text(entries: Iterable[str]) -> str:
    """'allergies[0]', 'allergies[0] and intolerances[2]': the entries a warning is about."""
    listed = list(dict.fromkeys(entries))
    return ", ".join(listed[:-1]) + (" and " if len(listed) > 1 else "") + (listed[-1] if listed else "")


def category_names(catalogue: FoodCatalogue, cats: Iterable[str], lang: str) -> tuple[str, ...]:
    """Plain names of categories, in the catalogue's order."""
    order = [c.id for c in catalogue.categories]
    return tuple(catalogue.category(c).name.get(lang) for c in sorted(cats, key=order.index))


# --- placing one food -------------------------------------------------------------------


@dataclass(frozen=True)
class FoodFacts:
    """What placing a food needs to know about it: a catalogue food or a patient's extra food."""

    id: str
    name: str  # in the sheet's language
    entry: str  # where the customisation lists it ('enjoy[2]', 'extra_foods[0]'): how warnings point at it,
    # never by its name (an extra food's is typed for this patient) nor by the allergy it carries
    carries: tuple[str, ...] = ()
    in_large_portions: tuple[str, ...] = ()
    portion: LocalizedText | None = None
    when_avoiding: Mapping[str, LocalizedText] = field(default_factory=dict)
    asked: Where | None = None  # where the dietitian placed it, if anywhere
    named: Mapping[str, str] = field(default_factory=dict)  # allergens its name mentions (extra foods only)
    stated: bool = True  # False: an extra food that says neither what it carries nor where to list it

    @classmethod
    def of_food(cls, food: Food, rules: PatientRules, lang: str) -> FoodFacts:
        return cls(
            id=food.id, name=food.name.get(lang), entry=_entry("enjoy", rules.enjoy_order, food.id),
            carries=food.carries,
            in_large_portions=food.in_large_portions, portion=food.portion, when_avoiding=food.when_avoiding,
            asked=rules.asked(food.id),
        )

    @classmethod
    def of_extra(cls, index: int, extra: ExtraFood, catalogue: FoodCatalogue, lang: str) -> FoodFacts:
        name = extra.name.get(lang)
        mentioned = catalogue.named_allergens(name, extra.free_of)
        named = {cid: word for cid, word in mentioned.items() if cid not in extra.carries}
        return cls(
            id=f"extra-{index + 1}", name=name, entry=f"extra_foods[{index}]", carries=_parts(catalogue, extra.carries),
            portion=extra.portion,
            asked=extra.list, named=named, stated="carries" in extra.model_fields_set,
        )


def _entry(key: str, listed: tuple[str, ...], food_id: str) -> str:
    """'enjoy[2]' for a food listed there; the key alone for one that is not."""
    return f"{key}[{listed.index(food_id)}]" if food_id in listed else key


def _parts(catalogue: FoodCatalogue, tags: Iterable[str]) -> tuple[str, ...]:
    """A dietitian's tags with each group of categories replaced by its parts ('polyols' → sorbitol,
    mannitol): what a sheet leaves out is always the parts, so a group tag alone matched nothing
    and put a food that carries polyols under 'Enjoy' on a low-FODMAP sheet."""
    out: list[str] = []
    for tag in tags:
        parts = catalogue.expand([tag])
        out.extend(c.id for c in catalogue.categories if c.id in parts)
        out.extend(sorted(p for p in parts if not catalogue.has_category(p)))
    return tuple(dict.fromkeys(out))


Reason = Literal["allergy", "dietitian", "left-out", "intolerance", "unstated"]


@dataclass(frozen=True)
class Placement:
    """Where a food goes for this patient, and why."""

    where: Where
    reason: Reason | None = None  # None: an ordinary food under 'enjoy'
    categories: tuple[str, ...] = ()  # the allergies or left-out categories it carries, in catalogue order
    notes: tuple[LocalizedText, ...] = ()  # portion and label notes from the catalogue (under 'enjoy')


def place(rules: PatientRules, food: FoodFacts, lang: str) -> tuple[Placement, Warnings]:
    """'avoid' or 'enjoy' for one food; an allergen of this patient is always 'avoid' (in any portion:
    the catalogue rules refuse an allergen under `in_large_portions`, and content that skipped them
    is read as carrying it)."""
    cat = rules.catalogue
    allergy = rules.allergies.carried((*food.carries, *food.in_large_portions, *food.named))
    if allergy or food.id in rules.allergies.foods:
        warnings: Warnings = ()
        # neither the food's name (an extra food's is typed for this patient) nor the allergy: where each
        # is listed, as a batch report and a shared terminal keep these
        listed = entries_text(rules.allergies.listed(allergy, food.id))
        if food.asked == "enjoy":
            warnings = (
                f"{food.entry}: carries an allergy of this patient ({listed}): "
                "listed under 'Leave out' instead, never under 'Enjoy'",
            )
        elif food.named and not rules.allergies.carried((*food.carries, *food.in_large_portions)):
            warnings = (
                f"{food.entry}: its name mentions an allergy of this patient ({listed}): listed under "
                "'Leave out'; add 'carries' or 'free_of' to the food to settle it",
            )
        return Placement("avoid", "allergy", _ordered(cat, allergy)), warnings
    if food.asked == "avoid":
        return Placement("avoid", "dietitian"), ()
    avoided = set(food.carries) & rules.avoided_cats
    intolerant = food.id in rules.intolerances.foods
    if food.asked == "enjoy":
        return Placement("enjoy", "dietitian" if avoided or intolerant else None, notes=_enjoy_notes(rules, food)), ()
    if not food.stated:  # nothing known is not the same as nothing carried
        return Placement("avoid", "unstated"), (
            f"{food.entry}: says neither what it carries nor where to list it: listed under "
            "'Leave out' (ask your dietitian) until you add 'carries' (the categories it carries; "
            "'carries: []' for none of them) or 'list: enjoy'",
        )
    if avoided:
        return Placement("avoid", "left-out", _ordered(cat, avoided)), ()
    if intolerant:
        return Placement("avoid", "intolerance"), ()
    return Placement("enjoy", notes=_enjoy_notes(rules, food)), ()


def _enjoy_notes(rules: PatientRules, food: FoodFacts) -> tuple[LocalizedText, ...]:
    """Portion and label notes for a food under 'enjoy', wherever it is listed there.

    A portion goes with the rating it qualifies: with `in_large_portions`, when one of
    those is left out; alone, always (the food's rating holds only in that portion).
    """
    notes: list[LocalizedText] = []
    if food.portion is not None and (not food.in_large_portions or set(food.in_large_portions) & rules.avoided_cats):
        notes.append(food.portion)
    for category in rules.catalogue.categories:
        if category.id in food.when_avoiding and category.id in rules.avoided_cats:
            notes.append(food.when_avoiding[category.id])
    return tuple(notes)


def _ordered(catalogue: FoodCatalogue, cats: Iterable[str]) -> tuple[str, ...]:
    order = [c.id for c in catalogue.categories]
    return tuple(sorted(cats, key=order.index))


@dataclass(frozen=True)
class Contradiction:
    """A food a sheet would list under 'enjoy' although its name is a sign of a category it leaves out."""

    food: Food
    category: str
    word: str  # the sign in its name


def enjoy_contradictions(catalogue: FoodCatalogue, eliminated: frozenset[str]) -> Iterator[Contradiction]:
    """Catalogue foods that a sheet leaving out `eliminated` (concrete categories) lists under 'enjoy'
    although their name mentions a keyword of one of those ('juice': excess fructose) and the food
    neither carries it (in any portion) nor says it is `free_of` it. (`place` already leaves out
    every food tagged with one.)"""
    rules = PatientRules(catalogue, eliminated, Exclusions(), Exclusions())
    signs = [c for c in catalogue.categories if c.id in eliminated and c.keywords]
    for food in catalogue.foods():
        placement, _ = place(rules, FoodFacts.of_food(food, rules, "en"), "en")
        if placement.where != "enjoy":
            continue
        tagged = {*food.carries, *food.in_large_portions}
        found: dict[str, str] = {}
        for name in food.name.root.values():
            for cid, word in named_categories(signs, name, food.free_of).items():
                found.setdefault(cid, word)
        for cid in _ordered(catalogue, set(found) - tagged):
            yield Contradiction(food, cid, found[cid])


# --- every food, by group ---------------------------------------------------------------


def allergen_tags(catalogue: FoodCatalogue, food: FoodFacts) -> tuple[str, ...]:
    """Every allergen a food carries (or its name mentions), in catalogue order: tagged on every sheet,
    whoever reads it, since a blank sheet does not know its reader's allergies."""
    tags = {*food.carries, *food.in_large_portions, *food.named}
    return tuple(c.id for c in allergens(catalogue) if c.id in tags)


@dataclass(frozen=True)
class PlacedFood:
    food: FoodFacts
    placement: Placement
    swaps: tuple[str, ...] = ()  # under 'avoid': catalogue food ids to have instead, each allowed for this patient
    allergens: tuple[str, ...] = ()  # allergen category ids it carries, whether or not this patient has them


@dataclass(frozen=True)
class PlacedGroup:
    group: FoodGroup
    foods: tuple[PlacedFood, ...]


def place_foods(rules: PatientRules, cust: DietCustomisation, lang: str) -> tuple[tuple[PlacedGroup, ...], Warnings]:
    """Every catalogue and extra food placed, by group, with the swaps allowed for this patient."""
    catalogue = rules.catalogue
    placed: dict[str, list[tuple[FoodFacts, Placement]]] = {g.id: [] for g in catalogue.groups}
    warnings: list[str] = []
    status: dict[str, Where] = {}
    for group in catalogue.groups:
        for food in group.foods:
            facts = FoodFacts.of_food(food, rules, lang)
            placement, found = place(rules, facts, lang)
            placed[group.id].append((facts, placement))
            warnings.extend(found)
            status[food.id] = placement.where
    for index, extra in enumerate(cust.extra_foods):
        if extra.group not in placed:
            raise DietError(f"extra_foods[{index}].group: unknown food group (not repeated here: it is the patient's)")
        facts = FoodFacts.of_extra(index, extra, catalogue, lang)
        placement, found = place(rules, facts, lang)
        placed[extra.group].append((facts, placement))
        warnings.extend(found)

    def swaps_for(food_id: str) -> tuple[str, ...]:
        if not catalogue.has_food(food_id):
            return ()
        return tuple(s for s in catalogue.food(food_id).swaps if status.get(s) == "enjoy")

    groups = tuple(
        PlacedGroup(group, tuple(
            PlacedFood(facts, placement, swaps_for(facts.id) if placement.where == "avoid" else (),
                       allergen_tags(catalogue, facts))
            for facts, placement in placed[group.id]
        ))
        for group in catalogue.groups
    )
    return groups, tuple(warnings)
