"""The write side of structures: claiming and creating structures, editing their
services (pages and write API), history, moderation and freshness."""
