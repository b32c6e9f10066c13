"""How many processes draw a release's pages (lod.release.site.page_processes): by size, cores,
free memory and the setting."""

from __future__ import annotations

import pytest

import lod.release.site as site_module
from lod.config import Config
from lod.release.site import PARALLEL_FROM, page_processes

GB = 1 << 30
BIG = PARALLEL_FROM * 10


@pytest.fixture
def machine(monkeypatch):
    """A machine of `cores` cores with `free` bytes available while the build holds `held`."""
    def make(cores: int, free: int | None, held: int | None) -> None:
        monkeypatch.setattr(site_module, "_cores", lambda: cores)
        monkeypatch.setattr(site_module, "memory_free_and_held", lambda: (free, held))
    return make


def test_a_small_release_is_drawn_by_one_process(machine):
    machine(8, 64 * GB, 1 * GB)
    assert page_processes(Config(), PARALLEL_FROM - 1) == 1
    assert page_processes(Config(page_processes=4), PARALLEL_FROM - 1) == 1


def test_one_process_per_core_at_most_four(machine):
    machine(2, 64 * GB, 1 * GB)
    assert page_processes(Config(), BIG) == 2
    machine(16, 64 * GB, 1 * GB)
    assert page_processes(Config(), BIG) == 4


def test_no_more_processes_than_the_free_memory_takes(machine):
    """Each forked process comes to own about half of what the build holds."""
    machine(4, 3 * GB, 2 * GB)  # room for three halves of 2 GB
    assert page_processes(Config(), BIG) == 3
    machine(4, int(1.9 * GB), 2 * GB)  # room for one: drawn by the build itself
    assert page_processes(Config(), BIG) == 1
    machine(4, None, None)  # memory unknown (no /proc): by the cores
    assert page_processes(Config(), BIG) == 4


def test_the_setting_is_the_operator_s_choice(machine):
    machine(2, int(0.5 * GB), 2 * GB)
    assert page_processes(Config(page_processes=3), BIG) == 3
    assert page_processes(Config(page_processes=1), BIG) == 1


def test_the_memory_is_read_from_proc():
    free, held = site_module.memory_free_and_held()
    if free is None:
        pytest.skip("no /proc/meminfo here (not Linux)")
    assert free > 0 and 0 < held < free * 64
