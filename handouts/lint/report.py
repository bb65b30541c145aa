"""Lint output: a report for people (grouped by file, then a summary) and JSON for tools.

The JSON shape is a contract (see JSON_SCHEMA_HELP); add keys, never rename or remove.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from handouts.errors import listed, more_problems
from handouts.lint.runner import FileReport

JSON_VERSION = 1

JSON_SCHEMA_HELP = """\
{"version": 1,
 "files": [{"path": str, "kind": str|null,
            "grade": {"flesch_kincaid": float, "smog": float}|null,
            "spanish": {"fernandez_huerta": float, "szigriszt_pazos": float,
                        "inflesz": str, "grade": int}|null,
            "target": int|null,
            "findings": [{"line": int, "col": int, "rule": str,
                          "severity": "error"|"warning"|"info",
                          "message": str, "field": str}]}],
 "summary": {"files": int, "errors": int, "warnings": int, "info": int,
             "rules": {rule: count}}}"""
"""Shown in `handouts lint --help`. line 0 means the file as a whole; grade is null
for files without English patient text (brands, invalid files)."""


def exit_code(reports: Sequence[FileReport], strict: bool = False) -> int:
    """1 when there are errors (or, with strict, warnings); info never fails a run."""
    errors = sum(r.count("error") for r in reports)
    warnings = sum(r.count("warning") for r in reports)
    return 1 if errors or (strict and warnings) else 0


def summary(reports: Sequence[FileReport]) -> dict[str, Any]:
    rules = Counter(f.rule for r in reports for f in r.findings)
    return {
        "files": len(reports),
        "errors": sum(r.count("error") for r in reports),
        "warnings": sum(r.count("warning") for r in reports),
        "info": sum(r.count("info") for r in reports),
        "rules": dict(sorted(rules.items())),
    }


def to_json(reports: Sequence[FileReport]) -> str:
    files = [
        {
            "path": r.path,
            "kind": r.kind,
            "grade": None if r.grade is None else {
                "flesch_kincaid": r.grade.flesch_kincaid, "smog": r.grade.smog,
            },
            "spanish": None if r.spanish is None else {
                "fernandez_huerta": r.spanish.fernandez_huerta, "szigriszt_pazos": r.spanish.szigriszt_pazos,
                "inflesz": r.spanish.band, "grade": r.spanish.grade,
            },
            "target": r.target,
            "findings": [
                {"line": f.line, "col": f.col, "rule": f.rule, "severity": f.severity,
                 "message": f.message, "field": f.field}
                for f in r.findings
            ],
        }
        for r in reports
    ]
    document = {"version": JSON_VERSION, "files": files, "summary": summary(reports)}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _listed(report: FileReport) -> list[str]:
    """A file's findings, one a line. An invalid file's are its validation problems: the first MAX_LISTED,
    then how many more, as `handouts validate` lists them (a file of thousands of wrong entries listed each);
    a valid file's checks are listed whole. The table counts every finding, and --format json has each."""
    if not any(f.rule == "invalid" for f in report.findings):
        return [str(f) for f in report.findings]
    shown, more = listed(list(report.findings))
    return [str(f) for f in shown] + ([f"{report.path}: {more_problems(more)}"] if more else [])


def to_text(reports: Sequence[FileReport]) -> str:
    """Findings grouped by file (`path:line: rule [severity]: message (field)`), then a summary."""
    out: list[str] = []
    for report in reports:
        if report.findings:
            out.extend(_listed(report))
            out.append("")
    rows = [["file", "grade FK", "SMOG", "es INFLESZ", "target", "errors", "warnings", "info"]]
    for r in reports:
        rows.append([
            r.path,
            f"{r.grade.flesch_kincaid:.1f}" if r.grade else "-",
            f"{r.grade.smog:.1f}" if r.grade else "-",
            f"{r.spanish.szigriszt_pazos:.1f} {r.spanish.band}" if r.spanish else "-",
            str(r.target) if r.target is not None else "-",
            str(r.count("error")), str(r.count("warning")), str(r.count("info")),
        ])
    out.extend(_table(rows, right={1, 2, 4, 5, 6, 7}))
    totals = summary(reports)
    if totals["rules"]:
        out.append("")
        out.extend(_table([["rule", "count"], *([k, str(v)] for k, v in totals["rules"].items())], right={1}))
    out.append("")
    out.append(
        f"{totals['files']} file(s): {totals['errors']} error(s), "
        f"{totals['warnings']} warning(s), {totals['info']} info"
    )
    return "\n".join(out)
