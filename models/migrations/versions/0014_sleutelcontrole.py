"""sleutelcontrole: the fingerprint of the pseudonym key a database's pseudonyms were made with

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 20:20:00.000000

Issue 16: with several workers, a worker with a key of its own (a key file made on that machine)
would give the same resident another pseudonym, silently splitting households and people across
two labels. The first process that uses a key against this database records a keyed fingerprint
of it (an HMAC of a fixed label with the key: it tells keys apart and reveals nothing of the key);
a process with another key is refused before it writes anything (models.sleutelcontrole). One
row at most. A new table: nothing existing changes; a downgrade drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sleutelcontrole",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vingerafdruk", sa.String(length=64), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_sleutelcontrole_een_rij")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleutelcontrole")),
    )


def downgrade() -> None:
    op.drop_table("sleutelcontrole")
