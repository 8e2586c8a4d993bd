"""Codebooks as data: ACLED's taxonomy, inter and interaction codes; UCDP's precisions."""
