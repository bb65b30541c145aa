from __future__ import annotations

from pathlib import Path

import click

from handouts.cli import complete, exits, private, session
from handouts.datafolder import refuse_writable_by_all
from handouts.errors import ResourceError, UsageError, display_path


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
@click.option("--brand", metavar="ID|FILE", shell_complete=complete.brands_or_files,
              help="The brand each form starts on: an id, or a brand file in the data folders' brands/ "
                   "(the form offers those alone). Default: the workspace's brand, else 'default'.")
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
                                for the other rooms' computers, on a network
                                private to the practice, once handouts.toml
                                has [serve] users = "users.txt" and each user
                                is added: 'handouts users add NAME'
    """
    from handouts import workspace
    from handouts.serve_config import ServeConfig
    from handouts.web.server import serve as run

    private.holding_patient_details()  # every visit's form (names, notes) passes through this process
    ws = session.current()
    folders = [data_dir] if data_dir else workspace.data_dirs(ws)
    if data_dir:  # named here, not in a handouts.toml: the same check as the workspace's folders
        refuse_writable_by_all(data_dir)
    brand = _served_brand(workspace.brand_id(brand, ws), folders)
    workspace.context(ws, names=folders).find("brands", brand, "brand")  # an unknown id: the list, a suggestion
    try:
        run(host, port, folders or None, brand, ws.serve if ws else ServeConfig(), jobs,
            ws.locale if ws and ws.locale else None, bool(ws and ws.require_catalogue_approval),
            ws.timezone if ws else None)
    except OSError as exc:  # e.g. the port is taken
        raise ResourceError(f"cannot listen: {exc.strerror or exc}{_listen_hint(exc.errno, port)}",
                            where=f"{host}:{port}") from None


def _served_brand(given: str, folders: list[Path]) -> str:
    """The id of the brand given: the form offers the data folders' brands by id, so a file among them
    is taken as its id ('data/brands/riverside.yaml': riverside), as render and diet take a brand file,
    where serve said "no brand 'data/brands/riverside.yaml'" of a file it serves; a file elsewhere is
    refused with where to put it."""
    from handouts import lookup
    from handouts.resources import asset_dir

    if not lookup.is_path(given):
        return given
    session.context(names=[given])  # no such file: said as every command says it, with the id meant
    shelves = [folder / "brands" for folder in (*folders, asset_dir("data")) if (folder / "brands").is_dir()]
    path = Path(given).resolve()
    if path.is_file() and any(path.parent == shelf.resolve() for shelf in shelves):
        return path.stem
    where = display_path(shelves[0]) if folders and shelves else "the workspace's data/brands"
    raise UsageError(f"{given}: serve offers the brands in its data folders' brands/ by id, and this file is not "
                     f"among them: copy it into {where}/ and give its id")


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
