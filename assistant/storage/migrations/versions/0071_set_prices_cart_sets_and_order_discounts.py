"""set prices: the sets a demo shop cart carries, and the discounts in demo orders

Revision ID: 0071
Revises: 0070
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON (text) on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0071"
down_revision: str | None = "0050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cart_set",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("cart_id", sa.String(length=64), nullable=False),
        sa.Column("set_id", sa.String(length=64), nullable=False),
        sa.Column("skus", JSON, nullable=False),
        sa.Column("discount_pct", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("title_de", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("shop_id", "cart_id", "set_id"),
    )
    with op.batch_alter_table("demo_order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "discount",
                sa.Numeric(precision=12, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("discounts", JSON, server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("demo_order", schema=None) as batch_op:
        batch_op.drop_column("discounts")
        batch_op.drop_column("discount")
    op.drop_table("cart_set")
