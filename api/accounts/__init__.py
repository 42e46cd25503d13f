"""Accounts: users, passwords, sessions, CSRF, roles, API tokens, email."""
