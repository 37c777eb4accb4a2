"""``shopassist``: a thin click layer over the application.

This package is the composition root: the one place that builds a :class:`Config` from the
environment and flags, and that may start the web server. Each command group lives in its own
module; errors an operator can fix are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from assistant.cli.base import main
from assistant.cli.demo import demo
from assistant.cli.kb import kb
from assistant.cli.serve import migrate, serve

main.add_command(serve)
main.add_command(migrate)
main.add_command(demo)
main.add_command(kb)

__all__ = ["main"]
