"""`handouts brand new`: a practice's brand from a few answers, written valid or not at all.

The answers are checked as they are given (a colour that is not #RRGGBB, a logo
that is not an SVG, PNG or JPEG file); the brand is then validated by the same rules
as any brand file before anything is written. The logo is copied into the brand's
own folder, which is the only place a brand may load files from.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.atomic import write_atomic
from handouts.brand_rules import is_web_address
from handouts.errors import ContentError, Problem, ResourceError, UsageError, display_path
from handouts import logo_fit
from handouts.inputfile import InputRefused, read_bytes, too_large, why_not_a_file
from handouts.logo_fit import LogoNotFitted
from handouts.models.brand import hex_colour
from handouts.patterns import SLUG_PATTERN

if TYPE_CHECKING:
    from handouts.loading import FileContext

DEFAULT_ACCENT = "#5b6770"


@dataclass(frozen=True)
class BrandAnswers:
    id: str
    name: str
    phone: str | None
    address: tuple[str, ...]
    primary: str
    accent: str
    logo: Path | None
    logo_alt: str | None
    paper: str
    locale: str = "en-US"
    """Its patients' language and region: the brand's plain-string words (logo_alt) are in it."""


def slug(name: str) -> str:
    """An id from a practice name: 'Sunny Side Clinic' → 'sunny-side-clinic'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "practice"


def check_id(value: str) -> str:
    value = value.strip()
    if not re.match(SLUG_PATTERN, value):
        raise UsageError(f"'{value}' is not a valid id: use lower-case letters and digits joined by '-', "
                         "e.g. 'sunny-clinic'")
    return value


def check_colour(value: str) -> str:
    try:
        return hex_colour(value).lower()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _dropped_path(value: str) -> Path:
    """The path typed, or dropped onto the terminal: a file dragged in arrives quoted
    ('/home/me/Our logo.png') or with its spaces escaped (/Users/me/Our\\ logo.png). The
    path as typed wins when it names a file."""
    import shlex

    path = Path(value).expanduser()
    if path.is_file():
        return path
    try:
        words = shlex.split(value)
    except ValueError:  # an unbalanced quote: not a shell word, so take it as typed
        return path
    return Path(words[0]).expanduser() if len(words) == 1 else path


def check_logo(value: str) -> Path | None:
    """An SVG, PNG or JPEG file that will print (the checks render makes: handouts.logo); '' for none."""
    from handouts import logo

    if not value.strip():
        return None
    path = _dropped_path(value.strip())
    if not path.is_file() and is_web_address(value):
        raise UsageError(f"'{value.strip()}' is a web address, and handouts never fetches from the web: save the "
                         "picture from the website (right-click it, 'Save image as') and give the saved file's path")
    if os.path.lexists(path) and not path.is_file():  # a link loop or to nothing, a folder: not 'no file'
        raise UsageError(f"'{value.strip()}' {why_not_a_file(path)}; give the path of an SVG, PNG or JPEG file, "
                         "or leave it empty")
    if not path.is_file():
        raise UsageError(f"no file '{value.strip()}'; give the path of an SVG, PNG or JPEG file, or leave it empty")
    if path.suffix.lower() not in logo.SUFFIXES:
        raise UsageError("a logo must be an SVG, PNG or JPEG file (.svg, .png, .jpg)")
    if logo_fit.is_raster(path):  # a picture larger than print needs is shrunk as it is copied (make)
        try:
            logo_fit.raster_size(path)
            damaged = logo.damage(read_bytes(path, logo_fit.MAX_INPUT_BYTES, "a logo to shrink"))
        except (logo_fit.LogoNotFitted, InputRefused, OSError) as exc:
            reason = str(exc) if isinstance(exc, (logo_fit.LogoNotFitted, InputRefused)) else (
                f"cannot be read ({exc.strerror})")
            raise UsageError(f"'{value.strip()}' {reason}") from None
        if damaged:  # asked again now, by its own name: the copy was refused after every answer, as 'logo.png'
            raise UsageError(f"'{value.strip()}' {damaged}")
        return path
    if path.stat().st_size > logo.MAX_BYTES:
        raise UsageError(f"'{value.strip()}' {too_large(path.stat().st_size, logo.MAX_BYTES, 'a logo')}")
    found = logo.problems(path)
    if found:
        raise UsageError(f"'{value.strip()}' would not print: " + "; ".join(found))
    return path


def check_locale(value: str) -> str:
    """A language and its region, 'pt-BR': the region decides the emergency number, dates and paper,
    so a bare language (which would take the US's) is asked again with the region."""
    from handouts.locale import parse

    tag = parse(value).tag  # a malformed tag, or an area of several countries, is explained there
    if "-" not in value.strip().replace("_", "-"):
        language = value.strip().lower()
        raise UsageError(f"give the country too, e.g. '{language}-{_example_region(language)}': it decides the "
                         "emergency number, the dates and the paper")
    return tag


def _example_region(language: str) -> str:
    return {"en": "US", "es": "MX", "pt": "BR", "fr": "CA"}.get(language, "US")


def default_logo_alt(name: str, tag: str) -> str | None:
    """The logo's default description in the brand's own language (a plain string in the brand file is
    read as that language); None when the tool has no words in it, so the person writes one."""
    from handouts import i18n
    from handouts.locale import parse

    where = parse(tag)
    if not i18n.has_language(where.language):
        return None
    return i18n.words(where).gettext("%(name)s logo", name=" ".join(name.split()))


def locale_note(paper: str, home: str | None, brand_locale: str) -> str | None:
    """A paper size that says the practice is elsewhere than the locale its documents will print in:
    the locale, not the paper, decides the emergency number and the dates (a UK practice answering
    a4 in a workspace left at en-US printed 'In an emergency, call 911' on A4). `home`: the
    workspace's locale, which beats the brand's; `brand_locale`: the new brand's."""
    from handouts.locale import parse

    where = parse(home or brand_locale)
    if paper == where.paper:
        return None
    number = f"'call {where.emergency_number}'" if where.emergency_number else "no emergency number"
    example = "en-GB" if paper == "a4" else "en-US"
    if home is None:
        return (f"note: this brand's locale is {where.tag}, so its documents print {number} for an emergency and "
                f"{where.tag} dates, whatever their paper; if the practice is not in that region, change its "
                f"locale in the brand file (e.g. locale: {example})")
    return (f"note: this workspace's locale is {where.tag}, so every brand's documents print {number} for an "
            f"emergency and {where.tag} dates, whatever their paper; if the practice is not in that region, set "
            f"its locale in handouts.toml (e.g. locale = \"{example}\")")


def to_yaml(answers: BrandAnswers, logo_rel: str | None) -> str:
    """The brand file, in the shipped brands' layout, with a note on where it came from."""
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    data = CommentedMap()
    data["id"] = answers.id
    data["name"] = answers.name
    data["locale"] = answers.locale
    if logo_rel:
        data["logo"] = logo_rel
        data["logo_alt"] = answers.logo_alt or default_logo_alt(answers.name, answers.locale) or answers.name
    data["colors"] = {"primary": answers.primary, "accent": answers.accent}
    contact: dict[str, object] = {}
    if answers.address:
        contact["address"] = list(answers.address)
    if answers.phone:
        contact["phone"] = answers.phone
    if contact:
        data["contact"] = contact
    data["paper"] = answers.paper
    # The name on one line: a comment ends at any line break, and the YAML reader takes
    # U+2028, U+2029 and NEL for one, so what followed would be read as keys of the brand.
    shown = " ".join(answers.name.split())
    data.yaml_set_start_comment(
        f"Brand for {shown}, made by `handouts brand new`. Edit it freely: see the README's\n"
        "brand section for every key (emergency line, footer, website, email), and check it with\n"
        f"`handouts validate {answers.id}`. Logo paths are relative to this file's folder."
    )
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def make(answers: BrandAnswers, brands_dir: Path, ctx: FileContext,
         force: bool = False) -> tuple[Path, list[Problem], str | None]:
    """Write brands_dir/<id>.yaml (and the logo into brands_dir/<id>/); return it, its warnings and
    what was done to the logo (a picture larger than print needs is shrunk: handouts.logo_fit).

    Nothing is written unless the brand validates; an existing brand is replaced
    only with `force`.
    """
    from handouts.loading import validate
    from handouts.yamlsource import parse

    target = brands_dir / f"{answers.id}.yaml"
    if target.exists() and not force:
        raise UsageError(f"{display_path(target)} exists; choose another id, or use --force to replace it")
    logo_rel = None
    logo_target = None
    if answers.logo is not None:
        logo_rel = f"{answers.id}/logo{answers.logo.suffix.lower()}"
        logo_target = brands_dir / logo_rel
    text = to_yaml(answers, logo_rel)
    made_folder = logo_target is not None and not logo_target.parent.exists()
    note = None
    try:
        if logo_target is not None and answers.logo is not None:
            from handouts.logo import MAX_BYTES

            limit = logo_fit.MAX_INPUT_BYTES if logo_fit.is_raster(answers.logo) else MAX_BYTES
            copied = logo_fit.fitted(answers.logo, read_bytes(answers.logo, limit, "a logo"))
            note = copied.note
            write_atomic(logo_target, copied.data)
        warnings: list[Problem] = []
        validate(parse(text, display_path(target)), "brand", ctx.for_file(target), warnings)
        write_atomic(target, text.encode("utf-8"))
    except (ContentError, InputRefused, OSError, LogoNotFitted) as exc:
        if made_folder and logo_target is not None:
            shutil.rmtree(logo_target.parent, ignore_errors=True)
        if isinstance(exc, LogoNotFitted) and answers.logo is not None:
            raise UsageError(f"'{display_path(answers.logo)}' {exc}") from None
        if isinstance(exc, InputRefused) and answers.logo is not None:
            raise exc.at(display_path(answers.logo)) from None
        if isinstance(exc, OSError):
            raise ResourceError(f"cannot write: {exc.strerror or exc}", where=display_path(target)) from None
        raise
    return target, warnings, note
