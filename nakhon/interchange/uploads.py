"""Uploaded files kept between the dry run and the confirmed import, for one user session or
one background job: `nakhon.core.uploads` keeps them; this module says which are too large to
wait for."""

from pathlib import Path

from django.conf import settings

from nakhon.core.uploads import UploadGone, forget, keep, kept, save, upload_root

__all__ = ["UploadGone", "forget", "keep", "kept", "save", "too_large_to_wait_for", "upload_root"]


def too_large_to_wait_for(files) -> bool:
    """Whether reading these files (uploaded, or kept as paths) takes longer than a page or API
    client should wait."""
    size = sum(f.stat().st_size if isinstance(f, Path) else f.size for f in files)
    return size > settings.NAKHON_INLINE_IMPORT_BYTES
