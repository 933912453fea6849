"""The limits of what a scenario file may ask of ipshare (docs/scale.md, "Limits"), in one place."""

from __future__ import annotations

# A dense table of 2^n coalition values is the largest object a classic game section may ask for.
MAX_TABLE_PLAYERS = 24


# Limits on what a scenario file may ask of the loader (docs/scale.md, "Limits"). A real alliance is a few hundred
# kilobytes, nests a handful of levels deep and uses YAML aliases, if at all, to repeat a few small items.
MAX_FILE_BYTES = 50 * 2**20


MAX_NESTING = 64


MAX_ALIAS_EXPANSION = 100_000  # nodes that YAML aliases may add to the document, beyond the nodes written out


# Numbers are exact rationals; beyond these a table of them stops being a table of money.
MAX_MAGNITUDE = 10**18


MAX_DENOMINATOR = 10**18


# Text (see the module docstring for the classes of fields). A name or title is read in a table cell, a heading or a
# signature block: 200 characters is about two printed lines of an A4 page, and the longest in the bundled files is 85.
MAX_ID_LENGTH = 64


MAX_LINE_LENGTH = 200


MAX_TEXT_LENGTH = 10_000


# Contributions with a substitute_cost that one group of revenue sources needs together (sources that share such a
# contribution are one group): the benefit game weighs every choice of which of them to buy in, 2^k choices.
MAX_BUYABLE_CONTRIBUTIONS = 16
