"""A connector's secrets (API keys, passwords, webhook secrets) are never needed in the clear
in the database. A setting holds one of:

* ``{"env": "SHOPASSIST_SHOP_<NAME>"}``: read from the environment at start-up (production;
  only names with that prefix, so a shop's settings cannot point a request at, say,
  ``DATABASE_URL``);
* ``{"encrypted": "<Fernet token>"}``: encrypted with a key derived from the installation's
  secret key (``SHOPASSIST_SECRET_KEY`` or the generated one);
* a plain string, for tests and local trials.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from assistant.security.secret_key import derive_key

ENV_PREFIX = "SHOPASSIST_SHOP_"
#: The purpose the encryption key is derived for (``derive_key(secret, CONNECTOR_SECRETS)``).
CONNECTOR_SECRETS = "shop-connector-secrets"


class SecretMissing(ValueError):
    """A setting names a secret that cannot be had (unset variable, wrong key)."""


class SecretBox:
    def __init__(self, env: Mapping[str, str] | None = None, key: bytes | None = None) -> None:
        self._env = {k: v for k, v in (env or {}).items() if k.startswith(ENV_PREFIX)}
        self._fernet = Fernet(base64.urlsafe_b64encode(key)) if key else None

    def reveal(self, value: Any, name: str) -> str | None:
        """The secret in a setting's value, ``None`` when the setting is absent."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping) and isinstance(value.get("env"), str):
            var = value["env"]
            if not var.startswith(ENV_PREFIX):
                raise SecretMissing(f"{name}: environment variables must start with {ENV_PREFIX}")
            if not self._env.get(var):
                raise SecretMissing(f"{name}: the environment variable {var} is not set")
            return self._env[var]
        if isinstance(value, Mapping) and isinstance(value.get("encrypted"), str):
            if self._fernet is None:
                raise SecretMissing(f"{name}: no key to decrypt it")
            try:
                return self._fernet.decrypt(value["encrypted"].encode()).decode()
            except InvalidToken:
                raise SecretMissing(
                    f"{name}: cannot be decrypted (was the secret key changed?)"
                ) from None
        raise SecretMissing(f'{name}: expected a text, {{"env": ...}} or {{"encrypted": ...}}')

    def seal(self, plain: str) -> dict[str, str]:
        """What to store for a secret typed in by an owner."""
        if self._fernet is None:
            raise SecretMissing("no key to encrypt with")
        return {"encrypted": self._fernet.encrypt(plain.encode()).decode()}


def connector_box(shop_env: Mapping[str, str], installation_secret: str) -> SecretBox:
    """The box the server and the CLI share: the environment's ``SHOPASSIST_SHOP_*`` values and
    the key derived from the installation's secret (environment or key file, never the
    database), so what ``shopassist shops add`` encrypts the server can read."""
    return SecretBox(shop_env, derive_key(installation_secret, CONNECTOR_SECRETS))
