"""casusregie: case records, the households' satisfaction survey, the collaboration survey"""

import sqlalchemy as sa
from alembic import op

revision = "casusregie_0001"
down_revision = None
branch_labels = ("casusregie",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casusregie_casus",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("gemeente_code", sa.String(10), nullable=False),
        sa.Column("huishouden", sa.String(64), nullable=False),
        sa.Column("wijk", sa.String(80), nullable=False),
        sa.Column("makelaar", sa.String(32), nullable=False),
        sa.Column("gemeld_op", sa.Date, nullable=False),
        sa.Column("eerste_contact_op", sa.Date, nullable=True),
        sa.Column("afgesloten_op", sa.Date, nullable=True),
        sa.Column("aanbieders_start", sa.Integer, nullable=False),
        sa.Column("aanbieders_einde", sa.Integer, nullable=True),
        sa.Column("eigen_netwerk", sa.Boolean, nullable=False),
        sa.Column("vrijwilligers", sa.Boolean, nullable=False),
        sa.Column("professionals", sa.Boolean, nullable=False),
        sa.Column("volgens_werkwijze", sa.Boolean, nullable=False),
        sa.Column("bron", sa.String(16), nullable=False),
        sa.UniqueConstraint("gemeente_code", "huishouden", "gemeld_op", name="uq_casusregie_casus"),
    )
    op.create_table(
        "casusregie_tevredenheid",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("gemeente_code", sa.String(10), nullable=False),
        sa.Column("huishouden", sa.String(64), nullable=False),
        sa.Column("beantwoord_op", sa.Date, nullable=False),
        sa.Column("snelheid", sa.Integer, nullable=False),
        sa.Column("eigen_verantwoordelijkheid", sa.Integer, nullable=False),
        sa.Column("netwerk_betrokken", sa.Boolean, nullable=False),
        sa.Column("bron", sa.String(16), nullable=False),
        sa.UniqueConstraint("gemeente_code", "huishouden", name="uq_casusregie_tevredenheid"),
    )
    op.create_table(
        "casusregie_samenwerking",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("gemeente_code", sa.String(10), nullable=False),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("rol", sa.String(16), nullable=False),
        sa.Column("beantwoord_op", sa.Date, nullable=False),
        sa.Column("samenwerking", sa.Integer, nullable=False),
        sa.Column("rolverdeling", sa.Integer, nullable=False),
        sa.Column("bron", sa.String(16), nullable=False),
        sa.UniqueConstraint("gemeente_code", "respondent", name="uq_casusregie_samenwerking"),
    )


def downgrade() -> None:
    op.drop_table("casusregie_samenwerking")
    op.drop_table("casusregie_tevredenheid")
    op.drop_table("casusregie_casus")
