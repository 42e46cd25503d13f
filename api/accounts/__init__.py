"""Accounts of referents, structures' members and moderators: users, passwords, sessions
and CSRF, roles, API tokens, emails and letters, and the ``maillage admin`` commands."""
