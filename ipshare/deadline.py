"""Time limits for long computations (``--time-limit SECONDS``).

A deadline is set for a block of code with :func:`time_limit` and read by the long computations at their loop
boundaries, never by interrupting them: the LP solves (:mod:`ipshare.lp` hands HiGHS and CBC the time that is
left), the nucleolus family's sequence of LPs, the benefit game's enumeration of substitutes, the voting power
dynamic programme, the sampled rules and the sweeps. What happens when it passes depends on whether a partial
answer means anything:

- **Sampled rules** (``shapley-sampled``, ``banzhaf-sampled`` and the sampled Owen and Myerson values) end with
  the estimate from the samples drawn so far; their standard errors and intervals say how good it is, and their
  details say ``"stopped": "time limit"``.
- **Exact computations** (an LP, a dense table, the nucleolus, a sweep that has points left) have no partial
  answer: they raise :class:`TimeLimitReached`, exit status 4, like a solver that stops without an optimum.

The deadline is held in a context variable, so it needs no extra argument through every rule's signature and
nested limits keep the earlier end. Library users write::

    with ipshare.time_limit(30):
        result = ipshare.allocate(game, "nucleolus")
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import IpshareError

__all__ = ["TimeLimitReached", "time_limit", "remaining", "expired", "check", "limit_seconds", "until", "wall_end"]

# (monotonic end, the limit in seconds as the user gave it), or None without a limit.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("ipshare_deadline", default=None)


class TimeLimitReached(IpshareError):
    """The time limit passed during a computation that has no partial answer (exit status 4).

    ``what`` names the computation (a rule's name, "the sweep"); :func:`ipshare.solutions.allocate` fills it in
    with the rule when the computation itself did not say.
    """

    exit_status = 4

    def __init__(self, what=None, seconds=None):
        self.what = what
        self.seconds = seconds if seconds is not None else limit_seconds()
        super().__init__(what, self.seconds)  # the arguments again when a worker process sends it back

    def __str__(self):
        limit = f" of {self.seconds:g} s" if self.seconds is not None else ""
        during = f" while computing {self.what}" if self.what else ""
        return (
            f"the time limit{limit} ran out{during}, which has no partial answer; allow more time (--time-limit), or "
            "use a sampled rule (shapley-sampled, banzhaf-sampled), which ends with its best estimate so far"
        )


@contextmanager
def time_limit(seconds, *, shown=None):
    """Run the block under a deadline ``seconds`` from now (``None``: no limit). An enclosing limit that ends
    earlier still applies. ``shown`` is the limit messages state, when it is not ``seconds``."""
    if seconds is None:
        yield
        return
    if not seconds > 0:
        raise ValueError("a time limit is a positive number of seconds")
    end = time.monotonic() + seconds
    current = _DEADLINE.get()
    new = (end, shown if shown is not None else seconds)
    token = _DEADLINE.set(new if current is None or end < current[0] else current)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@contextmanager
def until(wall_clock_end, seconds=None):
    """Run the block under a deadline given as a wall-clock time (``time.time()``; ``None``: no limit), for
    work handed to other processes, whose monotonic clocks need not agree with this one's."""
    if wall_clock_end is None:
        yield
        return
    with time_limit(max(wall_clock_end - time.time(), 1e-6), shown=seconds):
        yield


def remaining() -> float | None:
    """Seconds left before the deadline (negative once it has passed), or None without a limit."""
    current = _DEADLINE.get()
    return None if current is None else current[0] - time.monotonic()


def limit_seconds() -> float | None:
    """The limit as it was given, for messages."""
    current = _DEADLINE.get()
    return None if current is None else current[1]


def wall_end() -> float | None:
    """The deadline as a wall-clock time, to hand to other processes (see :func:`until`)."""
    left = remaining()
    return None if left is None else time.time() + left


def expired() -> bool:
    left = remaining()
    return left is not None and left <= 0


def check(what=None) -> None:
    """Raise :class:`TimeLimitReached` if the deadline has passed; called at the loop boundaries of exact
    computations."""
    if expired():
        raise TimeLimitReached(what)
