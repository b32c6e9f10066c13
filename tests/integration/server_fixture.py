"""A real uvicorn server for the server tests (tests/integration/test_server_*.py).

`serve_small_release(tmp)`: a context manager running uvicorn on a free port in a thread, serving
a small release built from tests/data/serve-small-release.ttl (store and a dump), with a short
query timeout. Each test module wraps it in its own `served` fixture.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from pyoxigraph import parse

from lod.config import Config
from lod.store.embedded import EmbeddedStore, WorkerLimits, build_store, open_store
from lod.terms import dataset_iri, prefixes
from lod.web.app import create_app
from lod.web.serving import uvicorn_options
from tests.conftest import free_port

SMALL_RELEASE = Path(__file__).parent.parent / "data" / "serve-small-release.ttl"


@dataclass(frozen=True)
class Served:
    url: str  # root, ending in '/'
    cfg: Config
    release: Path
    store: EmbeddedStore  # the served store, so tests can see what runs in it (in_flight())


@contextmanager
def serve_small_release(release: Path, **settings) -> Iterator[Served]:
    """The small release, served with a short query timeout and two workers unless `settings` say
    otherwise (any Config field: query_workers, long_queries, query_memory_mb, …)."""
    build_store(release / "store", parse(path=str(SMALL_RELEASE)), graph=dataset_iri(Config()))
    (release / "dumps").mkdir()
    (release / "dumps" / "veilig-uitgaan.ttl").write_bytes(SMALL_RELEASE.read_bytes())
    cfg = Config(host="127.0.0.1", port=free_port(), query_timeout=3.0, result_limit=1000,
                 max_body_bytes=100_000, query_workers=2, long_queries=1).replace(**settings)
    with _uvicorn(release, cfg) as served:
        yield served


@contextmanager
def serve_release(release: Path, cfg: Config | None = None) -> Iterator[Served]:
    """uvicorn on a free port serving a built release (its store and files), as `lod serve` does."""
    with _uvicorn(release, (cfg or Config()).replace(host="127.0.0.1", port=free_port())) as served:
        yield served


@contextmanager
def _uvicorn(release: Path, cfg: Config) -> Iterator[Served]:
    """The app of `cfg` over the release's store, run by uvicorn in a thread on cfg.port for the block."""
    store = open_store(release / "store", prefixes=prefixes(cfg), limits=WorkerLimits.of(cfg))
    server = uvicorn.Server(uvicorn.Config(create_app(cfg, store, release_dir=release), host="127.0.0.1",
                                           port=cfg.port, log_level="warning", lifespan="off",
                                           **uvicorn_options()))  # as `lod serve` runs it
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Served(url=f"http://127.0.0.1:{cfg.port}/", cfg=cfg, release=release, store=store)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()
