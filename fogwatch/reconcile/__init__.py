"""Fogwatch reconcile."""
