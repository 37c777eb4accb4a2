"""The installation's secret key (console session cookies are encrypted with keys derived from
it).

``SHOPASSIST_SECRET_KEY`` wins when it is set: the way for production and for several
instances on several machines. Otherwise the first start generates one and keeps it in a file
outside the database (``Config.secret_key_path``: ``SHOPASSIST_SECRET_KEY_FILE``, else beside
the SQLite file, else ``var/secret_key``), readable by its owner only. Instances on one
machine share the file; a copy of the database alone is not enough to forge a session.
(Until migration 0100 the key was kept in the database; that row is deleted.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path

from assistant.errors import ConfigError


def installation_secret(configured: str | None, path: Path) -> str:
    """The configured key, else the one in ``path`` (made there on the first start; two
    instances starting at once agree on one). Blocking file I/O: call it in a thread."""
    if configured:
        return configured
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(fresh, path)  # atomic: fails if another instance was first
        except FileExistsError:
            pass
        finally:
            with contextlib.suppress(FileNotFoundError):
                fresh.unlink()
        return _read(path)
    except OSError as exc:
        raise _unusable(path, exc) from None


def _unusable(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(
        f"Cannot keep the console's secret key in {path} ({exc.strerror or exc}); set "
        "SHOPASSIST_SECRET_KEY (at least 32 characters) or SHOPASSIST_SECRET_KEY_FILE."
    )


def _read(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ConfigError(
            f"The secret key in {path} is shorter than 32 characters: delete the file to "
            "have a new one made, or set SHOPASSIST_SECRET_KEY."
        )
    return key


def derive_key(secret: str, purpose: str) -> bytes:
    """32 bytes for one purpose, so one secret can key several things independently."""
    return hashlib.sha256(f"shopassist:{purpose}\0{secret}".encode()).digest()
