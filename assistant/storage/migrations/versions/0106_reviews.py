"""reviews: one rating (1-5) and short text per delivered order (review)

Revision ID: 0106
Revises: 0105
Create Date: 2026-12-04

Asked for after delivery in the chat or by e-mail; the same review is also a ``review``
event, so the lifecycle and the metrics need nothing from this table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0106"
down_revision: str | None = "0105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("shop_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "order_id", name="uq_review_order"),
    )
    op.create_index("ix_review_customer_id", "review", ["customer_id"])
    op.create_index("ix_review_shop_created", "review", ["shop_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_review_shop_created", table_name="review")
    op.drop_index("ix_review_customer_id", table_name="review")
    op.drop_table("review")
