from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import complete, exits, private, session
from handouts.datafolder import refuse_writable_by_all
from handouts.errors import ResourceError


@click.command(epilog=exits.epilog(
    "stopped with Ctrl-C", "cannot listen (e.g. the port is taken)", interrupt=None))
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on. Anything but this computer (127.0.0.1) needs a login set up in "
                   "handouts.toml ([serve] users or a proxy's user header; see the README).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="PORT",
              help="The port to listen on (0: any free port).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Data folder with topics/ and brands/. Default: the workspace's data folders, else the "
                   "shipped samples.")
@click.option("--brand", metavar="ID", shell_complete=complete.brands,
              help="Brand id chosen by default. Default: the workspace's brand, else 'default'.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Render worker processes.  [default: the workspace's [serve] workers, else the number of CPUs]")
def serve(host: str, port: int, data_dir: Path | None, brand: str | None, jobs: int | None) -> None:
    """Start the visit-time web page: pick a topic, personalise, preview, print.

    Runs a production server (waitress) with a pool of warm render processes. On this
    computer alone it needs no login; for a whole clinic, see the README's "Serving a
    whole clinic": users, a TLS reverse proxy, the audit log ([serve] in handouts.toml).

    \b
    Examples:
      handouts serve            on this computer alone: open http://127.0.0.1:8000
      handouts serve --host 0.0.0.0 --brand riverside
                                for the other rooms' computers, on a network private to
                                the practice, once [serve] users = "users.txt" is in
                                handouts.toml and each user added: 'handouts users add NAME'
    """
    from handouts import workspace
    from handouts.serve_config import ServeConfig
    from handouts.web.server import serve as run

    private.holding_patient_details()  # every visit's form (names, notes) passes through this process
    ws = session.current()
    folders = [data_dir] if data_dir else workspace.data_dirs(ws)
    if data_dir:  # named here, not in a handouts.toml: the same check as the workspace's folders
        refuse_writable_by_all(data_dir)
    brand = workspace.brand_id(brand, ws)
    workspace.context(ws, names=folders).find("brands", brand, "brand")  # an unknown id: the list, a suggestion
    try:
        run(host, port, folders or None, brand, ws.serve if ws else ServeConfig(), jobs,
            ws.locale if ws and ws.locale else None, bool(ws and ws.require_catalogue_approval),
            ws.timezone if ws else None)
    except OSError as exc:  # e.g. the port is taken
        raise ResourceError(f"cannot listen: {exc.strerror or exc}{_listen_hint(exc.errno, port)}",
                            where=f"{host}:{port}") from None


def _listen_hint(code: int | None, port: int) -> str:
    """What to do next when the address cannot be had."""
    import errno

    if code == errno.EADDRINUSE:
        return (f" (another program, or a handouts serve already running, uses port {port}): stop it, "
                "or give another --port")
    if code == errno.EACCES and 0 < port < 1024:
        return (f" (port {port} is below 1024, which needs root): give a port above 1024, such as the "
                "default 8000, and let the reverse proxy take 443")
    return ""
