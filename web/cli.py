"""The `cityqa` command: ingest, ask, serve and eval, each a thin layer over the library."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)
from rich.text import Text

from bot import Bot
from bot.answer import MAX_K
from bot.benchmarks import index_benchmark, read_beir, read_squad, run_benchmark
from bot.citations import paragraphs_of
from bot.evaluate import evaluate, read_questions
from index import BuildProgress, BuildReport, Embedder, build_index
from ingest.errors import CityqaError, CorpusNotFound, nearest
from web.serving import open_bot
from web.schema import AskResponse, PassageOut
from web.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

corpus_option = click.option("--corpus", type=click.Path(path_type=Path, file_okay=False), help="Corpus folder [CITYQA_CORPUS].")
index_option = click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder [CITYQA_INDEX].")


def settings_from(**overrides: Any) -> Settings:
    """Settings from the environment, with the flags that were given taking precedence; a bad one is a one-line
    error naming its variable."""
    try:
        return Settings(**{key: value for key, value in overrides.items() if value is not None})
    except ValidationError as error:
        raise click.ClickException("; ".join(_problem(item) for item in error.errors())) from None


def _problem(item: ErrorDetails) -> str:
    """'CITYQA_PORT: ...' for a field; a check across fields names its variables itself."""
    message = str(item["msg"]).removeprefix("Value error, ")
    field = "_".join(str(part) for part in item["loc"]).upper()
    return f"CITYQA_{field}: {message}" if field else message


# The CLI's words added to a core error's message: the lower layers do not know the flags.
HINTS: dict[type[CityqaError], str] = {CorpusNotFound: "pass --corpus DIR or set CITYQA_CORPUS"}


def friendly_errors(command: F) -> F:
    """An error the user can act on (a CityqaError, or the system refusing a named file) becomes one
    'Error: ...' line and exit status 1. Anything else is a bug and keeps its traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CityqaError as error:
            hint = nearest(HINTS, error)
            raise click.ClickException(f"{error.message}; {hint}" if hint else error.message) from None
        except OSError as error:
            if error.filename is None:  # not about a file the user named or can fix: a bug
                raise
            raise click.ClickException(f"{error.filename}: {error.strerror or error}") from None

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cityqa")
def main() -> None:
    """cityqa: answers from the record of public hearings, with citations."""


@main.command()
@corpus_option
@index_option
@click.option("--rebuild", is_flag=True, help="Embed everything again, even if nothing changed.")
@friendly_errors
def ingest(corpus: Path | None, index_dir: Path | None, rebuild: bool) -> None:
    """Build or update the index from the corpus folder."""
    settings = settings_from(corpus=corpus, index=index_dir)
    run_ingest(settings, settings.embedder(announce=_announce), rebuild=rebuild)


def run_ingest(settings: Settings, embedder: Embedder, rebuild: bool = False) -> BuildReport:
    """Builds the index with a progress bar, then prints skipped files and a summary line."""
    with _progress() as progress:
        report = build_index(settings.corpus, settings.index, embedder, rebuild=rebuild, progress=progress,
                             approximate_above=settings.approximate_above, qdrant=settings.qdrant_location())
    for skipped in report.skipped:
        errors.print(f"[yellow]skipped[/] {escape(skipped.path)}: {escape(skipped.problem)}")
    state = "up to date" if report.up_to_date else f"{report.embedded} embedded, {report.reused} reused"
    # Summary lines are never wrapped to the terminal's width: scripts read them.
    console.print(
        f"Indexed {report.documents} documents into {report.chunks} chunks ({state}), "
        f"{len(report.skipped)} skipped, in {report.seconds:.1f} s → {settings.index}", soft_wrap=True
    )
    if report.embedded and report.embed_seconds > 0:
        rate, overall = report.embedded / report.embed_seconds, report.embedded / report.seconds
        console.print(f"Embedded {rate:,.1f} chunks/s with the {embedder.encoder} encoder "
                      f"({overall:,.1f} chunks/s over the whole build)", soft_wrap=True)
    return report


def _announce(message: str) -> None:
    """A one-off step that takes seconds (exporting the int8 encoder) is said, not left as a silent pause."""
    errors.print(f"[dim]{escape(message)}[/]")


class _RateColumn(ProgressColumn):
    """Chunks per second over the last half minute (rich's estimate, which the ETA is computed from too)."""

    def render(self, task: Task) -> Text:
        if not task.speed:
            return Text("")
        return Text(f"{task.speed:,.1f} chunks/s" if task.speed < 10 else f"{task.speed:,.0f} chunks/s")


@contextmanager
def _progress() -> Iterator[BuildProgress]:
    columns = (TextColumn("Embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"),
               _RateColumn(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("embed", total=None)
        yield BuildProgress(
            start=lambda total: bar.update(task, total=total),
            advance=lambda done: bar.advance(task, done),
        )


@main.command()
@click.argument("question")
@click.option("--k", "k", type=click.IntRange(1, MAX_K), default=None, help="How many passages to show [CITYQA_TOP_K].")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as the API's JSON object.")
@index_option
@friendly_errors
def ask(question: str, k: int | None, as_json: bool, index_dir: Path | None) -> None:
    """Answer QUESTION from the indexed record."""
    settings = settings_from(index=index_dir, top_k=k)
    bot = load_bot(settings)
    answer = bot.answer(question)
    response = AskResponse.of(answer, answer.question, partial(paragraphs_of, bot.index.store))
    if as_json:
        click.echo(response.model_dump_json(indent=2))
        return
    console.print(f"[bold]{escape(response.answer)}[/]\n")
    if not response.passages:  # the record does not say: nothing unrelated is offered
        return
    label = ("Where the record names them" if answer.unsaid
             else "May not answer directly: the closest passages" if answer.uncertain else "From the record")
    console.print(f"[dim]{label}:[/]")
    for number, passage in enumerate(response.passages, start=1):
        console.print(_passage_markup(number, passage))


def _passage_markup(number: int, passage: PassageOut) -> str:
    text, (start, end) = passage.text, passage.highlight_span
    body = escape(text) if start >= end else (
        f"{escape(text[:start])}[bold yellow]{escape(text[start:end])}[/]{escape(text[end:])}"
    )
    heading = f"{number}."
    if passage.speaker:
        heading += f" [bold]{escape(passage.speaker.name)}[/]"
        if passage.speaker.role:
            heading += f", {escape(passage.speaker.role)}"
    source = f"[dim]— {escape(passage.document.title)} · {escape(passage.document.url)}[/]"
    return f"{heading}\n{body}\n{source}\n"


@main.command()
@click.option("--host", help="Address to listen on [CITYQA_HOST].")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on [CITYQA_PORT].")
@corpus_option
@index_option
@click.option("--no-build", is_flag=True,
              help="Serve the built index as it is, without reading the corpus (a read-only replica).")
@friendly_errors
def serve(host: str | None, port: int | None, corpus: Path | None, index_dir: Path | None, no_build: bool) -> None:
    """Serve the chat, building the index first when it is missing or out of date (unless --no-build)."""
    import uvicorn

    from web.app import create_app
    from web.reload import reload_in_background

    # Idle OpenMP threads sleep instead of spinning: between two model calls the request threads need the
    # cores (32 clients: 0.63 of the batched encode rate instead of 0.58). Set before torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    settings = settings_from(host=host, port=port, corpus=corpus, index=index_dir)
    embedder = settings.embedder(announce=_announce)
    # Loading the model (mostly importing torch) overlaps with checking the index, the two slow steps of a start.
    loader = threading.Thread(target=_load_quietly, args=(embedder,), daemon=True)
    loader.start()
    try:
        if not no_build:
            run_ingest(settings, embedder)
        app = create_app(settings, embedder=embedder)  # its lifespan opens the bot and closes it on shutdown
        signal.signal(signal.SIGHUP, lambda *_: reload_in_background(app))  # after `cityqa ingest`: serve the new index
        # A known startup error (no index, damaged) is said once, below, not as uvicorn's traceback of the lifespan.
        logging.getLogger("uvicorn.error").addFilter(lambda _: getattr(app.state, "startup_error", None) is None)
        console.print(f"Serving the chat at http://{settings.host}:{settings.port}/ (Ctrl+C to stop; SIGHUP reloads the index)")
        # proxy_headers off: uvicorn would otherwise trust X-Forwarded-* from 127.0.0.1; the app trusts exactly
        # CITYQA_TRUSTED_PROXIES (web/app.py).
        server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, proxy_headers=False,
                                               server_header=False, log_level="warning"))
        try:
            server.run()
        except SystemExit:  # uvicorn's exit when the app did not start
            startup_error = getattr(app.state, "startup_error", None)
            if startup_error is not None:
                raise startup_error from None
            raise
    finally:
        # Exiting while the loader is inside ONNX Runtime or torch aborts the process ('terminate called
        # without an active exception'): a start that fails early waits for it.
        loader.join()


def _load_quietly(embedder: Embedder) -> None:
    try:
        embedder.load()
    except Exception:  # noqa: BLE001 - the main thread loads it again and reports the error
        pass


@main.command(name="eval")
@click.argument("questions", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--beir", "beir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Score retrieval on a BEIR folder (nDCG@10, recall@100 on its test qrels).")
@click.option("--squad", "squad", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Score paragraph retrieval on a SQuAD-format file (hit@1, hit@5).")
@click.option("--work", "work_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where a benchmark's corpus and index are kept between runs [var/bench/NAME].")
@click.option("--half", type=click.Choice(["dev", "test"]), help="Only the questions of this half of the file.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@index_option
@friendly_errors
def eval_command(questions: Path | None, beir: Path | None, squad: Path | None, work_dir: Path | None,
                 half: str | None, as_json: bool, index_dir: Path | None) -> None:
    """Score the bot on a question file (JSON lines: {"q", "answer": [...]}), a BEIR folder or a SQuAD file."""
    if sum(x is not None for x in (questions, beir, squad)) != 1:
        raise click.UsageError("give exactly one of QUESTIONS, --beir DIR or --squad FILE")
    settings = settings_from(index=index_dir)
    if questions is not None:
        summary = evaluate(load_bot(settings), read_questions(questions, half)).summary()
        _print_summary(summary, as_json)
        return
    dataset = read_beir(beir) if beir is not None else read_squad(squad)
    work_dir = work_dir or Path("var/bench") / dataset.name
    with _progress() as progress:
        retriever, names = index_benchmark(dataset, work_dir, settings.embedder(announce=_announce), progress,
                                           qdrant=settings.qdrant_location(), lexical_weight=settings.lexical_weight)
    result = run_benchmark(retriever, dataset, names).summary()
    _emit(result, as_json, (
        f"{result['benchmark']}: {result['queries']} queries  nDCG@10 {result['ndcg@10']:.4f}  "
        f"recall@100 {result['recall@100']:.4f}  hit@1 {result['hit@1']:.4f}  hit@5 {result['hit@5']:.4f}"
    ))


def _print_summary(summary: dict[str, object], as_json: bool) -> None:
    _emit(summary, as_json, (
        f"{summary['answerable']} answerable questions: hit@1 {summary['hit@1']:.3f}  hit@3 {summary['hit@3']:.3f}  "
        f"MRR@10 {summary['mrr@10']:.3f}  highlight@1 {summary['highlight@1']:.3f}"
    ), (
        f"retrieval alone (whatever the outcome): hit@1 {summary['retrieval_hit@1']:.3f}  "
        f"hit@3 {summary['retrieval_hit@3']:.3f}"
    ), (
        f"abstained on {summary['no_answer_abstained']} of {summary['no_answer']} questions the record does not answer, "
        f"and on {summary['answerable_abstained']} it does"
    ), (
        "outcomes: " + ", ".join(f"{n} {o}" for o, n in summary["outcomes"].items())
        + f"  expected calibration error {summary['ece']:.3f}"
    ))


def _emit(figures: dict[str, object], as_json: bool, *lines: str) -> None:
    """Figures as JSON, or as lines for a person."""
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for line in lines:
        console.print(line)


def load_bot(settings: Settings) -> Bot:
    return open_bot(settings, settings.embedder(announce=_announce))


if __name__ == "__main__":
    main()
