"""Where a `batch --cluster` keeps patients' details: never in a worker's spill files, never in a scheduler's core dump.

A finished job's PDF (the patient's name in it) waits in the worker's memory until the client
fetches it. The real cluster's workers are checked in test_batch_cluster.py; here the store a
`dask worker` with a memory limit uses, with a tiny target, shows what turning spilling off does.
The scheduler holds the waiting jobs' tasks, details inside: one that cannot load handouts (so
cannot be kept from dumping core) is refused.
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


def test_a_scheduler_that_cannot_load_handouts_is_refused_before_any_job_is_sent():
    from handouts.batch.cluster import ClusterError, ClusterPool

    class Client:
        closed = False

        def register_plugin(self, plugin: object, name: str) -> None:
            assert isinstance(plugin, remote.SchedulerGuard) and name == remote.SCHEDULER_PLUGIN
            raise ModuleNotFoundError("No module named 'handouts'")  # as the scheduler's unpickling fails

        def close(self, timeout: float) -> None:
            self.closed = True

    pool = ClusterPool.__new__(ClusterPool)  # the connection made, nothing else
    pool.client, pool.cluster, pool._config = Client(), None, None
    pool.pending, pool.recomputing, pool.suspects, pool.shared = {}, {}, [], {}
    with pytest.raises(ClusterError, match="the Dask scheduler cannot load handouts .ModuleNotFoundError.") as raised:
        pool._guard_scheduler("tcp://render1.example.org:8786")
    assert "install the same version of handouts where it runs" in str(raised.value)
    assert pool.client.closed
