"""Settings of the benchmark databases on the local stack, and how to hand them to
another process."""

from __future__ import annotations

from catalogue.settings import (
    DatabaseSettings,
    ExportSettings,
    GeocoderSettings,
    SearchSettings,
    Settings,
)
from catalogue.stack import Stack


def settings_for(
    base: Settings, database: str, *, index: str, search_enabled: bool = True
) -> Settings:
    """Settings of one database of ``base``'s stack, with its own index, no background
    sync (benchmarks drain the outbox themselves, when they mean to)."""
    s = base.stack
    return Settings(
        stack=s,
        db=DatabaseSettings(
            url=f"postgresql+psycopg://{s.pg_user}@127.0.0.1:{s.pg_port}/{database}",
            pool_size=base.db.pool_size,
        ),
        search=SearchSettings(
            url=base.search.url,
            master_key=base.search.master_key,
            index=index,
            enabled=search_enabled,
            timeout_s=base.search.timeout_s,
            sync_interval_s=0,
            default_radius_km=base.search.default_radius_km,
            max_radius_km=base.search.max_radius_km,
        ),
        geography=base.geography,
        # No geocoder unless a benchmark gives one (not the developer's ``.env``).
        geocoder=GeocoderSettings(url=""),
        web=base.web,
        accounts=base.accounts,
        mail=base.mail,
        # Benchmarks export when they mean to, not on the web process's schedule.
        exports=ExportSettings(directory=s.var_dir / "exports" / database, interval_hours=0),
    )


def database_of(settings: Settings) -> str:
    return settings.database_url.rsplit("/", 1)[1]


def libpq_url(settings: Settings) -> str:
    """The database's URL as psycopg takes it (SQLAlchemy's names the driver)."""
    return settings.database_url.replace("postgresql+psycopg://", "postgresql://")


def env_for(settings: Settings) -> dict[str, str]:
    """Environment under which ``Settings()`` in another process equals ``settings``."""
    s, search = settings.stack, settings.search
    env = {
        "MAILLAGE_DB_URL": settings.database_url,
        "MAILLAGE_DB_POOL_SIZE": str(settings.db.pool_size),
        "MAILLAGE_STACK_VAR_DIR": str(s.var_dir),
        "MAILLAGE_STACK_PG_PORT": str(s.pg_port),
        "MAILLAGE_STACK_MEILI_PORT": str(s.meili_port),
        "MAILLAGE_STACK_PG_USER": s.pg_user,
        "MAILLAGE_STACK_PG_DATABASE": s.pg_database,
        "MAILLAGE_MEILI_URL": search.url or "",
        "MAILLAGE_MEILI_INDEX": search.index,
        "MAILLAGE_MEILI_ENABLED": "true" if search.enabled else "false",
        "MAILLAGE_MEILI_TIMEOUT_S": str(search.timeout_s),
        "MAILLAGE_MEILI_SYNC_INTERVAL_S": str(search.sync_interval_s),
        "MAILLAGE_MAIL_OUTBOX_DIR": str(settings.mail.outbox_dir),
        "MAILLAGE_GEOCODER_URL": settings.geocoder.url,
        "MAILLAGE_GEOCODER_REQUEST_ROWS": str(settings.geocoder.request_rows),
        "MAILLAGE_EXPORTS_DIRECTORY": str(settings.exports.directory),
        "MAILLAGE_EXPORTS_INTERVAL_HOURS": str(settings.exports.interval_hours),
    }
    if search.master_key is not None:
        env["MAILLAGE_MEILI_MASTER_KEY"] = search.master_key
    return env


def ensure_stack(base: Settings) -> None:
    """Start the local stack if it is not running (idempotent, as ``maillage stack up``)."""
    Stack(base.stack).up()
