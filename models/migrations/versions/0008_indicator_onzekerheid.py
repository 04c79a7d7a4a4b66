"""indicatorwaarden met teller, noemer, spreiding, 95%-interval en de reden van onderdrukking

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 09:00:00.000000

What an indicator value's interval and its disclosure check rest on (issue 13). Values stored
before this revision keep empty columns: their rounds are recomputed when they run again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = ('teller', 'noemer', 'spreiding', 'ondergrens', 'bovengrens')


def upgrade() -> None:
    with op.batch_alter_table('indicatorwaarde', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('reden', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('indicatorwaarde', schema=None) as batch_op:
        batch_op.drop_column('reden')
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
