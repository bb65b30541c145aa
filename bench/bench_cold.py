"""(e) A cold `handouts render` of one handout over the `weasyprint` command on the same HTML.

Both are fresh processes, timed wall to wall, alternating, median of N:
- ours: `handouts render leaky-gut --audience patient -o x.pdf` (load and
  validate the YAML, build the view, render the HTML, lay out the PDF);
- theirs: `weasyprint` on the HTML ours renders, given the same stylesheets
  and PDF variant (-s fonts.css -s base.css -s patient.css -s brand.css
  --pdf-variant pdf/ua-1).

Target: ratio <= 1.0. Ours does strictly more work (YAML, validation, views,
Jinja2), so it can only get close by importing less. `python -X importtime`
of our command is summarised below the figures: the biggest imports, by who
owns them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ROOT, TOPIC, handouts_cmd, machine, median, parser, report

BRAND = "default"  # what `handouts render` uses when no --brand is given


def importtime(cmd: list[str]) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the top-level imports of a command."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and len(match.group(2)) <= 2:  # top-level and first-level imports
            rows.append((int(match.group(1)), match.group(2) + match.group(3)))
    return sorted(rows, reverse=True)


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    args = args_parser.parse_args()

    from handouts import documents
    from handouts.html import render_html
    from handouts.render import _brand_css, _font_css
    from handouts.resources import asset_dir

    work = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    view = documents.build_view("patient", documents.topic_inputs(TOPIC, BRAND))
    (work / "in.html").write_text(render_html(view), encoding="utf-8")
    (work / "fonts.css").write_text(_font_css(), encoding="utf-8")
    (work / "brand.css").write_text(_brand_css(view.frame.brand), encoding="utf-8")
    styles = asset_dir("styles")
    weasyprint = Path(sys.executable).parent / "weasyprint"
    theirs = [str(weasyprint), "-u", asset_dir("templates").as_uri() + "/",
              "-s", str(work / "fonts.css"), "-s", str(styles / "base.css"), "-s", str(styles / "patient.css"),
              "-s", str(work / "brand.css"), "--pdf-variant", "pdf/ua-1", str(work / "in.html"),
              str(work / "theirs.pdf")]
    ours = [*handouts_cmd(), "render", TOPIC, "--audience", "patient", "--brand", BRAND,
            "-o", str(work / "ours.pdf")]

    times: dict[str, list[float]] = {"ours": [], "theirs": []}
    for cmd in (ours, theirs):  # warm the OS file cache: "cold" means a new process, not a cold disk
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    for _ in range(args.rounds):
        for name, cmd in (("ours", ours), ("theirs", theirs)):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    ratio = median([a / b for a, b in zip(times["ours"], times["theirs"])])
    result = {"ours_s": median(times["ours"]), "weasyprint_s": median(times["theirs"]), "ratio": ratio,
              "target": "<= 1.0", "met": ratio <= 1.0, "machine": machine()}

    top = importtime(ours)
    owned = [(us, name) for us, name in top if name.strip().startswith("handouts")]
    rows = [
        ("ours", f"{median(times['ours']):.2f} s  (`handouts render {TOPIC} --audience patient`)"),
        ("weasyprint command", f"{median(times['theirs']):.2f} s  (same HTML, stylesheets, PDF/UA)"),
        ("ratio", f"{ratio:.2f}  (median of paired rounds; target <= 1.0: {'met' if ratio <= 1.0 else 'MISSED'})"),
        ("biggest imports of ours", ", ".join(f"{name.strip()} {us / 1000:.0f} ms" for us, name in top[:8])),
        ("of which handouts.*", ", ".join(f"{name.strip()} {us / 1000:.0f} ms" for us, name in owned[:8])),
    ]
    result["imports_ms"] = {name.strip(): us / 1000 for us, name in top[:15]}
    report("(e) cold render over the weasyprint command", rows, result, args.json)


if __name__ == "__main__":
    main()
