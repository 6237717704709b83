"""Patuh: compliance surveys and performance evaluations of public-service units."""
