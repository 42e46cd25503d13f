"""Search: one semantics (the README's « Search semantics »), behind one backend interface."""
