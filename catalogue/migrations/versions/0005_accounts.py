"""Accounts, roles, sessions, API tokens; services managed by their structure, history.

Branches from 0003 beside 0004 (reports), to be merged later; ``maillage db init``
upgrades every head.

Revision ID: 0005
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _now(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _at(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=True),
        sa.Column(
            "is_platform_admin", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        _at("confirmed_at"),
        _now("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        _now("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_user_sessions")),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_table(
        "email_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        _now("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _at("used_at"),
        sa.CheckConstraint(
            "purpose IN ('confirmation', 'password_reset')", name=op.f("ck_email_tokens_purpose")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_email_tokens")),
    )
    op.create_index("ix_email_tokens_user_id", "email_tokens", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        _now("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_email_ip", "login_attempts", ["email", "ip", "created_at"])
    op.create_index("ix_login_attempts_ip", "login_attempts", ["ip", "created_at"])
    op.create_table(
        "structure_members",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("structure_uid", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column(
            "status", sa.String(length=8), server_default=sa.text("'pending'"), nullable=False
        ),
        _now("requested_at"),
        _at("decided_at"),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.CheckConstraint("role IN ('admin', 'member')", name=op.f("ck_structure_members_role")),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'refused')", name=op.f("ck_structure_members_status")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_structure_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["structure_uid"],
            ["structures.uid"],
            name=op.f("fk_structure_members_structure_uid_structures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_structure_members_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure_members")),
        sa.UniqueConstraint("user_id", "structure_uid", name="uq_structure_members_user_structure"),
    )
    op.create_index("ix_structure_members_structure_uid", "structure_members", ["structure_uid"])
    op.create_table(
        "moderator_departements",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("departement_code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moderator_departements_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["departement_code"],
            ["departements.code"],
            name=op.f("fk_moderator_departements_departement_code_departements"),
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "departement_code", name=op.f("pk_moderator_departements")
        ),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("structure_uid", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        _now("created_at"),
        _at("last_used_at"),
        _at("revoked_at"),
        sa.ForeignKeyConstraint(
            ["structure_uid"],
            ["structures.uid"],
            name=op.f("fk_api_tokens_structure_uid_structures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_api_tokens_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index("ix_api_tokens_structure_uid", "api_tokens", ["structure_uid"])
    op.create_table(
        "managed_services",
        sa.Column("service_uid", sa.Uuid(), nullable=False),
        sa.Column("structure_uid", sa.Uuid(), nullable=False),
        sa.Column(
            "update_frequency_months", sa.Integer(), server_default=sa.text("6"), nullable=False
        ),
        _now("verified_at"),
        _at("reminded_at"),
        _at("first_published_at"),
        sa.Column("review", sa.String(length=10), nullable=True),
        sa.Column("replaces", sa.Uuid(), nullable=True),
        _now("created_at"),
        sa.CheckConstraint(
            "update_frequency_months BETWEEN 1 AND 24", name=op.f("ck_managed_services_frequency")
        ),
        sa.CheckConstraint(
            "review IN ('pending', 'approved', 'suspended')",
            name=op.f("ck_managed_services_review"),
        ),
        sa.ForeignKeyConstraint(
            ["service_uid"],
            ["services.uid"],
            name=op.f("fk_managed_services_service_uid_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["structure_uid"],
            ["structures.uid"],
            name=op.f("fk_managed_services_structure_uid_structures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces"],
            ["services.uid"],
            name=op.f("fk_managed_services_replaces_services"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("service_uid", name=op.f("pk_managed_services")),
        sa.UniqueConstraint("replaces", name=op.f("uq_managed_services_replaces")),
    )
    op.create_index("ix_managed_services_structure_uid", "managed_services", ["structure_uid"])
    op.create_table(
        "service_history",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("service_uid", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("api_token_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column(
            "changes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        _now("created_at"),
        sa.ForeignKeyConstraint(
            ["service_uid"],
            ["services.uid"],
            name=op.f("fk_service_history_service_uid_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_service_history_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["api_token_id"],
            ["api_tokens.id"],
            name=op.f("fk_service_history_api_token_id_api_tokens"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_history")),
    )
    op.create_index(
        "ix_service_history_service_uid", "service_history", ["service_uid", "created_at"]
    )


def downgrade() -> None:
    for table in (
        "service_history",
        "managed_services",
        "api_tokens",
        "moderator_departements",
        "structure_members",
        "login_attempts",
        "email_tokens",
        "user_sessions",
        "users",
    ):
        op.drop_table(table)
