"""Fixtures the round tests of cycles share."""

from __future__ import annotations

import pytest

from makelaar.models.store import Store
from makelaar.models.tables import Gemeente


@pytest.fixture
def gemeente(store: Store) -> str:
    """The code of a municipality without districts, 'Proefdorp', stored for a test round."""
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
    return "GM9999"
