"""``shopassist kb ...``: the knowledge base (FAQ articles) of a shop."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from assistant.cli.announce import announcer
from assistant.cli.base import (
    async_command,
    build_config,
    check_import_size,
    database_option,
    fail,
    run_async,
    write_output,
)
from assistant.cli.db import open_database
from assistant.clock import utc_now
from assistant.config import Config
from assistant.errors import UnknownShop
from assistant.faq.answering import ranked
from assistant.faq.articles import ArticleService, UnreadableFile, read_articles
from assistant.faq.knowledge import build_index, load_articles, shop_lexicon, shop_thresholds
from assistant.faq.starter import starter_articles
from assistant.faq.unanswered import REVIEWED, review_clusters, unanswered_clusters
from assistant.shop.directory import ShopDirectory
from assistant.storage.engine import Sessions
from knowledge_base import KnowledgeBase, Thresholds, decide
from knowledge_base.transfer import ImportFailed, to_csv, to_json

shop_option = click.option(
    "--shop", default="demo", show_default=True, metavar="ID", help="The shop's id."
)


@click.group()
def kb() -> None:
    """The FAQ knowledge base: import, export, try questions, see what went unanswered."""


def _read(path: Path, fmt: str | None) -> list[Any]:
    try:
        return read_articles(path, fmt)
    except UnreadableFile as exc:
        fail(str(exc))
    except ImportFailed as exc:
        more = len(exc.problems) - 1
        also = f"; {more} more problem{'s' if more > 1 else ''} after it" if more > 0 else ""
        fail(f"{exc} (nothing was imported{also})")
    return []  # unreachable: fail() exits


@kb.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option(
    "--starter",
    is_flag=True,
    help="Import the starter FAQ (28 questions every shop gets, German and English) instead "
    "of FILE; articles the shop already has are kept as they are.",
)
@click.option("--replace", is_flag=True, help="Also delete the shop's articles not in FILE.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), help="Default: from FILE's name."
)
@shop_option
@database_option
@async_command
async def import_(
    file: Path | None,
    starter: bool,
    replace: bool,
    fmt: str | None,
    shop: str,
    database: str | None,
) -> None:
    """Import articles from a CSV or JSON file, all or nothing.

    CSV header: id,lang,question,answer (the same id in de and en is one topic); optional
    columns phrasings and tags (separated by |), product, category, enabled.
    """
    if (file is None) == (not starter):
        fail("Give either FILE or --starter.")
    if starter and replace:
        fail("--replace goes with FILE, not with --starter.")
    config = build_config(database=database)
    if file is not None:
        check_import_size(file, config)
    articles = starter_articles() if starter else _read(file or Path(), fmt)
    async with open_database(config) as sessions, announcer(config) as live:
        service = ArticleService(sessions, live=live)
        with click.progressbar(
            length=len(articles), label="Importing", file=sys.stderr, show_pos=True
        ) as bar:
            done = 0

            def advance(now: int) -> None:
                nonlocal done
                bar.update(now - done)
                done = now

            try:
                report = await service.import_articles(
                    shop, articles, replace=replace, keep_existing=starter, progress=advance
                )
            except UnknownShop:
                fail(f"No shop {shop!r} in the database (see `shopassist shops add`).")
    if starter:
        kept = len(articles) - report.created
        click.echo(
            f"Imported the starter FAQ into {shop!r}: {report.created} new articles"
            + (f", {kept} the shop already had kept as they are" if kept else "")
            + "."
        )
        click.echo(
            "Its answers hold placeholders in [[double brackets]] with a typical value: "
            "check and edit each one (console: Knowledge base; or kb export, edit, kb import)."
        )
        return
    click.echo(
        f"Imported {len(articles)} articles into {shop!r}: {report.created} new, "
        f"{report.updated} updated, {report.deleted} deleted."
    )


@kb.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout."
)
@shop_option
@database_option
def export(fmt: str, output: Path | None, shop: str, database: str | None) -> None:
    """Write every article of the shop as CSV or JSON (what `kb import` reads)."""
    config = build_config(database=database)

    async def load() -> list[Any]:
        async with open_database(config) as sessions:
            return await ArticleService(sessions).list(shop)

    articles = run_async(load())
    text = to_csv(articles) if fmt == "csv" else to_json(articles)
    if write_output(text, output):
        click.echo(f"Wrote {len(articles)} articles to {output}.", err=True)


async def _live_index(
    config: Config, sessions: Sessions, shop: str
) -> tuple[KnowledgeBase, Thresholds]:
    """The shop's index and thresholds as the running assistant has them."""
    try:
        info = await ShopDirectory(sessions).get(shop)
    except UnknownShop:
        fail(f"No shop {shop!r} in the database (try `shopassist demo load`).")
    articles = await load_articles(sessions, shop)
    knowledge = build_index(articles, shop_lexicon(info.settings))
    thresholds = shop_thresholds(
        info, Thresholds(answer=config.faq_answer, suggest=config.faq_suggest)
    )
    return knowledge, thresholds


@kb.command("ask")
@click.argument("text")
@click.option("--lang", type=click.Choice(["de", "en"]), help="Default: detected from the text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@shop_option
@database_option
@async_command
async def ask(text: str, lang: str | None, as_json: bool, shop: str, database: str | None) -> None:
    """Show how the assistant would answer TEXT: ranked matches, scores and the decision.

    TEXT "-" reads one question per line from standard input.
    """
    config = build_config(database=database)
    async with open_database(config) as sessions:
        knowledge, thresholds = await _live_index(config, sessions, shop)
    questions = [line.strip() for line in sys.stdin] if text == "-" else [text]
    for question in questions:
        if not question:
            continue
        language = lang or knowledge.detect_language(question, default="de")
        matches = ranked(knowledge, question, language)  # type: ignore[arg-type]
        decision = decide(matches, thresholds)
        if as_json:
            line = {
                "query": question,
                "lang": language,
                "decision": decision.value,
                "matches": [{"id": m.slug, "score": m.score} for m in matches],
            }
            click.echo(json.dumps(line, ensure_ascii=False))
            continue
        click.echo(f"{question}  [{language}]")
        for m in matches:
            click.echo(f"  {m.score:6.3f}  {m.slug:<28} {m.lang}  “{m.phrasing}”")
        if not matches:
            click.echo("  (no article shares a word with this question)")
        click.echo(
            f"  decision: {decision.value}  (answer >= {thresholds.answer}, "
            f"suggest >= {thresholds.suggest})"
        )


@kb.command("unanswered")
@click.option("--days", type=click.IntRange(min=1), help="Only questions of the last DAYS days.")
@click.option("--json", "as_json", is_flag=True, help="The clusters as one JSON list.")
@shop_option
@database_option
@async_command
async def unanswered(days: int | None, as_json: bool, shop: str, database: str | None) -> None:
    """Questions the assistant could not answer, grouped by similarity, most asked first.

    Only the open ones: a cluster the assistant would now answer (an article or a phrasing
    was added for it) is handled, exactly as the console's knowledge base shows it."""
    config = build_config(database=database)
    since = utc_now() - timedelta(days=days) if days else None
    async with open_database(config) as sessions:
        knowledge, thresholds = await _live_index(config, sessions, shop)
        found = await unanswered_clusters(sessions, shop, since=since)
    report = review_clusters(found, knowledge, thresholds, open_limit=REVIEWED)
    clusters = [r.cluster for r in report.open]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "label": c.label,
                        "count": c.count,
                        "langs": list(c.langs),
                        "examples": list(c.examples),
                    }
                    for c in clusters
                ],
                ensure_ascii=False,
            )
        )
        return
    if not clusters:
        click.echo("No unanswered questions.")
    else:
        click.echo(f"{'count':>5}  question (similar wordings)")
    for c in clusters:
        others = [e for e in c.examples if e != c.label]
        extra = f"  ({'; '.join(others)})" if others else ""
        click.echo(f"{c.count:>5}  {c.label}  [{','.join(c.langs)}]{extra}")
    if report.handled:
        click.echo(f"({len(report.handled)} more answered by the knowledge base now: handled)")
    if report.more:
        click.echo(f"({report.more} less asked clusters not checked)")
