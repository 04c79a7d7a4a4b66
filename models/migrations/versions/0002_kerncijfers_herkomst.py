"""kerncijfers: inwoners met een herkomst buiten Europa (CBS a_neu_al) en geboren buiten Europa (a_geb_ne)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:12:40.118204
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kerncijfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('herkomst_buiten_europa', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('geboren_buiten_europa', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kerncijfers', schema=None) as batch_op:
        batch_op.drop_column('geboren_buiten_europa')
        batch_op.drop_column('herkomst_buiten_europa')
