"""Fogwatch store."""
