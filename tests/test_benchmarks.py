import json
import math

from click.testing import CliRunner

from bot.benchmarks import RetrievalSet, index_benchmark, read_beir, read_squad, run_benchmark, score_rankings
from web.cli import main


def test_scores_follow_the_textbook_definitions():
    dataset = RetrievalSet("toy", {}, {"q1": "a", "q2": "b"}, {"q1": {"d1": 1, "d3": 1}, "q2": {"d9": 2}})
    result = score_rankings(dataset, {"q1": ["d2", "d1", "d3"], "q2": ["d1"]})
    expected_q1 = (1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert math.isclose(result.ndcg_at_10, expected_q1 / 2)
    assert (result.recall_at_100, result.hit_at_1, result.hit_at_5) == (0.5, 0.0, 0.5)


def write_beir(folder):
    (folder / "qrels").mkdir(parents=True)
    docs = [
        {"_id": "d1", "title": "Vitamin D and bones", "text": "Vitamin D supplements improve bone density in older adults."},
        {"_id": "d2", "title": "Coffee", "text": "Coffee consumption is linked to lower risk of liver disease."},
        {"_id": "d3", "title": "Sleep", "text": "Short sleep duration raises the risk of obesity in children."},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    queries = [{"_id": "1", "text": "Coffee protects the liver."}, {"_id": "2", "text": "Children who sleep little gain weight."},
               {"_id": "3", "text": "not judged"}]
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries), encoding="utf-8")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\td2\t1\n2\td3\t1\n", encoding="utf-8")
    return folder


def test_a_beir_folder_is_indexed_and_scored_through_the_product_code(tmp_path, embedder):
    dataset = read_beir(write_beir(tmp_path / "toy"))
    assert set(dataset.queries) == {"1", "2"}  # only judged queries count
    retriever, names = index_benchmark(dataset, tmp_path / "work", embedder)
    assert sorted(names.values()) == ["d1", "d2", "d3"]
    result = run_benchmark(retriever, dataset, names)
    assert (result.queries, result.hit_at_1, result.ndcg_at_10) == (2, 1.0, 1.0)


def test_squad_paragraphs_become_documents(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps({"data": [{"title": "Ferry_Lines", "paragraphs": [
        {"context": "The ferry runs hourly.", "qas": [{"id": "a", "question": "How often?", "answers": []}]},
        {"context": "码头九月重新开放。", "qas": [{"id": "b", "question": "码头什么时候开放？", "answers": []}]},
    ]}]}, ensure_ascii=False), encoding="utf-8")
    dataset = read_squad(path)
    assert dataset.documents == {"a0-p0": ("Ferry Lines", "The ferry runs hourly."), "a0-p1": ("Ferry Lines", "码头九月重新开放。")}
    assert dataset.relevant == {"a": {"a0-p0": 1}, "b": {"a0-p1": 1}}


def test_cli_eval_takes_a_beir_folder(tmp_path):
    folder = write_beir(tmp_path / "toy")
    result = CliRunner().invoke(main, ["eval", "--beir", str(folder), "--work", str(tmp_path / "w"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{"):])
    assert (summary["benchmark"], summary["queries"], summary["hit@1"]) == ("toy", 2, 1.0)
    both = CliRunner().invoke(main, ["eval", "--beir", str(folder), "--squad", str(tmp_path / "x.json")])
    assert both.exit_code == 2
