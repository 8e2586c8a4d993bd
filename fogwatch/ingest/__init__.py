"""Ingest: whatever the user has (txt, html, json, jsonl, csv, a URL) into Articles.

``files`` (paths and stdin), ``html`` (main text and metadata of a page), ``fetch``
(polite HTTP, also used by the feed watcher), ``urls`` (one article from a URL).
"""
