"""Two brands with the same content are equal, whichever file each was read from, and each still says its
warnings at its own file.

Reproduction: a loaded brand remembers its file (a private attribute, where its warnings are said); pydantic
compares private attributes, so a copy of brands/b.yaml saved as brands/c.yaml loaded unequal to it, and so did
the documents' inputs holding them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.inputs import TopicInputs
from handouts.loading import load_brand, load_topic
from handouts.views.frame import brand_view

ROOT = Path(__file__).resolve().parent.parent
LIGHT = "id: b\nname: B\ncolors:\n  primary: '#ffcc00'\ncontact: {phone: 555-0100}\n"


@pytest.fixture
def two_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    for folder in ("one", "two"):
        (tmp_path / folder / "brands").mkdir(parents=True)
        (tmp_path / folder / "brands" / "b.yaml").write_text(LIGHT, encoding="utf-8")
    return tmp_path / "one" / "brands" / "b.yaml", tmp_path / "two" / "brands" / "b.yaml"


def test_the_same_brand_from_two_files_is_equal_and_hashes_alike(two_copies: tuple[Path, Path]) -> None:
    ctx = Context.default()
    one, two = (load_brand(path, ctx) for path in two_copies)
    assert one == two and not one != two
    assert hash(one) == hash(two) and len({one, two}) == 1
    topic = load_topic(ROOT / "data" / "topics" / "leaky-gut.yaml", ctx)
    assert TopicInputs(topic, one, two_copies[0].parent) == TopicInputs(topic, two, two_copies[0].parent)


def test_each_copy_still_says_its_warnings_at_its_own_file(two_copies: tuple[Path, Path]) -> None:
    ctx = Context.default()
    one, two = (load_brand(path, ctx) for path in two_copies)
    said = [str(brand_view(brand, None).warnings[0]) for brand in (one, two)]
    assert said[0].startswith("one/brands/b.yaml:4:3: warning: colors.primary: #ffcc00"), said
    assert said[1].startswith("two/brands/b.yaml:4:3: warning: colors.primary: #ffcc00"), said


def test_another_content_is_another_brand(two_copies: tuple[Path, Path]) -> None:
    ctx = Context.default()
    two_copies[1].write_text(LIGHT.replace("#ffcc00", "#1d4e89"), encoding="utf-8")
    one, two = (load_brand(path, ctx) for path in two_copies)
    assert one != two and one != one.model_copy(update={"paper": "a4"})
    assert one.__eq__("b") is NotImplemented


def test_a_brand_with_words_in_each_language_hashes_as_it_compares(tmp_path: Path) -> None:
    """hash(brand) raised "TypeError: unhashable type: 'dict'" for a brand with words by language (the shipped
    default's name), while such brands compared equal by content: a set of them, or a cache keyed by one,
    failed. Equal brands hash alike, whichever order their languages are written in."""
    ctx = Context.default()
    shipped = ROOT / "data" / "brands" / "default.yaml"
    text = shipped.read_text(encoding="utf-8")
    (tmp_path / "brands").mkdir()
    turned = tmp_path / "brands" / "default.yaml"
    turned.write_text(text.replace("  en: Your care team\n  es: Su equipo de salud\n",
                                   "  es: Su equipo de salud\n  en: Your care team\n"), encoding="utf-8")
    one, two = load_brand(shipped, ctx), load_brand(turned, ctx)
    assert list(one.name) != list(two.name)  # the languages in another order: the same words
    assert one == two and hash(one) == hash(two) and len({one, two}) == 1
    other = one.model_copy(update={"name": {"en": "Our care team", "es": "Su equipo de salud"}})
    assert other != one and len({one, other}) == 2


def test_a_documents_inputs_hash_as_they_compare(two_copies: tuple[Path, Path]) -> None:
    """`TopicInputs` and `DietInputs` raised "unhashable type: 'dict'" (a topic's texts by language), while the
    views they make, the brand and the context hash by value: equal inputs hash alike, other content differs."""
    from handouts import documents

    ctx = Context.default()
    one = documents.topic_inputs("leaky-gut", two_copies[0], ctx)
    two = replace(one, topic=one.topic.model_copy(deep=True), brand=load_brand(two_copies[1], ctx))
    assert one == two and hash(one) == hash(two) and len({one, two}) == 1
    edited = replace(one, topic=one.topic.model_copy(update={"id": "leaky-gut-2"}))
    assert edited != one and len({one, edited}) == 2
    diet = documents.diet_inputs("low-fodmap", None, two_copies[0], ctx)
    again = replace(diet, plan=diet.plan.model_copy(deep=True))
    assert diet == again and hash(diet) == hash(again) and len({diet, again}) == 1
