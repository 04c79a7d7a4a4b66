"""makelaarsregister (start- en einddatum), besluithistorie per voorstel

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 16:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('makelaar', schema=None) as batch_op:
        batch_op.add_column(sa.Column('startdatum', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('einddatum', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_makelaar_einde_na_start'),
            'einddatum IS NULL OR startdatum IS NULL OR einddatum >= startdatum',
        )

    op.create_table('besluit_historie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('voorstel_id', sa.Integer(), nullable=False),
    sa.Column('volgnummer', sa.Integer(), nullable=False),
    sa.Column('besluit', sa.Enum('open', 'aangenomen', 'verworpen', name='besluit', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('reden', sa.Text(), nullable=False),
    sa.Column('besloten_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['voorstel_id'], ['voorstel.id'], name=op.f('fk_besluit_historie_voorstel_id_voorstel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_besluit_historie')),
    sa.UniqueConstraint('voorstel_id', 'volgnummer', name=op.f('uq_besluit_historie_voorstel_id_volgnummer'))
    )
    with op.batch_alter_table('besluit_historie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_besluit_historie_voorstel_id'), ['voorstel_id'], unique=False)

    # Decisions taken before this migration become the first entry of their history.
    op.execute(
        "INSERT INTO besluit_historie (voorstel_id, volgnummer, besluit, reden, besloten_op) "
        "SELECT id, 1, besluit, besluit_reden, besloten_op FROM voorstel "
        "WHERE besluit <> 'open' AND besluit_reden IS NOT NULL AND besloten_op IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('besluit_historie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_besluit_historie_voorstel_id'))

    op.drop_table('besluit_historie')
    with op.batch_alter_table('makelaar', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_makelaar_einde_na_start'), type_='check')
        batch_op.drop_column('einddatum')
        batch_op.drop_column('startdatum')
