"""(e) A cold `handouts render` of one handout over the `weasyprint` command on the same HTML.

Every run is a fresh process, timed wall to wall, with its CPU time (user + system,
its child processes included) read from wait4. Three commands take turns in each
round, the order rotating, so a drifting machine load weighs on all of them:

- ours: `handouts render leaky-gut --audience patient -o x.pdf` with the content
  cache in use, as for a clinician's second print of a topic that day (the
  benchmark's own cache folder, filled by the warm-up run);
- ours, no cache: the same with HANDOUTS_CACHE=off (the day's first print: YAML
  parse and every rule);
- theirs: `weasyprint` on the HTML ours renders, with the same stylesheets (fonts,
  base, patient, brand, page label) and PDF variant (pdf/ua-1).

The headline is the median over rounds of ours / theirs (paired, wall time);
target <= 1.2. `python -X importtime` of ours is summarised below the figures.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, TOPIC, handouts_cmd, machine, median, parser, report

BRAND = "default"  # what `handouts render` uses when no --brand is given
TARGET = 1.2


def run_timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run; fails loudly."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({process.returncode}):\n{error}")
    return wall, usage.ru_utime + usage.ru_stime


def importtime(cmd: list[str], env: dict[str, str]) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the top-level imports of a command."""
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and len(match.group(2)) <= 2:  # top-level and first-level imports
            rows.append((int(match.group(1)), match.group(2) + match.group(3)))
    return sorted(rows, reverse=True)


def weasyprint_command(work: Path) -> list[str]:
    """The `weasyprint` command on the HTML and stylesheets ours renders with."""
    from handouts import documents
    from handouts.context import Context
    from handouts.html import render_html
    from handouts.render import PAGE_LABEL, _brand_css, _font_css, _page_css
    from handouts.resources import asset_dir

    ctx = Context.default()
    view = documents.build_view("patient", documents.topic_inputs(TOPIC, BRAND, ctx), None, ctx)
    (work / "in.html").write_text(render_html(view), encoding="utf-8")
    (work / "fonts.css").write_text(_font_css(), encoding="utf-8")
    (work / "brand.css").write_text(_brand_css(view.frame.brand), encoding="utf-8")
    (work / "page.css").write_text(_page_css(view.frame.words.gettext(PAGE_LABEL)), encoding="utf-8")
    styles = asset_dir("styles")
    sheets = [work / "fonts.css", styles / "base.css", styles / "patient.css", work / "brand.css", work / "page.css"]
    weasyprint = Path(sys.executable).parent / "weasyprint"
    return [str(weasyprint), "-u", asset_dir("templates").as_uri() + "/",
            *(arg for sheet in sheets for arg in ("-s", str(sheet))),
            "--pdf-variant", "pdf/ua-1", str(work / "in.html"), str(work / "theirs.pdf")]


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--rounds", type=int, default=9, help="runs of each command (default 9)")
    args = args_parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    theirs = weasyprint_command(work)
    ours = [*handouts_cmd(), "render", TOPIC, "--audience", "patient", "--brand", BRAND, "-o", str(work / "ours.pdf")]
    env = {**os.environ, "HANDOUTS_CACHE": str(work / "cache")}
    commands = {
        "ours": (ours, env),
        "ours, no cache": (ours, {**env, "HANDOUTS_CACHE": "off"}),
        "weasyprint": (theirs, env),
    }
    names = list(commands)
    for cmd, cmd_env in commands.values():  # warm the OS file cache and fill the content cache
        run_timed(cmd, cmd_env)
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    loads = [os.getloadavg()[0]]
    for round_ in range(args.rounds):
        for name in names[round_ % 3:] + names[:round_ % 3]:
            seconds, cpu_seconds = run_timed(*commands[name])
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
        loads.append(os.getloadavg()[0])

    def paired(name: str, times: dict[str, list[float]]) -> float:
        return median([a / b for a, b in zip(times[name], times["weasyprint"])])

    ratio, ratio_off = paired("ours", wall), paired("ours, no cache", wall)
    ratio_cpu, ratio_cpu_off = paired("ours", cpu), paired("ours, no cache", cpu)
    result = {
        "ours_s": median(wall["ours"]), "ours_nocache_s": median(wall["ours, no cache"]),
        "weasyprint_s": median(wall["weasyprint"]),
        "ours_cpu_s": median(cpu["ours"]), "ours_nocache_cpu_s": median(cpu["ours, no cache"]),
        "weasyprint_cpu_s": median(cpu["weasyprint"]),
        "ratio": ratio, "ratio_nocache": ratio_off, "ratio_cpu": ratio_cpu, "ratio_cpu_nocache": ratio_cpu_off,
        "target": f"<= {TARGET}", "met": ratio <= TARGET, "rounds": args.rounds,
        "load_during": [min(loads), max(loads)], "machine": machine(),
        "rows": [
            ["(e) cold render / `weasyprint` command, same HTML (content cache in use)", f"{ratio:.2f}",
             f"<= {TARGET}", "met" if ratio <= TARGET else "MISSED"],
            ["    the same, CPU time", f"{ratio_cpu:.2f}", "", "measured"],
            ["    first render of the day (HANDOUTS_CACHE=off): wall, CPU", f"{ratio_off:.2f}, {ratio_cpu_off:.2f}",
             "", "measured"],
        ],
    }

    top = importtime(ours, env)
    owned = [(us, name) for us, name in top if name.strip().startswith("handouts")]

    def line(name: str) -> str:
        spread = f"{min(wall[name]):.2f}-{max(wall[name]):.2f}"
        return f"{median(wall[name]):.2f} s wall ({spread}), {median(cpu[name]):.2f} s CPU"

    ratios = [a / b for a, b in zip(wall["ours"], wall["weasyprint"])]
    rows = [
        ("ours (cache in use)", f"{line('ours')}  `handouts render {TOPIC} --audience patient`"),
        ("ours, HANDOUTS_CACHE=off", line("ours, no cache")),
        ("weasyprint command", f"{line('weasyprint')}  (same HTML, stylesheets, PDF/UA)"),
        ("ratio, wall (headline)", f"{ratio:.2f}  (median of {args.rounds} paired rounds; target <= {TARGET}: "
                                   f"{'met' if ratio <= TARGET else 'MISSED'}); no cache {ratio_off:.2f}"),
        ("ratio, CPU", f"{ratio_cpu:.2f}; no cache {ratio_cpu_off:.2f}"),
        ("spread of wall ratios", f"{min(ratios):.2f}-{max(ratios):.2f}, "
                                  f"stdev {statistics.pstdev(ratios):.2f}"),
        ("load average (1 min) during", f"{min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} CPUs"),
        ("biggest imports of ours", ", ".join(f"{name.strip()} {us / 1000:.0f} ms" for us, name in top[:8])),
        ("of which handouts.*", ", ".join(f"{name.strip()} {us / 1000:.0f} ms" for us, name in owned[:8])),
    ]
    result["imports_ms"] = {name.strip(): us / 1000 for us, name in top[:15]}
    report("(e) cold render over the weasyprint command", rows, result, args.json)


if __name__ == "__main__":
    main()
