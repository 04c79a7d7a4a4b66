"""de uitgave per gemeente: naam, logo en contact op omslag en colofon van de handreiking

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 02:30:00.000000

A municipality puts its own name, logo and contact in the guide it publishes (issue 14). One row
per gemeente; without a row an edition uses the defaults (the gemeente's CBS name, no logo).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gemeente_uitgave',
    sa.Column('gemeente_code', sa.String(length=6), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=40), nullable=True),
    sa.Column('logo_alt', sa.String(length=300), nullable=True),
    sa.Column('logo_sha256', sa.String(length=64), nullable=True),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        'logo IS NULL OR (logo_type IS NOT NULL AND logo_sha256 IS NOT NULL)',
        name=op.f('ck_gemeente_uitgave_logo_compleet'),
    ),
    sa.ForeignKeyConstraint(
        ['gemeente_code'], ['gemeente.code'],
        name=op.f('fk_gemeente_uitgave_gemeente_code_gemeente'),
    ),
    sa.PrimaryKeyConstraint('gemeente_code', name=op.f('pk_gemeente_uitgave'))
    )


def downgrade() -> None:
    op.drop_table('gemeente_uitgave')
