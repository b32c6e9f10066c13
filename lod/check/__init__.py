"""`lod check URL`: the conformance self-check of a deployment, ours (`lod serve`) or a static host's.

Each check is a class with a `name` and `run(site) -> Iterator[Outcome]`, listed in CHECKS in the
order they run, as the catalogue profiles are (lod/release/catalogue): a new concern (the LDES
feed's own checks, say) is a class added here, never an if in another check.

    protocol     the SPARQL 1.1 Protocol cases for a read-only endpoint (lod/check/protocol.py)
    negotiation  /id → 303 → /doc, the Accept matrix, suffixes, ETag/304 on a sample of URIs
    cors         preflight on the endpoint, Access-Control-Allow-Origin on pages
    context      the JSON-LD context at {base}ns/context.jsonld
    dumps        each distribution by its download URL: size, SHA-256, readable as its media type
    counts       every VoID and Service Description number against the endpoint's own count
    catalogue    the served catalogue against official shapes (--catalogue-shapes), and the same
                 triples by SPARQL and by dereferencing
    links        every link of the pages, on this deployment (other hosts are never contacted)
    ldes         the change feed, when the catalogue describes one
"""

from __future__ import annotations

from collections.abc import Iterable

import requests

from lod.check.catalogue import CatalogueCheck, CountCheck
from lod.check.deployment import CheckOptions, Deployment
from lod.check.documents import ContextCheck, CorsCheck, DumpCheck, NegotiationCheck
from lod.check.ldes import LdesCheck
from lod.check.links import LinkCheck
from lod.check.protocol import ProtocolCheck
from lod.check.report import Outcome, Report, failed

CHECKS = (ProtocolCheck(), NegotiationCheck(), CorsCheck(), ContextCheck(), DumpCheck(), CountCheck(),
          CatalogueCheck(), LinkCheck(), LdesCheck())
NAMES = tuple(check.name for check in CHECKS)


def check_deployment(url: str, *, options: CheckOptions | None = None,
                     only: Iterable[str] = ()) -> Report:
    """Run the checks (all, or those named in `only`) against the deployment at `url`."""
    wanted = set(only) or set(NAMES)
    unknown = wanted - set(NAMES)
    if unknown:
        raise ValueError(f"onbekende check(s) {', '.join(sorted(unknown))}; bekend: {', '.join(NAMES)}")
    site = Deployment(url, options or CheckOptions())
    try:
        answer = site.get(site.url)
    except requests.RequestException as exc:
        return Report(site.url, [failed("reachable", f"{site.url} antwoordt niet: {exc}",
                                        f"{site.url} does not answer: {exc}")])
    outcomes: list[Outcome] = []
    if answer.status_code >= 400:
        outcomes.append(failed("reachable", f"{site.url} antwoordt {answer.status_code}",
                               f"{site.url} answers {answer.status_code}"))
    for check in CHECKS:
        if check.name not in wanted:
            continue
        try:
            outcomes.extend(check.run(site))
        except requests.RequestException as exc:  # the deployment stopped answering mid-check
            outcomes.append(failed(f"{check.name}.answer", f"geen antwoord meer: {exc}",
                                   f"no answer any more: {exc}"))
    return Report(site.url, outcomes)


__all__ = ["CHECKS", "NAMES", "CheckOptions", "Report", "check_deployment"]
