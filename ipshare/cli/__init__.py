"""The ``ipshare`` command line: parse, call the library, render. No computation lives here.

Errors the library raises on purpose (:class:`~ipshare.errors.IpshareError`) become one line on stderr and exit
status 2. Standard output carries only the requested output, so it can be piped. Output files are written whole
(a temporary file renamed into place) or not at all, only where a regular file belongs, in the format their
extension names (:mod:`ipshare.output`). Ctrl-C exits 130 and SIGTERM 143, leaving no file behind. Heavy modules are
imported inside the commands so that ``ipshare --help`` answers at once.

The group, its shared options and helpers are in :mod:`.base`; the commands in :mod:`.scenarios` (validate,
allocate, game, graph, core, rules), :mod:`.workflow` (whatif, sweep, compare), :mod:`.documents` (report, plot,
init), :mod:`.agreement` (rights, risk, withdraw), :mod:`.timeline` (dissolve) and :mod:`.books` (books, schedule),
each registering its commands on the group.
"""

from . import agreement, books, documents, room, scenarios, timeline, workflow  # noqa: F401 (register commands)
from .base import cli, main
from .workflow import MAX_WORKERS

__all__ = ["cli", "main", "MAX_WORKERS"]
