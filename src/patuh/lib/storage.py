"""Writing a record's files through Django storage, all or nothing with the record."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@contextmanager
def files_kept_only_on_success() -> Iterator[Callable[[str, bytes], str]]:
    """Yield `save(path, content) -> stored name`; if the block fails, the files it saved are
    deleted again. Storage is not transactional: wrap the block around the database
    transaction that stores the record, so a failure of either leaves nothing behind."""
    saved: list[str] = []

    def save(path: str, content: bytes) -> str:
        name = default_storage.save(path, ContentFile(content))
        saved.append(name)
        return name

    try:
        yield save
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
