"""Observation sources: importers that bring outside data (CBS files, logbooks) into the store."""
