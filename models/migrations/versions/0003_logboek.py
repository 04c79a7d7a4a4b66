"""logboek: casus, initiatiefhistorie, bekende namen, importlog

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:42:37.779793
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bekende_naam',
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('hash', name=op.f('pk_bekende_naam'))
    )
    op.create_table('logboek_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bestand', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('geimporteerd_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modus', sa.String(length=20), nullable=False),
    sa.Column('gelezen', sa.Integer(), nullable=False),
    sa.Column('nieuw', sa.Integer(), nullable=False),
    sa.Column('bijgewerkt', sa.Integer(), nullable=False),
    sa.Column('ongewijzigd', sa.Integer(), nullable=False),
    sa.Column('geweigerd', sa.Integer(), nullable=False),
    sa.Column('rapport', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logboek_import'))
    )
    with op.batch_alter_table('logboek_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logboek_import_sha256'), ['sha256'], unique=False)

    op.create_table('casus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('huishouden', sa.String(length=64), nullable=False),
    sa.Column('makelaar_id', sa.Integer(), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.Column('aangemeld_op', sa.Date(), nullable=False),
    sa.Column('eerste_contact', sa.Date(), nullable=True),
    sa.Column('aanbieders_start', sa.Integer(), nullable=True),
    sa.Column('aanbieders_afsluiting', sa.Integer(), nullable=True),
    sa.Column('treden', sa.JSON(), nullable=False),
    sa.Column('afgesloten_op', sa.Date(), nullable=True),
    sa.Column('afsluiting', sa.Enum('met_resultaat', 'zonder_resultaat', name='casus_afsluiting', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('tevredenheid', sa.Integer(), nullable=True),
    sa.Column('notitie', sa.Text(), nullable=True),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.CheckConstraint('(afgesloten_op IS NULL) = (afsluiting IS NULL)', name=op.f('ck_casus_afsluiting_met_datum')),
    sa.CheckConstraint('aanbieders_afsluiting >= 0', name=op.f('ck_casus_aanbieders_afsluiting_niet_negatief')),
    sa.CheckConstraint('aanbieders_start >= 0', name=op.f('ck_casus_aanbieders_start_niet_negatief')),
    sa.CheckConstraint('afgesloten_op IS NULL OR afgesloten_op >= aangemeld_op', name=op.f('ck_casus_sluiting_na_aanmelding')),
    sa.CheckConstraint('eerste_contact IS NULL OR eerste_contact >= aangemeld_op', name=op.f('ck_casus_contact_na_aanmelding')),
    sa.CheckConstraint('tevredenheid BETWEEN 1 AND 10', name=op.f('ck_casus_tevredenheid_1_10')),
    sa.ForeignKeyConstraint(['makelaar_id'], ['makelaar.id'], name=op.f('fk_casus_makelaar_id_makelaar')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_casus_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casus')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_casus_sleutel'))
    )
    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casus_huishouden'), ['huishouden'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_makelaar_id'), ['makelaar_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_wijk_code'), ['wijk_code'], unique=False)

    op.create_table('initiatief_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiatief_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('idee', 'ondersteund', 'gerealiseerd', 'niet_ondersteund', 'gestrand', name='initiatief_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('reden', sa.Text(), nullable=True),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['initiatief_id'], ['bewonersinitiatief.id'], name=op.f('fk_initiatief_status_initiatief_id_bewonersinitiatief')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatief_status')),
    sa.UniqueConstraint('initiatief_id', 'status', name=op.f('uq_initiatief_status_initiatief_id_status'))
    )
    with op.batch_alter_table('initiatief_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatief_status_initiatief_id'), ['initiatief_id'], unique=False)

    with op.batch_alter_table('bewonersinitiatief', schema=None) as batch_op:
        batch_op.add_column(sa.Column('buurt_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('contactpersoon', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_bewonersinitiatief_buurt_code_buurt'), 'buurt', ['buurt_code'], ['code'])

    with op.batch_alter_table('signaal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('melder', sa.Enum('makelaar', 'bewoner', 'partner', 'gemeente', name='melder', native_enum=False, create_constraint=True, length=40), nullable=True))

    with op.batch_alter_table('sociale_actie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_organisaties', sa.JSON(), nullable=False, server_default='[]'))



def downgrade() -> None:
    with op.batch_alter_table('sociale_actie', schema=None) as batch_op:
        batch_op.drop_column('partner_organisaties')

    with op.batch_alter_table('signaal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_signaal_melder'), type_='check')
        batch_op.drop_column('melder')

    with op.batch_alter_table('bewonersinitiatief', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bewonersinitiatief_buurt_code_buurt'), type_='foreignkey')
        batch_op.drop_column('contactpersoon')
        batch_op.drop_column('buurt_code')

    with op.batch_alter_table('initiatief_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatief_status_initiatief_id'))

    op.drop_table('initiatief_status')
    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casus_wijk_code'))
        batch_op.drop_index(batch_op.f('ix_casus_makelaar_id'))
        batch_op.drop_index(batch_op.f('ix_casus_huishouden'))

    op.drop_table('casus')
    with op.batch_alter_table('logboek_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logboek_import_sha256'))

    op.drop_table('logboek_import')
    op.drop_table('bekende_naam')
