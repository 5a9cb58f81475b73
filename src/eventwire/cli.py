"""The ``eventwire`` command: a thin layer over the library.

Every command calls library functions; library errors (:class:`EventwireError`) become a clear
one-line message and exit code 1 here, at the edge. Exit codes: 0 success, 1 error (bad
input, missing database, failed evaluation file), 2 usage error (from the CLI parser),
3 ``ingest`` finished but some inputs failed (they are in ``eventwire failures``).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire import __version__
from eventwire.errors import ConfigError, EventwireError
from eventwire.ingest import InputOverrides
from eventwire.model import SCHEMA_VERSION, SegmentKind
from eventwire.store import DEFAULT_DB, Store

__all__ = ["app", "main"]

app = typer.Typer(
    name="eventwire",
    help="Turn news articles into structured, verifiable event data (offline).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score the pipeline against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

# Off a terminal (make, CI logs, pipes) rich would wrap tables at 80 columns; use 120.
console = Console(width=None if sys.stdout.isatty() else 120)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)

EXIT_ERROR = 1
EXIT_PARTIAL = 3


class State:
    db: str = DEFAULT_DB


state = State()


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    geojson = "geojson"


@app.callback()
def _root(
    db: Annotated[
        str,
        typer.Option("--db", envvar="EVENTWIRE_DB", help="DuckDB file to read and write."),
    ] = DEFAULT_DB,
) -> None:
    state.db = db


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _open(read_only: bool = True) -> Store:
    return Store(state.db, read_only=read_only)


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{option} must be a date YYYY-MM-DD, not {value!r}") from exc


# -- ingest ---------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders (.txt, .html, .jsonl), or - for stdin."),
    ] = None,
    demo: Annotated[bool, typer.Option(help="Ingest the bundled demo corpus.")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: cores).")
    ] = None,
    reprocess: Annotated[
        bool, typer.Option(help="Re-analyse articles already stored (replaces their rows).")
    ] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD of every input.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher of every input.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = 5 * 2**20,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="Fetch this web page (http or https; repeatable)."),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(help="Let --url fetch private, loopback and link-local addresses."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles, extract what they report, and store it in the database."""
    from eventwire.demo import demo_records
    from eventwire.runner import ingest as run_ingest

    try:
        overrides = InputOverrides(_parse_day(published, "--published"), publisher)
        records = demo_records() if demo else None
        if not demo and not paths and not url:
            raise ConfigError("give files, folders or - (stdin), --url URL, or --demo")
        if url:
            from itertools import chain

            from eventwire.readers import iter_inputs
            from eventwire.readers.fetch import iter_urls

            # fetched after the files are read, on the same path: a URL that fails becomes a
            # failures row with its reason, and the batch goes on
            local = records if records is not None else iter_inputs(paths or [],
                                                                     max_bytes=max_bytes)
            records = chain(local, iter_urls(url, allow_private=allow_private_urls,
                                             max_bytes=max_bytes))
        interactive = sys.stderr.isatty() and not as_json
        with _open(read_only=False) as store:
            if interactive:
                from rich.progress import Progress

                with Progress(console=err_console, transient=True) as progress:
                    task = progress.add_task("analysing", total=None)
                    summary = run_ingest(
                        paths or [], store, workers=workers, reprocess=reprocess,
                        max_bytes=max_bytes, overrides=overrides, records=records,
                        on_progress=lambda d, t: progress.update(task, completed=d, total=t),
                    )
            else:
                summary = run_ingest(
                    paths or [], store, workers=workers, reprocess=reprocess,
                    max_bytes=max_bytes, overrides=overrides, records=records,
                    log_json=not as_json and not sys.stderr.isatty(),
                )
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        print(json.dumps(summary.as_dict()))
    else:
        console.print(
            f"stored [bold]{summary.stored}[/] article(s), skipped {summary.skipped} already "
            f"stored, {summary.failed} failed; {summary.mentions} mentions, "
            f"{summary.events} events in {summary.seconds:.1f}s → {state.db}",
            highlight=False,
        )
        for f in summary.failures[:20]:
            err_console.print(f"[yellow]failed[/] {f.source_ref}: {f.message}", highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)


# -- listing --------------------------------------------------------------------------------


def _emit(rows: list[dict[str, Any]], fmt: OutputFormat, title: str, columns: list[str]) -> None:
    if fmt is OutputFormat.json:
        print(json.dumps(rows, default=str, ensure_ascii=False))
        return
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(r.get(k)) for k in columns})
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    console.print(table)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list | dict):
        return json.dumps(v, default=str, ensure_ascii=False)
    return str(v)


@app.command()
def articles(
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List stored articles with what was found in each."""
    from eventwire.queries import list_articles

    try:
        with _open() as store:
            rows = list_articles(store, limit=limit)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    _emit(rows, fmt, "articles",
          ["id", "published", "publisher", "title", "section", "mentions", "events"])


@app.command()
def events(
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO alpha-2 country of the place or an actor.")
    ] = None,
    near: Annotated[str | None, typer.Option(help="LAT,LON,KM: events within KM km.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id (prefix).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List coded events, filtered by date, type, country or distance."""
    from eventwire.queries import EventFilter, list_events

    try:
        flt = EventFilter.parse(since=since, until=until, type_=type_, country=country,
                                near=near, article=article, limit=limit)
        with _open() as store:
            rows = list_events(store, flt)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    _emit(rows, fmt, "events",
          ["id", "type", "status", "date", "place", "actor", "target", "sources", "trigger"])


@app.command()
def failures(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List inputs that could not be processed, and why."""
    try:
        with _open() as store:
            rows = store.query(
                "SELECT source_ref, stage, error_class, message, created_at FROM failures "
                "ORDER BY created_at DESC"
            )
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    _emit(rows, fmt, "failures", ["source_ref", "stage", "error_class", "message"])


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix of it.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table = marked text.")]
    = OutputFormat.table,
) -> None:
    """Show an article's text with every extracted span marked (the evidence view)."""
    from eventwire.queries import article_evidence

    try:
        with _open() as store:
            ev = article_evidence(store, article_id)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    if fmt is not OutputFormat.table:
        print(json.dumps(ev, default=str, ensure_ascii=False))
        return
    console.print(_render_evidence(ev))


_KIND_STYLE = {
    "entity": "bold cyan",
    "place": "bold green",
    "time": "bold magenta",
    "event": "underline blue",
    "trigger": "bold white on red",
}
_SEGMENT_STYLE = {
    SegmentKind.BOILERPLATE.value: "dim strike",
    SegmentKind.CAPTION.value: "italic yellow",
    SegmentKind.SECTION.value: "dim",
    SegmentKind.TITLE.value: "bold underline",
    SegmentKind.BYLINE.value: "dim",
}


def _render_evidence(ev: dict[str, Any]) -> Text:
    art = ev["article"]
    text: str = art["text"]
    out = Text()
    out.append(f"article {art['id']}  published {art['published']} ({art['published_source']})"
               f"  publisher {art['publisher']}\n", style="bold")
    out.append("legend: ", style="dim")
    for kind, style in _KIND_STYLE.items():
        out.append(f"[{kind}] ", style=style)
    for kind, style in _SEGMENT_STYLE.items():
        out.append(f"{kind} ", style=style)
    out.append("\n\n")
    body = Text(text)
    for seg in art["segments"]:
        seg_style = _SEGMENT_STYLE.get(seg["kind"])
        if seg_style:
            body.stylize(seg_style, seg["start"], seg["end"])
    for m in ev["mentions"]:
        body.stylize(_KIND_STYLE.get(m["kind"], "bold"), m["start"], m["end"])
    for e in ev["events"]:
        trig = e["trigger"]
        body.stylize(_KIND_STYLE["trigger"], trig["start"], trig["end"])
    out.append(body)
    out.append("\n\n")
    for m in ev["mentions"]:
        normalized = m.get("normalized")
        norm = f" = {normalized}" if normalized and normalized != m["text"] else ""
        where = f" @ {m['lat']:.3f},{m['lon']:.3f}" if m.get("lat") is not None else ""
        out.append(f"  {m['start']:>5}-{m['end']:<5} {m['kind']:<6} {m['label']:<9} "
                   f"{m['text']!r}{norm}{where}  [{m['stage']}, {m['confidence']:.2f}, "
                   f"{m['segment']}]\n")
    for e in ev["events"]:
        out.append(f"  event {e['id']} {e['type']} {e['status']} trigger "
                   f"{e['trigger']['text']!r} @{e['trigger']['start']}\n", style="bold")
    return out


# -- export ---------------------------------------------------------------------------------


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (or folder for csv/parquet).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
) -> None:
    """Export events (jsonl, geojson: one record per event with its sources; csv, parquet: one
    file per table) from the database."""
    from eventwire.export import export_db

    try:
        with _open() as store:
            written = export_db(store, out, fmt.value)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    for path, n in written.items():
        console.print(f"wrote {n} rows → {path}", highlight=False)


@app.command()
def scale(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet dataset.")],
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786), or 'synchronous'; "
                          "default: a local cluster on 127.0.0.1."),
    ] = None,
    partitions: Annotated[int | None, typer.Option(help="Number of partitions.")] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local cluster.")] = 2,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher of every input.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the pipeline on Dask (same stage functions) and write Parquet, one folder per
    table."""
    from eventwire.scale import run_on_dask

    try:
        summary = run_on_dask(paths, out, scheduler=scheduler, partitions=partitions,
                              overrides=InputOverrides(_parse_day(published, "--published"),
                                                       publisher),
                              local_workers=workers)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    info = {"articles": summary.articles, "failed_inputs": summary.failed_inputs,
            "partitions": summary.partitions, "out": summary.out, "rows": summary.rows}
    if as_json:
        print(json.dumps(info))
    else:
        console.print(f"analysed {summary.articles} article(s) in {summary.partitions} "
                      f"partition(s) → {summary.out}: "
                      + ", ".join(f"{n} {t}" for t, n in summary.rows.items()), highlight=False)


# -- serve ----------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="EVENTWIRE_API_TOKEN", show_envvar=True,
                     help="Bearer token that enables the write endpoints (POST). Prefer the "
                          "environment variable: a command line is visible to other users. "
                          "Without a token the API is read-only."),
    ] = None,
    allow_remote: Annotated[
        bool,
        typer.Option(help="Listen on an address other machines can reach (not loopback)."),
    ] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse posted or fetched articles larger than this.")
    ] = 5 * 2**20,
) -> None:
    """Serve the database over HTTP: articles, events, failures, summary (docs at /docs)."""
    from eventwire.api import create_app, is_loopback_host

    try:
        if not is_loopback_host(host):
            if not allow_remote:
                raise ConfigError(
                    f"{host} is not a loopback address, so other machines could reach the API; "
                    "add --allow-remote to do that on purpose"
                )
            from rich.markup import escape

            err_console.print(
                f"[yellow]warning:[/] listening on {escape(host)}: anyone who can reach it can "
                "read the database, and a token travels in clear text unless a TLS proxy is in "
                "front",
                highlight=False, soft_wrap=True,
            )
        api = create_app(state.db, token=token, max_bytes=max_bytes)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    err_console.print(
        f"serving {state.db} on http://{shown}:{port} (docs at /docs); write endpoints "
        + ("enabled (bearer token)" if token else "disabled: no --token / EVENTWIRE_API_TOKEN"),
        highlight=False, soft_wrap=True,
    )
    # one process: DuckDB has a single writer, and the app serialises its writes
    uvicorn.run(api, host=host, port=port, log_level="info")


# -- summary, version -----------------------------------------------------------------------


@app.command()
def summary(
    limit: Annotated[int, typer.Option(help="Articles to list.")] = 40,
) -> None:
    """Overview of the database: counts, the latest articles, and the structure of each."""
    from eventwire.queries import list_articles, structure_rows

    try:
        with _open() as store:
            counts = store.counts()
            rows = list_articles(store, limit=limit)
            structure = structure_rows(store, limit=limit)
            failed = store.query("SELECT source_ref, message FROM failures LIMIT 10")
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    console.print(
        "database " + state.db + ": "
        + ", ".join(f"{v} {k}" for k, v in counts.items() if k != "runs"),
        highlight=False,
    )
    table = Table(title="articles: what was extracted")
    cols = ("id", "published", "publisher", "title", "entities", "places", "times", "events")
    for c in cols:
        table.add_column(c, overflow="ellipsis", no_wrap=c != "title", max_width=48)
    for r in rows:
        r = {**r, "id": r["id"][:8], "title": (r.get("title") or "")[:70]}
        table.add_row(*[_cell(r.get(c)) for c in cols])
    console.print(table)
    for r in structure:
        if not (r["caption"] or r["boilerplate"] or r["section"]):
            continue
        st = Table(title=f"page structure of {r['id'][:8]}", show_header=False)
        st.add_column("part", style="bold")
        st.add_column("text", overflow="fold")
        for part in ("title", "section", "caption", "body", "boilerplate"):
            st.add_row(part, r.get(part) or "—")
        console.print(st)
    if counts.get("events"):
        from eventwire.queries import EventFilter, list_events

        # Show the events of full pages (with a caption or a section path: the pages whose
        # layout mattered), else of the first article listed.
        pages = [r["id"] for r in structure if r["caption"] or r["section"]] or [
            r["id"] for r in rows[:1]
        ]
        with _open() as store:
            evs = [e for pid in pages[:3]
                   for e in list_events(store, EventFilter(article=pid, limit=limit))]
        et = Table(title="events of " + ", ".join(p[:8] for p in pages[:3])
                   + " (all: eventwire events)")
        ecols = ("type", "status", "date", "place", "actor", "target", "sources")
        for c in ecols:
            et.add_column(c, overflow="fold")
        for e in evs:
            et.add_row(*[_cell(e.get(c)) for c in ecols])
        console.print(et)
    for f in failed:
        err_console.print(f"[yellow]failed[/] {f['source_ref']}: {f['message']}")
    console.print(
        "Next: [bold]eventwire events[/], [bold]eventwire show ID[/] (evidence view), "
        "[bold]eventwire export --format parquet out/[/], [bold]eventwire --help[/]."
    )


@app.command()
def version(
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print versions of eventwire, its schema, its pipeline stages and key libraries."""
    from eventwire.pipeline import available_stage_names
    from eventwire.runner import _versions

    info: dict[str, Any] = {**_versions(), "schema": SCHEMA_VERSION,
                            "stages": available_stage_names()}
    if as_json:
        print(json.dumps(info))
    else:
        console.print(f"eventwire {__version__} (schema {SCHEMA_VERSION})", highlight=False)
        for k, v in info.items():
            if k not in ("eventwire", "schema"):
                console.print(f"  {k}: {', '.join(v) if isinstance(v, list) else v}",
                              highlight=False)


# -- eval -----------------------------------------------------------------------------------


def _print_report(report: Any, as_json: bool) -> None:
    if as_json:
        print(report.to_json())
        return
    console.print(f"[bold]{report.task}[/] on {report.dataset} ({report.n_docs} docs)",
                  highlight=False)
    table = Table()
    table.add_column("section")
    table.add_column("status")
    table.add_column("metrics", overflow="fold")
    for name, sec in report.sections.items():
        metrics = ", ".join(
            f"{k}={'—' if v is None else (f'{v:.3f}' if isinstance(v, float) else v)}"
            for k, v in sec.metrics.items()
        )
        table.add_row(name, sec.status, metrics)
    console.print(table)


@eval_app.command("seed")
def eval_seed(
    gold: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Gold file(s) in eventwire-gold/1 format (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Score the whole pipeline on articles annotated like the seed (eventwire-gold/1)."""
    from eventwire.evaluation.seed import default_gold_path, evaluate_seed

    try:
        paths = gold or [default_gold_path()]
        report = evaluate_seed(paths)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    _print_report(report, as_json)


def _dataset_eval(task: str, dataset: Path, as_json: bool, limit: int | None) -> None:
    import importlib

    modules = {"extract": ("eventwire.evaluation.extract", "evaluate_extract"),
               "time": ("eventwire.evaluation.time", "evaluate_time"),
               "geo": ("eventwire.evaluation.geo", "evaluate_geo"),
               "typing": ("eventwire.evaluation.typing", "evaluate_typing"),
               "coref": ("eventwire.evaluation.coref", "evaluate_coref"),
               "mentions": ("eventwire.evaluation.event_mentions", "evaluate_event_mentions")}
    mod_name, fn_name = modules[task]
    try:
        module = importlib.import_module(mod_name)
    except ModuleNotFoundError as exc:
        raise _fail(f"eval {task} is not implemented in this version") from exc
    fn = getattr(module, fn_name)
    try:
        report = fn(dataset, limit=limit) if limit is not None else fn(dataset)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    _print_report(report, as_json)


@eval_app.command("events")
def eval_events(
    gold: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Gold article file(s) in eventwire-gold/1 format."),
    ] = None,
    dataset: Annotated[
        Path | None,
        typer.Option("--dataset", help="PLOVER-GSR or CASE 2021 task 2 (sentence typing), "
                     "or MEANTIME (event mentions, coreference, status)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N records.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Events: P/R/F1 and per-field accuracy on gold articles (--gold), or sentence-level
    typing on PLOVER-GSR / CASE 2021 (--dataset)."""
    if (gold is None) == (dataset is None):
        raise _fail("give --gold FILE… or --dataset PATH")
    if dataset is not None:
        _dataset_eval("typing", dataset, as_json, limit)
        return
    from eventwire.evaluation.seed import evaluate_seed

    try:
        report = evaluate_seed(gold or [], task="events")
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    if not as_json:
        report.sections = {k: v for k, v in report.sections.items()
                           if k in ("events", "must_not")}
    _print_report(report, as_json)
    if not as_json:
        confusion = report.sections["events"].details.get("confusion", {})
        if confusion:
            table = Table(title="type confusion (gold → predicted)")
            table.add_column("gold")
            table.add_column("predicted")
            for g, row in sorted(confusion.items()):
                table.add_row(g, ", ".join(f"{p}×{n}" for p, n in sorted(row.items())))
            console.print(table)


@eval_app.command("extract")
def eval_extract(
    dataset: Annotated[Path, typer.Option("--dataset", help="aeb-dev or trafilatura-eval dir.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Body extraction from HTML vs plain trafilatura (token P/R/F1)."""
    _dataset_eval("extract", dataset, as_json, limit)


@eval_app.command("time")
def eval_time(
    dataset: Annotated[Path, typer.Option("--dataset", help="TimeML .tml file or folder.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """TIMEX3 recognition and normalisation (TempEval-3 metrics)."""
    _dataset_eval("time", dataset, as_json, limit)


@eval_app.command("geo")
def eval_geo(
    dataset: Annotated[Path, typer.Option("--dataset", help="GeoWebNews/LGL/GeoVirus/WikToR.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Toponym resolution on gold spans (acc@161km) beside the population baseline."""
    _dataset_eval("geo", dataset, as_json, limit)


@eval_app.command("coref")
def eval_coref(
    dataset: Annotated[Path, typer.Option("--dataset", help="ECB+ folder (tarball + CSV).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Cross-document event coreference on ECB+ (MUC, B³, CEAF-e, CoNLL F1) beside the
    same-lemma baseline."""
    _dataset_eval("coref", dataset, as_json, limit)


@eval_app.command("mentions")
def eval_mentions(
    dataset: Annotated[Path, typer.Option("--dataset", help="TimeML .tml file or folder "
                                          "(TBAQ: TimeBank, AQUAINT).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """TimeML event mentions (TempEval-3 Task B: extent P/R/F1, class, tense, aspect,
    polarity)."""
    _dataset_eval("mentions", dataset, as_json, limit)


# -- dedup ----------------------------------------------------------------------------------


@app.command()
def dedup(
    threshold: Annotated[
        float | None, typer.Option(help="Link threshold (mean pair probability, 0-1).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Group the stored events that report the same happening, across articles (recomputes
    the event_clusters table)."""
    from eventwire.events.crossdoc import CrossDocConfig, dedup_store

    try:
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise ConfigError(f"--threshold must be in (0, 1], not {threshold}")
        config = CrossDocConfig() if threshold is None else CrossDocConfig(threshold=threshold)
        with _open(read_only=False) as store:
            result = dedup_store(store, config)
    except EventwireError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        print(json.dumps(result.as_dict(), default=str))
        return
    console.print(
        f"{result.events} event(s) → {result.clusters} happening(s); "
        f"{result.multi_article_clusters} reported by several articles, "
        f"{result.merged_events} duplicate report(s) linked in {result.seconds:.1f}s → "
        f"table event_clusters of {state.db}",
        highlight=False,
    )
    if result.largest:
        table = Table(title="happenings reported by the most articles")
        for c in ("cluster_id", "type", "trigger", "date", "place", "events", "articles"):
            table.add_column(c, overflow="fold")
        for row in result.largest:
            table.add_row(*[_cell(row.get(c)) for c in ("cluster_id", "type", "trigger",
                                                         "date", "place", "events",
                                                         "articles")])
        console.print(table)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
