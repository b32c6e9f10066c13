"""How many processes draw a release's pages (lod.release.site.page_processes): by size, cores,
free memory and the setting."""

from __future__ import annotations

from pathlib import Path

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
    """In bytes, as the kernel counts them elsewhere: resident memory as /proc/self/statm gives it
    in pages, free memory no more than the machine's (sysconf). A unit read wrong is a factor of
    1024 off. (Not getrusage's peak: Linux keeps it across fork and exec, so a process started by
    a test worker inherits the worker's.)"""
    import os

    free, held = site_module.memory_free_and_held()
    if free is None:
        pytest.skip("no /proc/meminfo here (not Linux)")
    page = os.sysconf("SC_PAGE_SIZE")
    resident = int(Path("/proc/self/statm").read_text().split()[1]) * page
    assert resident / 2 < held < resident * 2
    assert 0 < free <= page * os.sysconf("SC_PHYS_PAGES")


def _machine_files(root, files: dict[str, str]):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


MEMINFO = "MemTotal:       65536000 kB\nMemAvailable:   62914560 kB\n"  # 60 GB available
STATUS = "Name:\tpython\nVmRSS:\t 1048576 kB\n"  # 1 GB resident


def test_a_container_s_memory_limit_bounds_the_free_memory(tmp_path):
    """/proc/meminfo shows the host; the memory cgroup shows what this container may still take
    (its limit less its use, page cache it can drop counted free)."""
    v2 = _machine_files(tmp_path / "v2", {
        "proc/meminfo": MEMINFO, "proc/self/status": STATUS,
        "sys/fs/cgroup/memory.max": str(2 * GB), "sys/fs/cgroup/memory.current": str(int(1.5 * GB)),
        "sys/fs/cgroup/memory.stat": f"anon 1000\ninactive_file {GB // 4}\nactive_file 5\n"})
    assert site_module.memory_free_and_held(v2) == (int(0.75 * GB), GB)
    v1 = _machine_files(tmp_path / "v1", {
        "proc/meminfo": MEMINFO, "proc/self/status": STATUS,
        "sys/fs/cgroup/memory/memory.limit_in_bytes": str(4 * GB),
        "sys/fs/cgroup/memory/memory.usage_in_bytes": str(3 * GB),
        "sys/fs/cgroup/memory/memory.stat": f"cache 9\ntotal_inactive_file {GB}\n"})
    assert site_module.memory_free_and_held(v1) == (2 * GB, GB)
    own = _machine_files(tmp_path / "own", {  # not namespaced: the process's own group, by /proc/self/cgroup
        "proc/meminfo": MEMINFO, "proc/self/status": STATUS, "proc/self/cgroup": "0::/build.slice/lod\n",
        "sys/fs/cgroup/memory.max": "max", "sys/fs/cgroup/memory.current": str(20 * GB),
        "sys/fs/cgroup/build.slice/lod/memory.max": str(3 * GB),
        "sys/fs/cgroup/build.slice/lod/memory.current": str(GB)})
    assert site_module.memory_free_and_held(own) == (2 * GB, GB)


def test_without_a_limit_the_free_memory_is_the_machine_s(tmp_path):
    unlimited = _machine_files(tmp_path / "max", {
        "proc/meminfo": MEMINFO, "proc/self/status": STATUS,
        "sys/fs/cgroup/memory.max": "max\n", "sys/fs/cgroup/memory.current": str(GB),
        "sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
        "sys/fs/cgroup/memory/memory.usage_in_bytes": str(GB)})
    assert site_module.memory_free_and_held(unlimited) == (60 * GB, GB)
    assert site_module.memory_free_and_held(tmp_path / "nothing") == (None, None)
