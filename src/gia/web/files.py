"""The platform's files (time series, evidence, reports, certificates, the files jobs make) through
Django's storage API, so that the web servers and the workers on other machines see the same files.

By default a folder on this machine (``GIA_FILES_DIR``); with ``GIA_S3_BUCKET`` set, an S3-compatible
object store (django-storages; see the settings). Names are POSIX paths inside the store:
``areas/<area>/<year>/series/<file>``, ``areas/<area>/<year>/evidence/<sha-256>``,
``areas/<area>/<year>/reports/…``, ``certificates/<number>.pdf``, ``jobs/<job id>/<file>``.

The core reads the hourly series from a folder (``gia.pipeline.prepare``): :func:`series_folder` is that
folder itself for local files, and for an object store a local copy of the year's series, each file
checked against its SHA-256 when it is copied.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.module_loading import import_string


class LocalStorage(FileSystemStorage):
    """A folder, where a name is written whole or not at all: into a temporary file beside it, then
    renamed (a reader never sees half a file; a failed write leaves nothing)."""

    def __init__(self, location: str | Path) -> None:
        super().__init__(location=location, allow_overwrite=True)

    def _save(self, name: str, content: File) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(partial, 0o640)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return name


@functools.cache
def _store(backend: str, options: tuple[tuple[str, Any], ...]) -> Storage:
    return import_string(backend)(**dict(options))


def storage() -> Storage:
    """The store of the platform's files, as the settings name it now."""
    config = settings.GIA_FILE_STORAGE
    if config is None:
        return _store(f"{__name__}.LocalStorage", (("location", str(settings.GIA_FILES_DIR)),))
    return _store(config["BACKEND"], tuple(sorted(config.get("OPTIONS", {}).items())))


def is_local() -> bool:
    return isinstance(storage(), FileSystemStorage)


def area_name(slug: str, year: int, *parts: str) -> str:
    return "/".join(("areas", slug, str(year), *parts))


def save(name: str, content: bytes | IO[bytes]) -> None:
    """Store ``content`` under ``name``, replacing what was there."""
    body = ContentFile(content) if isinstance(content, bytes) else File(content)
    stored = storage().save(name, body)
    if stored != name:  # a store that renames instead of replacing would lose track of the file
        storage().delete(stored)
        raise RuntimeError(f"the file store kept {name!r} as {stored!r}; configure it to overwrite")


def read(name: str) -> bytes:
    with storage().open(name, "rb") as stream:
        return stream.read()


def open_file(name: str) -> IO[bytes]:
    return storage().open(name, "rb")


def exists(name: str) -> bool:
    return storage().exists(name)


def delete(name: str) -> None:
    storage().delete(name)


def walk(prefix: str = "") -> Iterator[str]:
    """Every file's name under ``prefix`` (all files when empty), in name order."""
    store = storage()
    try:
        folders, files = store.listdir(prefix)
    except FileNotFoundError:
        return
    base = f"{prefix.rstrip('/')}/" if prefix else ""
    items = [(f"{base}{name}", False) for name in files if not name.startswith(".")]
    items += [(f"{base}{name}", True) for name in folders if not name.startswith(".")]
    for name, folder in sorted(items):
        if folder:
            yield from walk(name)
        else:
            yield name


def series_folder(slug: str, year: int, files: dict[str, str]) -> Path:
    """A local folder of the year's files, in which a submission names its series ``series/<file>``
    (``files``: name → SHA-256): the store's own folder when it is local, else a copy in
    ``GIA_CACHE_DIR`` (same layout) whose files are fetched once and checked by their SHA-256."""
    store = storage()
    if isinstance(store, FileSystemStorage):
        return Path(store.path(area_name(slug, year)))
    year_folder = Path(settings.GIA_CACHE_DIR) / area_name(slug, year)
    folder = year_folder / "series"
    folder.mkdir(parents=True, exist_ok=True)
    for name, sha256 in files.items():
        target = folder / name
        if target.is_file() and target.stat().st_size and _sha256(target) == sha256:
            continue
        handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        digest = hashlib.sha256()
        try:
            with os.fdopen(handle, "wb") as out, store.open(area_name(slug, year, "series", name), "rb") as source:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                raise RuntimeError(f"{name}: the stored file does not match its SHA-256")
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return year_folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
