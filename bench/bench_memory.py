"""(m) A long-running service's memory: personalised handouts made one after another in one process.

Each side runs in a fresh process and makes `--count` patient handouts (each with its own name
and note, every third in Spanish), as a patient-portal backend would through a day, reading its
resident memory (VmRSS) after a collection at a tenth of the run and at the end:

- ours: handouts.api.patient_handout, PDF bytes returned;
- theirs: bare WeasyPrint (HTML(...).write_pdf with one FontConfiguration) on the HTML ours
  makes for three of those patients, in turn.

A leak in handouts shows as ours growing past theirs: the headline is ours' growth over theirs
(per handout, after the warm-up tenth). Measured here (2026-12, 300 and 150 handouts): both creep
by some 10-35 KB a handout, theirs as much as ours or more, so that creep is WeasyPrint's and
Pango's (and the allocator's), not ours; handouts' own objects grow by a few a handout until its caches of
content hashes and translation states (256 models each, handouts.approval, handouts.per_model) are
full. A memory figure, not a timing: a busy machine changes how long it takes, not the ratio.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from _common import TOPIC, machine, parser, report


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc/self/status (Linux only)")


def run_side(side: str, count: int) -> dict[str, float]:
    """In this process: `count` handouts made by `side`; RSS (MB) at a tenth of the run and at its end."""
    from handouts import api

    def ours(n: int) -> None:
        api.patient_handout(TOPIC, patient_name=f"Patient {n:05d}", notes=f"Note for visit {n}.",
                            visit_date=date(2026, 1, 5), language="es" if n % 3 == 0 else None)

    make = ours
    if side == "theirs":
        import handouts.render  # noqa: F401  WeasyPrint imported as handouts imports it
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        from handouts.resources import asset_dir

        pages = [api.patient_handout(TOPIC, patient_name=f"Patient {n:05d}", notes=f"Note for visit {n}.",
                                     language="es" if n % 3 == 0 else None, format="html").data.decode()
                 for n in range(3)]
        fonts, base = FontConfiguration(), asset_dir("templates").as_uri() + "/"

        def theirs(n: int) -> None:
            HTML(string=pages[n % 3], base_url=base).write_pdf(font_config=fonts)

        make = theirs
    marks: dict[str, float] = {}
    for n in range(1, count + 1):
        make(n)
        if n in (count // 10, count):
            gc.collect()
            marks[str(n)] = rss_mb()
    return marks


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--count", type=int, default=300, help="handouts each side makes (default 300)")
    args.add_argument("--side", choices=["ours", "theirs"], help=argparse_hidden())
    options = args.parse_args()
    count = max(options.count, 30)
    if options.side:
        print(json.dumps(run_side(options.side, count)))
        return
    growth: dict[str, float] = {}
    rows = []
    for side in ("ours", "theirs"):
        done = subprocess.run([sys.executable, __file__, "--side", side, "--count", str(count)],
                              capture_output=True, text=True, check=True)
        marks = json.loads(done.stdout.splitlines()[-1])
        first, last = marks[str(count // 10)], marks[str(count)]
        growth[side] = (last - first) * 1024 / (count - count // 10)
        rows.append((f"{side}: RSS at {count // 10} / {count}", f"{first:.1f} / {last:.1f} MB "
                                                              f"({growth[side]:+.1f} KB a handout)"))
    ratio = growth["ours"] / growth["theirs"] if growth["theirs"] > 0 else float("inf")
    rows += [("growth, ours / theirs", f"{ratio:.2f}"), ("machine", str(machine().get("cpu", "")))]
    report("memory over a long run", rows, {"ratio": round(ratio, 3), "growth_kb": growth, "count": count,
                                            "target": "<= 1.5", "met": ratio <= 1.5}, options.json)


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
