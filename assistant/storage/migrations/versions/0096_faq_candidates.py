"""faq candidates: shoppers' wordings that may become phrasings of an article (learning from
"did you mean" picks and "not helpful" votes)

Revision ID: 0096
Revises: 0095
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0096"
down_revision: str | None = "0095"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("confirmed_by", JSON, nullable=False),
        sa.Column("rejected_by", JSON, nullable=False),
        sa.Column("agent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shop.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "slug", "lang", "key", name="uq_faq_candidate"),
    )
    op.create_index("ix_faq_candidate_shop_status", "faq_candidate", ["shop_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_faq_candidate_shop_status", table_name="faq_candidate")
    op.drop_table("faq_candidate")
