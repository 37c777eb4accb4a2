"""The newest migration, read from the migration files without loading Alembic.

Every CLI command makes sure the database is migrated first; when it already is (the usual
case), asking Alembic costs its import and a parse of every migration, most of a short
command's time. The files' ``revision``/``down_revision`` lines say the same in a millisecond.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.M)
_DOWN = re.compile(r'^down_revision: str \| None = (?:"([^"]+)"|None)', re.M)


@cache
def newest_revision() -> str | None:
    """The one revision no other migration revises; ``None`` when the files do not say it
    plainly (then Alembic decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            revised.add(down.group(1))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None
