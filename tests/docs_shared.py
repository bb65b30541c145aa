"""A warm starter for `handouts` commands run under bash (test_readme): each command is still a process
of its own, forked from one that has already imported handouts and WeasyPrint.

A command started cold spends most of a second importing (pydantic models, WeasyPrint's cffi
declarations) before it does the work the README shows; the README's blocks start some forty. The
starter is a process that imports once, then forks a child per command. A `handouts` on PATH
(written by `shim`) hands the starter its arguments, folder, environment, umask and standard
input, output and error (the file descriptors themselves, so pipes, redirections and a reader
that closes early behave as they do for the real command), and exits as the child did: with its
exit status, or killed by the same signal. The child is in a process group of its own, killed
with everything it started if the shim goes away (a test's timeout). What a cold start alone
checks (the installed entry point, the imports of each command) is test_wheel's and
test_content_cache's.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import threading
from pathlib import Path

WARM = ("handouts.cli", "handouts.render", "handouts.documents", "handouts.api")
"""What the starter imports before it forks: the command line and everything a render needs. Nothing
is called, so no state (a date, a folder, a font configuration) is made before a command runs."""

_HEADER = struct.Struct("!Q")
_STATUS = struct.Struct("!i")


def _receive_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = conn.recv(size - len(data))
        if not more:
            raise EOFError("the shim went away")
        data += more
    return data


def _run_command(request: dict, fds: list[int]) -> None:
    """In the forked child: become the command the shim stands for, then exit as it would."""
    os.setpgid(0, 0)
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
        os.close(fd)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    import time

    time.tzset()
    sys.argv = [request["program"], *request["argv"]]
    code = 1
    try:
        from handouts.cli import main

        main(request["argv"], prog_name="handouts")
        code = 0
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 - as the interpreter does: the traceback, exit 1
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                code = code or 120  # as the interpreter exits when its last flush fails
        os._exit(code)


def _handle(conn: socket.socket) -> None:
    """In a forked handler: fork the command, relay its wait status, kill its group if the shim goes."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    message, fds, _flags, _addr = socket.recv_fds(conn, _HEADER.size, 3)
    (length,) = _HEADER.unpack(message)
    request = json.loads(_receive_exactly(conn, length))
    pid = os.fork()
    if pid == 0:
        conn.close()
        _run_command(request, fds)
    for fd in fds:
        os.close(fd)

    ended = threading.Event()

    def watch() -> None:  # the shim never sends more: EOF means it is gone
        try:
            conn.recv(1)
        except OSError:
            pass
        if not ended.is_set():
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass

    threading.Thread(target=watch, daemon=True).start()
    _, status = os.waitpid(pid, 0)
    ended.set()
    try:
        conn.sendall(_STATUS.pack(status))
    except OSError:
        pass
    os._exit(0)


def _reap(signum: int, frame: object) -> None:
    """Wait for every handler that has ended (so their CPU time is counted as the starter's children's)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str) -> None:
    """The starter: import, listen on the UNIX socket `path`, fork a handler per connection."""
    import importlib

    # as the console script's: its folder first, never the folder a command runs in
    sys.path[:] = [str(Path(sys.executable).parent), *(p for p in sys.path if p != "")]
    for name in WARM:
        importlib.import_module(name)
    sys.stdout.flush()
    sys.stderr.flush()
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    sys.stdout.write("ready\n")  # the test waits for this line
    sys.stdout.flush()
    while True:
        conn, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                _handle(conn)
            finally:
                os._exit(1)
        conn.close()


SHIM = '''"""`handouts`, started warm by tests/docs_shared.py: exits as the forked command did."""
import json, os, signal, socket, struct, sys
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect({socket_path!r})
mask = os.umask(0)
os.umask(mask)
request = json.dumps({{"argv": sys.argv[1:], "program": {program!r}, "cwd": os.getcwd(),
                      "env": dict(os.environ), "umask": mask}}).encode()
socket.send_fds(conn, [struct.pack("!Q", len(request))], [0, 1, 2])
conn.sendall(request)
answer = b""
while len(answer) < 4:
    more = conn.recv(4 - len(answer))
    if not more:
        sys.exit("handouts: the warm starter went away")
    answer += more
(status,) = struct.unpack("!i", answer)
if os.WIFSIGNALED(status):
    sig = os.WTERMSIG(status)
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)
sys.exit(os.waitstatus_to_exitcode(status))
'''


def shim(folder: Path, socket_path: str, program: Path) -> Path:
    """Write the `handouts` that goes through the starter at `socket_path` into `folder` (a shell script
    running the Python shim beside it: a #! line of a long folder's python could pass the kernel's limit)."""
    import shlex

    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "handouts-shim.py"
    script.write_text(SHIM.format(socket_path=socket_path, program=str(program)), encoding="utf-8")
    target = folder / "handouts"
    target.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -S {shlex.quote(str(script))} "$@"\n',
                      encoding="utf-8")
    target.chmod(0o755)
    return target
