"""Why an upload was refused, in the user's language: one message per code.

The checkers (patuh.lib.images, patuh.lib.documents) and store_upload name a refusal by a code
and the values its message needs; this table holds the only wording of each, so a refusal reads
the same whether a phone sent a visit's photo or an agency its self-assessment's evidence.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # Images (patuh.lib.images)
    "image_too_large": _("The file is %(size)s; photos may be at most %(limit)s."),
    "not_image": _("The file is not an image (JPEG, PNG or WebP photo)."),
    "image_format": _("%(format)s images are not accepted; send a JPEG, PNG or WebP photo."),
    "too_many_pixels": _("The image declares %(pixels)s pixels, more than the %(limit)s allowed."),
    "far_too_many_pixels": _("The image declares far more than the %(limit)s pixels allowed."),
    "image_damaged": _("The image is damaged or incomplete and cannot be read."),
    # Documents (patuh.lib.documents)
    "document_too_large": _("The file is %(size)s; documents may be at most %(limit)s."),
    "not_pdf": _("The file is not a PDF document. Upload documents as PDF."),
    "document_damaged": _("The PDF is damaged or incomplete and cannot be read."),
    "encrypted": _("The PDF is protected by a password; upload it without one."),
    "too_many_pages": _("The PDF has %(pages)s pages, more than the %(limit)s allowed."),
    "no_pages": _("The PDF has no pages."),
    "pdf_javascript": _(
        "The PDF contains JavaScript, which could run on the computer that opens it. Print or "
        "save it again as a plain PDF, then upload that."
    ),
    "pdf_action": _(
        "The PDF carries an action (%(action)s) that acts on its own, such as opening a program, "
        "a file or a web page. Print or save it again as a plain PDF, then upload that."
    ),
    "pdf_embedded_file": _(
        "The PDF carries other files inside it. Upload each document as a PDF of its own."
    ),
    "pdf_form_script": _(
        "The PDF contains an XFA form, which can run scripts. Print or save it again as a plain "
        "PDF, then upload that."
    ),
    # Links
    "no_address": _("Enter the link's address."),
    "address_too_long": _("The address is longer than %(max)d characters."),
    "not_web_address": _(
        "“%(address)s” is not a web address; links start with http:// or https://."
    ),
    # Any upload
    "request_too_large": _("The file is larger than the %(mb)d MB allowed; nothing was stored."),
    "other_owner": _("This upload is stored for something else; reload the page and try again."),
}


class EvidenceRejected(Exception):
    """An upload refused: `code` (a key of MESSAGES) names why, `details` fill the message.
    str() says it in the language active when it is shown."""

    def __init__(self, code: str, **details):
        self.code = code
        self.details = details
        super().__init__(code)

    def __str__(self) -> str:
        return str(MESSAGES[self.code]) % self.details
