"""The casusregie cycle's own tables (its own MetaData; created by `migraties/`).

No name or address of a household enters them: a household is its keyed pseudonym
(models.privacy, kind "huishouden"), a broker its makelaar code, a respondent of the
collaboration survey a keyed pseudonym of the number on the form.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: one case per household and date reported: who coordinated it, what support it had, and the
#: number of providers involved at the start and at closure
casus = sa.Table(
    "casusregie_casus",
    metadata,
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

#: the households' short satisfaction survey: speed and being addressed on their own
#: responsibility on the pilot's scale, and whether their own network was involved
tevredenheid = sa.Table(
    "casusregie_tevredenheid",
    metadata,
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

#: how volunteers and professionals rate their collaboration in the pilot
samenwerking = sa.Table(
    "casusregie_samenwerking",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("gemeente_code", sa.String(10), nullable=False),
    sa.Column("respondent", sa.String(64), nullable=False),
    sa.Column("rol", sa.String(16), nullable=False),  # "vrijwilliger" or "professional"
    sa.Column("beantwoord_op", sa.Date, nullable=False),
    sa.Column("samenwerking", sa.Integer, nullable=False),
    sa.Column("rolverdeling", sa.Integer, nullable=False),
    sa.Column("bron", sa.String(16), nullable=False),
    sa.UniqueConstraint("gemeente_code", "respondent", name="uq_casusregie_samenwerking"),
)
