"""Ingest: whatever the user has (txt, html, json, jsonl, csv) into Articles."""
