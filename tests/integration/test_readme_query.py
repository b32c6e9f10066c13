"""The researchers' query in the README, run on the real release as published: a measure recorded
in a municipality that merged in 2025 is found under today's municipality."""

import re
from pathlib import Path

from pyoxigraph import Store

ROOT = Path(__file__).resolve().parents[2]  # the checkout



def _readme_query(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", readme, flags=re.S)
    found = [b for b in blocks if marker in b]
    assert len(found) == 1, f"expected one README query containing {marker!r}"
    return found[0]


def test_readme_query_finds_predecessors_measures_in_the_built_release(release):
    store = Store.read_only(str(release / "store"))
    query = _readme_query("dct:isReplacedBy* ?today")
    rows = list(store.query(query, use_default_graph_as_union=True))  # the release's one graph
    recorded = {row["recordedIn"].value for row in rows}
    titles = " ".join(row["title"].value for row in rows)
    # Kruibeke (46013) ended on 2024-12-31; its measure is found under 46030 all the same.
    assert "https://data.vlaanderen.be/id/gemeente/46013" in recorded
    assert "Kruibeke" in titles
    # Only today's municipality and its predecessors: nothing recorded in Gent.
    assert recorded <= {f"https://data.vlaanderen.be/id/gemeente/{nis}" for nis in
                        ("46030", "46003", "46013", "11056")}
