"""enquetes: formulieren, enqueterondes, uitnodigingen, tokens, concepten, responsen

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 19:21:21.799361
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enquete',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=100), nullable=False),
    sa.Column('versie', sa.String(length=50), nullable=False),
    sa.Column('titel', sa.String(length=300), nullable=False),
    sa.Column('bron', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('definitie', sa.JSON(), nullable=False),
    sa.Column('geimporteerd_op', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquete')),
    sa.UniqueConstraint('form_id', 'versie', name=op.f('uq_enquete_form_id_versie'))
    )
    op.create_table('enquete_ronde',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ronde_id', sa.Integer(), nullable=False),
    sa.Column('enquete_id', sa.Integer(), nullable=False),
    sa.Column('publiek', sa.Enum('makelaars', 'partners', 'bewoners', name='publiek', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('modus', sa.Enum('identificeerbaar', 'anoniem', name='enquete_modus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('opent_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sluit_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('max_herinneringen', sa.Integer(), nullable=False),
    sa.Column('herinnering_na_uren', sa.Integer(), nullable=False),
    sa.Column('gesloten_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('herinnering_na_uren > 0', name=op.f('ck_enquete_ronde_herinnering_na_uren_positief')),
    sa.CheckConstraint('max_herinneringen >= 0', name=op.f('ck_enquete_ronde_max_herinneringen_niet_negatief')),
    sa.CheckConstraint('sluit_op > opent_op', name=op.f('ck_enquete_ronde_venster_sluit_na_opening')),
    sa.ForeignKeyConstraint(['enquete_id'], ['enquete.id'], name=op.f('fk_enquete_ronde_enquete_id_enquete')),
    sa.ForeignKeyConstraint(['ronde_id'], ['evaluatieronde.id'], name=op.f('fk_enquete_ronde_ronde_id_evaluatieronde')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquete_ronde')),
    sa.UniqueConstraint('ronde_id', 'publiek', 'enquete_id', name=op.f('uq_enquete_ronde_ronde_id_publiek_enquete_id'))
    )
    with op.batch_alter_table('enquete_ronde', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enquete_ronde_enquete_id'), ['enquete_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquete_ronde_ronde_id'), ['ronde_id'], unique=False)

    op.create_table('respons',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('enquete_ronde_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=100), nullable=False),
    sa.Column('respondent', sa.String(length=80), nullable=True),
    sa.Column('wijk_code', sa.String(length=8), nullable=True),
    sa.Column('taal', sa.String(length=5), nullable=False),
    sa.Column('antwoorden', sa.JSON(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('inhoud_sha256', sa.String(length=64), nullable=False),
    sa.Column('bron', sa.Enum('web', 'import', 'demo', name='respons_bron', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('ontvangen_op', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['enquete_ronde_id'], ['enquete_ronde.id'], name=op.f('fk_respons_enquete_ronde_id_enquete_ronde')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_respons_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_respons')),
    sa.UniqueConstraint('enquete_ronde_id', 'instance_id', name=op.f('uq_respons_enquete_ronde_id_instance_id')),
    sa.UniqueConstraint('enquete_ronde_id', 'respondent', name=op.f('uq_respons_enquete_ronde_id_respondent'))
    )
    with op.batch_alter_table('respons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respons_enquete_ronde_id'), ['enquete_ronde_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_respons_wijk_code'), ['wijk_code'], unique=False)

    op.create_table('uitnodiging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enquete_ronde_id', sa.Integer(), nullable=False),
    sa.Column('contact', sa.String(length=64), nullable=False),
    sa.Column('respondent', sa.String(length=80), nullable=True),
    sa.Column('wijk_code', sa.String(length=8), nullable=True),
    sa.Column('kanaal', sa.Enum('email', 'brief', 'lijst', name='kanaal', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('open', 'bezig', 'beantwoord', 'ingetrokken', name='uitnodiging_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('herinneringen', sa.Integer(), nullable=False),
    sa.Column('laatst_benaderd_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('herinneringen >= 0', name=op.f('ck_uitnodiging_herinneringen_niet_negatief')),
    sa.ForeignKeyConstraint(['enquete_ronde_id'], ['enquete_ronde.id'], name=op.f('fk_uitnodiging_enquete_ronde_id_enquete_ronde')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_uitnodiging_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uitnodiging')),
    sa.UniqueConstraint('enquete_ronde_id', 'contact', name=op.f('uq_uitnodiging_enquete_ronde_id_contact'))
    )
    with op.batch_alter_table('uitnodiging', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitnodiging_enquete_ronde_id'), ['enquete_ronde_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_uitnodiging_wijk_code'), ['wijk_code'], unique=False)

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
    op.create_table('uitnodiging_token',
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('uitnodiging_id', sa.Integer(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ingetrokken', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['uitnodiging_id'], ['uitnodiging.id'], name=op.f('fk_uitnodiging_token_uitnodiging_id_uitnodiging')),
    sa.PrimaryKeyConstraint('hash', name=op.f('pk_uitnodiging_token'))
    )
    with op.batch_alter_table('uitnodiging_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitnodiging_token_uitnodiging_id'), ['uitnodiging_id'], unique=False)

    op.create_table('verzending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uitnodiging_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=20), nullable=False),
    sa.Column('kanaal', sa.Enum('email', 'brief', 'lijst', name='kanaal', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('verstuurd_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gelukt', sa.Boolean(), nullable=False),
    sa.Column('fout', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['uitnodiging_id'], ['uitnodiging.id'], name=op.f('fk_verzending_uitnodiging_id_uitnodiging')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzending'))
    )
    with op.batch_alter_table('verzending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzending_uitnodiging_id'), ['uitnodiging_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('verzending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzending_uitnodiging_id'))

    op.drop_table('verzending')
    with op.batch_alter_table('uitnodiging_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uitnodiging_token_uitnodiging_id'))

    op.drop_table('uitnodiging_token')
    op.drop_table('concept')
    with op.batch_alter_table('uitnodiging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uitnodiging_wijk_code'))
        batch_op.drop_index(batch_op.f('ix_uitnodiging_enquete_ronde_id'))

    op.drop_table('uitnodiging')
    with op.batch_alter_table('respons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_respons_wijk_code'))
        batch_op.drop_index(batch_op.f('ix_respons_enquete_ronde_id'))

    op.drop_table('respons')
    with op.batch_alter_table('enquete_ronde', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enquete_ronde_ronde_id'))
        batch_op.drop_index(batch_op.f('ix_enquete_ronde_enquete_id'))

    op.drop_table('enquete_ronde')
    op.drop_table('enquete')
