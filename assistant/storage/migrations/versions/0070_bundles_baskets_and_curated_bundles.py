"""bundles: baskets (order history for mining) and curated bundles

Revision ID: 0070
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON (text) on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0070"
down_revision: str | None = "0080"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "basket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("customer_id", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("basket", schema=None) as batch_op:
        batch_op.create_index("ix_basket_shop_external", ["shop_id", "external_id"], unique=False)
        batch_op.create_index("ix_basket_shop_id", ["shop_id", "id"], unique=False)
    op.create_table(
        "basket_item",
        sa.Column("basket_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.ForeignKeyConstraint(["basket_id"], ["basket.id"]),
        sa.PrimaryKeyConstraint("basket_id", "sku"),
    )
    op.create_table(
        "bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title_de", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("skus", JSON, nullable=False),
        sa.Column("discount_pct", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "slug", name="uq_bundle_slug"),
    )


def downgrade() -> None:
    op.drop_table("bundle")
    op.drop_table("basket_item")
    with op.batch_alter_table("basket", schema=None) as batch_op:
        batch_op.drop_index("ix_basket_shop_id")
        batch_op.drop_index("ix_basket_shop_external")
    op.drop_table("basket")
