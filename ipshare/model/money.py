"""Money over time: what a revenue source's cash flows are worth today (DESIGN.md, "What a coalition is worth").

``upfront`` is paid at once; a royalty pays ``rate × base`` at the end of each of its ``years``; an own-use
``margin`` is earned at the end of each of its ``years``; all discounted at the alliance's ``discount_rate``, and
``probability`` scales the whole source. Part of the model: the loader uses it too (the lead-exploiter preset's
revenue shares become clauses in money).
"""

from __future__ import annotations

import functools
from fractions import Fraction

__all__ = ["revenue_value"]


def revenue_value(source, discount_rate=Fraction(0)) -> Fraction:
    """Expected present value of a revenue source, exactly.

    ``upfront`` is paid at once; a royalty pays ``rate × base`` at the end of each of its ``years``; an own-use
    ``margin`` is earned at the end of each of its ``years``; each yearly amount is discounted by
    ``(1 + discount_rate) ** year``; ``probability`` scales the whole.

    Examples
    --------
    >>> from ipshare.model import RevenueSource, Royalty
    >>> licence = RevenueSource(id="L", kind="licence", requires=("P",), upfront=Fraction(100),
    ...                         royalty=Royalty(rate=Fraction(1, 10), base=Fraction(1100), years=2),
    ...                         probability=Fraction(1, 2))
    >>> revenue_value(licence, Fraction(1, 10))    # (100 + 110/1.1 + 110/1.21) / 2
    Fraction(1600, 11)
    """
    factor = 1 / (1 + Fraction(discount_rate))
    if source.kind == "licence":
        total = source.upfront
        if source.royalty is not None:
            yearly = source.royalty.rate * source.royalty.base
            total += yearly * _annuity(factor, source.royalty.years)
    else:
        total = source.margin * _annuity(factor, source.years)
    return source.probability * total


@functools.lru_cache(maxsize=1024)  # a large alliance asks the same few (rate, years) tens of thousands of times
def _annuity(factor, years):
    return sum((factor**year for year in range(1, years + 1)), Fraction(0))
