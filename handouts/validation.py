"""Turn pydantic errors and rule findings into located problems."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from handouts.errors import ContentError, Problem
from handouts.models.common import SLUG_PATTERN
from handouts.yamlsource import Loc, Source

if TYPE_CHECKING:
    from handouts.models.diet import DietPlan
    from handouts.models.diet_catalogue import FoodCatalogue

M = TypeVar("M", bound=BaseModel)
RuleFinding = tuple[Loc, str] | tuple[Loc, str, Literal["error", "warning"]]
"""A rule's finding: where (a path into the data), what is wrong and, optionally, "warning"
for something that prints but deserves a look (an error otherwise)."""

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


def _data_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Keep the parts of pydantic's loc that name real keys and items.

    pydantic adds union-member tags (e.g. 'tuple[...]', 'function-after[...]') to
    locs; they mean nothing to an editor. A final part that is missing from the
    data (a required key) is kept, so the message can name it.
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
        elif index == len(loc) - 1 and isinstance(part, str) and not part.endswith("]"):
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


def _message(error: Any, root: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        model = model_at(root, loc[:-1])
        valid = _keys(model) if model and not issubclass(model, RootModel) else []
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; valid keys here: {', '.join(valid)}" if valid else ""
        )
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return f"'{error['input']}' is not a valid id: use lower-case letters and digits joined by '-', e.g. 'leaky-gut'"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]  # our own wording: keep it as written
    return message[:1].lower() + message[1:]


def problems_from_validation(exc: ValidationError, source: Source, root: type[BaseModel]) -> list[Problem]:
    found: dict[tuple[Loc, str], Problem] = {}
    errors = exc.errors(include_url=False)
    # every loc that has a failed loc below it: a set, so this stays linear in the errors
    above_failures = {e["loc"][:cut] for e in errors for cut in range(len(e["loc"]))}
    for error in errors:
        # a list whose items failed also "has too few items after validation": noise
        if error["type"] == "too_short" and error["loc"] in above_failures:
            continue
        loc = _data_loc(error["loc"], source.data)
        message = _message(error, root, loc)
        line, col = source.position(loc)
        found.setdefault((loc, message), Problem(source.path, line, col, format_loc(loc), message))
    return list(found.values())


def problems_from_findings(findings: Iterable[RuleFinding], source: Source) -> list[Problem]:
    out = []
    for finding in findings:
        loc, message = finding[0], finding[1]
        severity = finding[2] if len(finding) > 2 else "error"  # type: ignore[misc]
        line, col = source.position(loc)
        out.append(Problem(source.path, line, col, format_loc(loc), message, severity))
    return out


def validate_model(
    source: Source, model: type[M], rules: Iterable[Rule], ctx: RuleContext, warnings: list[Problem] | None = None,
) -> M:
    """Validate data into `model` and run cross-field rules; raise every problem at once.

    Warnings alone do not fail: they are added to `warnings` when a list is given (as
    `handouts validate` does) and dropped otherwise. With an error, the ContentError
    carries the warnings too. Callers go through handouts.loading.validate, which picks
    the model and rules from the kind."""
    problems: list[Problem] = []
    obj: M | None = None
    try:
        obj = model.model_validate(source.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, source, model))
    for rule in rules:
        problems.extend(problems_from_findings(rule(source.data, ctx), source))
    problems = list(dict.fromkeys(problems))
    if obj is None or any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    if warnings is not None:
        warnings.extend(problems)
    return obj
