"""Data that a module's tests share: made once, each test's changes rolled back after it."""

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test import override_settings


@contextmanager
def made_once[T](django_db_blocker, media_root: Path, build: Callable[[], T]) -> Iterator[T]:
    """What `build` makes, inside a transaction rolled back when the context ends.

    For a module-scoped fixture: pytest-django's `db` runs each test in a savepoint on top of
    that transaction, so what one test changes never reaches the next. The files `build` saves
    go to `media_root`; use_files() copies them for a test. Between the tests the database is
    blocked again, so a test that does not ask for it cannot reach it unnoticed. The data stays
    until the module's last test: every test of the module that uses the database should use it.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        made = build()
        with django_db_blocker.block():
            yield made
        transaction.set_rollback(True)


def use_files(media_root: Path) -> None:
    """Copy the shared files in `media_root` to this test's own MEDIA_ROOT, where it may change
    them."""
    shutil.copytree(media_root, settings.MEDIA_ROOT, dirs_exist_ok=True)
