"""Shared helpers for the benchmarks: the machine, timing, job lists, result output.

Benchmarks print ratios (ours over a baseline, or one setting over another) so
that the figures mean something on any machine; they are never timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPIC = "leaky-gut"  # the shipped sample: a real two-page patient handout
BRAND = "riverside"  # with a logo, so brand files and logo are in play


def machine() -> dict[str, Any]:
    import importlib.metadata as metadata

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "interpreter": interpreter(),
        "weasyprint": metadata.version("weasyprint"),
        "load_1min": load,
    }


def interpreter() -> str:
    """Which Python build ran: the same version renders about 8% slower from a build without
    profile-guided optimisation and with a shared libpython (pyenv's default) than from a
    distribution's (bench/RESULTS.md), so a figure is only comparable with its interpreter."""
    path = os.path.realpath(sys.executable)
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return path
    linked = "shared libpython" if "/libpython" in maps else "libpython linked in"
    return f"{path}, {linked}"


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds so far of a live process (all its threads), any platform."""
    import psutil  # with the test extras (dask's distributed needs it)

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def child_pids(pid: int) -> list[int]:
    """The direct children of a live process: a server's worker processes."""
    import psutil

    return [child.pid for child in psutil.Process(pid).children()]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], Any]) -> float:
    import time

    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def patients_csv(path: Path, count: int, topic: str = TOPIC, brand: str = BRAND) -> Path:
    """`count` personalised patient handouts of one topic: different names, different files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("topic,audience,brand,output,patient_name,visit_date\n")
        for n in range(1, count + 1):
            handle.write(f"{topic},patient,{brand},p/{n // 1000:02d}/{n:05d}.pdf,Bench Patient {n},2025-07-14\n")
    return path


def handouts_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "handouts"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "handouts"]


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True, **kwargs)


def parser(doc: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line at the end")
    return parser


def report(name: str, rows: list[tuple[str, str]], result: dict[str, Any], as_json: bool) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"== {name}")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    if as_json:
        print(json.dumps({"bench": name, **result}))
    sys.stdout.flush()
