"""handouts.api inside a long-running service: what stays in the process after a document is made,
and calls from an asyncio application."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date

from handouts import api

# Built when used, so that no constant of this module holds them.
_PARTS = ("Quillon", "derby", "Zyq", "qa walks")


def _secrets() -> tuple[str, str]:
    return _PARTS[0] + _PARTS[1], _PARTS[2] + _PARTS[3]


def _still_held() -> dict[str, list[str]]:
    """Which containers hold the patient's name, and the note (each built here, held by no container)."""
    name = _PARTS[0] + _PARTS[1]
    note = _PARTS[2] + _PARTS[3]
    return {"name": _holders(name), "note": _holders(note)}


def _holders(secret: str) -> list[str]:
    """The types of the containers in the process that hold a str or bytes with `secret` in it."""
    found = []
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            values = [*obj.values(), *obj.keys()]
        elif isinstance(obj, list | tuple | set | frozenset):
            values = list(obj)
        else:
            continue
        if any((isinstance(v, str) and secret in v) or (isinstance(v, bytes | bytearray) and secret.encode() in v)
               for v in values):
            found.append(type(obj).__name__ + (repr(list(obj)[:4]) if isinstance(obj, dict) else ""))
    return found


def _in_a_worker_thread(make: Callable[[], object]) -> tuple[threading.Event, threading.Thread]:
    """`make` run in a thread that stays alive afterwards, as a service's worker does (what a renderer
    keeps, it keeps per thread); set the event to let it end."""
    done, release = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            make()
        except BaseException as exc:  # noqa: BLE001  said by the test below
            failed.append(exc)
        done.set()
        release.wait(120)

    worker = threading.Thread(target=work)
    worker.start()
    assert done.wait(300) and not failed, failed
    return release, worker


def test_nothing_of_a_patient_stays_in_the_process_after_the_document_is_dropped():
    """A worker thread's first handout stayed in memory for as long as the thread lived: the pictograms
    the renderer keeps for the next document held the layout they were first loaded in (every box of
    it, with the patient's name and notes), and the PDF stream they were last drawn into."""
    def one_of_each() -> None:
        name, note = _secrets()
        for doc in (api.patient_handout("leaky-gut", patient_name=f"{name} Vexmarrow", notes=f"{note} daily.",
                                        visit_date=date(2026, 1, 5)),
                    api.diet_sheet(customisation={"plan": "low-fodmap", "patient": f"{name} Vexmarrow",
                                                  "notes": f"{note} daily."})):
            assert doc.pages
            del doc

    release, worker = _in_a_worker_thread(one_of_each)
    try:
        gc.collect()
        assert _still_held() == {"name": [], "note": []}
    finally:
        release.set()
        worker.join(60)



def test_an_asyncio_app_makes_two_handouts_at_once_in_threads_without_holding_its_event_loop():
    """The README's supported way (asyncio.to_thread): both documents come back, each its own patient's,
    and the event loop kept running meanwhile (a ticker on it counted on while the PDFs were made)."""
    import asyncio
    import io

    import pypdf

    async def main() -> tuple[list[api.Document], int]:
        ticks = 0
        rendering = True

        async def ticker() -> None:
            nonlocal ticks
            while rendering and ticks < 100_000:
                await asyncio.sleep(0.005)
                ticks += 1

        counting = asyncio.create_task(ticker())
        docs = await asyncio.gather(
            asyncio.to_thread(api.patient_handout, "leaky-gut", patient_name="Alba Quintero"),
            asyncio.to_thread(api.patient_handout, "leaky-gut", patient_name="Bram Oyelaran", language="es"))
        rendering = False
        await counting
        return list(docs), ticks

    (english, spanish), ticks = asyncio.run(main())
    texts = ["\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(d.data)).pages) for d in (english, spanish)]
    assert "Alba Quintero" in texts[0] and "Bram Oyelaran" not in texts[0]
    assert "Bram Oyelaran" in texts[1] and "Alba Quintero" not in texts[1]
    assert (english.language, spanish.language) == ("en-US", "es-US")
    assert ticks >= 5, "the event loop stood still while the PDFs were made"
