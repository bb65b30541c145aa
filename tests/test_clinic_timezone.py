"""The workspace's `timezone` decides today's date for every entry point: a server kept on UTC for a
clinic eight hours behind must not date documents tomorrow from four in the afternoon.

The clock stands at 03:00 UTC on 10 March 2026: 20:00 on 9 March in Los Angeles, 16:00 on 10 March in
Auckland. A visit date two years ahead of one of those days is in the window on one and not the other,
which every entry point checks against its today, so the day each one took can be seen in its answer.
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from cliutil import run
from handouts import dates, workspace
from handouts.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
INSTANT = datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc)
BEHIND, AHEAD = "America/Los_Angeles", "Pacific/Auckland"
IN_LA, IN_AUCKLAND = date(2026, 3, 9), date(2026, 3, 10)
LATE_VISIT = "2028-03-10"  # two years after Auckland's today; a day too late for Los Angeles'


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(dates, "_instant", lambda: INSTANT)


def _zoned(root: Path, zone: str) -> Path:
    config = root / "handouts.toml"
    text, count = re.subn(r'^(# )?timezone = ".*"$', f'timezone = "{zone}"', config.read_text(encoding="utf-8"),
                          flags=re.MULTILINE)
    assert count == 1  # the line `handouts init` writes, commented out
    config.write_text(text, encoding="utf-8")
    return config


def test_today_is_the_zones():
    assert (dates.today(BEHIND), dates.today(AHEAD), dates.today("UTC")) == (IN_LA, IN_AUCKLAND, IN_AUCKLAND)
    assert dates.now(BEHIND).isoformat() == "2026-03-09T20:00:00-07:00"  # summer time since 8 March


@pytest.mark.parametrize(("written", "words"), [
    ('"America/Los_Angles"', "did you mean 'America/Los_Angeles'?"),
    ('"america/los_angeles"', "did you mean 'America/Los_Angeles'?"),
    ('"PST"', "'PST' is an abbreviation; write the clinic's Region/City"),
    ('"../../etc/passwd"', "no time zone '../../etc/passwd'"),
    ("-8", "write a time zone name"),
])
def test_a_zone_this_computer_does_not_know_is_refused_at_its_line(tmp_path, written, words):
    config = tmp_path / "handouts.toml"
    config.write_text(f'schema = 1\n\ntimezone = {written}\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        workspace.read(config)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (3, "timezone") and words in problem.message, problem.message


def test_the_workspace_context_is_as_of_the_clinics_today(clinic):
    assert workspace.context(workspace.read(_zoned(clinic, BEHIND))).today == IN_LA
    assert workspace.context(workspace.read(_zoned(clinic, AHEAD))).today == IN_AUCKLAND


@pytest.mark.parametrize(("zone", "refused"), [(BEHIND, True), (AHEAD, False)])
def test_the_command_line_checks_a_visit_date_against_the_clinics_today(clinic, zone, refused):
    _zoned(clinic, zone)
    result = run("render", "leaky-gut", "--audience", "patient", "--date", LATE_VISIT, "--format", "html",
                 "-o", "-")
    assert (result.exit_code != 0) == refused, result.output
    assert ("after today (2026-03-09)" in result.output) == refused


@pytest.mark.parametrize(("zone", "refused"), [(BEHIND, True), (AHEAD, False)])
def test_batch_judges_its_rows_as_of_the_clinics_today(clinic, zone, refused):
    _zoned(clinic, zone)
    jobs = clinic / "jobs.csv"
    jobs.write_text(f"topic,audience,brand,output,visit_date\nleaky-gut,patient,default,a.pdf,{LATE_VISIT}\n",
                    encoding="utf-8")
    result = run("batch", str(jobs), "--check", "--allow-draft")
    assert ("after today (2026-03-09)" in result.output) == refused, result.output
    assert (result.exit_code != 0) == refused, result.output


@pytest.mark.parametrize(("zone", "made"), [(BEHIND, "2026-03-09T20:00:00-07:00"),
                                            (AHEAD, "2026-03-10T16:00:00+13:00")])
def test_batch_dates_its_document_references_in_the_clinics_zone(clinic, monkeypatch, zone, made):
    """Their date took the machine's offset (+00:00 on a server kept on UTC) while their creation day
    was the clinic's: a reference made on 9 March in Los Angeles said 10 March 03:00."""
    import json

    from batchutil import install_fake_pool

    install_fake_pool(monkeypatch)
    _zoned(clinic, zone)
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience,brand,output\nleaky-gut,patient,default,a.pdf\n", encoding="utf-8")
    result = run("batch", str(jobs), "--allow-draft", "--document-references")
    assert result.exit_code == 0, result.output
    reference = json.loads((clinic / "out" / "a.fhir.json").read_text(encoding="utf-8"))
    assert reference["date"] == made
    assert reference["content"][0]["attachment"]["creation"] == made


def test_render_dates_its_document_reference_in_the_clinics_zone(clinic):
    _zoned(clinic, BEHIND)
    result = run("render", "leaky-gut", "--audience", "patient", "-o", clinic / "a.pdf", "--fhir", clinic / "a.json")
    assert result.exit_code == 0, result.output
    import json

    assert json.loads((clinic / "a.json").read_text(encoding="utf-8"))["date"] == "2026-03-09T20:00:00-07:00"


def test_the_web_app_dates_its_document_reference_in_the_clinics_zone():
    """The web's download took the machine's offset while its creation day was the clinic's."""
    import json

    from handouts.web import create_app

    response = create_app(timezone=BEHIND).test_client().get("/topics/leaky-gut/clinician/document-reference")
    assert response.status_code == 200
    reference = json.loads(response.get_data(as_text=True))
    assert reference["date"] == "2026-03-09T20:00:00-07:00"
    assert reference["content"][0]["attachment"]["creation"] == "2026-03-09T20:00:00-07:00"


@pytest.mark.parametrize(("zone", "day"), [(BEHIND, IN_LA), (AHEAD, IN_AUCKLAND)])
def test_the_web_forms_start_on_the_clinics_today_and_keep_it(zone, day):
    from handouts.web import create_app

    page = create_app(timezone=zone).test_client().get("/topics/leaky-gut").get_data(as_text=True)
    assert f'name="visit_date" value="{day.isoformat()}"' in page
    assert "data-server-today" not in page  # the clinic's date stands, whatever the browser's says


def test_without_a_zone_the_browser_may_still_move_the_web_form_a_day():
    from handouts.web import create_app

    page = create_app().test_client().get("/topics/leaky-gut").get_data(as_text=True)
    assert 'data-server-today="' in page


@pytest.mark.parametrize(("zone", "refused"), [(BEHIND, True), (AHEAD, False)])
def test_the_python_api_checks_a_visit_date_against_the_clinics_today(clinic, zone, refused):
    from handouts import api
    from handouts.errors import HandoutsError

    config = _zoned(clinic, zone)
    try:
        api.patient_handout("leaky-gut", visit_date=date.fromisoformat(LATE_VISIT), format="html",
                            workspace=config)
    except HandoutsError as exc:
        assert refused and "after today (2026-03-09)" in str(exc)
    else:
        assert not refused


def _reads_the_clock(node: ast.AST) -> bool:
    """date.today, datetime.today, or datetime.now() with no zone: the machine's day, not the clinic's."""
    if isinstance(node, ast.Attribute) and node.attr == "today" and isinstance(node.value, ast.Name):
        return node.value.id in ("date", "datetime") or node.value.id == "dt"
    if isinstance(node, ast.Attribute) and node.attr == "today" and isinstance(node.value, ast.Attribute):
        return node.value.attr in ("date", "datetime")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "now":
        return not node.args and not node.keywords and getattr(node.func.value, "id", "") == "datetime"
    return False


def test_today_is_taken_in_one_place():
    """Any other date.today() would be the machine's day again, for whichever entry point reads it."""
    found = [f"{path.relative_to(ROOT)}:{node.lineno}"
             for path in sorted((ROOT / "handouts").rglob("*.py")) if path.name != "dates.py"
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if _reads_the_clock(node)]
    assert found == []


def test_handouts_serve_serves_the_clinics_today(clinic, monkeypatch):
    from serving import capture_served_app

    _zoned(clinic, BEHIND)
    seen = capture_served_app(monkeypatch)
    result = run("serve", "--port", "0")
    assert result.exit_code == 0, result.output
    assert seen["app"].extensions["handouts"].today() == IN_LA


def test_a_clinic_server_on_utc_without_a_zone_is_told_to_set_one():
    from handouts.web.server import clock_warnings

    (warning,) = clock_warnings(None, serves_others=True, machine_zone="UTC")
    assert 'timezone = "America/Los_Angeles"' in warning and "UTC's day" in warning
    assert clock_warnings(BEHIND, serves_others=True, machine_zone="UTC") == []
    assert clock_warnings(None, serves_others=True, machine_zone="PST") == []  # the machine keeps the clinic's
    assert clock_warnings(None, serves_others=False, machine_zone="UTC") == []  # a laptop, this computer alone


@pytest.mark.parametrize(("zone", "warned"), [(None, True), (BEHIND, False)])
def test_handouts_serve_warns_at_start(clinic, monkeypatch, zone, warned):
    from handouts import users
    from handouts.web import server
    from serving import capture_served_app

    if zone:
        _zoned(clinic, zone)
    users.add(clinic / "users.txt", "alice", "correct horse battery")
    with (clinic / "handouts.toml").open("a", encoding="utf-8") as config:
        config.write('\n[serve]\nusers = "users.txt"\n')
    monkeypatch.setattr(server, "_machine_zone", lambda: "UTC")
    capture_served_app(monkeypatch)
    result = run("serve", "--port", "0")
    assert result.exit_code == 0, result.output
    assert ("names no timezone" in result.output) == warned
