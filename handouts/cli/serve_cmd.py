from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import complete, exits, session
from handouts.errors import ResourceError


@click.command(epilog=exits.epilog(
    "stopped with Ctrl-C", "cannot listen (e.g. the port is taken)", interrupt=None))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer (127.0.0.1) is reachable by others: there is no login.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Data folder with topics/ and brands/. Default: the workspace's data folders, else the "
                   "shipped samples.")
@click.option("--brand", metavar="ID", shell_complete=complete.brands,
              help="Brand id chosen by default. Default: the workspace's brand, else 'default'.")
def serve(host: str, port: int, data_dir: Path | None, brand: str | None) -> None:
    """Start the visit-time web page: pick a topic, personalise, preview, print."""
    from handouts import workspace
    from handouts.web.server import serve as run

    ws = session.current()
    folders = [data_dir] if data_dir else workspace.data_dirs(ws)
    brand = workspace.brand_id(brand, ws)
    workspace.context(ws, names=folders).find("brands", brand, "brand")  # an unknown id: the list, a suggestion
    try:
        run(host, port, folders or None, brand)
    except OSError as exc:  # e.g. the port is taken
        raise ResourceError(f"cannot listen: {exc.strerror or exc}", where=f"{host}:{port}") from None
