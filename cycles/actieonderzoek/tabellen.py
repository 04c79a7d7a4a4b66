"""The actieonderzoek cycle's own tables (its own MetaData; created by migraties/).

- `actieonderzoek_team`: the programme's sociaal teams per gemeente, as the settings file names
  them (code, name, the wijken the team works in, its broker's code); written by `observe`.
- `actieonderzoek_inbreng`: what the broker picks up from the team: a question from the social
  workers (`soort` "vraag", with a theme and, where the broker turned it into one, the collective
  offer) or a new resident initiative brought to the team (`soort` "initiatief").
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

team = sa.Table(
    "actieonderzoek_team",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("gemeente_code", sa.String(6), nullable=False),
    sa.Column("code", sa.String(40), nullable=False),
    sa.Column("naam", sa.String(100), nullable=False),
    sa.Column("wijken", sa.JSON, nullable=False),
    sa.Column("makelaar", sa.String(40), nullable=True),
    sa.UniqueConstraint("gemeente_code", "code", name="uq_actieonderzoek_team"),
)

inbreng = sa.Table(
    "actieonderzoek_inbreng",
    metadata,
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
