"""Persistence: models, engine and sessions, migrations, the group-commit writer."""
