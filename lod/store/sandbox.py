"""A query worker that cannot open a network socket: the second line behind the SERVICE check.

The endpoint refuses SERVICE by reading the query (lod/store/grammar.py). Should a query ever get
past that reading, the worker that runs it still cannot reach another host: a seccomp filter,
installed by the worker on itself before it opens the store, makes `socket()` for IPv4 and IPv6
fail with EACCES (the worker talks to the server over a socket pair it was given at birth).
Linux on x86-64 and arm64 only; elsewhere `forbid_network` says it could not, and the parser is
the only line. Workers of a server that allows SERVICE endpoints keep the network.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import struct

# linux/audit.h architectures and the number of socket(2) on each.
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_X32_BIT = 0x40000000  # x32 system calls on x86-64 carry this bit: refused outright
_AF_INET, _AF_INET6 = 2, 10
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
# classic BPF: load word at absolute offset, jump if equal / if greater or equal, return
_LD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06


def _filter(arch: int, socket_nr: int) -> list[tuple[int, int, int, int]]:
    """(code, jump if true, jump if false, k) for: other arch -> allow; x32 -> refuse;
    socket(AF_INET or AF_INET6, ...) -> EACCES; anything else -> allow."""
    deny = _RET_ERRNO | errno.EACCES
    return [
        (_LD, 0, 0, 4),              # seccomp_data.arch
        (_JEQ, 1, 0, arch),
        (_RET, 0, 0, _RET_ALLOW),    # not the architecture this filter knows
        (_LD, 0, 0, 0),              # seccomp_data.nr
        (_JGE, 5, 0, _X32_BIT),      # -> deny
        (_JEQ, 0, 3, socket_nr),     # not socket() -> allow
        (_LD, 0, 0, 16),             # seccomp_data.args[0], low word (the address family)
        (_JEQ, 2, 0, _AF_INET),      # -> deny
        (_JEQ, 1, 0, _AF_INET6),     # -> deny
        (_RET, 0, 0, _RET_ALLOW),
        (_RET, 0, 0, deny),
    ]


def forbid_network() -> bool:
    """Forbid this process (and its children) IPv4 and IPv6 sockets; False where that cannot be done."""
    known = _ARCHES.get(platform.machine())
    name = ctypes.util.find_library("c")
    if platform.system() != "Linux" or known is None or name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    program = b"".join(struct.pack("HBBI", *op) for op in _filter(*known))
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0


__all__ = ["forbid_network"]
