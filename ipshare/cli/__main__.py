"""``python -m ipshare.cli``: the same command line as the ``ipshare`` console script."""

from . import main

main()
