"""Run ipshare from a checkout: ``python cli.py …`` hands over to :mod:`ipshare.cli`."""

from ipshare.cli import main

if __name__ == "__main__":
    main()
