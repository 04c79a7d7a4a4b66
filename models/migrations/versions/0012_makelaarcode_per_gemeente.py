"""makelaar code per gemeente: a broker's code is unique within its gemeente, not nationally

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 17:10:00.000000

Issue 16: a national programme has many gemeenten that each number their own brokers (UT-MK-01,
GO-MK-01, and two gemeenten whose names begin alike both with TE-MK-01); the register refused the
second one's brokers because the code was unique across the database. The unique constraint on
`code` is replaced by one on (gemeente_code, code). SQLite rebuilds the table in batch mode; every
row and the references to it (logbook rows, wijk links) are kept, as broker ids do not change.
A downgrade restores the national constraint; while two gemeenten share a code it is refused
before anything changes, naming the codes (rename one gemeente's brokers first).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("makelaar", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_makelaar_code"), type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_makelaar_gemeente_code_code"), ["gemeente_code", "code"]
        )


def downgrade() -> None:
    gedeeld = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT code, COUNT(*) FROM makelaar GROUP BY code HAVING COUNT(*) > 1 ORDER BY code"
            )
        )
        .all()
    )
    if gedeeld:
        codes = ", ".join(f"{code} ({aantal} gemeenten)" for code, aantal in gedeeld)
        raise RuntimeError(
            f"cannot downgrade below 0012: broker codes shared by more than one gemeente: {codes}; "
            "give each gemeente's brokers their own codes first"
        )
    with op.batch_alter_table("makelaar", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_makelaar_gemeente_code_code"), type_="unique")
        batch_op.create_unique_constraint(op.f("uq_makelaar_code"), ["code"])
