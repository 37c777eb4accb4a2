"""catalog from product feeds: the fields feeds carry and search needs (link, brand, gtin,
availability, sale price, variants, category path, colour, size, material, rating, free
attributes), the demo picture colour renamed to ``swatch``, and the log of catalog imports

Revision ID: 0095
Revises: 0090
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON (text) on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0095"
down_revision: str | None = "0090"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.alter_column("color", new_column_name="swatch", existing_type=sa.String(16))
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.alter_column(
            "image_url", type_=sa.String(length=1000), existing_type=sa.String(length=500)
        )
        batch_op.add_column(sa.Column("link", sa.String(length=1000), nullable=True))
        batch_op.add_column(
            sa.Column("brand", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("gtin", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "availability", sa.String(length=16), server_default="in_stock", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("sale_price", sa.Numeric(precision=12, scale=2), nullable=True)
        )
        batch_op.add_column(sa.Column("item_group_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("product_type", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("google_category", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("color", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("size", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("material", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("rating", sa.Numeric(precision=3, scale=2), nullable=True))
        batch_op.add_column(sa.Column("rating_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attributes", JSON, server_default="{}", nullable=False))
    op.create_table(
        "catalog_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_catalog_import_shop_id", "catalog_import", ["shop_id"])


def downgrade() -> None:
    op.drop_index("ix_catalog_import_shop_id", table_name="catalog_import")
    op.drop_table("catalog_import")
    with op.batch_alter_table("product", schema=None) as batch_op:
        for name in (
            "attributes",
            "rating_count",
            "rating",
            "material",
            "size",
            "color",
            "google_category",
            "product_type",
            "item_group_id",
            "sale_price",
            "availability",
            "gtin",
            "brand",
            "link",
        ):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "image_url", type_=sa.String(length=500), existing_type=sa.String(length=1000)
        )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.alter_column("swatch", new_column_name="color", existing_type=sa.String(16))
