"""Data files the models layer ships (the given-name list for free-text screening) and the tool
that regenerates them."""
