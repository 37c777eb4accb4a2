"""The console's knowledge base as an agent uses it: creating, editing and disabling articles
through the forms (CSRF checked), the shop scope, the "test a question" box, the unanswered
questions turned into an article or phrasings, and what the widget answers right after."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from assistant.config import FAQ_ANSWER, FAQ_SUGGEST
from assistant.faq.articles import ArticleService
from assistant.storage.models import Shop
from knowledge_base import Article
from tests.chat import Shopper
from tests.consoles import add_agent, sign_in
from web.keys import sessions_key, shops_key

BARISTA = "Gibt es bei euch Barista-Kurse?"
BARISTA_ANSWER = "Ja: jeden Samstag um 10 Uhr in unserem Laden in Hamburg, 49 € pro Person."
FALLBACK = "keine passende Antwort"


async def _agent(client: Any, email: str = "anna@example.com", **kw: Any) -> str:
    await add_agent(client.app, email, name="Anna", **kw)
    return await sign_in(client, email)


async def _page(client: Any, path: str) -> str:
    resp = await client.get(path)
    assert resp.status == 200, await resp.text()
    return await resp.text()


async def _post(client: Any, path: str, token: str | None, **form: str) -> Any:
    data = {**form, **({"_csrf": token} if token else {})}
    return await client.post(path, data=data, allow_redirects=False)


async def _stored(client: Any, shop: str, slug: str, lang: str = "de") -> Article | None:
    articles = await ArticleService(client.app[sessions_key]).list(shop)
    return next((a for a in articles if a.key == (slug, lang)), None)


def _new(**fields: str) -> dict[str, str]:
    return {
        "slug": "barista-courses",
        "lang": "de",
        "question": BARISTA,
        "phrasings": "Bietet ihr Barista-Kurse an?\nWann gibt es Barista Kurse",
        "answer": BARISTA_ANSWER,
        "tags": "kurs, barista",
        "enabled": "1",
        **fields,
    }


async def test_create_edit_disable_through_the_forms_reach_the_widget(any_db_client: Any) -> None:
    client = any_db_client
    token = await _agent(client)
    shopper = await Shopper(client, "kb-visitor").connect()
    assert FALLBACK in (await shopper.say(BARISTA))["text"]

    refused = await _post(client, "/console/kb/demo/articles", None, **_new())
    assert refused.status == 403 and "aus Sicherheitsgründen" in await refused.text()
    forged = await _post(client, "/console/kb/demo/articles", "forged", **_new())
    assert forged.status == 403
    assert await _stored(client, "demo", "barista-courses") is None

    created = await _post(client, "/console/kb/demo/articles", token, **_new())
    assert created.status == 303
    assert created.headers["Location"] == "/console/kb?shop=demo&done=created#topic-barista-courses"
    stored = await _stored(client, "demo", "barista-courses")
    assert stored is not None and stored.phrasings == (
        "Bietet ihr Barista-Kurse an?",
        "Wann gibt es Barista Kurse",
    )
    assert stored.tags == ("kurs", "barista") and stored.enabled
    listed = await _page(client, "/console/kb?shop=demo&done=created")
    assert "Artikel angelegt" in listed and 'id="topic-barista-courses"' in listed
    assert (await shopper.say(BARISTA))["text"] == BARISTA_ANSWER  # live, no restart

    path = "/console/kb/demo/articles/barista-courses/de"
    form = await _page(client, path)
    assert f'value="{BARISTA}"' in form and "Wann gibt es Barista Kurse</textarea>" in form
    edited = await _post(
        client, path, token, **_new(answer="Nein, Kurse gibt es erst wieder im Frühjahr.")
    )
    assert edited.status == 303 and edited.headers["Location"].endswith("#topic-barista-courses")
    assert (await shopper.say(BARISTA))["text"] == "Nein, Kurse gibt es erst wieder im Frühjahr."

    off = await _post(
        client, path + "/enabled", token, enabled="0", next="/console/kb?shop=demo&search=barista"
    )
    assert off.status == 303
    assert off.headers["Location"] == (
        "/console/kb?shop=demo&search=barista&done=disabled#topic-barista-courses"
    )
    assert FALLBACK in (await shopper.say(BARISTA))["text"]
    disabled = await _page(client, "/console/kb?shop=demo&state=disabled")
    assert re.findall(r'<tr id="topic-([^"]+)"', disabled) == ["barista-courses"]
    assert "deaktiviert" in disabled and "Aktivieren" in disabled
    assert (await _stored(client, "demo", "barista-courses")).enabled is False  # type: ignore[union-attr]

    on = await _post(client, path + "/enabled", token, enabled="1", next="https://evil.example/")
    assert on.headers["Location"] == "/console/kb?shop=demo&done=enabled#topic-barista-courses"
    assert "Frühjahr" in (await shopper.say(BARISTA))["text"]
    await shopper.close()


async def test_a_bad_form_comes_back_as_typed_and_stores_nothing(demo_client: Any) -> None:
    token = await _agent(demo_client)
    before = await ArticleService(demo_client.app[sessions_key]).list("demo")
    typed = _new(slug="kurse für alle", answer="   ", phrasings="Kurse?\nKurse?\nWorkshop|Seminar")
    bad = await _post(demo_client, "/console/kb/demo/articles", token, **typed)
    assert bad.status == 400
    page = await bad.text()
    assert 'value="kurse für alle"' in page and f'value="{BARISTA}"' in page
    assert "Kurse?\nKurse?\nWorkshop|Seminar</textarea>" in page  # nothing lost, not even typos
    assert 'id="err-slug"' in page and 'id="err-answer"' in page and 'id="err-phrasings"' in page
    assert "Bitte eine Antwort eingeben" in page and "nichts wurde gespeichert" in page
    assert await ArticleService(demo_client.app[sessions_key]).list("demo") == before

    taken = await _post(
        demo_client, "/console/kb/demo/articles", token, **_new(slug="shipping-time")
    )
    assert taken.status == 400 and "gibt es in dieser Sprache schon" in await taken.text()
    assert (await _stored(demo_client, "demo", "shipping-time")).answer != BARISTA_ANSWER  # type: ignore[union-attr]

    # Without an id, one is made from the question; a second time it gets a number.
    for expected in ("gibt-es-bei-euch-barista-kurse", "gibt-es-bei-euch-barista-kurse-2"):
        made = await _post(demo_client, "/console/kb/demo/articles", token, **_new(slug=""))
        assert made.headers["Location"].endswith(f"#topic-{expected}")
    edit = "/console/kb/demo/articles/gibt-es-bei-euch-barista-kurse/de"
    emptied = await _post(demo_client, edit, token, **_new(question="", answer="Neu"))
    assert emptied.status == 400 and 'value=""' in await emptied.text()
    assert (
        await _stored(demo_client, "demo", "gibt-es-bei-euch-barista-kurse")
    ).question == BARISTA  # type: ignore[union-attr]


async def _other_shop(client: Any) -> None:
    now = datetime.now(UTC)
    async with client.app[sessions_key]() as db:
        db.add(Shop(id="other", name="Anderer Laden", allowed_origins=["self"], created_at=now))
        await db.commit()
    await ArticleService(client.app[sessions_key]).save(
        "other",
        Article(slug="secret", lang="de", question="Geheime Frage?", answer="Geheime Antwort."),
    )


async def test_an_agent_sees_and_edits_only_their_shops_articles(
    demo_client: Any, aiohttp_client: Any
) -> None:
    await _other_shop(demo_client)
    token = await _agent(demo_client)
    listing = await _page(demo_client, "/console/kb")
    assert "shipping-time" in listing and "Geheime" not in listing
    secret = "/console/kb/other/articles/secret/de"
    for path in ("/console/kb?shop=other", secret, "/console/kb/other/new"):
        resp = await demo_client.get(path)
        assert resp.status == 403, path
        assert "nicht freigeschaltet" in await resp.text() and "Geheime" not in await resp.text()
    for path, form in (
        (secret, _new(question="Gekapert?", answer="Gekapert.")),
        (secret + "/enabled", {"enabled": "0"}),
        ("/console/kb/other/articles", _new()),
        ("/console/kb/other/unanswered/attach", {"cluster": "x", "lang": "de", "article": "secret/de"}),
    ):  # fmt: skip
        resp = await _post(demo_client, path, token, **form)
        assert resp.status == 403, path
    test = await demo_client.get(
        "/console/kb/test?shop=other&ask=Geheime+Frage", headers={"Accept": "application/json"}
    )
    assert test.status == 403 and (await test.json())["code"] == "forbidden"
    kept = await _stored(demo_client, "other", "secret")
    assert kept is not None and kept.question == "Geheime Frage?" and kept.enabled
    assert await _stored(demo_client, "other", "barista-courses") is None
    missing = await demo_client.get("/console/kb/demo/articles/no-such-topic/de")
    assert missing.status == 404

    anonymous = await aiohttp_client(demo_client.server)
    resp = await anonymous.get(
        "/console/kb/test?ask=Versand", headers={"Accept": "application/json"}
    )
    assert resp.status == 401
    page = await anonymous.get("/console/kb", allow_redirects=False)
    assert page.status == 303 and page.headers["Location"].startswith("/console/login")


async def test_test_a_question_ranks_matches_with_the_shops_thresholds(demo_client: Any) -> None:
    await _agent(demo_client)
    url = "/console/kb/test?shop=demo&ask=wie+lange+dauert+versand+nach+%C3%B6stereich"
    answer = await (await demo_client.get(url, headers={"Accept": "application/json"})).json()
    assert (answer["decision"], answer["lang"]) == ("answer", "de")
    assert answer["thresholds"] == {"answer": FAQ_ANSWER, "suggest": FAQ_SUGGEST}
    scores = [m["score"] for m in answer["matches"]]
    assert answer["matches"][0]["id"] == "shipping-austria" and scores == sorted(
        scores, reverse=True
    )
    assert (
        1 < len(scores) <= 5
        and answer["matches"][0]["question"] == "Liefern Sie auch nach Österreich?"
    )
    assert 'data-decision="answer"' in answer["html"] and "shipping-austria" in answer["html"]

    nothing = await (
        await demo_client.get(
            "/console/kb/test?ask=Wie+wird+das+Wetter+morgen+in+Hamburg%3F",
            headers={"Accept": "application/json"},
        )
    ).json()
    assert nothing["decision"] == "fallback"
    english = await (
        await demo_client.get("/console/kb/test?ask=Versand&ask_lang=en", headers={"Accept": "application/json"})
    ).json()  # fmt: skip
    assert english["lang"] == "en"

    # The shop's own thresholds decide, as in the widget.
    async with demo_client.app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = {**shop.settings, "faq": {"answer": 0.99, "suggest": 0.5}}
        db.add(shop)
        await db.commit()
    demo_client.app[shops_key].forget("demo")
    strict = await (await demo_client.get(url, headers={"Accept": "application/json"})).json()
    assert strict["decision"] == "suggest" and strict["thresholds"]["answer"] == 0.99
    shopper = await Shopper(demo_client, "strict-visitor").connect()
    reply = await shopper.say("wie lange dauert versand nach östereich")
    assert reply["text"] == "Meinten Sie eine dieser Fragen?"  # the widget agrees
    await shopper.close()

    # Without JavaScript: the form loads the page with the result in it.
    plain = await demo_client.get(url, allow_redirects=False)
    assert plain.status == 303 and plain.headers["Location"].endswith("#test")
    page = await _page(demo_client, plain.headers["Location"])
    assert (
        'data-decision="suggest"' in page
        and 'value="wie lange dauert versand nach östereich"' in page
    )


async def test_untrusted_text_is_escaped_everywhere(demo_client: Any) -> None:
    token = await _agent(demo_client)
    script = '<script>alert("q")</script>Frage?'
    img = "<img src=x onerror=alert(1)>Antwort"
    created = await _post(
        demo_client, "/console/kb/demo/articles", token,
        **_new(slug="xss", question=script, answer=img, phrasings='"><b>fett</b>', tags="<i>t</i>"),
    )  # fmt: skip
    assert created.status == 303
    shopper = await Shopper(demo_client, "xss-visitor").connect()
    asked = "<svg onload=alert(2)> Wetter morgen in Hamburg?"
    assert FALLBACK in (await shopper.say(asked))["text"]
    await shopper.close()
    pages = [
        await _page(demo_client, "/console/kb"),
        await _page(demo_client, "/console/kb/demo/articles/xss/de"),
        await _page(demo_client, "/console/kb?ask=" + script),
    ]
    test = await demo_client.get(
        "/console/kb/test", params={"ask": script}, headers={"Accept": "application/json"}
    )
    pages.append((await test.json())["html"])
    for body in pages:
        for raw in ("<script>alert", "<img src=x", "<b>fett", "<i>t</i>", "<svg"):
            assert raw not in body
    assert "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;Frage?" in pages[0]
    assert "&lt;img src=x onerror=alert(1)&gt;Antwort</textarea>" in pages[1]
    assert "&lt;svg onload=alert(2)&gt; Wetter morgen in Hamburg?" in pages[0]  # the cluster
    assert "&lt;script&gt;" in pages[3]


async def _ask_unanswered(client: Any, visitor: str, *questions: str) -> Shopper:
    shopper = await Shopper(client, visitor).connect()
    for question in questions:
        assert FALLBACK in (await shopper.say(question))["text"], question
    return shopper


def _clusters(page: str) -> list[str]:
    found = re.search(r'<ol class="clusters" id="clusters">(.*?)</ol>', page, re.S)
    return re.findall(r'<p class="label"><strong>(.*?)</strong>', found.group(1)) if found else []


async def test_an_article_from_a_cluster_answers_in_the_widget_at_once(any_db_client: Any) -> None:
    client = any_db_client
    token = await _agent(client)
    shopper = await _ask_unanswered(client, "c-visitor", BARISTA, "Wann gibt es Barista Kurse")
    other = await _ask_unanswered(client, "c-visitor-2", BARISTA)
    page = await _page(client, "/console/kb")
    assert _clusters(page)[0] == BARISTA and "3× gefragt" in page
    link = re.search(r'href="(/console/kb/demo/new\?cluster=[^"]+)"', page)
    assert link is not None
    form = await _page(client, html.unescape(link.group(1)))
    assert f'id="kb-question" name="question" value="{BARISTA}"' in form
    assert ">Wann gibt es Barista Kurse</textarea>" in form
    assert "Aus einer Gruppe unbeantworteter Fragen (3× gefragt)" in form
    assert '<option value="de" selected>' in form

    created = await _post(
        client, "/console/kb/demo/articles", token, slug="", lang="de", question=BARISTA,
        phrasings="Wann gibt es Barista Kurse", answer=BARISTA_ANSWER, tags="", enabled="1",
    )  # fmt: skip
    assert created.status == 303
    assert (await shopper.say(BARISTA))["text"] == BARISTA_ANSWER  # the same socket, no restart
    assert (await other.say("Wann gibt es Barista Kurse"))["text"] == BARISTA_ANSWER
    after = await _page(client, "/console/kb")
    assert BARISTA not in _clusters(after)
    handled = re.search(r'<details class="handled" id="handled">(.*?)</details>', after, re.S)
    assert handled is not None and BARISTA in handled.group(1)
    assert "beantwortet von gibt-es-bei-euch-barista-kurse" in handled.group(1)

    # Disabled, the article no longer answers: the cluster is open again.
    off = "/console/kb/demo/articles/gibt-es-bei-euch-barista-kurse/de/enabled"
    await _post(client, off, token, enabled="0")
    assert BARISTA in _clusters(await _page(client, "/console/kb"))
    await shopper.close()
    await other.close()


async def test_a_cluster_added_as_phrasings_is_handled(demo_client: Any) -> None:
    token = await _agent(demo_client)
    question = "Kann ich eine Widmung auf die Karte schreiben lassen?"
    shopper = await _ask_unanswered(demo_client, "p-visitor", question)
    page = await _page(demo_client, "/console/kb")
    assert _clusters(page) == [question]
    assert '<option value="gift-cards/de">' in page  # every article can be chosen
    attached = await _post(
        demo_client, "/console/kb/demo/unanswered/attach", token,
        cluster=question, lang="de", article="gift-cards/de",
    )  # fmt: skip
    assert attached.status == 303
    assert attached.headers["Location"] == (
        "/console/kb?shop=demo&done=attached&n=1&article=gift-cards#topic-gift-cards"
    )
    stored = await _stored(demo_client, "demo", "gift-cards")
    assert stored is not None and stored.phrasings[-1] == question
    assert (await shopper.say(question))["text"] == (
        await _stored(demo_client, "demo", "gift-cards")
    ).answer  # type: ignore[union-attr]
    after = await _page(demo_client, attached.headers["Location"])
    assert "Neue Formulierungen in gift-cards: 1." in after
    assert _clusters(after) == [] and "Keine offenen unbeantworteten Fragen." in after
    again = await _post(
        demo_client, "/console/kb/demo/unanswered/attach", token,
        cluster=question, lang="de", article="gift-cards/de",
    )  # fmt: skip
    assert again.headers["Location"].startswith("/console/kb?shop=demo&done=attached&n=0")
    gone = await _post(
        demo_client, "/console/kb/demo/unanswered/attach", token,
        cluster="nie gefragt", lang="de", article="gift-cards/de",
    )  # fmt: skip
    assert gone.status == 404
    await shopper.close()


async def test_the_navigation_has_the_knowledge_base_in_both_languages(
    demo_client: Any, aiohttp_client: Any
) -> None:
    await _agent(demo_client, locale="en")
    page = await _page(demo_client, "/console/kb")
    assert '<a href="/console/kb" aria-current="page">Knowledge base</a>' in page
    assert "Test a question" in page and "Unanswered questions" in page
    german = await aiohttp_client(demo_client.server)
    await _agent(german, "bert@example.com")
    inbox = await _page(german, "/console/")
    assert '<a href="/console/kb">Wissensdatenbank</a>' in inbox
    assert "Frage testen" in await _page(german, "/console/kb")
