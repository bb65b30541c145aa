"""Click to PDF: how long `handouts serve` takes to answer "Download PDF" for the sample.

Starts the app on a free port of this machine with the same request handler
and warm-up as `handouts serve`, then POSTs the personalised patient form
over HTTP, as the browser does, a bounded number of times. Prints the median
and the slowest, the budget (300 ms) as a ratio, and how much of the time is
WeasyPrint's own render (the part the web layer cannot change).

    .venv/bin/python bench/serve_latency.py [--rounds N] [--json]

With --json the last line is {"ratio", "target", "met", ...} as bench/run_all.py reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import urllib.parse
import urllib.request

from werkzeug.serving import make_server

from handouts import documents
from handouts.context import Context
from handouts.models import Personalisation
from handouts.web import create_app
from handouts.web.server import QuietRequestHandler, warm_up

BUDGET_MS = 300.0
TOPIC = "leaky-gut"


def main(rounds: int = 15, as_json: bool = False) -> None:
    app = create_app(brand="riverside")
    warm_up(app)
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would swamp the figures

    with urllib.request.urlopen(f"{base}/topics/{TOPIC}", timeout=60) as page:
        html = page.read().decode()
    import re

    items = re.findall(r'name="item" value="([^"]+)"', html)
    body = urllib.parse.urlencode([
        *[("item", i) for i in items[1:]],  # one unticked, as in a visit
        ("patient_name", "Alex Morgan"), ("clinician", "Dr. Priya Shah"), ("visit_date", "2025-07-14"),
        ("follow_up", "2025-08-11"), ("notes", "Try one change at a time.\nBring your notes."),
        ("brand", "riverside"), ("action", "download"),
    ]).encode()

    def click() -> float:
        start = time.perf_counter()
        request = urllib.request.Request(f"{base}/topics/{TOPIC}/patient", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            response.read()
        return (time.perf_counter() - start) * 1000

    inputs = documents.topic_inputs(TOPIC, "riverside", Context.default())
    person = Personalisation(patient_name="Alex Morgan", notes="Try one change at a time.")

    def render_only() -> float:
        start = time.perf_counter()
        documents.render_bytes(documents.build_view("patient", inputs, person, Context.default()), "pdf")
        return (time.perf_counter() - start) * 1000

    click()  # first request through the HTTP stack
    web: list[float] = []
    render: list[float] = []
    for _ in range(rounds):  # interleaved, so a busy machine slows both alike
        web.append(click())
        render.append(render_only())
    httpd.shutdown()
    httpd.server_close()

    median, render_median = statistics.median(web), statistics.median(render)
    print(f"click to PDF ({rounds} rounds, warm server, {TOPIC}, riverside brand):")
    print(f"  median {median:.0f} ms, fastest {min(web):.0f} ms, slowest {max(web):.0f} ms; "
          f"budget {BUDGET_MS:.0f} ms")
    print(f"  median / budget = {median / BUDGET_MS:.2f} ({'within' if median <= BUDGET_MS else 'over'} budget)")
    print(f"  the same document rendered directly (build_view + render_bytes, no web): median "
          f"{render_median:.0f} ms, fastest {min(render):.0f} ms")
    print(f"  click / direct render = {median / render_median:.2f}: the web layer (form, HTTP, streaming) "
          f"adds about {median - render_median:.0f} ms")
    print(f"  load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
          "(figures are only comparable on a quiet machine)")
    if as_json:
        print(json.dumps({
            "ratio": round(median / BUDGET_MS, 3), "target": f"<= 1 (median click to PDF <= {BUDGET_MS:.0f} ms)",
            "met": median <= BUDGET_MS, "median_ms": round(median, 1), "fastest_ms": round(min(web), 1),
            "render_median_ms": round(render_median, 1), "rounds": rounds,
        }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="clicks to time (default 15)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line for bench/run_all.py")
    args = parser.parse_args()
    main(max(1, min(args.rounds, 200)), args.json)
