"""Optional packages: imported only where they are needed, with one clear line when one is missing.

The annexes (python-docx, openpyxl), the plots (matplotlib) and ``Allocation.to_frame`` (pandas) use packages that
``pip install ipshare`` does not bring. :func:`optional_import` imports one of them, or raises :class:`MissingExtra`,
which says what to install. It is an :class:`~ipshare.errors.IpshareError` (the command line prints one line and
exits with status 2) and an :class:`ImportError` (what Python code expects of a missing package).
"""

from __future__ import annotations

import importlib

from .errors import IpshareError

__all__ = ["MissingExtra", "optional_import"]


class MissingExtra(IpshareError, ImportError):
    """An optional package is not installed; the message names the pip command that installs it."""

    def __init__(self, package: str, install: str, needed_for: str):
        self.package = package
        self.install = install
        message = f"{needed_for} needs {package}, which is not installed; install it with: pip install {install}"
        super().__init__(message)


def optional_import(module: str, *, package: str, extra: str | None = None, needed_for: str):
    """Import ``module`` or raise :class:`MissingExtra` naming ``ipshare[extra]`` (or ``package`` itself).

    Examples
    --------
    >>> optional_import("no_such_module", package="nothing", extra="annex", needed_for="X")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    ipshare.optional.MissingExtra: X needs nothing, which is not installed; ...: pip install 'ipshare[annex]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        install = f"'ipshare[{extra}]'" if extra else package
        raise MissingExtra(package, install, needed_for) from None
