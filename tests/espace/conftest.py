from tests.accounts.helpers import client, login, world

__all__ = ["client", "login", "world"]
