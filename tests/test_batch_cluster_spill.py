"""A Dask worker rendering a batch never spills the PDFs it holds to its disk (handouts.batch.remote.keep_in_memory).

A finished job's PDF (the patient's name in it) waits in the worker's memory until the client
fetches it. The real cluster's workers are checked in test_batch_cluster.py; here the store a
`dask worker` with a memory limit uses, with a tiny target, shows what turning spilling off does.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("distributed")

from distributed.spill import SpillBuffer  # noqa: E402

from handouts.batch import remote  # noqa: E402

PDF = b"%PDF-1.7 For: Zebulon Quixote " + bytes(4096)


def _worker(folder):
    manager = SimpleNamespace(memory_spill_fraction=0.7, memory_target_fraction=0.6)
    return SimpleNamespace(memory_manager=manager, data=SpillBuffer(str(folder), target=1024))


def _on_disk(folder) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


def test_a_default_worker_would_spill_results_to_disk(tmp_path):
    worker = _worker(tmp_path)
    worker.data["handouts-render-00000000-1"] = {"data": PDF}
    worker.data["handouts-render-00000000-2"] = {"data": PDF}
    assert any(b"Zebulon" in blob for blob in _on_disk(tmp_path)), "the premise: this store writes results out"


def test_the_plugin_keeps_every_result_in_memory(tmp_path):
    worker = _worker(tmp_path)
    remote.keep_in_memory(worker)
    for n in range(20):
        worker.data[f"handouts-render-00000000-{n}"] = {"data": PDF}
    assert _on_disk(tmp_path) == []
    assert worker.memory_manager.memory_spill_fraction is False, "the memory monitor evicts to disk no more either"
    assert worker.data[f"handouts-render-00000000-19"]["data"] == PDF


def test_a_plain_dict_store_is_left_as_it_is():
    worker = SimpleNamespace(memory_manager=None, data={})
    remote.keep_in_memory(worker)
    assert worker.data == {}


def test_a_store_that_spills_in_a_way_it_cannot_turn_off_is_refused():
    class Elsewhere(dict):
        slow = "a disk"

    with pytest.raises(remote.WorkerMismatch, match="may write them to its disk"):
        remote.keep_in_memory(SimpleNamespace(memory_manager=None, data=Elsewhere()))
