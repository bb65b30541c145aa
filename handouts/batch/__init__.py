"""Batch generation: every topic, for every brand and audience, fast and crash-safe.

    jobs.py         what to render: Job or DietJob, read lazily from a job file or a cross product
    fingerprint.py  what a job's output depends on, hashed once per run
    userkey.py      the user's own key for personalisation HMACs, kept in their config folder
    manifest.py     what the output folder holds: manifest.json + an append-only journal
    prepare.py      a job's inputs loaded and checked, drafts refused, input files recorded
    worker.py       one worker process: warm renderer, parsed content cached, one job at a time
    runner.py       the pool, the in-flight window, skip checks, signals, the summary
    cluster.py      --cluster: the same run on a Dask cluster; files and manifest written here
    remote.py       the Dask worker's side: plugin with a warm renderer, content by hash, PDF bytes back
    progress.py     what the user sees: a progress bar, plain log lines, or nothing

The parent process (runner) never imports WeasyPrint, and neither do the modules
it imports: only worker processes (local or Dask) render.
"""
