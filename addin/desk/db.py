"""The desk's tables (SQLAlchemy 2) and the database they live in: SQLite in the data folder by
default, PostgreSQL for a shared server. The schema is made by the Alembic migrations in
``migrations/``, run on every start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine, event)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Login(Base):
    """A bureau session: the hash of the cookie's token, never the token."""
    __tablename__ = "logins"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Round(Base):
    """A 收文 round: one year of one region, the templates asked for, the units invited."""
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(200))
    templates: Mapped[str] = mapped_column(String(200))          # bundle ids, comma-separated
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    units: Mapped[list[Unit]] = relationship(back_populates="round", order_by="Unit.id")

    @property
    def template_ids(self) -> list[str]:
        return [t for t in self.templates.split(",") if t]


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("round_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)   # None: link revoked
    round: Mapped[Round] = relationship(back_populates="units")
    submissions: Mapped[list[Submission]] = relationship(back_populates="unit", order_by="Submission.id")


class Submission(Base):
    """One file a unit sent. Its bytes live once in the data folder under their SHA-256; the same
    file sent twice by a unit is one submission."""
    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("unit_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    suffix: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    received: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)   # pending / checked
    checked: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    templates: Mapped[str] = mapped_column(String(200), default="")    # template ids found
    result: Mapped[str] = mapped_column(Text, default="")              # the check as JSON
    unit: Mapped[Unit] = relationship(back_populates="submissions")


def database_url(url: str | None, data: Path) -> str:
    if not url:
        return f"sqlite:///{(data / 'desk.sqlite3').resolve()}"
    if url.startswith("postgresql://"):              # psycopg 3 is the driver we ship with
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def connect(url: str) -> sessionmaker:
    """Open the database, bring its schema up to date, and return a session factory."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
