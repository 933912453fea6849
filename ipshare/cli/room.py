"""``ipshare serve FILE``: the negotiation room, a local web page to move the terms and see the split change
(:mod:`ipshare.room`)."""

from __future__ import annotations

import click

from .base import cli

LOOPBACK = "127.0.0.1"


@cli.command()
@click.argument("scenario_file", metavar="FILE", type=click.Path(dir_okay=True))
@click.option("--port", type=click.IntRange(0, 65535), default=8018, show_default=True,
              help="Port to listen on; 0 picks a free one (the URL is printed).")
@click.option("--host", default=LOOPBACK, show_default=True,
              help="Address to listen on. Only this computer can reach the default; another address (a warning "
                   "says so) lets others on the network move the terms and write files beside the scenario.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the web browser.")
@click.option("--lang", type=click.Choice(["en", "zh", "zh+en"]), default=None,
              help="Language of the page, its plots and the annex it downloads: en, zh, or zh+en (Chinese first, "
                   "then English); default: the scenario's alliance.language, else en. The page can switch.")
def serve(scenario_file, port, host, no_browser, lang):
    """The negotiation room: the scenario in a local web page, every term a control, the split recomputed on each
    change, with the command that reproduces the view, the annex to download and a save-as."""
    import socket

    from ..optional import optional_import

    for module in ("starlette", "uvicorn"):  # the room's web server: the extra `ipshare[room]`, not the base
        optional_import(module, package=module, extra="room", needed_for="ipshare serve")
    from ..room import serve as run
    from ..room.engine import Room

    room = Room(scenario_file, lang=lang)  # a bad file is one line and exit 2, before anything listens
    if host != LOOPBACK:
        click.echo(f"warning: listening on {host}, not {LOOPBACK} only: anyone who can reach it can see the "
                   "scenario, change the terms and save files beside it", err=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)  # connections queue from now on: the URL printed below answers at once
    except OSError as error:
        listener.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    click.echo(f"negotiation room for {scenario_file}: {url}  (Ctrl-C to stop)", err=True)
    click.echo(url)
    if not no_browser:
        import webbrowser

        webbrowser.open(url)
    run(room, listener)
