"""The diet sheet's view model: exactly what the sheet shows one patient, ready to lay out.

Built by handouts.views.diet; templates/diet.html.j2 lays it out and decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from handouts.i18n import Words
from handouts.views.diet_layout import two_columns
from handouts.views.frame import Frame


@dataclass(frozen=True)
class Passage:
    """A line of text and its language when it is not the sheet's (a dietitian's note in English);
    dir "rtl" when it reads right to left (handouts.views.textdir)."""

    text: str
    lang: str | None = None
    dir: Literal["rtl"] | None = None


@dataclass(frozen=True)
class FoodItem:
    id: str
    name: str
    notes: tuple[str, ...] = ()  # portion, label or "your dietitian's choice" notes
    reasons: tuple[str, ...] = ()  # avoid: plain names of what it carries for this patient
    allergy: bool = False  # avoid: because of this patient's allergy
    swaps: tuple[str, ...] = ()  # avoid: allowed foods to have instead
    contains: tuple[str, ...] = ()  # plain names of every allergen it carries, on every sheet
    contains_text: str = ""  # 'contains peanut', 'contains soy and wheat'; '' for a food with no allergen
    lang: str | None = None  # the name's language when it is not the sheet's (no translation yet)
    fits_line: bool = True  # its box, name and tag fit one line of a food column (views.diet_lead)
    too_wide: bool = False  # a word of its name is wider than a food column: it must break inside (views.diet_lead)


@dataclass(frozen=True)
class SwapLine:
    instead_of: tuple[str, ...]  # avoided foods that share these swaps
    options: tuple[str, ...]  # allowed foods to have instead
    instead_of_text: str = ""  # 'wheat bread or rye bread', in the sheet's language
    options_text: str = ""


@dataclass(frozen=True)
class FoodGroupView:
    id: str
    name: str
    avoid: tuple[FoodItem, ...]
    enjoy: tuple[FoodItem, ...]
    swaps: tuple[SwapLine, ...] = ()  # every swap allowed for this patient
    lang: str | None = None  # the name's language when it is not the sheet's
    enjoy_lead: bool = False  # the first food to enjoy fits on the label's line: bound to it (views.diet_lead)

    @property
    def swap(self) -> SwapLine | None:
        """The swap the sheet prints for this group: the first, so the sheet stays at two pages."""
        return self.swaps[0] if self.swaps else None


@dataclass(frozen=True)
class CategoryLine:
    id: str
    name: str
    about: str | None
    short: str  # for tight spaces: 'lactose', 'GOS'


@dataclass(frozen=True)
class PhaseView:
    number: int
    id: str
    kind: str
    name: str
    summary: str
    instructions: tuple[str, ...]
    length: str | None  # "4 weeks", "30 days"; None = ongoing
    range: str | None  # "2 to 6 weeks" when the plan allows a range
    range_short: str | None  # "2 to 6" when in the unit of `length`, else `range`
    start: date | None
    end: date | None  # inclusive; None = ongoing or no start date
    start_text: str | None  # "Mon, Sep 1, 2025": a step with a start and no end ('From ...')
    days: int | None
    start_short: str | None = None  # "Mon 1 Sep", for tight spaces
    end_short: str | None = None
    start_day: str | None = None  # "1 Sep", for the tightest
    end_day: str | None = None
    range_text: str | None = None  # "Sep 29 – Oct 26, 2025": the dates beside a step's heading


@dataclass(frozen=True)
class ReintroRow:
    kind: str  # "test" | "break"
    test: int  # 1-based test number
    day: int  # 1-based day of the reintroduction step (first day of a break)
    last_day: int  # == day for a test day
    date: date | None
    date_text: str | None
    category: str  # plain name of what is tested
    food: str
    portion: str


@dataclass(frozen=True)
class ReintroTest:
    number: int
    category_id: str
    category: str
    food_id: str
    food: str
    short: str = ""  # the category's short name, for the schedule table
    food_lang: str | None = None  # the food name's language when it is not the sheet's
    days: tuple[ReintroRow, ...] = ()  # the test days, portions rising
    rest: ReintroRow | None = None  # the break days after it (none after the last test)


@dataclass(frozen=True)
class Diary:
    days: tuple[str, ...]
    meals: tuple[str, ...]


@dataclass(frozen=True)
class DietView:
    frame: Frame
    plan_id: str
    title: str
    summary: str
    basis: str
    unproven: str | None  # the plan itself has no verified source: printed as the dietitian's choice
    timing_note: str | None  # some steps have no verified source: their timing is the dietitian's
    sources: tuple[str, ...]  # plain names of guidelines behind a cited plan (no numbers)
    patient: str | None
    dietitian: str | None
    start_date: str | None
    follow_up: str | None
    leave_out: tuple[CategoryLine, ...]
    allergies: tuple[str, ...]
    allergy_write_in: bool  # no allergies named: the patient writes theirs in and checks each food
    intolerances: tuple[str, ...]
    phases: tuple[PhaseView, ...]
    groups: tuple[FoodGroupView, ...]
    tests: tuple[ReintroTest, ...]  # with their days: the schedule as the sheet prints it
    reintroduction: tuple[ReintroRow, ...]  # the same schedule, one row per day or break
    portions: tuple[str, ...]  # the rising portion of each test day
    washout_days: int
    reintro_instructions: tuple[str, ...]
    diary: Diary
    notes: tuple[Passage, ...]
    disclaimer: str
    ratings_note: str | None  # the sheet relies on a food fact with no source: its ratings await review
    warnings: tuple[str, ...]
    leave_out_text: str = ""  # 'gluten, dairy and caffeine', in the sheet's language
    sources_text: str = ""  # the sources joined with 'and' in the sheet's language
    snug: bool = False  # the food lists set closer: documents.render's choice for a sheet past its page target
    closer: bool = False  # half their air given up: tried first, for a sheet a line or two past its target

    @property
    def food_columns(self) -> tuple[tuple[FoodGroupView, ...], tuple[FoodGroupView, ...]]:
        """The groups in two stacks of about equal height, in order: down the left, then the right."""
        return two_columns(self.groups)

    def listed(self, where: str) -> set[str]:
        """Ids of every food under 'avoid' or 'enjoy' (for tests and checks)."""
        return {f.id for g in self.groups for f in getattr(g, where)}


# --- wording ------------------------------------------------------------------------------


def inline(name: str) -> str:
    """A food name inside a sentence: 'Gluten-free bread' → 'gluten-free bread', 'GOS' stays."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def join_names(names: tuple[str, ...], word: str, words: Words | None = None) -> str:
    """'a, b and c' in the sheet's language (English without `words`)."""
    parts = [inline(n) for n in names]
    if words is not None:
        return words.join(parts, word)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"
