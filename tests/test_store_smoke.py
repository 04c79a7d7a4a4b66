from makelaar.models.store import Store


def test_store_is_at_head(store: Store) -> None:
    store.require_current()
    assert store.current_revision() == store.head_revision()
