"""The check ids, stable across the JSON output, the database and instrument files.

Plain constants with no imports. WebcheckConfig.ready() registers them with instrument
validation (patuh.instruments.indicator_checks), so instrument files may name only these ids
without the instruments app importing this one. Documented in docs/webcheck.md.
"""

# The checks whose outcome comes from the keyword lists (rules.py), in report order.
CONTENT_CHECKS = (
    "standard_requirements",
    "standard_procedure",
    "standard_time",
    "standard_cost",
    "standard_product",
    "complaints_info",
    "maklumat",
    "skm_results",
    "complaint_lapor",
    "complaint_email",
    "complaint_whatsapp",
    "complaint_phone",
    "contact_address",
)
# Every check, in the order each site's results list them.
CHECK_IDS = (
    "dns",
    "reachable",
    "https",
    "tls_certificate",
    "http_redirects_to_https",
    "hsts",
    "official_domain",
    "response_time",
    "page_title",
    "page_lang",
    "viewport",
    *CONTENT_CHECKS,
    "screenshot",
)
