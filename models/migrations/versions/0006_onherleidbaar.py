"""onherleidbare anonieme antwoorden: concepten zonder uitnodiging, antwoordmerken, opruimen

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 21:00:00.000000

Drafts are re-keyed: a draft row no longer names its invitation and its answers are sealed with a
key the store never holds (forms.geheim). Drafts saved before this revision cannot be re-keyed
(their key comes from the link's token, which is not stored), so they are deleted: whoever was
half-way through an answer starts that form again. Submitted responses are untouched.
On SQLite the response table is rebuilt WITHOUT ROWID, so its rows keep no order of arrival.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enquete_ronde', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opgeruimd_op', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('uitnodiging_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_token', sa.LargeBinary(), nullable=True))

    op.drop_table('concept')
    op.create_table('concept',
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('enquete_ronde_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=64), nullable=False),
    sa.Column('antwoorden', sa.LargeBinary(), nullable=False),
    sa.Column('pagina', sa.Integer(), nullable=False),
    sa.Column('taal', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['enquete_ronde_id'], ['enquete_ronde.id'], name=op.f('fk_concept_enquete_ronde_id_enquete_ronde')),
    sa.PrimaryKeyConstraint('sleutel', name=op.f('pk_concept'))
    )
    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concept_enquete_ronde_id'), ['enquete_ronde_id'], unique=False)

    op.create_table('antwoordmerk',
    sa.Column('enquete_ronde_id', sa.Integer(), nullable=False),
    sa.Column('merk', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['enquete_ronde_id'], ['enquete_ronde.id'], name=op.f('fk_antwoordmerk_enquete_ronde_id_enquete_ronde')),
    sa.PrimaryKeyConstraint('enquete_ronde_id', 'merk', name=op.f('pk_antwoordmerk')),
    sqlite_with_rowid=False,
    )

    if op.get_bind().dialect.name == 'sqlite':
        # no column changes: batch mode copies the table into a new one made WITHOUT ROWID
        with op.batch_alter_table(
            'respons', recreate='always', table_kwargs={'sqlite_with_rowid': False}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # no column changes: batch mode copies the table back into one with a rowid
        with op.batch_alter_table('respons', recreate='always', table_kwargs={}):
            pass
    op.drop_table('antwoordmerk')
    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concept_enquete_ronde_id'))
    op.drop_table('concept')
    op.create_table('concept',
    sa.Column('uitnodiging_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=64), nullable=False),
    sa.Column('antwoorden', sa.JSON(), nullable=False),
    sa.Column('pagina', sa.Integer(), nullable=False),
    sa.Column('taal', sa.String(length=5), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uitnodiging_id'], ['uitnodiging.id'], name=op.f('fk_concept_uitnodiging_id_uitnodiging')),
    sa.PrimaryKeyConstraint('uitnodiging_id', name=op.f('pk_concept'))
    )
    with op.batch_alter_table('uitnodiging_token', schema=None) as batch_op:
        batch_op.drop_column('code_token')
    with op.batch_alter_table('enquete_ronde', schema=None) as batch_op:
        batch_op.drop_column('opgeruimd_op')
