"""The exceptions ipshare raises. The command line turns each into one line and an exit status."""

__all__ = ["IpshareError", "ScenarioError", "GameError", "RuleError"]


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
