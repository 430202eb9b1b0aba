"""All the performance benchmarks in one run: `python bench/performance.py [--quick]`.

Prints each figure, writes them to docs/BENCHMARKS.md between the performance markers (leaving the rest of
the file alone) and draws docs/perf-latency-vs-clients.png and docs/perf-recall-vs-latency.png.
Run it alone: the machine's two cores are the thing being measured.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perf_http  # noqa: E402
import perf_ingest  # noqa: E402
import perf_scale  # noqa: E402
import perfkit  # noqa: E402
from report import write_section  # noqa: E402

DOCS = perfkit.REPO / "docs"
REPORT = DOCS / "BENCHMARKS.md"
START, END = "<!-- performance:start -->", "<!-- performance:end -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer questions, shorter load, 300k vectors")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report and plots from the last figures")
    parser.add_argument("--only", nargs="*", choices=["latency", "load", "ingest", "scale", "cold"], default=None)
    args = parser.parse_args()
    quick = args.quick
    wanted = set(args.only or ["latency", "load", "ingest", "scale", "cold"])
    saved = perfkit.WORK / "performance.json"
    if args.report_only:
        results = json.loads(saved.read_text())
        _plots(results)
        _write_report(results)
        return
    from index import Embedder

    encoder = Embedder().encoder  # CITYQA_ENCODER is not read here: the default encoder is what is measured
    print(f"Preparing the 10k-chunk bench index with the {encoder} encoder (cached under var/bench)…", flush=True)
    index = perfkit.index_10k(Embedder())
    corpus = perfkit.CORPUS_10K
    questions = perfkit.questions(1200)
    # A partial run (--only) updates the figures of the last run rather than dropping the others.
    results: dict[str, object] = json.loads(saved.read_text()) if args.only and saved.exists() else {}
    results.update({"quick": quick, "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "encoder": encoder})

    if wanted & {"latency", "load"}:
        asked = questions[: 150 if quick else 400]
        results["floor"] = _show("raw floor (in-process)", perf_http.raw_floor(index, asked))
    if "latency" in wanted:
        with perf_http.served(corpus, index) as (url, _, pid):
            latency = perf_http.one_client(url, asked)
            latency["rss_after_questions_mb"] = perf_http.resident_mb(pid)
        latency["ratio_to_floor"] = latency["http_p50_ms"] / results["floor"]["floor_p50_ms"]
        results["latency"] = _show("one client over HTTP", latency)
    if "load" in wanted:
        # The cache is off: every request is a distinct question that must be embedded.
        with perf_http.served(corpus, index, answer_cache=0) as (url, _, _pid):
            load = perf_http.under_load(url, questions, [1, 8, 32, 64], 5.0 if quick else 15.0)
        for row in load:
            row["ratio_to_batched_encode"] = row["qps"] / results["floor"]["batched_encode_qps"]
            _show(f"{row['clients']} clients", row)
        results["load"] = load
    if "ingest" in wanted:
        results["ingest"] = _show("ingest rate", perf_ingest.embedding_rate(20 if quick else 60))
        results["reingest"] = _show("re-ingest", perf_ingest.reingest(1000))
        results["encoders"] = _show("int8 vs fp32", perf_ingest.encoder_rates(10 if quick else 20))
    if "scale" in wanted:
        results["scale"] = _show("scale", perf_scale.scale(index, questions[:300], 300_000 if quick else 1_000_000))
    if "cold" in wanted:
        results["cold"] = _show("cold start", perf_http.cold_start(corpus, index, 2 if quick else 3))

    DOCS.mkdir(exist_ok=True)
    saved.write_text(json.dumps(results, indent=2))
    _plots(results)
    _write_report(results)
    print(f"Figures written to {REPORT.relative_to(perfkit.REPO)} and plots to docs/")


def _show(title: str, figures: dict) -> dict:
    shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items() if k != "curve"}
    print(f"{title}: {shown}", flush=True)
    return figures


def _plots(results: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if "load" in results:
        load = results["load"]
        figure, left = plt.subplots(figsize=(6.4, 4))
        clients = [row["clients"] for row in load]
        left.plot(clients, [row["p50_ms"] for row in load], "o-", label="p50 latency")
        left.plot(clients, [row["p99_ms"] for row in load], "s--", label="p99 latency")
        left.set_xscale("log", base=2)
        left.set_xlabel("concurrent clients")
        left.set_ylabel("ms per POST /api/ask")
        right = left.twinx()
        right.plot(clients, [row["qps"] for row in load], "^-", color="tab:green", label="questions/s")
        right.axhline(0.6 * results["floor"]["batched_encode_qps"], color="tab:green", linestyle=":",
                      label="0.6 × batched encode")
        right.set_ylabel("questions/s")
        lines = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
        labels = left.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
        left.legend(lines, labels, loc="center left", fontsize=8)
        left.set_title("Latency and throughput vs clients (10k chunks, distinct questions)")
        figure.tight_layout()
        figure.savefig(DOCS / "perf-latency-vs-clients.png", dpi=110)
        plt.close(figure)
    if "scale" in results:
        scale = results["scale"]
        figure, axes = plt.subplots(figsize=(6.4, 4))
        curve = scale["curve"]
        axes.plot([p["p50_ms"] for p in curve], [p["recall_at_10"] for p in curve], "o-", label=scale["vector_index"])
        for point in curve:
            axes.annotate(f"nprobe={point['nprobe']}", (point["p50_ms"], point["recall_at_10"]), fontsize=7,
                          textcoords="offset points", xytext=(4, -10))
        axes.axvline(scale["flat_p50_ms"], color="grey", linestyle=":", label=f"exact flat scan ({scale['flat_p50_ms']:.0f} ms)")
        axes.axhline(0.95, color="tab:red", linestyle=":", label="recall 0.95")
        axes.axvline(10, color="tab:orange", linestyle=":", label="10 ms")
        axes.set_xscale("log")
        axes.set_xlabel("p50 ms per query, k=50, one query at a time (log scale)")
        axes.set_ylabel("recall@10 against exact")
        axes.set_title(f"Recall vs latency, {scale['vectors']:,} vectors")
        axes.legend(fontsize=8, loc="lower right")
        figure.tight_layout()
        figure.savefig(DOCS / "perf-recall-vs-latency.png", dpi=110)
        plt.close(figure)


def _write_report(results: dict) -> None:
    write_section(REPORT, START, END, _markdown(results))


def _markdown(r: dict) -> str:
    mode = "--quick" if r["quick"] else "full"
    lines = [
        "## Performance", "",
        f"`python bench/performance.py{' --quick' if r['quick'] else ''}` ({mode} run, {r['when']}, "
        f"{platform.machine()}, 2 cores, bundled all-MiniLM-L6-v2, {r.get('encoder', 'fp32')} encoder; "
        "10k-chunk index of 370 MFA press conferences "
        "plus the seed corpus). Each ratio compares figures measured side by side in the same run.", "",
    ]
    if "floor" in r:
        f = r["floor"]
        lines += [f"Raw floor (in-process `model.encode` of one question + FAISS search): p50 {f['floor_p50_ms']:.2f} ms; "
                  f"batched encode {f['batched_encode_qps']:.0f} questions/s.", ""]
    if "latency" in r:
        x = r["latency"]
        lines += ["### 1. Latency, one client over HTTP", "", "| figure | value |", "|---|---|",
                  f"| `POST /api/ask` p50 / p99 (client) | {x['http_p50_ms']:.2f} / {x['http_p99_ms']:.2f} ms |",
                  f"| server time p50 (`Server-Timing`) | {x['server_p50_ms']:.2f} ms |",
                  f"| **p50 / raw floor** (target ≤ 1.2) | **{x['ratio_to_floor']:.2f}** |",
                  f"| repeated question, server time p50 / p99 (cache hit) | {x['cached_server_p50_ms']:.3f} / {x['cached_server_p99_ms']:.3f} ms |",
                  f"| repeated question, client p50 | {x['cached_http_p50_ms']:.2f} ms |"]
        if "rss_after_questions_mb" in x:
            lines += [f"| server's resident memory after these questions (each asked twice) | "
                      f"{x['rss_after_questions_mb']:.0f} MB |"]
        lines += [""]
    if "load" in r:
        lines += ["### 2. Throughput under load (distinct questions, answer cache off)", "",
                  "| clients | questions/s | / batched encode (target ≥ 0.6 at 32) | p50 ms | p99 ms | errors |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {x['clients']} | {x['qps']:.0f} | {x['ratio_to_batched_encode']:.2f} | {x['p50_ms']:.1f} | "
                  f"{x['p99_ms']:.1f} | {x['errors']} |" for x in r["load"]]
        lines += ["", "![latency vs clients](perf-latency-vs-clients.png)", ""]
    if "ingest" in r:
        x, y = r["ingest"], r["reingest"]
        lines += ["### 3. Ingest", "", "| figure | value |", "|---|---|",
                  f"| raw `model.encode` of the chunk texts ({x['chunks']} chunks) | {x['raw_encode_chunks_per_s']:.0f} chunks/s |",
                  f"| `build_index` end to end | {x['ingest_chunks_per_s']:.0f} chunks/s |",
                  f"| **ratio** (target ≥ 0.9) | **{x['ingest_ratio']:.2f}** |",
                  f"| re-ingest, unchanged {y['documents']}-document corpus ({y['chunks']} chunks) (target ≤ 2 s) | {y['unchanged_s']:.2f} s |",
                  f"| one document changed: chunks embedded / reused, seconds | {y['changed_embedded']} / {y['changed_reused']}, {y['changed_s']:.2f} s |",
                  ""]
        if "encoders" in r:
            e = r["encoders"]
            lines += [f"The two encoders on the same {e['chunks']} chunk texts and {e['questions']} questions, interleaved "
                      "(`python bench/perf_ingest.py`):", "",
                      "| encoder | chunks/s | one question, median ms |", "|---|---|---|",
                      f"| fp32 | {e['fp32_chunks_per_s']:.1f} | {e['fp32_query_ms']:.2f} |",
                      f"| int8 | {e['int8_chunks_per_s']:.1f} | {e['int8_query_ms']:.2f} |",
                      f"| **int8 / fp32** (target ≥ 2.5) | **{e['int8_speedup']:.2f}** | |", ""]
    if "scale" in r:
        x = r["scale"]
        lines += [f"### 4. Scale: {x['vectors']:,} vectors", "",
                  "Synthetic vectors shaped like real ones (mixtures of two real chunk vectors plus noise); real "
                  "questions as queries. The index type switched automatically past 200,000 vectors.", "",
                  "| figure | value |", "|---|---|",
                  f"| vector index (manifest) | `{x['vector_index']}`, `{x['search_params']}` |",
                  f"| query p50, k=50 (target ≤ 10 ms) | {x['p50_ms']:.2f} ms (exact flat scan {x['flat_p50_ms']:.1f} ms) |",
                  f"| recall@10 against exact (target ≥ 0.95) | {x['recall_at_10']:.3f} |",
                  f"| vector memory (target ≤ 0.5 GB): the index file, read whole | {x['vector_file_mb']:.0f} MB "
                  f"(RSS grew {x['vector_memory_mb']:.0f} MB on load: it reuses the heap the exact vectors freed) |",
                  f"| build time / RSS growth during build / process RSS | {x['build_s']:.1f} s / {x['build_rss_growth_mb']:.0f} MB / {x['rss_mb']:.0f} MB |",
                  f"| `similarity` of 53 rows (reconstruct) | {x['similarity_ms']:.3f} ms |", "",
                  "![recall vs latency](perf-recall-vs-latency.png)", ""]
    if "cold" in r:
        x = r["cold"]
        lines += ["### 5. Cold start", "",
                  f"`cityqa serve` as a subprocess, process start to `/healthz` 200 with a built index (target ≤ 6 s): "
                  f"median **{x['cold_start_s']:.2f} s**, worst {x['cold_start_max_s']:.2f} s of {x['runs']} runs"
                  + (f"; resident memory then {x['rss_after_start_mb']:.0f} MB." if "rss_after_start_mb" in x else "."), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
