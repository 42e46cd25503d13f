"""Search: one semantics (architecture.md §3), behind one backend interface."""
