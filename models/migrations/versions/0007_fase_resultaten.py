"""fase-resultaten in het algemene contract: aantallen per soort

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 06:30:00.000000

The observe phase's result no longer has the buurtmeter's own fields `acties`, `signalen` and
`initiatieven` (cycles/spec.py): every cycle reports its counts per record kind in `aantallen`.
Stored results of earlier rounds are rewritten to that shape, so a round resumes and its edition
is written again exactly as before; `kerncijfers_jaar` stays, as the buurtmeter's own field.
Downgrade writes the old fields back.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_KINDS = ("acties", "signalen", "initiatieven")
_fase = sa.table(
    'fase',
    sa.column('id', sa.Integer()),
    sa.column('fase', sa.String()),
    sa.column('resultaat', sa.JSON()),
)


def _rewrite(change: Any) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_fase.c.id, _fase.c.resultaat).where(_fase.c.fase == 'observe')
    ).all()
    for row_id, resultaat in rows:
        if not isinstance(resultaat, dict):
            continue
        new = change(dict(resultaat))
        if new != resultaat:
            connection.execute(
                sa.update(_fase).where(_fase.c.id == row_id).values(resultaat=new)
            )


def _to_counts(result: dict[str, Any]) -> dict[str, Any]:
    if not any(kind in result for kind in _KINDS):
        return result
    counts = dict(result.get('aantallen') or {})
    for kind in _KINDS:
        if kind in result:
            counts[kind] = result.pop(kind)
    result['aantallen'] = counts
    return result


def _from_counts(result: dict[str, Any]) -> dict[str, Any]:
    counts = result.pop('aantallen', None) or {}
    for kind in _KINDS:
        result[kind] = int(counts.get(kind, 0))
    result.setdefault('kerncijfers_jaar', None)
    return result


def upgrade() -> None:
    _rewrite(_to_counts)


def downgrade() -> None:
    _rewrite(_from_counts)
