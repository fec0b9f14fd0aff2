"""Tables of the guideline summary in a real Chromium: a scroll region is a Tab stop only
where its table scrolls, and axe finds nothing wrong with the tables laid out."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GUIDELINE_SUMMARY = "/en/articles/local-treatment-of-metastases/"
GUIDELINE_SUMMARY_DE = "/de/artikel/lokale-behandlung-von-metastasen/"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
# Laid out at once instead of when near the screen, so that axe sees every table.
ALL_TABLES_LAID_OUT = ".table-scroll { content-visibility: visible !important; }"


def regions(page):
    return page.locator(".table-scroll")


def reached_by_tab(page, region) -> bool:
    """Whether Tab, from the heading before ``region``, stops on the region itself before
    focus moves past it."""
    heading = region.locator("xpath=preceding::*[self::h2 or self::h3][1]")
    heading.evaluate("h => { h.tabIndex = -1; h.focus(); }")  # Tab goes on from here
    for _ in range(15):
        page.keyboard.press("Tab")
        where = region.evaluate(
            "r => r === document.activeElement ? 'region'"
            " : r.compareDocumentPosition(document.activeElement)"
            " & Node.DOCUMENT_POSITION_FOLLOWING ? 'past' : 'before'"
        )
        if where != "before":
            return where == "region"
    raise AssertionError("focus never got past the table")


def test_a_table_that_fits_is_no_tab_stop_and_one_that_scrolls_is(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + GUIDELINE_SUMMARY)
    recommendations, trials = regions(page).nth(1), regions(page).nth(12)

    recommendations.scroll_into_view_if_needed()
    expect(recommendations).not_to_have_attribute("tabindex", "0")
    expect(recommendations).not_to_have_attribute("role", "region")
    assert not reached_by_tab(page, recommendations)

    trials.scroll_into_view_if_needed()
    expect(trials).to_have_attribute("tabindex", "0")
    expect(page.get_by_role("region", name="Randomised trials of local treatment")).to_be_visible()
    assert reached_by_tab(page, trials)
    page.keyboard.press("ArrowRight")
    # Arrow keys scroll the focused table (smoothly: wait for it).
    page.wait_for_function("r => r.scrollLeft > 0", arg=trials.element_handle())


def test_a_table_gets_its_tab_stop_back_when_the_window_becomes_too_narrow(site, page):
    page.set_viewport_size(WIDE)
    page.goto(site + GUIDELINE_SUMMARY)
    trials = regions(page).nth(12)
    trials.scroll_into_view_if_needed()
    expect(trials).not_to_have_attribute("tabindex", "0")

    page.set_viewport_size(PHONE)
    trials.scroll_into_view_if_needed()

    expect(trials).to_have_attribute("tabindex", "0")
    expect(trials).to_have_attribute("role", "region")


def test_without_javascript_every_table_stays_a_tab_stop(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=WIDE)
    page = context.new_page()
    page.goto(site + GUIDELINE_SUMMARY)

    assert regions(page).count() == 13
    for index in range(13):
        expect(regions(page).nth(index)).to_have_attribute("tabindex", "0")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
@pytest.mark.parametrize("path", [GUIDELINE_SUMMARY, GUIDELINE_SUMMARY_DE])
def test_the_guideline_summary_with_its_tables_laid_out_has_no_axe_violations(
    site, browser, axe_violations, viewport, path
):
    # Bypassing the CSP only lets the test add its style sheet.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    page.goto(site + path)
    page.add_style_tag(content=ALL_TABLES_LAID_OUT)
    for index in range(regions(page).count()):
        regions(page).nth(index).scroll_into_view_if_needed()
    names = regions(page).evaluate_all(
        "rs => rs.filter(r => r.getAttribute('role') === 'region')"
        ".map(r => document.getElementById(r.getAttribute('aria-labelledby')).textContent)"
    )

    assert len(names) == len(set(names)), "each scroll region has a name of its own"
    assert axe_violations(page) == []
    context.close()
