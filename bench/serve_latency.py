"""A busy clinic: how long `handouts serve` takes to hand out a PDF with 1, 4 and 16 clinicians at once.

Starts the server `handouts serve` runs (waitress, the pool of warm render
workers, the document cache) on a free port of 127.0.0.1, then has N
clinicians (threads) press "Download PDF" on the personalised patient form, as
the browser does, a bounded number of times each. Every latency is divided by
one bare render of the same document in this process (build_view + render, no
web, no pool): the ratios mean the same on any machine.

    .venv/bin/python bench/serve_latency.py [--rounds N] [--workers N] [--json]

Goals (issue 18): p95 at 4 concurrent clinicians within 2x one bare render on 2
cores; a document without patient details (a clinician brief) answered from the
cache in under 20 ms. Each level also says the server process's own CPU per
request (everything but the renders, which run in the workers: on 2 cores it
is taken from them). With --json the last line is {"ratio", "target", "met", ...}
as bench/run_all.py reads it (ratio: p95 at 4 clinicians / bare render).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import re
import resource
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handouts import documents  # noqa: E402
from handouts.context import Context  # noqa: E402
from handouts.models import Personalisation  # noqa: E402
from handouts.web import create_app  # noqa: E402
from handouts.web.doccache import DocumentCache  # noqa: E402
from handouts.web.pool import RenderPool  # noqa: E402
from handouts.web.rendering import Renderers  # noqa: E402
from handouts.web.server import EXTRA_THREADS, build_server, warm_up  # noqa: E402

TOPIC = "leaky-gut"
BRAND = "riverside"
LEVELS = (1, 4, 16)
GOAL_P95_AT_4 = 2.0
GOAL_CACHED_MS = 20.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


class Clinic:
    """The served app and the requests clinicians send it."""

    def __init__(self, workers: int | None):
        self.pool = RenderPool(workers)
        self.app = create_app(brand=BRAND, renderers=Renderers(self.pool, DocumentCache()))
        self.httpd = build_server("127.0.0.1", 0, self.app, self.pool.size + EXTRA_THREADS)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.port = self.httpd.server_port
        if not self.pool.wait_ready(300):
            raise SystemExit("the render workers did not start")
        warm_up(self.app)
        page = self.get(f"/topics/{TOPIC}")[1].decode()
        self.items = re.findall(r'name="item" value="([^"]+)"', page)
        self.token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def _request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"})
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), response.getheader("Content-Type", "")
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, bytes, str]:
        return self._request("GET", path)

    def print_handout(self, patient: str) -> float:
        body = urllib.parse.urlencode([
            *[("item", i) for i in self.items[1:]],  # one unticked, as in a visit
            ("patient_name", patient), ("clinician", "Dr. Priya Shah"), ("visit_date", "2025-07-14"),
            ("follow_up", "2025-08-11"), ("notes", "Try one change at a time.\nBring your notes."),
            ("brand", BRAND), ("action", "download"), ("csrf", self.token),
        ]).encode()
        start = time.perf_counter()
        status, data, kind = self._request("POST", f"/topics/{TOPIC}/patient", body)
        elapsed = time.perf_counter() - start
        if status != 200 or kind != "application/pdf" or not data.startswith(b"%PDF-"):
            raise SystemExit(f"the server answered {status} {kind}: {data[:300]!r}")
        return elapsed * 1000

    def cached_brief(self) -> float:
        start = time.perf_counter()
        status, data, _ = self.get(f"/topics/{TOPIC}/clinician?action=download&brand={BRAND}")
        elapsed = time.perf_counter() - start
        if status != 200 or not data.startswith(b"%PDF-"):
            raise SystemExit(f"the clinician brief answered {status}")
        return elapsed * 1000

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()


class Bare:
    """One render of the same personalised handout in this process, warm: the baseline.

    Sampled between the levels, while the server is idle, so a machine whose load
    changes during the run slows the baseline and the levels alike.
    """

    def __init__(self) -> None:
        self.ctx = Context.default()
        self.inputs = documents.topic_inputs(TOPIC, BRAND, self.ctx)
        self.person = Personalisation(patient_name="Alex Morgan", clinician="Dr. Priya Shah",
                                      notes="Try one change at a time.\nBring your notes.")
        self.times: list[float] = []
        self.sample(2, keep=False)  # the first renders warm the fonts and stylesheets

    def sample(self, rounds: int, keep: bool = True) -> None:
        for _ in range(rounds):
            start = time.perf_counter()
            documents.render(documents.build_view("patient", self.inputs, self.person, self.ctx), "pdf")
            if keep:
                self.times.append((time.perf_counter() - start) * 1000)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def process_cpu() -> float:
    """CPU seconds of this whole process (every thread: the server's and the clinicians')."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def at_level(clinic: Clinic, clinicians: int, each: int) -> tuple[list[float], float]:
    """`clinicians` threads, each printing `each` handouts back to back: every latency in ms, and the
    server's own CPU per request in ms (waitress, Flask, the form, the view, the pipes to the workers;
    not the renders, which run in the workers): this process's CPU less the clinicians' threads'."""
    times: list[float] = []
    client_cpu: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clinicians)

    def clinician(n: int) -> None:
        start.wait()
        for k in range(each):
            cpu = time.thread_time()
            elapsed = clinic.print_handout(f"Patient {n}-{k}")
            cpu = time.thread_time() - cpu
            with lock:
                times.append(elapsed)
                client_cpu.append(cpu)

    threads = [threading.Thread(target=clinician, args=(n,)) for n in range(clinicians)]
    before = process_cpu()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server_cpu = process_cpu() - before - sum(client_cpu)
    return times, server_cpu / len(times) * 1000


def main(rounds: int, workers: int | None, as_json: bool) -> None:
    logging.getLogger("handouts.web").setLevel(logging.WARNING)  # one line per request would swamp the figures
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth": queueing is what is measured
    clinic = Clinic(workers)
    try:
        for _ in range(2 * clinic.pool.size):  # every worker has rendered once
            at_level(clinic, clinic.pool.size, 1)
        baseline = Bare()
        levels = {}
        for n in LEVELS:
            baseline.sample(max(3, rounds // 2))
            each = max(2, rounds * 4 // n)  # about the same number of requests at every level
            times, server_cpu = at_level(clinic, n, each)
            levels[n] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 95), "requests": len(times),
                         "server_cpu_ms": server_cpu}
        baseline.sample(max(3, rounds // 2))
        bare = baseline.median
        clinic.cached_brief()  # made once, then kept
        cached = [clinic.cached_brief() for _ in range(max(20, rounds * 4))]
    finally:
        clinic.close()
    load = os.getloadavg()
    print(f"serve under load ({TOPIC}, {BRAND} brand, personalised handout downloads; "
          f"{clinic.pool.size} render workers on {os.cpu_count()} cores):")
    print(f"  one bare render in-process (build_view + render, warm; median of {len(baseline.times)} taken "
          f"between the levels): {bare:.0f} ms")
    for n, got in levels.items():
        print(f"  {n:>2} concurrent: p50 {got['p50_ms']:.0f} ms = {got['p50_ms'] / bare:.2f}x bare, "
              f"p95 {got['p95_ms']:.0f} ms = {got['p95_ms'] / bare:.2f}x bare ({got['requests']} requests; "
              f"server's own CPU {got['server_cpu_ms']:.1f} ms per request)")
    p95_at_4 = levels[4]["p95_ms"] / bare
    cached_p50, cached_p95 = statistics.median(cached), percentile(cached, 95)
    print(f"  goal: p95 at 4 concurrent <= {GOAL_P95_AT_4:g}x bare: {p95_at_4:.2f}x "
          f"({'met' if p95_at_4 <= GOAL_P95_AT_4 else 'not met'})")
    print(f"  cached clinician brief (no patient details): p50 {cached_p50:.1f} ms, p95 {cached_p95:.1f} ms; "
          f"goal < {GOAL_CACHED_MS:g} ms: {'met' if cached_p95 < GOAL_CACHED_MS else 'not met'}")
    print(f"  load average now: {' '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} cores "
          "(figures are only comparable on a quiet machine)")
    if as_json:
        print(json.dumps({
            "ratio": round(p95_at_4, 3), "target": f"<= {GOAL_P95_AT_4:g} (p95 at 4 concurrent / one bare render)",
            "met": p95_at_4 <= GOAL_P95_AT_4 and cached_p95 < GOAL_CACHED_MS,
            "bare_render_ms": round(bare, 1), "workers": clinic.pool.size,
            "levels": {str(n): {k: round(v, 1) if isinstance(v, float) else v for k, v in got.items()}
                       | {"p50_ratio": round(got["p50_ms"] / bare, 3), "p95_ratio": round(got["p95_ms"] / bare, 3)}
                       for n, got in levels.items()},
            "cached_p50_ms": round(cached_p50, 2), "cached_p95_ms": round(cached_p95, 2),
            "cached_target_ms": GOAL_CACHED_MS, "load_1min": round(load[0], 2),
        }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10,
                        help="size of the run: about 4x this many requests per level (default 10)")
    parser.add_argument("--workers", type=int, default=None, help="render workers (default: one per core)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line for bench/run_all.py")
    args = parser.parse_args()
    main(max(1, min(args.rounds, 100)), args.workers, args.json)
