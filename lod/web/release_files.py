"""The release's own files as responses: the pages and documents the build already wrote are sent as
they are, with the manifest's SHA-256 as their ETag, instead of being rendered again per request.

Only paths the release's manifest lists are served (the manifest lists regular files by their
relative '/'-path, never a symlink, never `..`), and each is checked again on disk to lie inside the
release folder once resolved, so no request reads outside the release: not with `..`, `%2e%2e`,
an absolute path, nor a symlink put into the folder after the build.
"""

from __future__ import annotations

import json
from pathlib import Path

from lod.layout import MANIFEST
from lod.web.cache import Rendered


class ReleaseFiles:
    """path (relative, '/'-separated) -> its file and ETag, for the files of one release's manifest."""

    def __init__(self, release_dir: Path | None) -> None:
        self.root = release_dir.resolve() if release_dir is not None else None
        self._etags: dict[str, str] = {}
        manifest = self.root / MANIFEST if self.root is not None else None
        if manifest is not None and manifest.is_file():
            for entry in json.loads(manifest.read_bytes())["files"]:
                # Weak, as every ETag of this server: GZipMiddleware may compress the bytes on the way.
                self._etags[entry["path"]] = 'W/"' + entry["sha256"][:32] + '"'

    def __contains__(self, rel: str) -> bool:
        return rel in self._etags

    def __len__(self) -> int:
        return len(self._etags)

    def path(self, rel: str) -> Path | None:
        """The file of manifest path `rel`, None when the manifest has no such path or it no longer
        resolves to a regular file inside the release."""
        if self.root is None or rel not in self._etags:
            return None
        try:
            real = (self.root / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(self.root) or not real.is_file():
            return None
        return real

    def rendered(self, rel: str, media_type: str, status: int = 200,
                 headers: dict[str, str] | None = None) -> Rendered | None:
        """The file as a finished representation (its bytes, the manifest's ETag), None when absent."""
        path = self.path(rel)
        if path is None:
            return None
        try:
            body = path.read_bytes()
        except OSError:
            return None
        return Rendered(body, media_type, status, dict(headers or {}), self._etags[rel])




__all__ = ["ReleaseFiles"]
