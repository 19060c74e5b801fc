"""What a researcher sees, in a real browser: Playwright driving Debian's chromium.

"Which provinces' bureaus reported on 双减 in 2023, and what did they say?" is
answered in three actions from the front page: search 双减, open its contexts
(KWIC), click 2023. Screenshots of each step are saved under build/screenshots/
(or $BROWSER_ARTIFACTS) as test artifacts; the README shows copies.

Chromium comes from Debian (``apt-get install chromium fonts-noto-cjk``, done
here when missing and possible, as .ci/run does); Playwright never downloads a
browser of its own. Without either, the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_browse import BODIES, REPO, TITLES, browse_server, build_sample_db

ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", REPO / "build" / "screenshots"))
APT_PACKAGES = ["chromium", "fonts-noto-cjk"]


def system_chromium() -> str | None:
    """Debian's chromium, installed with apt-get when missing and we are root."""
    found = shutil.which("chromium")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES]
    if subprocess.run(install, env=env, capture_output=True, timeout=900).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
        subprocess.run(install, env=env, capture_output=True, timeout=900)
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def chromium() -> str:
    pytest.importorskip("playwright.sync_api", reason="pip package playwright is not installed")
    path = system_chromium()
    if path is None:
        pytest.skip("chromium is not installed and cannot be (apt-get install chromium as root)")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """A real `python -m corpus browse` of the sample corpus."""
    with browse_server(build_sample_db(tmp_path_factory.mktemp("browser") / "corpus.db")) as base:
        yield base


class Browser:
    """One headless chromium for the module, driven from one thread of its own:
    Playwright's sync API refuses to run inside the asyncio reactor's thread, and
    its objects belong to the thread that made them."""

    def __init__(self, chromium: str):
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pool.submit(self._launch, chromium).result()

    def _launch(self, chromium: str) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )

    def run(self, steps) -> None:
        """``steps(page)`` on a fresh page."""

        def session() -> None:
            page = self.browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.set_default_timeout(15_000)
            try:
                steps(page)
            finally:
                page.close()

        self.pool.submit(session).result()

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self.playwright.stop()

        self.pool.submit(stop).result()
        self.pool.shutdown()


@pytest.fixture(scope="module")
def browser(chromium: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened = Browser(chromium)
    try:
        yield opened
    finally:
        opened.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_researcher_answers_the_question_in_three_actions(browser: Browser, site: str) -> None:
    with_term = sorted(i for i in BODIES if "双减" in BODIES[i] + TITLES[i])
    in_2023 = [i for i in with_term if "2023" in TITLES[i]]

    def steps(page) -> None:
        page.goto(site + "/corpus")
        charts = page.locator("svg.corpus-chart")
        assert charts.count() == 2 and page.locator("svg.corpus-chart rect").count() >= 6
        shot(page, "overview")
        # 1. search from the front page
        page.fill(".corpus-overview input[name=q]", "双减")
        page.press(".corpus-overview input[name=q]", "Enter")
        page.wait_for_url("**/-/search?q=*")
        assert page.locator(".corpus-count strong").first.inner_text() == str(len(with_term))
        assert page.locator("article.corpus-card").count() == len(with_term)
        shot(page, "search")
        # 2. every mention in context
        page.click("a.corpus-kwic-link")
        page.wait_for_url("**/-/kwic?q=*")
        # 3. only 2023
        page.locator('[data-facet="year"] a', has_text="2023").click()
        page.wait_for_url("**year=2023*")
        documents = page.locator("section.corpus-kwic-doc")
        assert documents.count() == len(in_2023)
        for n in range(documents.count()):
            facts = documents.nth(n).locator(".corpus-muted").inner_text()
            assert "江苏省" in facts and "2023" in facts
        sentences = page.locator(".corpus-kwic-lines li")
        expected = sum(
            sum(1 for s in BODIES[i].replace("\n", "。").split("。") if "双减" in s) for i in in_2023
        )
        assert sentences.count() == expected
        assert all("双减" in t for t in sentences.locator("mark").all_inner_texts())
        shot(page, "kwic")

    browser.run(steps)


def test_reading_view_jumps_between_hits(browser: Browser, site: str) -> None:
    def steps(page) -> None:
        page.goto(site + "/corpus/-/search?q=" + "双减")
        page.locator("article.corpus-card h3 a").first.click()
        page.wait_for_url("**/corpus/documents/*?q=*")
        hits = page.locator("mark.corpus-hit")
        doc_id = int(page.url.split("/documents/")[1].split("?")[0])
        assert hits.count() == BODIES[doc_id].count("双减") >= 1
        page.click('button[data-hit-step="1"]')
        current = page.locator("mark.corpus-current")
        assert current.count() == 1 and current.get_attribute("id") == "hit-1"
        assert page.locator("#corpus-hit-at").inner_text() == f"1 / {hits.count()}"
        page.keyboard.press("n")  # the keyboard works too
        expected = "hit-2" if hits.count() > 1 else "hit-1"
        assert page.locator("mark.corpus-current").get_attribute("id") == expected
        assert page.locator(".corpus-cite").inner_text().startswith("某某区教育局. ")
        shot(page, "document")

    browser.run(steps)
