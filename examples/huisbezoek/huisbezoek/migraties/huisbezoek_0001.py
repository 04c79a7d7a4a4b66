"""huisbezoek: de tabel met bezoeken"""

import sqlalchemy as sa
from alembic import op

revision = "huisbezoek_0001"
down_revision = None
branch_labels = ("huisbezoek",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "huisbezoek_bezoek",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("wijk_code", sa.String(16), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("huisbezoek_bezoek")
