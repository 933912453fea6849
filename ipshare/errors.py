"""The exceptions ipshare raises. The command line turns each into one line and an exit status."""

__all__ = [
    "IpshareError",
    "ScenarioError",
    "GameError",
    "RuleError",
    "IpshareWarning",
    "RenamedRuleWarning",
    "warn_renamed",
]


class IpshareError(Exception):
    """Base class of every error ipshare raises on purpose (bad input, an undefined result)."""

    exit_status = 2


class ScenarioError(IpshareError):
    """A scenario file that cannot be read or is not valid.

    ``str(error)`` is one line: ``FILE:LINE: path.to.field: what is wrong``.
    """

    def __init__(self, message, *, file=None, line=None, field=None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self):
        location = ""
        if self.file is not None:
            location = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        field = f"{self.field}: " if self.field else ""
        return f"{location}{field}{self.message}"


class GameError(IpshareError):
    """A game that cannot be built or is out of the range a computation supports."""


class RuleError(IpshareError):
    """An unknown sharing rule, or a rule that is undefined on the given game."""


class IpshareWarning(UserWarning):
    """Base class of the warnings ipshare issues (the command line shows each as one line on stderr)."""


class RenamedRuleWarning(IpshareWarning, FutureWarning):
    """A rule asked for by an old name that still works. A ``FutureWarning`` rather than a ``DeprecationWarning``,
    so that Python shows it to the people who typed the name (it hides ``DeprecationWarning`` outside ``__main__``)."""


_renamed_warned: set[str] = set()


def warn_renamed(old: str, new: str, meaning: str) -> None:
    """Warn, once per process, that rule ``old`` is an old name of rule ``new`` (which ``meaning`` describes)."""
    import warnings

    if old in _renamed_warned:
        return
    _renamed_warned.add(old)
    warnings.warn(
        f"rule {old!r} is the old name of {new!r} ({meaning}); use {new!r}",
        RenamedRuleWarning,
        stacklevel=3,
    )
