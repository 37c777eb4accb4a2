"""The console's knowledge-base pages: the articles of one of the agent's shops, the editor,
the "test a question" box (a GET form, and JSON for console.js) and the unanswered questions.
The work is done by :class:`assistant.support.kb_desk.KnowledgeDesk`; this module only turns
requests into its calls and its results into pages or redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from yarl import URL

from assistant.errors import Forbidden
from assistant.support.accounts import AgentAccount
from assistant.support.article_form import ArticleForm, ArticleFormInvalid
from assistant.support.kb_desk import KnowledgeDesk, TestResult, require_shop
from assistant.support.kb_listing import STATES, ArticleFilter, topics
from knowledge_base import Article, Lang
from knowledge_base.transfer import ID_PATTERN
from web.console.pages import common
from web.console.render import fragment, lang_of, page, signed_in, wants_json
from web.keys import kb_desk_key

routes = web.RouteTableDef()
ARTICLE = "/kb/{shop}/articles/{slug:[A-Za-z0-9][A-Za-z0-9_.-]{0,119}}/{lang:de|en}"
DONE = ("created", "saved", "enabled", "disabled", "attached", "learned", "dismissed")


def _desk(request: web.Request) -> KnowledgeDesk:
    return request.config_dict[kb_desk_key]


def _lang(raw: str | None) -> Lang | None:
    return "de" if raw == "de" else "en" if raw == "en" else None


def _key(request: web.Request) -> tuple[str, str, Lang]:
    info = request.match_info
    return info["shop"], info["slug"], "en" if info["lang"] == "en" else "de"


def _chosen_shop(request: web.Request, account: AgentAccount) -> str:
    """The shop named by ``?shop=`` (refused if it is not the agent's), else the first."""
    wanted = request.query.get("shop")
    if wanted:
        if not account.can_see(wanted):
            raise Forbidden(detail=f"{account.email} -> {wanted}")
        return wanted
    if not account.shops:
        raise Forbidden(detail=f"{account.email} has no shops")
    return account.shops[0]


def _list_url(shop: str, anchor: str = "", **query: str) -> str:
    return f"/console/kb?{urlencode({'shop': shop, **query})}" + (f"#{anchor}" if anchor else "")


def _back(raw: str, shop: str) -> str:
    """Only back to a knowledge-base page: no open redirect."""
    if raw.startswith("/console/kb") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return _list_url(shop)


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _done(request: web.Request, to: str, article: Article | None = None) -> web.Response:
    if wants_json(request):
        return web.json_response({"ok": True, "article": _article_json(article)})
    raise web.HTTPSeeOther(to)


def _article_json(article: Article | None) -> dict[str, Any] | None:
    if article is None:
        return None
    return {
        "id": article.slug,
        "lang": article.lang,
        "question": article.question,
        "phrasings": list(article.phrasings),
        "answer": article.answer,
        "tags": list(article.tags),
        "enabled": article.enabled,
    }


# -- the list, the test box and the unanswered questions --------------------------------------


@routes.get("/kb")
async def kb_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop = _chosen_shop(request, account)
    desk = _desk(request)
    wanted = ArticleFilter.from_query(request.query)
    articles = await desk.articles(account, shop)
    test = await desk.test(
        account, shop, request.query.get("ask", ""), _lang(request.query.get("ask_lang"))
    )
    done = request.query.get("done")
    return page(
        request,
        "kb.html",
        shop=shop,
        topics=topics(articles, wanted),
        total=len(articles),
        total_topics=len({a.slug for a in articles}),
        wanted=wanted,
        states=STATES,
        test=test,
        ask=request.query.get("ask", ""),
        ask_lang=_lang(request.query.get("ask_lang")) or "",
        report=await desk.unanswered(account, shop),
        candidates=await desk.candidates(account, shop),
        choices=sorted(articles, key=lambda a: (a.lang, a.question.casefold())),
        done=done if done in DONE else None,
        done_n=request.query.get("n", "0") if request.query.get("n", "").isdigit() else "0",
        done_article=request.query.get("article", "")
        if ID_PATTERN.match(request.query.get("article", ""))
        else "",
        path_qs=request.path_qs,
        page_kind="kb",
        **await common(request),
    )


@routes.get("/kb/test")
async def kb_test(request: web.Request) -> web.Response:
    """The test box for console.js; without JavaScript the form goes to the page itself."""
    account = signed_in(request)
    shop = _chosen_shop(request, account)
    ask, ask_lang = request.query.get("ask", ""), request.query.get("ask_lang", "")
    if not wants_json(request):
        raise web.HTTPSeeOther(_list_url(shop, "test", ask=ask, ask_lang=ask_lang))
    test = await _desk(request).test(account, shop, ask, _lang(ask_lang))
    html = fragment(request, "_kb_test.html", test=test, shop=shop) if test else ""
    return web.json_response({"type": "kb_test", "shop": shop, **_test_json(test), "html": html})


def _test_json(test: TestResult | None) -> dict[str, Any]:
    if test is None:
        return {"query": "", "lang": None, "decision": None, "matches": []}
    found = test.probe
    return {
        "query": test.query,
        "lang": found.lang,
        "decision": found.decision.value,
        "thresholds": {"answer": test.thresholds.answer, "suggest": test.thresholds.suggest},
        "matches": [
            {
                "id": m.slug,
                "lang": m.lang,
                "score": m.score,
                "phrasing": m.phrasing,
                "question": test.articles[m.key].question if m.key in test.articles else None,
            }
            for m in found.matches
        ],
    }


@routes.post("/kb/{shop}/unanswered/attach")
async def attach_cluster(request: web.Request) -> web.Response:
    """ "Add as phrasings to article X": the cluster's wordings go into that article."""
    account = signed_in(request)
    shop = request.match_info["shop"]
    form = await _form(request)
    slug, _, lang = form.get("article", "").rpartition("/")
    article_lang = _lang(lang)
    if not slug or article_lang is None:
        raise web.HTTPSeeOther(_list_url(shop, "unanswered"))
    article, added = await _desk(request).attach(
        account, shop, form.get("cluster", ""), form.get("lang", ""), (slug, article_lang)
    )
    to = _list_url(
        shop, f"topic-{article.slug}", done="attached", n=str(added), article=article.slug
    )
    return _done(request, to, article)


@routes.post("/kb/{shop}/candidates/{candidate:[0-9]{1,12}}")
async def decide_candidate(request: web.Request) -> web.Response:
    """Accept a learned wording (it becomes a phrasing of its article) or dismiss it."""
    account = signed_in(request)
    shop = request.match_info["shop"]
    form = await _form(request)
    accept = form.get("decision") == "accept"
    article = await _desk(request).decide(
        account, shop, int(request.match_info["candidate"]), accept
    )
    if article is None:
        return _done(request, _list_url(shop, "learned", done="dismissed"))
    to = _list_url(shop, f"topic-{article.slug}", done="learned", article=article.slug)
    return _done(request, to, article)


# -- the editor -----------------------------------------------------------------------------------


def _editor(
    request: web.Request,
    shop: str,
    form: ArticleForm,
    *,
    stored: Article | None = None,
    errors: dict[str, Any] | None = None,
    cluster_count: int | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> web.Response:
    lang = lang_of(request)
    return page(
        request,
        "kb_article.html",
        status=status,
        shop=shop,
        form=form,
        stored=stored,
        errors={k: v.get(lang) for k, v in (errors or {}).items()},
        cluster_count=cluster_count,
        page_kind="kb",
        **(extra or {}),
    )


def _invalid(request: web.Request, exc: ArticleFormInvalid) -> web.Response | None:
    if not wants_json(request):
        return None
    lang = lang_of(request)
    return web.json_response(
        {
            "type": "error",
            "code": exc.code,
            "message": exc.user_message(lang),
            "errors": {k: v.get(lang) for k, v in exc.errors.items()},
        },
        status=exc.status,
    )


@routes.get("/kb/{shop}/new")
async def new_article(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop = request.match_info["shop"]
    desk = _desk(request)
    require_shop(account, shop)
    label = request.query.get("cluster")
    cluster = (
        await desk.cluster(account, shop, label, request.query.get("lang", "")) if label else None
    )
    if cluster is not None:
        form = ArticleForm.from_cluster(cluster)
    else:
        form = ArticleForm(
            slug=request.query.get("slug", ""),
            lang=_lang(request.query.get("lang")) or lang_of(request),
            question=label or "",
        )
    return _editor(
        request,
        shop,
        form,
        cluster_count=cluster.count if cluster else None,
        extra=await common(request),
    )


@routes.post("/kb/{shop}/articles")
async def create_article(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop = request.match_info["shop"]
    form = ArticleForm.from_post(await _form(request))
    try:
        article = await _desk(request).create(account, shop, form)
    except ArticleFormInvalid as exc:
        return _invalid(request, exc) or _editor(
            request,
            shop,
            exc.form,
            errors=exc.errors,
            status=400,
            extra=await common(request),
        )
    return _done(request, _list_url(shop, f"topic-{article.slug}", done="created"), article)


@routes.get(ARTICLE)
async def edit_article(request: web.Request) -> web.Response:
    shop, slug, lang = _key(request)
    stored = await _desk(request).article(signed_in(request), shop, slug, lang)
    return _editor(
        request,
        shop,
        ArticleForm.from_article(stored),
        stored=stored,
        extra=await common(request),
    )


@routes.post(ARTICLE)
async def save_article(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop, slug, lang = _key(request)
    desk = _desk(request)
    form = ArticleForm.from_post(await _form(request))
    try:
        article = await desk.update(account, shop, slug, lang, form)
    except ArticleFormInvalid as exc:
        stored = await desk.article(account, shop, slug, lang)
        return _invalid(request, exc) or _editor(
            request,
            shop,
            exc.form,
            stored=stored,
            errors=exc.errors,
            status=400,
            extra=await common(request),
        )
    return _done(request, _list_url(shop, f"topic-{slug}", done="saved"), article)


@routes.post(ARTICLE + "/enabled")
async def set_enabled(request: web.Request) -> web.Response:
    account = signed_in(request)
    shop, slug, lang = _key(request)
    form = await _form(request)
    enabled = form.get("enabled") == "1"
    article = await _desk(request).set_enabled(account, shop, slug, lang, enabled)
    back = URL(_back(form.get("next", ""), shop))
    done = "enabled" if enabled else "disabled"
    to = back.update_query(done=done).with_fragment(f"topic-{slug}")
    return _done(request, str(to), article)
