"""``shopassist``: a thin click layer over the application.

This package builds a :class:`Config` from the environment and flags for every command;
:mod:`web.cli` adds ``serve``, the one command that starts the web layer. Each command group lives in its own
module; errors an operator can fix are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from assistant.cli.base import LazyGroup, main

#: Command name -> where it lives; each module is imported when its command runs.
COMMANDS = {
    "migrate": "assistant.cli.migrate:migrate",
    "demo": "assistant.cli.demo:demo",
    "agents": "assistant.cli.agents:agents",
    "orders": "assistant.cli.bundles:orders",
    "bundles": "assistant.cli.bundles:bundles",
    "experiments": "assistant.cli.bundles:experiments",
    "codes": "assistant.cli.codes:codes",
    "metrics": "assistant.cli.metrics:metrics",
    "lifecycle": "assistant.cli.lifecycle:lifecycle",
    "rules": "assistant.cli.rules:rules",
    "kb": "assistant.cli.kb:kb",
    "customers": "assistant.cli.customers:customers",
    "secrets": "assistant.cli.secrets:secrets",
    "hooks": "assistant.cli.hooks:hooks",
    "shops": "assistant.cli.shops:shops",
    "catalog": "assistant.cli.catalog:catalog",
    "backup": "assistant.cli.ops:backup",
    "restore": "assistant.cli.ops:restore",
    "check": "assistant.cli.ops:check",
}
assert isinstance(main, LazyGroup)
for _name, _target in COMMANDS.items():
    main.add_lazy(_name, _target)

__all__ = ["main"]
