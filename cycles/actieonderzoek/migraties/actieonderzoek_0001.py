"""actieonderzoek: de sociaal teams en wat de makelaar uit het team oppakt"""

import sqlalchemy as sa
from alembic import op

revision = "actieonderzoek_0001"
down_revision = None
branch_labels = ("actieonderzoek",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actieonderzoek_team",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("gemeente_code", sa.String(6), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("wijken", sa.JSON, nullable=False),
        sa.Column("makelaar", sa.String(40), nullable=True),
        sa.UniqueConstraint("gemeente_code", "code", name="uq_actieonderzoek_team"),
    )
    op.create_table(
        "actieonderzoek_inbreng",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sleutel", sa.String(80), nullable=False, unique=True),
        sa.Column("gemeente_code", sa.String(6), nullable=False, index=True),
        sa.Column("team_code", sa.String(40), nullable=False),
        sa.Column("datum", sa.Date, nullable=False, index=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("thema", sa.String(60), nullable=False),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("huishoudens", sa.Integer, nullable=True),
        sa.Column("collectief_aanbod", sa.String(200), nullable=True),
        sa.Column("bron", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("actieonderzoek_inbreng")
    op.drop_table("actieonderzoek_team")
