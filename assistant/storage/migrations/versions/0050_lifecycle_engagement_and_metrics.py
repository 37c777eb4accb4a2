"""lifecycle, engagement and metrics

Revision ID: 0050
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON (text) on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0050"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_shop_id"), ["shop_id"], unique=False)

    op.create_table(
        "marketing_spend",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("shop_id", "day"),
    )
    op.create_table(
        "customer_lifecycle",
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("first_order_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_order_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_order_event_id", sa.Integer(), nullable=True),
        sa.Column("stage_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_consent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    with op.batch_alter_table("customer_lifecycle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customer_lifecycle_next_due_at"), ["next_due_at"], unique=False
        )

    op.create_table(
        "lifecycle_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clicked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lifecycle_action", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lifecycle_action_customer", ["customer_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_lifecycle_action_due", ["status", "channel", "due_at"], unique=False
        )

    op.create_table(
        "purchase",
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("shop_id", "order_id"),
    )
    with op.batch_alter_table("purchase", schema=None) as batch_op:
        batch_op.create_index("ix_purchase_customer", ["customer_id", "created_at"], unique=False)
        batch_op.create_index("ix_purchase_shop_created", ["shop_id", "created_at"], unique=False)

    op.create_table(
        "stage_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("from_stage", sa.String(length=32), nullable=True),
        sa.Column("to_stage", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_transition", schema=None) as batch_op:
        batch_op.create_index("ix_stage_transition_customer", ["customer_id", "id"], unique=False)
        batch_op.create_index(
            "ix_stage_transition_shop_created", ["shop_id", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stage_transition", schema=None) as batch_op:
        batch_op.drop_index("ix_stage_transition_shop_created")
        batch_op.drop_index("ix_stage_transition_customer")

    op.drop_table("stage_transition")
    with op.batch_alter_table("purchase", schema=None) as batch_op:
        batch_op.drop_index("ix_purchase_shop_created")
        batch_op.drop_index("ix_purchase_customer")

    op.drop_table("purchase")
    with op.batch_alter_table("lifecycle_action", schema=None) as batch_op:
        batch_op.drop_index("ix_lifecycle_action_due")
        batch_op.drop_index("ix_lifecycle_action_customer")

    op.drop_table("lifecycle_action")
    with op.batch_alter_table("customer_lifecycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_lifecycle_next_due_at"))

    op.drop_table("customer_lifecycle")
    op.drop_table("marketing_spend")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_shop_id"))

    op.drop_table("api_token")
