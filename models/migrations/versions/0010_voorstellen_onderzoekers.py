"""voorstellen van onderzoekers: secties, bevindingen, eigen onderbouwing; uitgesteld en wie besloot

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 02:45:00.000000

Issue 14, the learning session: a proposal may change several sections, names the findings it
rests on and may carry a researcher's own (screened) evidence; a decision may be to postpone
('uitgesteld'), and every decision records who took it. Existing rows keep empty columns: a
proposal without `secties` changes only its `sectie_id`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD = "besluit IN ('open', 'aangenomen', 'verworpen')"
NEW = "besluit IN ('open', 'aangenomen', 'verworpen', 'uitgesteld')"


def upgrade() -> None:
    with op.batch_alter_table("voorstel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("besloten_door", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("secties", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("bevindingen", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("bewijs", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_voorstel_besluit"), type_="check")
        batch_op.create_check_constraint(op.f("ck_voorstel_besluit"), NEW)
    with op.batch_alter_table("besluit_historie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("besloten_door", sa.String(length=200), nullable=True))
        batch_op.drop_constraint(op.f("ck_besluit_historie_besluit"), type_="check")
        batch_op.create_check_constraint(op.f("ck_besluit_historie_besluit"), NEW)


def downgrade() -> None:
    # A postponed proposal is open again in a schema that knows no postponement.
    op.execute("UPDATE besluit_historie SET besluit = 'open' WHERE besluit = 'uitgesteld'")
    op.execute(
        "UPDATE voorstel SET besluit = 'open', besluit_reden = NULL, besloten_op = NULL "
        "WHERE besluit = 'uitgesteld'"
    )
    with op.batch_alter_table("besluit_historie", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_besluit_historie_besluit"), type_="check")
        batch_op.create_check_constraint(op.f("ck_besluit_historie_besluit"), OLD)
        batch_op.drop_column("besloten_door")
    with op.batch_alter_table("voorstel", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_voorstel_besluit"), type_="check")
        batch_op.create_check_constraint(op.f("ck_voorstel_besluit"), OLD)
        batch_op.drop_column("bewijs")
        batch_op.drop_column("bevindingen")
        batch_op.drop_column("secties")
        batch_op.drop_column("besloten_door")
