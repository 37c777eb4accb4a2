"""verified identity: unsigned e-mails and names kept apart; existing shops keep the old MACs
for now; the console key leaves the database

Revision ID: 0100
Revises: 0096
Create Date: 2026-12-03

* ``customer.email``/``name`` hold only what the shop signed. Until now ``identify`` stored
  whatever the page sent there. A customer keeps them only when a webhook (signed) came
  after the last ``identify``; otherwise they move to ``email_unverified``/``name_unverified``
  with ``unverified_source = 'before-0100'``: they may have been anyone's.
* Every existing shop gets ``settings["secrets"]["legacy"] = true``: its hashes and webhook
  signatures without the purpose prefix keep working until it has moved (docs/security.md).
* The generated console key (``app_setting.secret_key``) is deleted: a copy of the database
  must not be enough to forge console sessions. The next start keeps a new one in a file
  (or uses ``SHOPASSIST_SECRET_KEY``); agents sign in once more.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0100"
down_revision: str | None = "0096"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNPROVEN = """
    (email IS NOT NULL OR name IS NOT NULL)
    AND NOT EXISTS (
        SELECT 1 FROM event w
        WHERE w.customer_id = customer.id AND w.external_id IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM event i
              WHERE i.customer_id = customer.id AND i.type = 'identify'
                AND i.created_at > w.created_at
          )
    )
"""


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("email_unverified", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("name_unverified", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("unverified_source", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE customer SET email_unverified = email, name_unverified = name, "
        "unverified_source = 'before-0100', email = NULL, name = NULL WHERE " + _UNPROVEN
    )
    shop = sa.table("shop", sa.column("id", sa.String()), sa.column("settings", JSON))
    conn = op.get_bind()
    for shop_id, settings in conn.execute(sa.select(shop.c.id, shop.c.settings)).all():
        current: dict[str, Any] = dict(settings or {})
        secrets = dict(current.get("secrets") or {})
        secrets["legacy"] = True
        current["secrets"] = secrets
        conn.execute(shop.update().where(shop.c.id == shop_id).values(settings=current))
    op.execute("DELETE FROM app_setting WHERE key = 'secret_key'")


def downgrade() -> None:
    op.execute(
        "UPDATE customer SET email = COALESCE(email, email_unverified), "
        "name = COALESCE(name, name_unverified)"
    )
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("unverified_source")
        batch.drop_column("name_unverified")
        batch.drop_column("email_unverified")
