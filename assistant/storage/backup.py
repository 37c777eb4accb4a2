"""A consistent copy of the embedded SQLite database while the server keeps running.

SQLite's online backup API copies the pages of one read transaction, so the copy is the
database as of one moment: every transaction committed before the copy began is in it, none
half. In WAL mode writers go on meanwhile. The copy is made in all pages at once (a copy in
steps would start over whenever another process writes), into a file beside the target,
checked with ``PRAGMA integrity_check``, flushed to disk and only then renamed into place, so
a crash never leaves a half-written backup under the target's name. Blocking: run it in a
thread. PostgreSQL has its own tool, ``pg_dump``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupFailed(RuntimeError):
    """The copy could not be made or is not sound (nothing was left at the target)."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    target: Path
    bytes: int
    pages: int


def backup_sqlite(source: Path, target: Path) -> BackupReport:
    if not source.exists():
        raise BackupFailed(f"there is no database file {source}")
    if target.resolve() == source.resolve():
        raise BackupFailed("the backup must go to another file than the database")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
                (pages,) = dst.execute("PRAGMA page_count").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise BackupFailed(f"the copy failed its integrity check: {verdict}")
        with partial.open("rb+") as out:
            os.fsync(out.fileno())
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupFailed(str(exc)) from None
    return BackupReport(target, target.stat().st_size, int(pages))
