"""console sessions on the server: sign-out and the idle timeout end them (console_session)

Revision ID: 0101
Revises: 0100
Create Date: 2026-12-03

Cookies issued before carry no session token: agents sign in once more.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0101"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agent.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_session_agent_id", "console_session", ["agent_id"])


def downgrade() -> None:
    op.drop_index("ix_console_session_agent_id", table_name="console_session")
    op.drop_table("console_session")
