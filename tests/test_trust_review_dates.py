"""`handouts approve` records a review that has happened, not one dated ahead.

Reproduction: `approve --reviewed` took any date, so a review dated next month
printed "Reviewed by ... on <that date>" on every page today, a statement the
paper cannot make yet.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cliutil import run
from samples import copy_of


@pytest.mark.parametrize("extra", [(), ("--lang", "es")])
def test_a_review_dated_after_today_is_refused_and_nothing_written(tmp_path, extra):
    path = copy_of(tmp_path)
    before = path.read_bytes()
    ahead = (date.today() + timedelta(days=1)).isoformat()
    later = (date.today() + timedelta(days=400)).isoformat()
    args = ("--next-review", later) if not extra else extra
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", ahead, *args)
    assert result.exit_code == 2, result.output
    assert f"--reviewed {ahead} is after today" in result.stderr
    assert path.read_bytes() == before


def test_a_review_recorded_today_or_after_the_fact_is_accepted(tmp_path):
    path = copy_of(tmp_path)
    today = date.today()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", (today - timedelta(days=3)).isoformat(),
                 "--next-review", (today + timedelta(days=365)).isoformat())
    assert result.exit_code == 0, result.output
