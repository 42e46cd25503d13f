from tests.accounts.helpers import world

__all__ = ["world"]
