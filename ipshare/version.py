"""ipshare's version: one place, imported by the package and by every output that names it."""

__version__ = "0.1.0"
