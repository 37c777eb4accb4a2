"""``python -m web``: the same as ``shopassist``."""

from web.cli import main

main()
