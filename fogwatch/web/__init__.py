"""Fogwatch web."""
