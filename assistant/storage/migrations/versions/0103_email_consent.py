"""marketing e-mail consent by double opt-in (email_consent)

Revision ID: 0103
Revises: 0102
Create Date: 2026-12-04

One row per customer: the address typed in the chat checkout, the consent's status
(pending, confirmed, unsubscribed), its source and times. Nothing existing changes:
customers the shop marked as consenting (``customer_lifecycle.email_consent``) keep it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0103"
down_revision: str | None = "0102"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_consent",
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirm_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    op.create_index("ix_email_consent_shop_id", "email_consent", ["shop_id"])


def downgrade() -> None:
    op.drop_index("ix_email_consent_shop_id", table_name="email_consent")
    op.drop_table("email_consent")
