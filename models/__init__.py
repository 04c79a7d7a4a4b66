"""The project's data: settings, pydantic schemas, SQLAlchemy tables, the store and its migrations."""
