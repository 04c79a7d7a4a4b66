"""gemeente_instelling: settings of a gemeente's own, over the global MAKELAAR_* ones

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 20:40:00.000000

Issue 16: a national programme runs many gemeenten from the same workers, and every setting was
one environment variable for all of them. A gemeente may now have its own language, minimum cell
size (only stricter than the global one), sender, public address and contact lines; a NULL
column is the global value. One row per gemeente at most, in the shared database so every
worker sees the same. A new table: nothing existing changes; a downgrade drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gemeente_instelling",
        sa.Column("gemeente_code", sa.String(length=6), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=True),
        sa.Column("min_cell_size", sa.Integer(), nullable=True),
        sa.Column("mail_from", sa.Text(), nullable=True),
        sa.Column("public_url", sa.Text(), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("contact_en", sa.String(length=200), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "locale IS NULL OR locale IN ('nl', 'en')",
            name=op.f("ck_gemeente_instelling_locale"),
        ),
        sa.CheckConstraint(
            "min_cell_size IS NULL OR min_cell_size >= 3",
            name=op.f("ck_gemeente_instelling_min_cell_size"),
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_code"],
            ["gemeente.code"],
            name=op.f("fk_gemeente_instelling_gemeente_code_gemeente"),
        ),
        sa.PrimaryKeyConstraint("gemeente_code", name=op.f("pk_gemeente_instelling")),
    )


def downgrade() -> None:
    op.drop_table("gemeente_instelling")
