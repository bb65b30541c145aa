"""The web server's own CPU per request: everything but the render (for bench/RESULTS.md, issue #18 part 2).

Calls the app through what `handouts serve` wraps it in (the request log, Flask, the
form and its token, the views, the document cache, the audit line), in this process,
with the render pool replaced by one that pickles the job as the pipe to a worker does
and answers a PDF rendered beforehand: what is measured is the server's work alone,
without waitress's threads or the machine's other load queueing in front of it. Prints
the CPU per request of a personalised patient handout (POST) and of a cached clinician
brief (GET), each also as a share of one bare render's CPU measured in the same run.

    .venv/bin/python bench/serve_overhead.py [--requests 150] [--topics N] [--profile]

--topics N adds a practice folder of N more topic files (a practice's own topics are
listed on every request); --profile prints where the POST's time goes (cProfile, CPU).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import logging
import pickle
import pstats
import re
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from _common import BRAND, TOPIC  # puts the project on sys.path

from werkzeug.test import EnvironBuilder  # noqa: E402

from handouts import documents  # noqa: E402
from handouts.context import Context  # noqa: E402
from handouts.models import Personalisation  # noqa: E402
from handouts.web.app import create_app  # noqa: E402
from handouts.web.audit import Audit  # noqa: E402
from handouts.web.doccache import DocumentCache  # noqa: E402
from handouts.web.rendering import Renderers  # noqa: E402
from handouts.web.server import RequestLog  # noqa: E402

HOST = "127.0.0.1:8000"
NOTES = "Try one change at a time.\nBring your notes."


class CannedPool:
    """The render pool's side in the server process: the job pickled, a PDF's pickle read back."""

    size = 2

    def __init__(self, answer: Any) -> None:
        self._answer = pickle.dumps(("ok", answer), protocol=pickle.HIGHEST_PROTOCOL)

    def run(self, job: Any, cancelled: Any = None) -> Any:
        pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        return pickle.loads(self._answer)[1]

    def close(self) -> None:
        pass


class Server:
    """The app as `handouts serve` makes it, called one request at a time."""

    def __init__(self, data_dirs: list[Path] | None, answer: Any) -> None:
        logging.getLogger("handouts.web").addHandler(logging.NullHandler())
        pool: Any = CannedPool(answer)
        app = create_app(data_dirs, BRAND, renderers=Renderers(pool, DocumentCache(64 << 20)),
                         audit=Audit.to_stderr(), trusted_hosts=["127.0.0.1"])
        self.wsgi = RequestLog(app.wsgi_app)
        page = self.call("GET", f"/topics/{TOPIC}").decode()
        self.items = re.findall(r'name="item" value="([^"]+)"', page)
        self.token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def call(self, method: str, path: str, body: bytes | None = None, query: str | None = None) -> bytes:
        headers = {"Host": HOST}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"})
        environ = EnvironBuilder(path=path, method=method, headers=headers, query_string=query, data=body,
                                 base_url=f"http://{HOST}/").get_environ()
        environ["SERVER_PROTOCOL"] = "HTTP/1.1"
        status: list[str] = []
        data = b"".join(self.wsgi(environ, lambda s, h, e=None: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{method} {path} answered {status[0]}")
        return data

    def handout(self, n: int) -> None:
        body = urllib.parse.urlencode([
            *[("item", i) for i in self.items[1:]], ("patient_name", f"Patient {n}"), ("clinician", "Dr. Priya Shah"),
            ("visit_date", "2025-07-14"), ("follow_up", "2025-08-11"), ("notes", NOTES), ("brand", BRAND),
            ("action", "download"), ("csrf", self.token)]).encode()
        self.call("POST", f"/topics/{TOPIC}/patient", body)

    def brief(self, n: int) -> None:
        self.call("GET", f"/topics/{TOPIC}/clinician", query=f"action=download&brand={BRAND}")


def cpu_ms(request: Any, count: int) -> float:
    for n in range(10):  # warm: content loaded, the brief cached
        request(n)
    start = time.process_time()
    for n in range(count):
        request(n)
    return (time.process_time() - start) * 1000 / count


def practice_with(topics: int, folder: Path) -> list[Path]:
    """A practice folder of `topics` topic files (listed on every request, never loaded here)."""
    (folder / "topics").mkdir(parents=True)
    for n in range(topics):
        (folder / "topics" / f"practice-topic-{n}.yaml").write_text(f"id: practice-topic-{n}\n", encoding="utf-8")
    return [folder]


def main(requests: int, topics: int, profile: bool) -> None:
    ctx = Context.default()
    inputs = documents.topic_inputs(TOPIC, BRAND, ctx)
    person = Personalisation(patient_name="Patient 0", clinician="Dr. Priya Shah", notes=NOTES)
    bare = []
    for _ in range(4):
        start = time.process_time()
        answer = documents.render(documents.build_view("patient", inputs, person, ctx), "pdf")
        bare.append((time.process_time() - start) * 1000)
    bare_ms = statistics.median(bare[1:])
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(io.StringIO()):  # the audit lines
        server = Server(practice_with(topics, Path(tmp) / "practice") if topics else None, answer)
        post, brief = cpu_ms(server.handout, requests), cpu_ms(server.brief, requests)
        profiler = cProfile.Profile(time.process_time)
        if profile:
            profiler.runcall(lambda: [server.handout(n) for n in range(requests)])
    extra = f", a practice folder of {topics} more topics" if topics else ""
    print(f"the server's own CPU per request ({TOPIC}, {BRAND} brand{extra}; in this process, the render "
          f"replaced by a pickled answer; {requests} requests each):")
    print(f"  personalised handout POST: {post:.2f} ms = {post / bare_ms:.1%} of one bare render ({bare_ms:.0f} ms CPU)")
    print(f"  cached clinician brief GET: {brief:.2f} ms")
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=150, help="requests of each kind (default 150)")
    parser.add_argument("--topics", type=int, default=0, help="topic files in a practice folder before the shipped data")
    parser.add_argument("--profile", action="store_true", help="print where the handout POST's time goes")
    args = parser.parse_args()
    main(max(1, args.requests), max(0, args.topics), args.profile)
