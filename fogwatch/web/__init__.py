"""Fogwatch on the web: the REST API and the offline dashboard over a store.

:func:`fogwatch.web.app.create_app` builds the application; ``fogwatch serve`` runs it.
"""
