"""``fogwatch eval reconcile``: the printing half (the command is in :mod:`.evaluate`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer


def run(gold: Path, fmt: str | None, cache: Path | None, db: str | None, sample: int | None,
        seed: int, shuffle: bool, as_json: bool, workers: int) -> None:
    from rich.progress import Progress

    from fogwatch.evaluate.gold import GoldFileError
    from fogwatch.evaluate.reconcile import evaluate
    from fogwatch.store import StoreError

    with Progress(transient=True, disable=as_json) as progress:
        task = progress.add_task("reading and reconciling", total=None)
        try:
            report = evaluate(
                gold, fmt=fmt, workers=workers, cache=cache, db=db, sample=sample, seed=seed,
                shuffle=shuffle, progress=lambda n: progress.advance(task, n),
                on_total=lambda total: progress.update(task, total=total),
            )
        except (GoldFileError, StoreError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report):
            typer.echo(line)


def report_lines(r: dict[str, Any]) -> list[str]:
    """The report as plain lines (also what docs/evaluation.md quotes)."""
    b, p = r["bcubed"], r["pairwise"]

    def f(x: Any) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [
        f"{r['dataset']} · {r['file']}: {r['articles']} articles, {r['incidents']} incidents, "
        f"{r['events']} events ({r['read_errors']} not read)",
        f"B-cubed   precision {f(b['precision'])}  recall {f(b['recall'])}  F1 {f(b['f1'])}",
        f"pairwise  precision {f(p['precision'])}  recall {f(p['recall'])}",
        f"articles alone in their event: {r['alone']:.1%}",
        f"largest event: {r['largest_event']['articles']} articles of "
        f"{r['largest_event']['incidents']} incidents over {r['largest_event']['days']} days "
        f"({r['largest_event']['id']})",
        f"widest date span: {r['widest_span']['days']} days, {r['widest_span']['articles']} "
        f"articles ({r['widest_span']['id']})",
    ]
    for kind, s in (r.get("figures") or {}).items():
        lines.append(
            f"{kind} per incident vs gold: exact {f(s['exact'])}, mean abs. error "
            f"{s['mae'] if s['mae'] is not None else '-'} ({s['n']} incidents)"
        )
    return lines
