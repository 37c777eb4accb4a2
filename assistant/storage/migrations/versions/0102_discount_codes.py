"""discount codes: codes the chat checkout takes, issued per customer by lifecycle rules,
their redemptions (counted per rule) and the code a demo shop cart carries

Revision ID: 0102
Revises: 0101
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0102"
down_revision: str | None = "0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discount_code",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Numeric(12, 2), nullable=False),
        sa.Column("min_order", sa.Numeric(12, 2), nullable=False, server_default="0"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=True),
        sa.Column("customer_id", sa.String(length=32), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("shop_id", "code"),
    )
    op.create_index(
        "ix_discount_code_customer", "discount_code", ["shop_id", "customer_id", "rule"]
    )
    op.create_table(
        "code_redemption",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.String(length=32), nullable=True),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("shop_id", "order_id"),
    )
    op.create_index("ix_code_redemption_shop_time", "code_redemption", ["shop_id", "redeemed_at"])
    op.create_table(
        "cart_code",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("cart_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("shop_id", "cart_id"),
    )


def downgrade() -> None:
    op.drop_table("cart_code")
    op.drop_index("ix_code_redemption_shop_time", table_name="code_redemption")
    op.drop_table("code_redemption")
    op.drop_index("ix_discount_code_customer", table_name="discount_code")
    op.drop_table("discount_code")
