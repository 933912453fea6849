"""The negotiation room (``ipshare serve FILE``): a local web page where the parties move the terms of the
agreement and see the split, the clauses and the council's power recomputed by the engine on each change.

:mod:`.engine` computes (a :class:`~ipshare.room.engine.Room` per scenario file, read once), :mod:`.page` writes
the HTML, :mod:`.app` is the Starlette application, :mod:`.labels` holds the page's texts in both languages, and
``static/`` its script and stylesheet. See docs/room.md.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve(room, listener) -> None:
    """Serve ``room`` on the bound socket ``listener`` until interrupted (uvicorn, one process)."""
    import threading

    import uvicorn

    from .app import create_app

    threading.Thread(target=room.warm, name="ipshare-room-warm", daemon=True).start()

    config = uvicorn.Config(create_app(room), log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[listener])
