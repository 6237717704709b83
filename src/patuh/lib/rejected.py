"""Refused uploads: the shared shape of patuh.lib.images' and patuh.lib.documents' refusals."""


class Rejected(ValueError):
    """An upload that is not acceptable.

    `reason` is a key of the subclass's MESSAGES, and `details` fill the message, so callers can
    say it in the user's language; str() is English.
    """

    MESSAGES: dict[str, str] = {}

    def __init__(self, reason: str, **details: str):
        self.reason = reason
        self.details = details
        super().__init__(self.MESSAGES[reason].format(**details))


def megabytes(size: int) -> str:
    """A file size as the refusals write it, e.g. "15.0 MB"."""
    return f"{size / 1_000_000:.1f} MB"
