"""A diet sheet refused at print names the customisation file and the field's line, as a load's problems do.

Reproduction: `handouts diet --customise c.yaml` with a follow-up already past and no start date said only
'error: follow_up: the follow-up has passed, ...': no file, no line, where every load-time problem of the
same file says 'c.yaml:2:1: follow_up: ...'.
"""

from __future__ import annotations

from datetime import timedelta

from cliutil import assert_clean_exit, run
from handouts import dates


def test_a_past_follow_up_is_refused_at_its_line_in_the_customisation(tmp_path):
    past = dates.today() - timedelta(days=20)
    custom = tmp_path / "customisations" / "c.yaml"
    custom.parent.mkdir()
    custom.write_text(f"plan: low-fodmap\npatient: Zebulon Quixote\nfollow_up: {past.isoformat()}\n",
                      encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    result = run("diet", "--customise", custom, "-o", out)
    assert_clean_exit(result, 1)
    assert ("c.yaml:3:1: follow_up: the follow-up has passed, and no start date says the sheet is for a plan "
            "already under way: check the year, or give the start date") in result.output, result.output
    assert "error: follow_up" not in result.output and not out.exists()
    assert past.isoformat() not in result.output and "Zebulon" not in result.output  # the patient's, unrepeated
    assert run("validate", custom).exit_code == 0  # a saved customisation still validates
