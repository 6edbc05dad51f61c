"""Alembic environment: the desk passes its open connection in ``config.attributes``."""

from alembic import context

from addin.desk.db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
