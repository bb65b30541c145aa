"""A batch in a language whose catalogue of the tool's words is unfinished: said once, as render says it.

`handouts render` and `diet` warn that such a catalogue's missing words print in English;
a batch printed hundreds of such handouts without a word. The worker is run in this
process (a spawned one would not see the test's catalogue folder); --check runs here anyway.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from cliutil import assert_clean_exit, run
from handouts.batch.jobs import Job
from handouts.batch.worker import Settings, Worker
from test_locale_reach import _spanish_as, unfinished_portuguese  # noqa: F401 - a fixture

WARNING = "the 'pt' catalogue of the tool's own words lacks"


def _portuguese_rows(clinic: Path, count: int) -> Path:
    _spanish_as(clinic / "data" / "topics" / "leaky-gut.yaml", "pt")
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience,language\n" + "leaky-gut,patient,pt-BR\n" * count, encoding="utf-8")
    return jobs


def test_check_says_once_that_words_print_in_english(clinic, unfinished_portuguese) -> None:  # noqa: F811
    jobs = _portuguese_rows(clinic, 3)
    result = run("batch", jobs, "--check", "--pattern", "{row}.pdf", "--allow-draft")
    assert_clean_exit(result, 0)
    assert result.stderr.count(WARNING) == 1, result.stderr


def test_a_workers_outcome_carries_it(clinic, unfinished_portuguese, monkeypatch) -> None:  # noqa: F811
    weasyprint_log = logging.getLogger("weasyprint")  # a Worker takes WeasyPrint's records: give them back after
    monkeypatch.setattr(weasyprint_log, "propagate", weasyprint_log.propagate)
    monkeypatch.setattr(weasyprint_log, "handlers", list(weasyprint_log.handlers))
    _portuguese_rows(clinic, 1)
    (clinic / "out").mkdir()
    settings = Settings(str(clinic / "out"), date.today(), allow_draft=True, data_dirs=(str(clinic / "data"),))
    topic, brand = clinic / "data" / "topics" / "leaky-gut.yaml", clinic / "data" / "brands" / "default.yaml"
    job = Job("1.pdf", str(topic), str(brand), "patient", "pt-BR", origin="jobs.csv:2")
    outcome = Worker(settings).run(job)
    assert outcome.status == "rendered", outcome.error
    assert sum(WARNING in w for w in outcome.warnings) == 1, outcome.warnings
