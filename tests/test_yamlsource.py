from handouts.errors import ContentError
from handouts.yamlsource import parse

import pytest


def test_positions_are_one_based_for_keys_and_items():
    source = parse("a: 1\nb:\n  - x: 2\n    y: 3\n", "f.yaml")
    assert source.positions[("b",)] == (2, 1)
    assert source.positions[("b", 0)] == (3, 5)
    assert source.positions[("b", 0, "y")] == (4, 5)
    assert source.data == {"a": 1, "b": [{"x": 2, "y": 3}]}


def test_missing_key_points_at_its_parent():
    source = parse("a:\n  b: 1\n", "f.yaml")
    assert source.position(("a", "missing")) == (1, 1)


def test_syntax_error_is_located_without_traceback():
    with pytest.raises(ContentError) as info:
        parse("a:\n  b: 1\n c: 2\n", "f.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("f.yaml", 3)
    assert "YAML syntax" in problem.message


def test_duplicate_keys_are_errors():
    with pytest.raises(ContentError) as info:
        parse("a: 1\na: 2\n", "f.yaml")
    assert info.value.problems[0].line == 2
    assert "duplicate" in info.value.problems[0].message


def test_top_level_must_be_a_mapping():
    with pytest.raises(ContentError, match="mapping"):
        parse("- a\n- b\n", "f.yaml")
