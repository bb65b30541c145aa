"""Turn pydantic errors and rule findings into located problems."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from handouts.dates import date_problem
from handouts.errors import ContentError, Problem
from handouts.models.common import SLUG_PATTERN, TOO_MANY_ENTRIES, TextLang
from handouts.models.shapes import WRONG_SHAPE, described
from handouts.patterns import LANG_PATTERN, TEXT_LANG_PATTERN
from handouts.yamlsource import Loc, Source

if TYPE_CHECKING:
    from handouts.models.diet import DietPlan
    from handouts.models.diet_catalogue import FoodCatalogue

M = TypeVar("M", bound=BaseModel)

DATE_ERRORS = frozenset({"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"})
"""pydantic's error types for a value that is not a date."""


@dataclass(frozen=True)
class Flag:
    """A rule's finding with a lint rule name (and a severity): reported under that rule by lint.

    A warning does not stop content from loading; `handouts validate` prints it and
    `handouts lint` reports it (under `rule`), so a check written once as a rule is
    reported once everywhere.
    """

    loc: Loc
    message: str
    severity: Literal["error", "warning"] = "error"
    rule: str = ""


RuleFinding = tuple[Loc, str] | tuple[Loc, str, Literal["error", "warning"]] | Flag
"""A rule's finding: where (a path into the data), what is wrong and, optionally, "warning"
for something that prints but deserves a look (an error otherwise); a Flag also names its lint rule."""


@dataclass(frozen=True)
class Checked(Generic[M]):
    """Content that loaded, with the warnings found on the way."""

    model: M
    warnings: tuple[Problem, ...] = ()

class RuleContext(Protocol):
    """What a rule may ask of its context (handouts.context.Context is the one in use).

    Rules read no global state: the file being checked, the plan a customisation is
    checked against, the catalogue of the data folders in use and today's date all
    come from here.
    """

    @property
    def file(self) -> Path | None: ...

    @property
    def plan(self) -> DietPlan | None: ...

    @property
    def today(self) -> date: ...

    def try_catalogue(self) -> FoodCatalogue | None: ...

    def base_catalogue(self, path: Path) -> FoodCatalogue | None: ...

    def load_plan(self, name_or_path: str | Path) -> DietPlan: ...


Rule = Callable[[Any, RuleContext], Iterable[RuleFinding]]
"""A cross-field rule over the raw data, so it runs even when the model cannot be built."""


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def is_private(root: type[BaseModel] | None) -> bool:
    """A personalisation's or a customisation's: its messages never repeat what was typed (a name, a date)."""
    return root is not None and bool(root.model_config.get("hide_input_in_errors"))


def ordinal(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _bare(annotation: Any) -> Any:
    """An annotation without Annotated, Optional and the other members of a union that hold nothing."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _bare(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        held = [_bare(a) for a in typing.get_args(annotation) if a is not type(None)]
        return next((a for a in held if typing.get_origin(a) in (dict, tuple, list) or _is_model(a)),
                    held[0] if held else None)
    if _is_model(annotation) and issubclass(annotation, RootModel):
        return _bare(annotation.model_fields["root"].annotation)
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def shown_field(loc: Loc, data: Any, root: type[BaseModel] | None) -> str:
    """`loc` as the field a message names. In a personalisation's or a customisation's, a key typed
    into a mapping (`phase_lengths: {<key>: 2 weeks}`, `test_foods: {<key>: potato}`) is named by its
    place, 'phase_lengths, the 2nd entry': the key may be the patient's (a name typed on the wrong
    line), and the message's line and column point at it. A text's language code ('name.es') is kept."""
    if not is_private(root):
        return format_loc(loc)
    out = ""
    node, annotation = data, _bare(root)
    for part in loc:
        origin = typing.get_origin(annotation)
        if _is_model(annotation) and isinstance(part, str):  # a field's; an unknown key's is said by its message
            out += (", " if out.endswith(" entry") else ".") + part if out else part
            field = next((f for name, f in annotation.model_fields.items() if part in (name, f.alias)), None)
            annotation = _bare(field.annotation) if field is not None else None
        elif isinstance(node, dict) and part in node:  # a key typed into a mapping (a number or a date too)
            args = typing.get_args(annotation) if origin is dict else ()
            language = bool(args) and args[0] == TextLang and re.fullmatch(TEXT_LANG_PATTERN, str(part))
            out += f".{part}" if language else f", the {ordinal(list(node).index(part) + 1)} entry"
            annotation = _bare(args[1]) if len(args) == 2 else None
        elif isinstance(part, int):
            out += f"[{part}]"
            args = typing.get_args(annotation) if origin in (tuple, list) else ()
            annotation = _bare(args[0]) if args else None
        else:  # a required key that is missing: the model's own name
            out += f".{part}" if out else str(part)
            annotation = None
        node = node[part] if isinstance(node, dict | list) and _holds(node, part) else None
    return out


def _holds(node: dict[Any, Any] | list[Any], part: str | int) -> bool:
    return part in node if isinstance(node, dict) else isinstance(part, int) and 0 <= part < len(node)


def _data_loc(loc: tuple[Any, ...], data: Any, missing: bool = False) -> Loc:
    """Keep the parts of pydantic's loc that name real keys and items.

    pydantic adds union-member tags (e.g. 'tuple[...]', 'constrained-str', a shaped
    union's 'text') to locs; they mean nothing to an editor. A final part that is
    missing from the data is kept only when it is what is `missing` (a required key),
    so the message can name it.
    """
    kept: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif missing and index == len(loc) - 1 and isinstance(part, str) and not part.endswith("]"):
            kept.append(part)
    return tuple(kept)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, tuple, list, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list, dict, typing.Literal):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                found.extend(_unwrap(arg))
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (for key suggestions)."""
    current: type[BaseModel] | None = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = next(
            (f for name, f in current.model_fields.items() if part in (name, f.alias)), None
        )
        if field is None:
            return None
        models = _unwrap(field.annotation)
        current = models[0] if models else None
    return current


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


UNSHOWN_KEY = "unknown key, not repeated here"
"""How a patient file's unknown key is told when it is no near miss of a key: 'Sam Rivera: allergic to
peanuts' typed as a line is a name, and the message (and its field) would print it on the terminal."""


def _message(error: Any, root: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    # a personalisation's or a customisation's: its messages never quote what was typed (a name, a date)
    private = is_private(root)
    quoted = "" if private else f"'{error.get('input')}' "
    if kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        model = model_at(root, loc[:-1])
        valid = _keys(model) if model and not issubclass(model, RootModel) else []
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; valid keys here: {', '.join(valid)}" if valid else ""
        )
        if private and not close:  # a misspelt key is quoted; anything else might be the patient's
            return f"{UNSHOWN_KEY} (it may hold the patient's details){hint}"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return (f"{quoted or 'this '}is not a valid id: use lower-case letters and digits joined by '-', "
                "e.g. 'leaky-gut'")
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == LANG_PATTERN:
        return f"{quoted or 'this '}is not a language code: write one like 'en', 'es' or 'pt-BR'"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == TEXT_LANG_PATTERN:
        return regional_key_problem(str(error["input"])) if not private else (
            "this key is not a language code: write one like 'en', 'es' or 'pt'")
    if kind == WRONG_SHAPE:  # a shaped union's own words (handouts.models.shapes), and what was given
        return f"{error['msg']}, not {described(error['input'], quote=not private)}"
    if kind == "string_type":
        return f"give text here, not {described(error['input'], quote=not private)}"
    if kind in ("tuple_type", "list_type"):  # pydantic's 'input should be a valid tuple' names a Python type
        return f"give a list here, as [first, second], not {described(error['input'], quote=not private)}"
    if kind in DATE_ERRORS:  # pydantic's words ('invalid character in year') say nothing of how to write one
        return date_problem(str(error["input"])) or f"{error['msg'][:1].lower()}{error['msg'][1:]}"
    if kind == "decimal_parsing":
        return f"{quoted or 'this '}is not a number"
    if kind == "literal_error" and loc[-1:] == ("paper",) and isinstance(error.get("input"), str):
        from handouts.papers import did_you_mean_paper  # 'a5': the size meant, which no spelling relates

        return f"{error['msg'][:1].lower()}{error['msg'][1:]}{did_you_mean_paper(error['input'])}"
    message = error["msg"]
    if private and isinstance(error.get("input"), str) and error["input"]:
        # our own wording may quote what was typed ("'4 weekz' is not a length"): not a patient's
        message = message.replace(f"'{error['input']}'", "this")
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]  # our own wording: keep it as written
    return message[:1].lower() + message[1:]


def regional_key_problem(key: str) -> str:
    """Why a text keyed by a region ('pt-BR:') is refused, and the key to write instead.

    A document looks its texts up by language alone, so a regional key would never print.
    """
    language, _, region = key.replace("_", "-").partition("-")
    language, region = language.lower(), region.upper()
    if region and re.fullmatch(LANG_PATTERN, f"{language}-{region}"):
        return (f"'{key}': key texts by their language alone, '{language}:' (one text serves every region); "
                f"the region ({region}) comes from the locale (--lang {language}-{region}, the brand's or the "
                "workspace's), and decides dates, paper and the emergency number"
                + ("; the content's `language: en-GB` says which spelling its English is in" if language == "en" else ""))
    return f"'{key}' is not a language code: write one like 'en', 'es' or 'pt'"


def problems_from_validation(exc: ValidationError, source: Source, root: type[BaseModel]) -> list[Problem]:
    found: dict[tuple[Loc, str], Problem] = {}
    errors = exc.errors(include_url=False)
    # every loc that has a failed loc below it: a set, so this stays linear in the errors
    above_failures = {e["loc"][:cut] for e in errors for cut in range(len(e["loc"]))}
    for error in errors:
        # a list whose items failed also "has too few items after validation": noise
        if error["type"] == "too_short" and error["loc"] in above_failures:
            continue
        loc = _data_loc(error["loc"], source.data, missing=error["type"] == "missing")
        message = _message(error, root, loc)
        line, col = source.position(loc)
        shown = loc[:-1] if message.startswith(UNSHOWN_KEY) else loc  # a key that may be a name: at its line only
        field = shown_field(shown, source.data, root)
        found.setdefault((loc, message), Problem(source.path, line, col, field, message))
    return list(found.values())


def problems_from_findings(
    findings: Iterable[RuleFinding], source: Source, root: type[BaseModel] | None = None,
) -> list[Problem]:
    """`root`: the model the data is for, so a personalisation's or customisation's typed keys are not named."""
    out = []
    for finding in findings:
        if isinstance(finding, Flag):
            flag = finding
        else:
            severity = finding[2] if len(finding) > 2 else "error"  # type: ignore[misc]
            flag = Flag(finding[0], finding[1], severity)
        line, col = source.position(flag.loc)
        field = shown_field(flag.loc, source.data, root)
        out.append(Problem(source.path, line, col, field, flag.message, flag.severity, flag.rule))
    return out


ModelCheck = Callable[[BaseModel, RuleContext], Iterable[RuleFinding]]
"""A check over the validated model, for what only the built model can tell (e.g. its content hash)."""


def check_model(
    source: Source, model: type[M], rules: Iterable[Rule], ctx: RuleContext, checks: Iterable[ModelCheck] = (),
) -> Checked[M]:
    """Validate data into `model`, run cross-field rules, then (on valid content) model checks.

    Data with a list over its cap gets no rule: the cap's one problem says so, where the rules would
    have looked up every entry (a 60 kB customisation of 30,000 names took seconds and 60,000 problems).

    Warnings alone do not fail: they come back with the model. With an error, the
    ContentError carries every problem, warnings too. Callers go through
    handouts.loading, which picks the model and rules from the kind.
    """
    problems: list[Problem] = []
    obj: M | None = None
    over_cap = False
    try:
        obj = model.model_validate(source.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, source, model))
        over_cap = any(error["type"] == TOO_MANY_ENTRIES for error in exc.errors(include_url=False))
    for rule in () if over_cap else rules:  # a list over its cap (models.common.at_most) is not gone through
        problems.extend(problems_from_findings(rule(source.data, ctx), source, model))
    if obj is not None and not any(p.severity == "error" for p in problems):
        for check in checks:  # e.g. whether an approval still holds: only asked of valid content
            problems.extend(problems_from_findings(check(obj, ctx), source, model))
    problems = list(dict.fromkeys(problems))
    if obj is None or any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return Checked(obj, tuple(sorted(problems)))


def validate_model(
    source: Source, model: type[M], rules: Iterable[Rule], ctx: RuleContext, warnings: list[Problem] | None = None,
) -> M:
    """`check_model` for callers that want the model; its warnings go into `warnings` when given."""
    checked = check_model(source, model, rules, ctx)
    if warnings is not None:
        warnings.extend(checked.warnings)
    return checked.model
