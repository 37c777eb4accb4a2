"""The demo page and the widget on a phone (issue 15): a 360 × 640 touch screen, where the page
used to be 436 px wide and the chat launcher lay outside the screen; and the input stays in
sight when the on-screen keyboard takes the lower half of the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import screenshot
from tests.servers import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 640}
#: What is left of the screen above an on-screen keyboard.
KEYBOARD_UP = {"width": 360, "height": 340}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2, locale="de-DE"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _inside_the_screen(page: Page, selector: str, screen: dict[str, int] = PHONE) -> None:
    """Wholly inside the visible part of the screen (the visual viewport)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    seen = page.evaluate(
        "() => { const v = visualViewport; return {x: v.offsetLeft, y: v.offsetTop,"
        " width: v.width, height: v.height}; }"
    )
    assert (seen["width"], seen["height"]) == (screen["width"], screen["height"]), seen
    assert box["x"] >= seen["x"] and box["y"] >= seen["y"], (selector, box, seen)
    assert box["x"] + box["width"] <= seen["x"] + seen["width"] + 0.5, (selector, box, seen)
    assert box["y"] + box["height"] <= seen["y"] + seen["height"] + 0.5, (selector, box, seen)


def _overflow(page: Page) -> list[str]:
    """What sticks out to the right of the screen (nothing may: no sideways scrolling)."""
    return page.evaluate(
        """() => [document.documentElement.scrollWidth > innerWidth ? 'page ' +
                  document.documentElement.scrollWidth : null,
                  ...Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                    .map(e => e.tagName + '.' + e.className)].filter(Boolean)"""
    )


@pytest.mark.parametrize("path", ["/demo", "/demo/en"])
def test_the_demo_page_and_the_chat_fit_a_touch_phone(
    server: LiveServer, phone: Page, path: str
) -> None:
    phone.goto(server.url + path)
    expect(phone.locator(".product").first).to_be_visible()
    assert phone.evaluate("innerWidth") == PHONE["width"]  # no zoomed-out layout viewport
    assert _overflow(phone) == []
    _inside_the_screen(phone, ".launcher")
    _inside_the_screen(phone, "#cart-button")
    phone.locator(".launcher").tap()
    expect(phone.locator("textarea")).to_be_visible()
    _inside_the_screen(phone, ".panel")
    _inside_the_screen(phone, "textarea")
    question = (
        "Wie lange dauert der Versand?" if path == "/demo" else "How long does shipping take?"
    )
    phone.locator("textarea").fill(question)
    phone.locator("textarea").press("Enter")
    expect(phone.locator(".msg.out").nth(1)).to_contain_text("1-3")
    assert _overflow(phone) == []
    _inside_the_screen(phone, "textarea")
    _inside_the_screen(phone, ".panel")
    screenshot(phone, f"phone-360{path.replace('/', '-')}")

    # The on-screen keyboard comes up over the focused input and takes 300 px of the screen.
    phone.locator("textarea").tap()
    expect(phone.locator("textarea")).to_be_focused()
    phone.set_viewport_size(KEYBOARD_UP)
    phone.wait_for_function(f"visualViewport.height === {KEYBOARD_UP['height']}")
    _inside_the_screen(phone, "textarea", KEYBOARD_UP)
    _inside_the_screen(phone, ".panel", KEYBOARD_UP)
    assert _overflow(phone) == []
    answer = phone.locator(".msg.out").nth(1).bounding_box()
    field = phone.locator("textarea").bounding_box()
    assert answer is not None and field is not None
    assert answer["y"] >= 0 and answer["y"] + answer["height"] <= field["y"], (answer, field)
    screenshot(phone, f"phone-360-keyboard{path.replace('/', '-')}")
