"""Refused uploads: the shared shape of patuh.lib.images' and patuh.lib.documents' refusals."""


class Rejected(ValueError):
    """An upload that is not acceptable.

    `code` names why, one of the subclass's CODES (unique across the checkers), and `details`
    are the values a message about it needs, e.g. the size and the limit. The wording, in the
    user's language, is patuh.evidence.refusals': one message per code, so a refusal reads the
    same wherever the upload came from. str() is for logs.
    """

    CODES: frozenset[str] = frozenset()

    def __init__(self, code: str, **details: str):
        if code not in self.CODES:
            raise ValueError(f"{type(self).__name__} has no code {code!r}")
        self.code = code
        self.details = details
        super().__init__(f"{code} {details}" if details else code)


def megabytes(size: int) -> str:
    """A file size as the refusals write it, e.g. "15.0 MB"."""
    return f"{size / 1_000_000:.1f} MB"
