"""Date formats per language (FORMAT_MODULE_PATH), where Django's differ from what Patuh shows.

Pages show one date format: the long form (Indonesian "7 Desember 2026"). Files (CSV, XLSX,
JSON) write ISO 8601 and never go through these.
"""
