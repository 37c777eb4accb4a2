"""``shopassist``: a thin click layer over the application.

This package builds a :class:`Config` from the environment and flags for every command;
:mod:`web.cli` adds ``serve``, the one command that starts the web layer. Each command group lives in its own
module; errors an operator can fix are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from assistant.cli.agents import agents
from assistant.cli.base import main
from assistant.cli.bundles import bundles, experiments, orders
from assistant.cli.catalog import catalog
from assistant.cli.customers import customers
from assistant.cli.demo import demo
from assistant.cli.kb import kb
from assistant.cli.lifecycle import lifecycle
from assistant.cli.metrics import metrics
from assistant.cli.migrate import migrate
from assistant.cli.ops import backup, check, restore
from assistant.cli.secrets import secrets
from assistant.cli.shops import shops

main.add_command(migrate)
main.add_command(demo)
main.add_command(agents)
main.add_command(orders)
main.add_command(bundles)
main.add_command(experiments)
main.add_command(metrics)
main.add_command(lifecycle)
main.add_command(kb)
main.add_command(customers)
main.add_command(secrets)
main.add_command(shops)
main.add_command(catalog)
main.add_command(backup)
main.add_command(restore)
main.add_command(check)

__all__ = ["main"]
