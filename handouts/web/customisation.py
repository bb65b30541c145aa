"""The diet form's choices as a customisation file, and a saved file back into the form.

A dietitian saves what the form built as a YAML file on their own machine (the
same file `handouts diet PLAN --customize FILE` reads) and loads it again at
the follow-up visit. The server keeps nothing: the file is made from the form
post and sent back; a loaded file is read from the upload, checked by the very
rules a customisation file gets on the command line, and put back into the
form.

The form shows the common settings. What a file holds beyond them (foods kept,
moved or added, the test order, lengths of later steps, allergies that are
single foods) travels with the form in a hidden field, `more`, is listed on the
page, and is saved again with the rest, so nothing a file said is lost.
"""

from __future__ import annotations

import json
from io import StringIO
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import PurePath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString
from werkzeug.datastructures import FileStorage

from handouts.context import Context
from handouts.errors import ContentError, Problem
from handouts.kinds import CONTENT_KINDS
from handouts.loading import validate
from handouts.locale import language_of
from handouts.models.diet import DietPlan
from handouts.models.diet_customisation import DietCustomisation, PhaseLength
from handouts.web.catalogue import guarded
from handouts.web.forms import FormError, FormProblem
from handouts.web.words import N_, gettext
from handouts.yamlsource import parse

MORE = "more"
"""The hidden form field carrying the settings the form does not show, as JSON."""

FILE_ORDER = "file_order"
"""The hidden form field holding a loaded file's allergies and intolerances in the file's order."""

MAX_ORDER_CHARS = 4000
"""Ids of every allergen and category a catalogue has, with room to spare; more is not an order."""

MAX_FILE_BYTES = CONTENT_KINDS["diet-customisation"].max_bytes
"""The cap `handouts diet --customize` reads a file with (64 KiB): a file the command line takes loads
here too (it was 32 KB, and a file the command line took was refused). A customisation is a few hundred
bytes; the rest is comments. The form post's own cap (web/app.py MAX_FORM_BYTES) leaves room for it."""

CARRIED = frozenset({"eliminate", "keep", "avoid", "enjoy", "extra_foods", "reintroduction_order", "test_foods",
                     "language", "allergies", "intolerances", "phase_lengths"})
"""Keys that may travel in `more`; allergies, intolerances and phase_lengths only for what the form cannot show."""

ORDER = ("plan", "patient", "dietitian", "start_date", "follow_up", "allergies", "intolerances", "eliminate", "keep",
         "avoid", "enjoy", "phase_lengths", "extra_foods", "reintroduction_order", "test_foods", "language", "notes")

LABELS = {"allergies": N_("Allergies (single foods)"), "intolerances": N_("Also left out (single foods)"),
          "eliminate": N_("Also left out"), "keep": N_("Kept from the plan"), "avoid": N_("Foods moved to avoid"),
          "enjoy": N_("Foods moved to enjoy"), "extra_foods": N_("Extra foods"),
          "reintroduction_order": N_("Test order"),
          "test_foods": N_("Test foods"), "phase_lengths": N_("Lengths of later steps"), "language": N_("Language")}


# -- the hidden field ------------------------------------------------------------------


def carried(form: Mapping[str, str]) -> dict[str, Any]:
    """The `more` field of a posted form: a JSON object of carried keys, or a FormError."""
    raw = (form.get(MORE) or "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        value = None
    if not isinstance(value, dict) or not set(value) <= CARRIED or _deeper_than(value, MAX_DEPTH) \
            or not _encodable(value):
        raise FormError([FormProblem("more", gettext("The settings loaded from a file were changed on the way; "
                                                     "load the file again."))])
    return value


MAX_DEPTH = 8
"""A customisation nests four levels at most (extra_foods → a food → its name → a language)."""


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` (looked at without recursion: the checks
    that follow, and the diet library's, recurse, and a deep enough value would exhaust them)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _encodable(value: Any) -> bool:
    """False for text holding half a UTF-16 pair (a lone '\\ud800' in the JSON): no page could show it."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def merged(form_data: Mapping[str, Any], more: Mapping[str, Any]) -> dict[str, Any]:
    """What the form says, plus what it carries: lists joined, lengths joined (the form's win)."""
    data = {**more, **form_data}
    for name in ("allergies", "intolerances"):
        joined = [*form_data.get(name, ()), *more.get(name, ())]
        if joined:
            data[name] = list(dict.fromkeys(joined))
    lengths = {**more.get("phase_lengths", {}), **form_data.get("phase_lengths", {})}
    if lengths:
        data["phase_lengths"] = lengths
    return data


def file_order(custom: DietCustomisation) -> str:
    """A loaded file's allergies and intolerances, in its order, for the form's `file_order` field."""
    return " ".join(dict.fromkeys((*custom.allergies, *custom.intolerances)))


def in_file_order(data: dict[str, Any], order: str) -> dict[str, Any]:
    """Allergies and intolerances in the order the loaded file gave them.

    The form's boxes post in the catalogue's order, so a file saying [sesame, peanut] came back
    as [peanut, sesame] and the next sheet listed them the other way round. A box ticked since
    goes after the file's, in the catalogue's order; the order only sorts what was ticked."""
    rank = {value: i for i, value in enumerate(order[:MAX_ORDER_CHARS].split())}

    def place(value: Any) -> int:
        return rank.get(value, len(rank)) if isinstance(value, str) else len(rank)

    for name in ("allergies", "intolerances"):
        if isinstance(data.get(name), list):
            data[name] = sorted(data[name], key=place)
    return data


def sheet_language(chosen: str, more: Mapping[str, Any], offered: Collection[str]) -> str:
    """The language the sheet prints in: the form's choice (its Language list shows a loaded file's
    language), unless the file said more than that list can: a region of the chosen language
    ('es-MX' for 'es'), or a language the list does not offer (the sheet then says why it cannot)."""
    carried = more.get("language")
    if isinstance(carried, str):
        base = language_of(carried)
        if base == chosen or base not in offered:
            return carried
    return chosen


def encode(more: Mapping[str, Any]) -> str:
    return json.dumps(more, ensure_ascii=False, separators=(",", ":"), sort_keys=True) if more else ""


def summary(more: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) lines that tell the dietitian what the file also says."""
    def text(value: Any) -> str:
        if isinstance(value, Mapping):
            if "name" in value:
                return _plain_text(value["name"])
            return ", ".join(f"{k}: {text(v)}" for k, v in value.items())
        if isinstance(value, list | tuple):
            return ", ".join(text(v) for v in value)
        return str(value)

    return [(gettext(LABELS.get(key, key)), text(more[key])) for key in ORDER if key in more and more[key]]


def _plain_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value)


# -- a file into the form --------------------------------------------------------------


def read_upload(upload: FileStorage | None, plan: DietPlan, ctx: Context) -> DietCustomisation:
    """A posted customisation file, checked as `handouts diet --customize` checks it (ContentError if not)."""
    name = PurePath((upload.filename if upload else "") or "customisation.yaml").name[:80] or "customisation.yaml"
    # the page's own words, in its language: the file's problems below are the diet library's, as the CLI says them
    if upload is None or not upload.filename:
        raise ContentError([Problem(name, 0, 0, "", gettext("choose a customisation file (YAML) to load"))])
    data = upload.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([Problem(name, 0, 0, "", gettext("larger than %(size)s KB: not a customisation file",
                                                            size=MAX_FILE_BYTES // 1024))])
    from handouts.encoding import position, saved_as_utf16

    if saved_as_utf16(data):  # 'not UTF-8' at 1:1, or (saved without its mark) a NUL after every letter
        raise ContentError([Problem(name, 0, 0, "", gettext(
            "saved as UTF-16 (Notepad's 'Unicode' or 'UTF-16 LE'), not UTF-8: save the file as UTF-8 and load it "
            "again"))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:

        raise ContentError([Problem(name, *position(data, exc.start), "",
                                    gettext("not UTF-8 text: save the file as UTF-8 and load it again"))]) from None
    source = guarded(name, lambda: parse(text, name))
    named = source.data.get("plan")
    if named is not None and named != plan.id:
        line, col = source.position(("plan",))
        raise ContentError([Problem(name, line, col, "plan", gettext(
            "this file is for plan '%(named)s', not '%(plan)s': load it on that plan's page", named=str(named),
            plan=plan.id))])
    return guarded(name, lambda: validate(source, "diet-customisation", ctx.with_plan(plan)))  # type: ignore[return-value]


def form_values(custom: DietCustomisation, *, allergens: Collection[str], intolerances: Collection[str],
                first_phase: str | None, languages: Collection[str] = ("en",)) -> tuple[dict[str, Any], dict[str, Any]]:
    """A checked customisation as (the form's values, what the form carries in `more`).

    The file's language is chosen in the form's Language list when the list offers it; only a
    region ('es-MX') or a language it does not offer travels in `more` (see `sheet_language`)."""
    data = _data(custom)
    values: dict[str, Any] = {
        "patient": data.pop("patient", ""), "dietitian": data.pop("dietitian", ""),
        "start_date": _iso(data.pop("start_date", None)), "follow_up": _iso(data.pop("follow_up", None)),
        "notes": data.pop("notes", ""),
    }
    language = data.pop("language", None)
    if language is not None:
        if language_of(language) in languages:
            values["language"] = language_of(language)
        if language != values.get("language"):
            data["language"] = language
    for name, offered in (("allergies", allergens), ("intolerances", intolerances)):
        chosen = data.pop(name, [])
        values[name] = {v for v in chosen if v in offered}
        rest = [v for v in chosen if v not in offered]
        if rest:
            data[name] = rest
    lengths = data.pop("phase_lengths", {})
    values["phase_lengths"] = lengths.pop(first_phase, "") if first_phase else ""
    if lengths:
        data["phase_lengths"] = lengths
    data.pop("plan", None)
    return values, data


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


# -- the form into a file --------------------------------------------------------------


def _data(custom: DietCustomisation) -> dict[str, Any]:
    """The customisation as a file writes it: ids, dates, '3 weeks', English text as plain strings."""
    raw = custom.model_dump(mode="python", exclude_defaults=True)

    def plain(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            if set(value) == {"en"}:
                return value["en"]
            return {k: plain(v) for k, v in value.items()}
        return value

    data = {key: plain(value) for key, value in raw.items()}
    if "phase_lengths" in data:
        data["phase_lengths"] = {phase: str(PhaseLength.model_validate(length))
                                 for phase, length in raw["phase_lengths"].items()}
    return data


def to_yaml(custom: DietCustomisation, plan: DietPlan) -> str:
    """The file `handouts diet PLAN --customize FILE` reads, in the order a dietitian would write it."""
    data = {**_data(custom), "plan": plan.id}
    out = CommentedMap()
    for key in ORDER:
        if key in data and data[key] not in (None, "", [], {}):
            value = data[key]
            out[key] = LiteralScalarString(value) if isinstance(value, str) and "\n" in value else value
    yaml = YAML()
    yaml.default_flow_style = None  # short lists and mappings on one line, as the samples are written
    yaml.width = 100
    stream = StringIO()
    stream.write(f"# Diet customisation for plan '{plan.id}': keep it with the patient's record.\n"
                 f"# Load it again on the plan's page, or: handouts diet {plan.id} --customize THIS-FILE\n")
    yaml.dump(out, stream)
    return stream.getvalue()
