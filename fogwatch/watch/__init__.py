"""Fogwatch watch."""
