"""A practice serving several languages and regions: texts keyed by a region, dates for English
outside the US, Spanish for US patients.

Texts are keyed by language alone ('es:'); the locale's region decides dates, paper and the
emergency number. A regional key ('es-MX:', 'pt-BR:') used to load and then never print: the
document looked for 'es' and printed the English, or refused it as missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from cliutil import assert_clean_exit, run


def _spanish_keyed_as(path: Path, key: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(\s*)es:", rf"\1{key}:", text), encoding="utf-8")


def test_a_text_keyed_by_a_region_is_refused_where_it_is_with_the_key_to_write(clinic: Path) -> None:
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    _spanish_keyed_as(topic, "es-MX")
    result = run("validate", "data/topics/leaky-gut.yaml")
    assert_clean_exit(result, 1)
    lines = result.output.splitlines()
    title = next(line for line in lines if ": patient_title.es-MX: " in line)
    assert re.match(r"data/topics/leaky-gut\.yaml:\d+:\d+: ", title), title
    assert "key texts by their language alone, 'es:'" in title and "(--lang es-MX" in title
    assert any(": translations.es-MX: " in line for line in lines)  # the record too: it would match nothing


def test_a_regionally_keyed_text_no_longer_prints_english_in_its_place(clinic: Path) -> None:
    _spanish_keyed_as(clinic / "data" / "topics" / "leaky-gut.yaml", "es-US")
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es-US", "--brand", "riverside",
                 "-o", clinic / "es.pdf")
    assert result.exit_code != 0
    assert "key texts by their language alone, 'es:'" in result.output
    assert not (clinic / "es.pdf").exists()


def test_a_brand_word_keyed_by_a_region_is_refused_too(clinic: Path) -> None:
    brand = clinic / "data" / "brands" / "riverside.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("\n  es: Riverside Family Practice ·",
                                                               "\n  es-US: Riverside Family Practice ·"),
                     encoding="utf-8")
    result = run("validate", "data/brands/riverside.yaml")
    assert_clean_exit(result, 1)
    assert re.search(r"data/brands/riverside\.yaml:\d+:\d+: footer\.es-US: 'es-US': key texts by their "
                     r"language alone, 'es:'", result.output), result.output


def test_approving_a_regional_translation_names_the_language_to_approve(clinic: Path) -> None:
    result = run("approve", "data/topics/leaky-gut.yaml", "--lang", "es-MX", "--reviewer", "Dr Ada Lane")
    assert_clean_exit(result, 2)
    assert "--lang es (one 'es' translation serves every region)" in result.output
