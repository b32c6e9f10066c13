"""The intake: measures the municipalities send in, reviewed by the editors before a build.

A separate service (`lod intake serve`, its own ASGI app), never the public read-only server
(ARCHITECTURE, "Two servers, two trust levels"): the public server does not import this package.

    tokens.py   tokens the editors issue per municipality: shown once, kept as a hash, expiring
    store.py    the append-only store: submissions written once, decisions, the audit log
    review.py   what the editors do: list, show (with the difference an update makes), accept, reject
    app.py      the HTTP service: a municipality submits a sheet with its token, gets a receipt

Everything lives under `Config.intake_dir` (README, "Collecting measures from the municipalities").
"""
