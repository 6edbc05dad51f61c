"""The desk's first schema: settings, bureau logins, rounds, units, submissions.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("settings", sa.Column("key", sa.String(64), primary_key=True),
                    sa.Column("value", sa.Text(), nullable=False))
    op.create_table("logins", sa.Column("id", sa.String(64), primary_key=True),
                    sa.Column("created", sa.DateTime(), nullable=False))
    op.create_table("rounds", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("region", sa.String(200), nullable=False),
                    sa.Column("templates", sa.String(200), nullable=False),
                    sa.Column("created", sa.DateTime(), nullable=False))
    op.create_table("units", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id"), nullable=False, index=True),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("contact", sa.String(100), nullable=False),
                    sa.Column("phone", sa.String(100), nullable=False),
                    sa.Column("token", sa.String(64), nullable=True, unique=True),
                    sa.UniqueConstraint("round_id", "name"))
    op.create_table("submissions", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False, index=True),
                    sa.Column("sha256", sa.String(64), nullable=False),
                    sa.Column("suffix", sa.String(8), nullable=False),
                    sa.Column("filename", sa.String(255), nullable=False),
                    sa.Column("size", sa.Integer(), nullable=False),
                    sa.Column("received", sa.DateTime(), nullable=False),
                    sa.Column("state", sa.String(16), nullable=False, index=True),
                    sa.Column("checked", sa.DateTime(), nullable=True),
                    sa.Column("errors", sa.Integer(), nullable=False),
                    sa.Column("warnings", sa.Integer(), nullable=False),
                    sa.Column("templates", sa.String(200), nullable=False),
                    sa.Column("result", sa.Text(), nullable=False),
                    sa.UniqueConstraint("unit_id", "sha256"))


def downgrade() -> None:
    for table in ("submissions", "units", "rounds", "logins", "settings"):
        op.drop_table(table)
