"""The MQA score: a pure function of the catalogue graph, each point lost named (nl/en)."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from lod.config import Config
from lod.release.catalogue import CatalogueInfo, DumpFile, profile_quads
from lod.release.catalogue.mqa import mqa_score
from lod.terms import DCAT, DCT

CFG = Config(release_date=date(2026, 3, 1))
DUMPS = (DumpFile("veilig-uitgaan.ttl", 100, "aa" * 32),
         DumpFile("veilig-uitgaan.nt.gz", 40, "bb" * 32))
START = ox.Literal("2019-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
INFO = CatalogueInfo(cfg=CFG, dumps=DUMPS, triples=10, modified="2025-01-02", period=(START, None))


def quads(info: CatalogueInfo = INFO) -> list[ox.Quad]:
    return profile_quads(info, "dcat-ap-vl-3")


def test_the_catalogue_loses_no_point_judged_from_the_files():
    score = mqa_score(quads())
    assert (score.earned, score.possible, score.total) == (295, 295, 405)
    assert [i.key for i in score.indicators if not i.judged] == [
        "dcat:accessURL code=200", "dcat:downloadURL code=200", "DCAT-AP compliance"]


def test_each_point_lost_is_named_in_both_languages():
    dataset = INFO.dataset
    dropped = (DCT.temporal, DCAT.keyword)
    without = [q for q in quads() if not (q.subject == dataset and q.predicate in dropped)]
    score = mqa_score(without)
    assert score.earned == 245
    lost = "-20 Findability dct:temporal: de dataset zegt niet over welke periode hij gaat"
    assert lost in score.report("nl")
    assert "-30 Findability dcat:keyword: the dataset has no keywords" in score.report("en")


def test_a_creative_commons_licence_iri_loses_the_vocabulary_points():
    licence = ox.NamedNode("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
    cc = ox.NamedNode("http://creativecommons.org/licenses/by/4.0/")
    swapped = [ox.Quad(q.subject, q.predicate, cc) if q.predicate == DCT.license and q.object == licence
               else q for q in quads()]
    score = mqa_score(swapped)
    assert score.earned == 285
    assert "licence not from the EU licence table" in score.report("en")


def test_a_distribution_indicator_scores_the_share_of_distributions():
    one = ox.NamedNode(CFG.id_base + "dataset/maatregelen/distributie/veilig-uitgaan.ttl")
    score = mqa_score([q for q in quads() if not (q.subject == one and q.predicate == DCAT.byteSize)])
    assert score.earned == 292.5  # one of two distributions without byte size: half of 5 points


def test_interoperability_takes_the_best_distribution():
    one = ox.NamedNode(CFG.id_base + "dataset/maatregelen/distributie/veilig-uitgaan.ttl")
    without = [q for q in quads() if not (q.subject == one and q.predicate == DCT.format)]
    assert mqa_score(without).earned == 295


def test_an_empty_graph_scores_nothing():
    score = mqa_score([])
    assert score.earned == 0 and "-30 Findability dcat:keyword" in score.report("en")
