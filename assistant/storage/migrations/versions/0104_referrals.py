"""referrals: a personal code per customer, who referred whom, and the credits of the first
order that converted it (customer_lifecycle)

Revision ID: 0104
Revises: 0103
Create Date: 2026-12-04

Loyalty points need no table: they are computed from the orders (purchase) and the
converted referrals, with the shop's settings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0104"
down_revision: str | None = "0103"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer_lifecycle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("referral_code", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("referred_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("referred_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("referral_order_id", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("referral_converted_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("referrer_credit", sa.Numeric(precision=12, scale=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column("referred_credit", sa.Numeric(precision=12, scale=2), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_customer_lifecycle_referred_by"), ["referred_by"], unique=False
        )
        batch_op.create_unique_constraint(
            "uq_customer_lifecycle_referral_code", ["shop_id", "referral_code"]
        )


def downgrade() -> None:
    with op.batch_alter_table("customer_lifecycle", schema=None) as batch_op:
        batch_op.drop_constraint("uq_customer_lifecycle_referral_code", type_="unique")
        batch_op.drop_index(batch_op.f("ix_customer_lifecycle_referred_by"))
        for column in (
            "referred_credit",
            "referrer_credit",
            "referral_converted_at",
            "referral_order_id",
            "referred_at",
            "referred_by",
            "referral_code",
        ):
            batch_op.drop_column(column)
