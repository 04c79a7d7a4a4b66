"""linkfout: failed link openings counted in the database, shared by every server process

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 19:50:00.000000

Issue 16: the answering pages run in several processes (`makelaar forms serve --workers N`) and
on several machines, and the throttle for failed link and code openings counted in each
process's memory, so an address got N times the failures it is allowed. Each failure is now a
row: a keyed hash of the client's address (never the address) and its moment in seconds since
the epoch, indexed by address and moment for the per-address count and by moment for the global
one and for deleting rows older than the window. A new table: nothing existing changes, and a
downgrade drops it (the counts are at most a window old).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "linkfout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("adres", sa.String(length=32), nullable=False),
        sa.Column("moment", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkfout")),
    )
    with op.batch_alter_table("linkfout", schema=None) as batch_op:
        batch_op.create_index("ix_linkfout_adres_moment", ["adres", "moment"], unique=False)
        batch_op.create_index(batch_op.f("ix_linkfout_moment"), ["moment"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("linkfout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkfout_moment"))
        batch_op.drop_index("ix_linkfout_adres_moment")
    op.drop_table("linkfout")
