"""Fogwatch export."""
