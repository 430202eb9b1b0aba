import json
import re

from click.testing import CliRunner

from index.embed import DEFAULT_ENCODER
from tests.conftest import TINY_HEARING
from web.cli import main


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_ingest_prints_a_summary_and_names_skipped_files(make_corpus, tmp_path):
    corpus = make_corpus({"harbour.txt": TINY_HEARING, "broken.txt": b"\x00\x01"})
    index = tmp_path / "index"
    first = run("ingest", "--corpus", str(corpus), "--index", str(index))
    assert first.exit_code == 0
    assert "skipped broken.txt: binary file, not text" in first.output
    assert "Indexed 1 documents into" in first.output and "embedded, 0 reused), 1 skipped" in first.output
    assert re.search(r"Embedded [\d,.]+ chunks/s with the (int8|fp32) encoder \([\d,.]+ chunks/s over the whole build\)",
                     first.output)
    again = run("ingest", "--corpus", str(corpus), "--index", str(index))
    assert "(up to date)" in again.output and "chunks/s" not in again.output  # nothing embedded: no rate to tell


def test_ask_json_is_the_api_object_and_text_output_shows_the_source(tiny_index, client):
    result = run("ask", "Who pays for the repairs?", "--json", "--k", "2", "--index", str(tiny_index))
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert set(payload) == {"id", "question", "understood", "abstained", "outcome", "confidence", "answer", "lead",
                            "lead_parts", "record_language", "passages"} and len(payload["passages"]) == 2
    assert payload["answer"] == f"{payload['lead']} The port authority pays for the repairs from its own reserve fund."
    assert payload["lead"].startswith("Ana Ruiz")
    text = run("ask", "Who pays for the repairs?", "--index", str(tiny_index))
    assert "The port authority pays for the repairs" in " ".join(text.output.split())  # (wrapped to the terminal)
    assert "Ana Ruiz" in text.output and "/documents/" in text.output
    assert "From the record:" in text.output
    refused = run("ask", "What is the price of a train ticket to Beijing?", "--index", str(tiny_index))
    assert refused.exit_code == 0 and refused.output.startswith("The record does not say.")
    assert "passages" not in refused.output and "/documents/" not in refused.output  # nothing else offered


def test_ask_json_matches_the_api_for_the_same_index(seed_paths, client):
    question = "Which health forum will Qingdao host?"
    cli = json.loads(run("ask", question, "--json", "--index", str(seed_paths[1])).output)
    api = client.post("/api/ask", json={"question": question}).json()
    assert cli == api


def test_errors_are_one_line_without_traceback(tmp_path, tiny_index):
    missing = run("ask", "hello", "--index", str(tmp_path / "none"))
    assert missing.exit_code == 1
    assert missing.output == f"Error: no index at {tmp_path / 'none'}: run `cityqa ingest` to build it\n"
    empty = run("ask", "   ", "--index", str(tiny_index))
    assert (empty.exit_code, empty.output) == (1, "Error: question is empty\n")
    other_model = run("ask", "hello", "--index", str(tiny_index), env={"CITYQA_MODEL": "other-model"})
    assert "built with model 'all-MiniLM-L6-v2', but 'other-model' is configured" in other_model.output
    other = "fp32" if DEFAULT_ENCODER == "int8" else "int8"
    other_encoder = run("ask", "hello", "--index", str(tiny_index), env={"CITYQA_ENCODER": other})
    assert other_encoder.exit_code == 1 and other_encoder.output == (
        f"Error: the index at {tiny_index} was built with the {DEFAULT_ENCODER} encoder, but {other} is configured; "
        f"run `cityqa ingest --rebuild` (or set CITYQA_ENCODER={DEFAULT_ENCODER})\n")
    no_corpus = run("ingest", "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "i"))
    assert (no_corpus.exit_code, no_corpus.output.strip()) == (  # strip: the progress bar leaves a blank line
        1, f"Error: {tmp_path / 'nowhere'}: corpus folder not found; pass --corpus DIR or set CITYQA_CORPUS")


def test_the_system_refusing_a_named_file_is_one_line_naming_it(make_corpus, tmp_path):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    (tmp_path / "plain-file").write_text("not a folder", encoding="utf-8")
    result = run("ingest", "--corpus", str(corpus), "--index", str(tmp_path / "plain-file" / "index"))
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: {re.escape(str(tmp_path / 'plain-file'))}/\S+: Not a directory", result.output.strip())


def test_a_bug_is_not_turned_into_an_error_line(tiny_index, monkeypatch):
    def broken(settings):
        raise KeyError("a bug, not the user's doing")

    monkeypatch.setattr("web.cli.load_bot", broken)
    result = CliRunner().invoke(main, ["ask", "hello", "--index", str(tiny_index)])
    assert isinstance(result.exception, KeyError) and not result.output.startswith("Error:")


def test_eval_prints_the_figures(tmp_path, tiny_index):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        '{"q": "Who pays for the repairs?", "answer": ["reserve fund"]}\n'
        '{"q": "What is the price of a train ticket to Beijing?", "answer": []}\n',
        encoding="utf-8",
    )
    result = run("eval", str(questions), "--json", "--index", str(tiny_index))
    summary = json.loads(result.output)
    assert summary["hit@1"] == 1.0 and summary["highlight@1"] == 1.0
    assert (summary["no_answer"], summary["no_answer_abstained"], summary["answerable_abstained"]) == (1, 1, 0)
    text = run("eval", str(questions), "--index", str(tiny_index))
    assert "1 answerable questions: hit@1 1.000" in text.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "wrong key"}\n', encoding="utf-8")
    failed = run("eval", str(bad), "--index", str(tiny_index))
    assert failed.exit_code == 1 and f"{bad}:1: expected a JSON object" in failed.output
