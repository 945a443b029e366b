"""Models of the reforms app."""
