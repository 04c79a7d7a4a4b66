"""Cycles: the contract every evaluation cycle meets, the registry that loads them, the built-ins."""
