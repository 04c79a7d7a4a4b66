"""publiek sociaal_werkers: social workers are an audience of their own

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 05:40:00.000000

Issue 15: the actieonderzoek asks the social workers of each sociaal team a reflection form of
their own; they were invited as 'partners', so survey status, response and reminders lumped them
with the partner organisations. The audience column is a VARCHAR with a CHECK constraint
(models.tables._enum): the constraint is replaced to allow 'sociaal_werkers' (SQLite rebuilds the
table in batch mode; every row and the references to it are kept). Existing rows keep their
audience: a survey round opened for partners stays one.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CONSTRAINT = "ck_enquete_ronde_publiek"
OLD = "publiek IN ('makelaars', 'partners', 'bewoners')"
NEW = "publiek IN ('makelaars', 'sociaal_werkers', 'partners', 'bewoners')"


def upgrade() -> None:
    with op.batch_alter_table("enquete_ronde", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), NEW)


def downgrade() -> None:
    # Before 0011 social workers were asked as partners: their survey rounds become partners'
    # again. Should the round also have put the same form to partners, the unique constraint
    # (ronde_id, publiek, enquete_id) refuses the downgrade rather than merge two rounds.
    op.execute("UPDATE enquete_ronde SET publiek = 'partners' WHERE publiek = 'sociaal_werkers'")
    with op.batch_alter_table("enquete_ronde", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), OLD)
