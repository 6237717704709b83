"""Automatic checks of agencies' websites, feeding the website-level indicators."""
