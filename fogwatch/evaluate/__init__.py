"""Evaluation against human-coded data: ACLED and UCDP GED rows whose text Fogwatch reads."""
