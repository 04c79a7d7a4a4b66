"""Prefect flows over the plain functions in cycles/, models/ and handreiking/, and the CLI."""
