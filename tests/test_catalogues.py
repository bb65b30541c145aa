"""Every word the tool prints is in every catalogue: extract fresh and compare with the .po files."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from handouts import i18n
from handouts.locale import parse

ROOT = Path(__file__).resolve().parent.parent
COMPLETE = ("es",)
"""Catalogues that must translate every message. en_GB overrides only the words that differ."""
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@cache
def extracted() -> frozenset[str]:
    """The message ids in the code and templates today, as `make messages` extracts them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "N_": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return frozenset(found)


def catalogue(name: str):  # type: ignore[no-untyped-def]
    with i18n.catalogue_path(name).open("rb") as handle:
        return read_po(handle)


def test_the_tool_extracts_its_words_from_code_and_templates():
    ids = extracted()
    assert {"The main thing to know", "When to get help", "Page %(page)s of %(pages)s",
            "In an emergency, call %(number)s.", "DRAFT TRANSLATION", "%(num)d week"} <= ids


@pytest.mark.parametrize("name", COMPLETE)
def test_a_complete_catalogue_translates_every_message(name):
    cat = catalogue(name)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in cat
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(extracted() - translated)
    assert not missing, f"{name}: untranslated or missing (run `make messages`, then translate): {missing}"


@pytest.mark.parametrize("name", i18n.catalogue_names())
def test_no_catalogue_keeps_messages_the_tool_no_longer_prints(name):
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue(name) if m.id}
    assert not ids - extracted(), f"{name}: obsolete messages (run `make messages`)"


@pytest.mark.parametrize("name", i18n.catalogue_names())
def test_no_catalogue_defines_a_message_twice(name):
    """Babel keeps the last of two entries silently (msgfmt refuses the file); two branches that
    each add the same message must not leave both."""
    text = i18n.catalogue_path(name).read_text(encoding="utf-8")
    ids: list[str] = []
    current: list[str] | None = None
    context = ""
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:] + "\x04"  # the same words in two contexts are two messages
            continue
        if line.startswith("msgid "):
            current = [context, line[6:]]
            context = ""
            ids.append("")
            continue
        if current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            ids[-1] = current[0] + "".join(part.strip().strip('"') for part in current[1:])
            current = None
    counts: dict[str, int] = {}
    for message in ids:
        counts[message] = counts.get(message, 0) + 1
    assert not [m for m, n in counts.items() if n > 1 and m], f"{name}: messages defined twice"


@pytest.mark.parametrize("name", i18n.catalogue_names())
def test_translations_keep_every_placeholder(name):
    for message in catalogue(name):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"num"}
        for text in strings:
            if text:
                assert set(PLACEHOLDER.findall(text)) - {"num"} == wanted, (name, ids[0], text)


def test_spanish_and_british_words_reach_the_documents():
    es, gb, us = (i18n.words(parse(tag)) for tag in ("es-US", "en-GB", "en-US"))
    assert es.gettext("When to get help") == "Cuándo buscar ayuda"
    assert es.ngettext("%(num)d week", "%(num)d weeks", 3) == "3 semanas"
    assert gb.gettext("Call us at %(phone)s if:", phone="01632 960 014") == "Call us on 01632 960 014 if:"
    assert gb.gettext("When to get help") == "When to get help"  # not overridden: the US English id
    assert us.gettext("Call us at %(phone)s if:", phone="555") == "Call us at 555 if:"


def test_a_checkout_compiles_a_po_without_a_build_step(tmp_path, monkeypatch):
    po = tmp_path / "xx" / "LC_MESSAGES" / "handouts.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "When to get help"\nmsgstr "Quand demander de l\'aide"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.has_language("xx")
        assert i18n.translations("xx", "FR").gettext("When to get help") == "Quand demander de l'aide"
    finally:
        i18n.translations.cache_clear()


def test_spanish_conjunctions_follow_the_next_sound():
    es = i18n.words(parse("es-US"))
    assert es.join(["pan", "higos"]) == "pan e higos"
    assert es.join(["leche", "otros"], "or") == "leche u otros"
    assert es.join(["agua", "hielo"]) == "agua y hielo"
