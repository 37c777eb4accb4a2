"""demo shop orders

Revision ID: 0060
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON (text) on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MONEY = sa.Numeric(precision=12, scale=2)

revision: str = "0060"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demo_order",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("customer_ref", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("address", JSON, nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("shipping_id", sa.String(length=64), nullable=False),
        sa.Column("shipping_price", MONEY, nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("vat", JSON, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("tracking_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "idempotency_key", name="uq_demo_order_idempotency"),
    )
    op.create_index("ix_demo_order_customer_ref", "demo_order", ["customer_ref"])
    op.create_index("ix_demo_order_shop_created", "demo_order", ["shop_id", "created_at"])
    op.create_table(
        "demo_order_line",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name_de", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["demo_order.id"]),
        sa.PrimaryKeyConstraint("order_id", "position"),
    )


def downgrade() -> None:
    op.drop_table("demo_order_line")
    op.drop_index("ix_demo_order_shop_created", table_name="demo_order")
    op.drop_index("ix_demo_order_customer_ref", table_name="demo_order")
    op.drop_table("demo_order")
