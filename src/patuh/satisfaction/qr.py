"""QR codes as inline SVG, drawn on the server (segno: pure Python, works offline)."""

import segno
from django.utils.safestring import SafeString

# Error correction M survives a smudged or partly covered poster; fixed (not boosted to a higher
# level when there is room), so the same link always gives the same symbol.
ERROR_LEVEL = "m"


def qr_svg(text: str, title: str) -> SafeString:
    """`text` as an SVG QR code with the standard quiet zone, sized by its container."""
    symbol = segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)
    # segno escapes the title and writes nothing else that comes from outside.
    return SafeString(
        symbol.svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="qr")
    )
