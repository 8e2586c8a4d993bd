"""Fogwatch batch."""
