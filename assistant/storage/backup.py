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


def restore_sqlite(backup: Path, database: Path) -> BackupReport:
    """Put a backup back in place of the database, through SQLite itself.

    Not a file copy: a copied file would meet the old database's ``-wal`` file, which SQLite
    would replay onto it. The backup API writes the pages into the database under its own
    locks, so the old write-ahead log is checkpointed or discarded properly. The backup is
    checked first; a damaged one is refused and the database left as it was.
    """
    if not backup.exists():
        raise BackupFailed(f"there is no backup file {backup}")
    if database.exists() and backup.resolve() == database.resolve():
        raise BackupFailed("the backup and the database are the same file")
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True, timeout=30)
        try:
            (verdict,) = src.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise BackupFailed(f"the backup failed its integrity check: {verdict}")
            database.parent.mkdir(parents=True, exist_ok=True)
            dst = sqlite3.connect(database, timeout=30)
            try:
                src.backup(dst, pages=-1)
                (pages,) = dst.execute("PRAGMA page_count").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupFailed(str(exc)) from None
    return BackupReport(database, database.stat().st_size, int(pages))
