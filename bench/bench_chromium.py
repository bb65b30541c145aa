"""(h) Warm per-document render: our WeasyPrint path over warm headless Chromium, same HTML.

Both render the print HTML of the sample handout (the `leaky-gut` patient
handout, Riverside brand, personalised), the very HTML `handouts render` lays
out, with its stylesheets, fonts and pictograms loaded from the same files:

- ours: `handouts.render.renderer().pdf_from_html(...)`, the call the batch
  worker and the web app make for every document (warm: stylesheets parsed,
  font configuration built; tagged PDF/UA-1);
- Chromium: one long-running headless Chromium (driven through chromedriver)
  loads the same HTML, with the very stylesheet text our renderer parses as
  <style> elements in the same order, waits for its web fonts, and prints
  with `Page.printToPDF` (CSS page size, backgrounds), which is what document
  services such as Gotenberg build on. Untagged: Chromium's default.

Runs alternate (ours, Chromium, ours, ...) after a warm-up of each, and the
headline is the median of the per-pair wall-time ratios, so a change in the
machine's load weighs on both alike. Chromium is several processes, so on an
idle machine wall time is the fair measure; on a loaded one the kernel's
per-thread sharing gives Chromium's dozen threads far more of the CPU than our
one, so CPU time of both (ours: this process; Chromium: the browser, its
renderer and GPU processes, read with psutil) is shown as well, with the load
average at the start and the end. No collection is forced between rounds: our
side pays for garbage collection as the batch worker and the web app do.

Target: ratio <= 1.2. Needs /usr/bin/chromium and chromedriver (Debian:
`apt-get install chromium chromium-driver`, which `make sysdeps-test` does)
and selenium (the test extras).
"""

from __future__ import annotations

import base64
import os
import shutil
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

from _common import BRAND, TOPIC, machine, median, parser, report

BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
PRINT = {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False}


def tools() -> tuple[str, str]:
    """(chromium, chromedriver), or exit non-zero saying how to install them."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    missing = [name for name, found in (("chromium", browser), ("chromedriver", driver)) if not found]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (Python)")
    if missing:
        print(f"bench_chromium: missing {', '.join(missing)}. Install them with\n"
              "  sudo apt-get install chromium chromium-driver   (or: make sysdeps-test, as root)\n"
              "  .venv/bin/pip install -e '.[test]'              (selenium)", file=sys.stderr)
        sys.exit(2)
    assert browser and driver
    return browser, driver


def browser_html(html: str, stylesheets: list[str], base: str) -> str:
    """Our print HTML with the stylesheets our renderer parses, in its order, inside the page.

    `base` (the styles folder) is what those stylesheets' relative url()s resolve against,
    for us and for Chromium alike; every URL in the HTML itself is absolute.
    """
    styles = "\n".join(f"<style>{css}</style>" for css in stylesheets)
    return (html.replace("<head>", f'<head>\n<base href="{escape(base)}">', 1)
            .replace("</head>", styles + "\n</head>", 1))


def sample() -> tuple[Any, str, dict[str, Any], str]:
    """The sample handout's view, its print HTML, the renderer's arguments, and the page Chromium loads."""
    from handouts import documents
    from handouts.glyphs import coverage, visible_text
    from handouts.html import render_html
    from handouts.models import Personalisation
    from handouts.render import PageStyle, renderer
    from handouts.resources import asset_dir

    inputs = documents.topic_inputs(TOPIC, BRAND)
    person = Personalisation.model_validate({"patient_name": "Bench Patient", "visit_date": "2025-07-14"})
    view = documents.build_view("patient", inputs, person)
    frame = view.frame
    html = render_html(view)
    style = PageStyle.of(view)  # what the renderer's layout() would pass
    kwargs = {"kind": frame.kind, "brand": frame.brand, "style": style}
    fonts = coverage(visible_text(html)).system_families
    texts = renderer().stylesheet_texts(frame.kind, frame.brand, fonts, style)
    return view, html, kwargs, browser_html(html, texts, asset_dir("styles").as_uri() + "/")


class Chromium:
    """One warm headless Chromium; `render()` loads the page and prints it, as a document service does."""

    def __init__(self, chromium: str, chromedriver: str, profile: Path, page: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in (*BROWSER_FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        self.service = Service(executable_path=chromedriver)
        self.driver = webdriver.Chrome(service=self.service, options=options)
        self.driver.set_script_timeout(30)
        self.page = page.as_uri()

    def render(self) -> bytes:
        self.driver.get(self.page)  # returns once the page has loaded (images and stylesheets)
        self.driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
        printed = self.driver.execute_cdp_cmd("Page.printToPDF", PRINT)
        return base64.b64decode(printed["data"])

    def cpu_seconds(self) -> float:
        """CPU time of every process of the browser (not chromedriver's)."""
        import psutil

        root = psutil.Process(self.service.process.pid)
        total = 0.0
        for process in root.children(recursive=True):
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def quit(self) -> None:
        self.driver.quit()


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    args_parser = parser(__doc__)
    args_parser.add_argument("--rounds", type=int, default=30, help="timed pairs (default 30)")
    args = args_parser.parse_args()
    chromium, chromedriver = tools()
    load_start = os.getloadavg()[0]

    from handouts.render import renderer

    work = Path(tempfile.mkdtemp(prefix="bench-chromium-"))
    view, html, kwargs, page_html = sample()
    page = work / "handout.html"
    page.write_text(page_html, encoding="utf-8")
    r = renderer()

    def ours() -> bytes:
        return r.pdf_from_html(html, **kwargs).data

    browser = Chromium(chromium, chromedriver, work / "profile", page)
    try:
        outputs = {"ours": ours(), "chromium": browser.render()}
        for _ in range(3):  # warm-up: caches filled, code paths compiled, on both sides
            ours()
            browser.render()
        wall: dict[str, list[float]] = {"ours": [], "chromium": []}
        cpu: dict[str, list[float]] = {"ours": [], "chromium": []}
        for round_ in range(args.rounds):
            # alternate which goes first, so neither always follows the other's garbage
            order = ("ours", "chromium") if round_ % 2 == 0 else ("chromium", "ours")
            for name in order:  # no gc.collect() between: ours collects as it does in production
                if name == "ours":
                    start_cpu, start = time.process_time(), time.perf_counter()
                    ours()
                    wall[name].append(time.perf_counter() - start)
                    cpu[name].append(time.process_time() - start_cpu)
                else:
                    start_cpu, start = browser.cpu_seconds(), time.perf_counter()
                    browser.render()
                    wall[name].append(time.perf_counter() - start)
                    cpu[name].append(browser.cpu_seconds() - start_cpu)
    finally:
        browser.quit()
        shutil.rmtree(work / "profile", ignore_errors=True)  # keep the PDFs and the page, not the profile

    ratio = median([a / b for a, b in zip(wall["ours"], wall["chromium"])])
    best = min(wall["ours"]) / min(wall["chromium"])
    cpu_ratio = median(cpu["ours"]) / median(cpu["chromium"])
    sizes = {name: len(data) for name, data in outputs.items()}
    pages = {name: _pages(data) for name, data in outputs.items()}
    for name, data in outputs.items():
        (work / f"{name}.pdf").write_bytes(data)
    result = {
        "ours_s": median(wall["ours"]), "chromium_s": median(wall["chromium"]),
        "ours_cpu_s": median(cpu["ours"]), "chromium_cpu_s": median(cpu["chromium"]),
        "ratio": ratio, "ratio_best": best, "ratio_cpu": cpu_ratio, "sizes": sizes, "pages": pages,
        "target": "<= 1.2", "met": ratio <= 1.2, "machine": machine(), "load_start": load_start,
    }

    def ms(name: str) -> str:
        return (f"{median(wall[name]) * 1000:.1f} ms wall  ({median(cpu[name]) * 1000:.1f} ms CPU)  "
                f"{sizes[name] / 1024:.1f} kB, {pages[name]} pages")

    report("(h) warm per document, ours / headless Chromium, same HTML", [
        ("document", f"{TOPIC} patient handout, brand {BRAND}, personalised"),
        ("ours (renderer, PDF/UA-1)", ms("ours")),
        ("Chromium (Page.printToPDF)", ms("chromium")),
        ("ratio ours / Chromium", f"{ratio:.3f} wall (median of paired rounds); {best:.3f} best-of-{args.rounds}; "
                                  f"{cpu_ratio:.3f} CPU  (target <= 1.2: {'met' if ratio <= 1.2 else 'MISSED'})"),
        ("file size Chromium / ours", f"{sizes['chromium'] / sizes['ours']:.2f}x"),
        ("load average (1 min), start / end", f"{load_start:.1f} / {result['machine']['load_1min']:.1f} "
                                              f"on {os.cpu_count()} CPUs: above about 1 per CPU, wall time "
                                              "favours Chromium's several processes"),
        ("PDFs kept in", str(work)),
        ("rounds (medians)", str(args.rounds)),
    ], result, args.json)


if __name__ == "__main__":
    main()
