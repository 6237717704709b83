"""What the tests find in file storage."""

from pathlib import Path

from django.conf import settings


def stored_files() -> list[Path]:
    """Every file in storage (MEDIA_ROOT, a fresh directory per test)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
