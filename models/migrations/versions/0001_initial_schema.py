"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 07:36:17.842437
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gemeente',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_gemeente'))
    )
    op.create_table('kerncijfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regiocode', sa.String(length=10), nullable=False),
    sa.Column('niveau', sa.Enum('gemeente', 'wijk', 'buurt', name='niveau', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('jaar', sa.Integer(), nullable=False),
    sa.Column('inwoners', sa.Integer(), nullable=True),
    sa.Column('leeftijd_0_14', sa.Integer(), nullable=True),
    sa.Column('leeftijd_15_24', sa.Integer(), nullable=True),
    sa.Column('leeftijd_25_44', sa.Integer(), nullable=True),
    sa.Column('leeftijd_45_64', sa.Integer(), nullable=True),
    sa.Column('leeftijd_65_plus', sa.Integer(), nullable=True),
    sa.Column('huishoudens', sa.Integer(), nullable=True),
    sa.Column('eenpersoonshuishoudens', sa.Integer(), nullable=True),
    sa.Column('pct_huishoudens_laag_inkomen', sa.Float(), nullable=True),
    sa.Column('wmo_clienten', sa.Integer(), nullable=True),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kerncijfers')),
    sa.UniqueConstraint('regiocode', 'jaar', name=op.f('uq_kerncijfers_regiocode_jaar'))
    )
    with op.batch_alter_table('kerncijfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kerncijfers_regiocode'), ['regiocode'], unique=False)

    op.create_table('evaluatieronde',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_code', sa.String(length=6), nullable=False),
    sa.Column('cyclus', sa.String(length=60), nullable=False),
    sa.Column('periode', sa.String(length=20), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_code'], ['gemeente.code'], name=op.f('fk_evaluatieronde_gemeente_code_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluatieronde')),
    sa.UniqueConstraint('gemeente_code', 'cyclus', 'periode', name=op.f('uq_evaluatieronde_gemeente_code_cyclus_periode'))
    )
    op.create_table('makelaar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.Column('gemeente_code', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_code'], ['gemeente.code'], name=op.f('fk_makelaar_gemeente_code_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_makelaar')),
    sa.UniqueConstraint('code', name=op.f('uq_makelaar_code'))
    )
    with op.batch_alter_table('makelaar', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_makelaar_gemeente_code'), ['gemeente_code'], unique=False)

    op.create_table('wijk',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('gemeente_code', sa.String(length=6), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_code'], ['gemeente.code'], name=op.f('fk_wijk_gemeente_code_gemeente')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_wijk'))
    )
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wijk_gemeente_code'), ['gemeente_code'], unique=False)

    op.create_table('bewonersinitiatief',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('titel', sa.String(length=200), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.Column('makelaar_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('idee', 'ondersteund', 'gerealiseerd', 'niet_ondersteund', 'gestrand', name='initiatief_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('reden', sa.Text(), nullable=True),
    sa.Column('ondersteuning', sa.Text(), nullable=True),
    sa.Column('bewoners_betrokken', sa.Integer(), nullable=False),
    sa.Column('gestart_op', sa.Date(), nullable=False),
    sa.Column('bijgewerkt_op', sa.Date(), nullable=False),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.CheckConstraint("status NOT IN ('niet_ondersteund', 'gestrand') OR reden IS NOT NULL", name=op.f('ck_bewonersinitiatief_reden_bij_geen_doorgang')),
    sa.ForeignKeyConstraint(['makelaar_id'], ['makelaar.id'], name=op.f('fk_bewonersinitiatief_makelaar_id_makelaar')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_bewonersinitiatief_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bewonersinitiatief')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_bewonersinitiatief_sleutel'))
    )
    with op.batch_alter_table('bewonersinitiatief', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bewonersinitiatief_wijk_code'), ['wijk_code'], unique=False)

    op.create_table('buurt',
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_buurt_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_buurt'))
    )
    with op.batch_alter_table('buurt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_buurt_wijk_code'), ['wijk_code'], unique=False)

    op.create_table('editie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_code', sa.String(length=6), nullable=False),
    sa.Column('nummer', sa.Integer(), nullable=False),
    sa.Column('ronde_id', sa.Integer(), nullable=False),
    sa.Column('taal', sa.String(length=5), nullable=False),
    sa.Column('pdf_pad', sa.String(length=500), nullable=False),
    sa.Column('html_pad', sa.String(length=500), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('secties', sa.JSON(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_code'], ['gemeente.code'], name=op.f('fk_editie_gemeente_code_gemeente')),
    sa.ForeignKeyConstraint(['ronde_id'], ['evaluatieronde.id'], name=op.f('fk_editie_ronde_id_evaluatieronde')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_editie')),
    sa.UniqueConstraint('gemeente_code', 'nummer', name=op.f('uq_editie_gemeente_code_nummer')),
    sa.UniqueConstraint('ronde_id', name=op.f('uq_editie_ronde_id'))
    )
    op.create_table('fase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ronde_id', sa.Integer(), nullable=False),
    sa.Column('fase', sa.Enum('observe', 'reflect', 'improve', 'apply', name='fase', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('running', 'completed', 'failed', name='fase_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('gestart_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('afgerond_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resultaat', sa.JSON(), nullable=True),
    sa.Column('fout', sa.Text(), nullable=True),
    sa.Column('pogingen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ronde_id'], ['evaluatieronde.id'], name=op.f('fk_fase_ronde_id_evaluatieronde')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fase')),
    sa.UniqueConstraint('ronde_id', 'fase', name=op.f('uq_fase_ronde_id_fase'))
    )
    op.create_table('indicatorwaarde',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ronde_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=64), nullable=False),
    sa.Column('dimensie', sa.String(length=20), nullable=False),
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('waarde', sa.Float(), nullable=True),
    sa.Column('basis', sa.Integer(), nullable=True),
    sa.Column('onderdrukt', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ronde_id'], ['evaluatieronde.id'], name=op.f('fk_indicatorwaarde_ronde_id_evaluatieronde')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicatorwaarde')),
    sa.UniqueConstraint('ronde_id', 'indicator', 'dimensie', 'sleutel', name=op.f('uq_indicatorwaarde_ronde_id_indicator_dimensie_sleutel'))
    )
    with op.batch_alter_table('indicatorwaarde', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicatorwaarde_ronde_id'), ['ronde_id'], unique=False)

    op.create_table('makelaar_wijk',
    sa.Column('makelaar_id', sa.Integer(), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['makelaar_id'], ['makelaar.id'], name=op.f('fk_makelaar_wijk_makelaar_id_makelaar')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_makelaar_wijk_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('makelaar_id', 'wijk_code', name=op.f('pk_makelaar_wijk'))
    )
    op.create_table('voorstel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ronde_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('sectie_id', sa.String(length=80), nullable=False),
    sa.Column('titel', sa.String(length=200), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('onderbouwing', sa.Text(), nullable=False),
    sa.Column('bron', sa.String(length=40), nullable=False),
    sa.Column('besluit', sa.Enum('open', 'aangenomen', 'verworpen', name='besluit', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('besluit_reden', sa.Text(), nullable=True),
    sa.Column('besloten_op', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("besluit = 'open' OR besluit_reden IS NOT NULL", name=op.f('ck_voorstel_reden_bij_besluit')),
    sa.ForeignKeyConstraint(['ronde_id'], ['evaluatieronde.id'], name=op.f('fk_voorstel_ronde_id_evaluatieronde')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voorstel')),
    sa.UniqueConstraint('ronde_id', 'code', name=op.f('uq_voorstel_ronde_id_code'))
    )
    with op.batch_alter_table('voorstel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voorstel_ronde_id'), ['ronde_id'], unique=False)

    op.create_table('signaal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('makelaar_id', sa.Integer(), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.Column('buurt_code', sa.String(length=10), nullable=True),
    sa.Column('soort', sa.Enum('probleem', 'kracht', name='signaal_soort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('categorie', sa.Enum('schulden', 'eenzaamheid', 'overlast', 'opvoeding', 'gezondheid', 'woonomgeving', 'idee', name='signaal_cat', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('opvolging', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('nieuw', 'opgepakt', 'doorgezet', 'afgerond', name='signaal_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['buurt_code'], ['buurt.code'], name=op.f('fk_signaal_buurt_code_buurt')),
    sa.ForeignKeyConstraint(['makelaar_id'], ['makelaar.id'], name=op.f('fk_signaal_makelaar_id_makelaar')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_signaal_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signaal')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_signaal_sleutel'))
    )
    with op.batch_alter_table('signaal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signaal_datum'), ['datum'], unique=False)
        batch_op.create_index(batch_op.f('ix_signaal_makelaar_id'), ['makelaar_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signaal_wijk_code'), ['wijk_code'], unique=False)

    op.create_table('sociale_actie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=64), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('makelaar_id', sa.Integer(), nullable=False),
    sa.Column('wijk_code', sa.String(length=8), nullable=False),
    sa.Column('buurt_code', sa.String(length=10), nullable=True),
    sa.Column('actietype', sa.Enum('buurtonderzoek', 'bewonersinitiatief', 'evenement', 'overleg_instanties', 'bemiddeling_bewoners', 'bemiddeling_bewoner_instelling', 'buurtrapportage', 'nieuwsbrief', 'huisbezoek', 'doorverwijzing', 'anders', name='actietype', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('actietype_anders', sa.String(length=200), nullable=True),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('bereikt', sa.Integer(), nullable=False),
    sa.Column('bewoners_organisator', sa.Integer(), nullable=False),
    sa.Column('bewoners_deelnemer', sa.Integer(), nullable=False),
    sa.Column('doelgroepen', sa.JSON(), nullable=False),
    sa.Column('resultaat', sa.Enum('verbinding', 'initiatief', 'doorverwijzing', 'signaal', 'informatie', 'geen', name='resultaat', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('uren', sa.Float(), nullable=False),
    sa.Column('notitie', sa.Text(), nullable=True),
    sa.Column('bron', sa.String(length=200), nullable=False),
    sa.CheckConstraint('bereikt >= 0', name=op.f('ck_sociale_actie_bereikt_niet_negatief')),
    sa.CheckConstraint('bewoners_deelnemer >= 0', name=op.f('ck_sociale_actie_deelnemer_niet_negatief')),
    sa.CheckConstraint('bewoners_organisator >= 0', name=op.f('ck_sociale_actie_organisator_niet_negatief')),
    sa.CheckConstraint('uren >= 0', name=op.f('ck_sociale_actie_uren_niet_negatief')),
    sa.ForeignKeyConstraint(['buurt_code'], ['buurt.code'], name=op.f('fk_sociale_actie_buurt_code_buurt')),
    sa.ForeignKeyConstraint(['makelaar_id'], ['makelaar.id'], name=op.f('fk_sociale_actie_makelaar_id_makelaar')),
    sa.ForeignKeyConstraint(['wijk_code'], ['wijk.code'], name=op.f('fk_sociale_actie_wijk_code_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sociale_actie')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_sociale_actie_sleutel'))
    )
    with op.batch_alter_table('sociale_actie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sociale_actie_datum'), ['datum'], unique=False)
        batch_op.create_index(batch_op.f('ix_sociale_actie_makelaar_id'), ['makelaar_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sociale_actie_wijk_code'), ['wijk_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sociale_actie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sociale_actie_wijk_code'))
        batch_op.drop_index(batch_op.f('ix_sociale_actie_makelaar_id'))
        batch_op.drop_index(batch_op.f('ix_sociale_actie_datum'))

    op.drop_table('sociale_actie')
    with op.batch_alter_table('signaal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signaal_wijk_code'))
        batch_op.drop_index(batch_op.f('ix_signaal_makelaar_id'))
        batch_op.drop_index(batch_op.f('ix_signaal_datum'))

    op.drop_table('signaal')
    with op.batch_alter_table('voorstel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voorstel_ronde_id'))

    op.drop_table('voorstel')
    op.drop_table('makelaar_wijk')
    with op.batch_alter_table('indicatorwaarde', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicatorwaarde_ronde_id'))

    op.drop_table('indicatorwaarde')
    op.drop_table('fase')
    op.drop_table('editie')
    with op.batch_alter_table('buurt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_buurt_wijk_code'))

    op.drop_table('buurt')
    with op.batch_alter_table('bewonersinitiatief', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bewonersinitiatief_wijk_code'))

    op.drop_table('bewonersinitiatief')
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wijk_gemeente_code'))

    op.drop_table('wijk')
    with op.batch_alter_table('makelaar', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_makelaar_gemeente_code'))

    op.drop_table('makelaar')
    op.drop_table('evaluatieronde')
    with op.batch_alter_table('kerncijfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kerncijfers_regiocode'))

    op.drop_table('kerncijfers')
    op.drop_table('gemeente')
