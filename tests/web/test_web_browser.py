"""End to end in headless Chromium against a real `gwreport serve` (process pool, uvicorn)."""
from __future__ import annotations

import pytest

from .browser import make_driver, start_server, stop_server, wait_file
from .conftest import typo_docx

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    proc, url = start_server(tmp)
    yield url
    stop_server(proc)


@pytest.fixture
def browser(tmp_path):
    dl = tmp_path / "downloads"
    dl.mkdir()
    d = make_driver(dl)
    d.downloads = dl
    yield d
    d.quit()


def test_check_upload_accept_fix_download(served, browser, tmp_path):
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    d.get(served + "/check")
    assert "公文工作台" in d.title or "校对" in d.title
    d.find_element(By.ID, "check-file").send_keys(str(typo_docx(tmp_path / "乡镇草稿.docx")))
    d.find_element(By.ID, "check-go").click()
    wait = WebDriverWait(d, 60)
    wait.until(EC.visibility_of_element_located((By.ID, "check-result")))
    items = d.find_elements(By.CSS_SELECTOR, "#groups .f")
    texts = [i.get_attribute("textContent") for i in items]
    assert any("布署" in t for t in texts), (texts, d.find_element(By.ID, "check-status").text,
                                             d.find_element(By.ID, "doc-text").text)
    hit = items[next(k for k, t in enumerate(texts) if "布署" in t)]
    assert d.find_element(By.CSS_SELECTOR, "#doc-text mark").text  # marked inline
    hit.click()
    btn = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#detail button.accept")))
    assert "部署" in btn.text
    assert "依据" in d.find_element(By.ID, "detail").text
    btn.click()
    wait.until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "#doc-text ins"))
    assert d.find_element(By.CSS_SELECTOR, "#doc-text ins").text == "部署"
    d.find_element(By.ID, "dl-fixed").click()
    got = wait_file(d.downloads, ".docx")
    assert got.name == "乡镇草稿-修正稿.docx"
    text = [p.text for p in docx.Document(str(got)).paragraphs]
    assert "镇党政办负责部署落实，各村按要求完成自查。" in text


def test_build_form_messages_then_download_report(served, browser):
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    wait = WebDriverWait(d, 60)
    d.get(served + "/build?genre=website-selfcheck")
    total = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-field="websites.total"] input')))
    name = d.find_element(By.CSS_SELECTOR, '[data-field="unit.name"] input')
    assert d.find_element(By.CSS_SELECTOR, '[data-field="unit.name"] .req').text == "*"
    assert d.find_element(By.CSS_SELECTOR, '[data-field="document.date"] input').get_attribute("type") == "date"
    name.clear()
    name.send_keys("青山镇人民政府")
    total.clear()
    total.send_keys("很多")
    d.find_element(By.ID, "build-go").click()
    msg = wait.until(lambda drv: drv.find_element(By.CSS_SELECTOR, '[data-field="websites.total"] .msg').text)
    assert msg == "应为非负整数，实际为“很多”"
    total = d.find_element(By.CSS_SELECTOR, '[data-field="websites.total"] input')
    total.clear()
    total.send_keys("3")
    # a list of records is editable rows: add a measure row and fill it
    rows = d.find_elements(By.CSS_SELECTOR, '[data-field="measures"] table.rows tr')
    d.find_element(By.CSS_SELECTOR, '[data-field="measures"] button.add').click()
    new = len(rows)  # header row + existing rows: the new row's number
    d.find_element(By.CSS_SELECTOR, f'[data-field="measures[{new}].title"] input').send_keys("强化日常巡查")
    d.find_element(By.CSS_SELECTOR, f'[data-field="measures[{new}].content"] :is(input, textarea)').send_keys(
        "每周对网站栏目开展一次巡查，发现问题当日整改")
    d.find_element(By.ID, "build-go").click()
    btn = wait.until(EC.visibility_of_element_located((By.ID, "dl-docx")))
    assert "青山镇人民政府" in d.find_element(By.ID, "build-result").text
    btn.click()
    got = wait_file(d.downloads, ".docx")
    text = "\n".join(p.text for p in docx.Document(str(got)).paragraphs)
    assert got.name.startswith("青山镇人民政府") and "强化日常巡查" in text and "每周对网站栏目开展一次巡查" in text


def test_batch_of_the_sample_table_and_zip(served, browser):
    import zipfile

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from .conftest import ROOT
    sample = ROOT / "samples" / "batch"
    d = browser
    d.get(served + "/batch")
    wait = WebDriverWait(d, 120)
    wait.until(lambda drv: len(Select(drv.find_element(By.ID, "batch-agg")).options) > 1)
    d.find_element(By.ID, "batch-table").send_keys(str(sample / "填报表.xlsx"))
    d.find_element(By.ID, "batch-base").send_keys(str(sample / "base.yaml"))
    Select(d.find_element(By.ID, "batch-agg")).select_by_value("inspection-notice")
    d.find_element(By.ID, "batch-agg-base").send_keys(str(sample / "inspection-notice.yaml"))
    d.find_element(By.ID, "batch-go").click()
    # live progress: the count moves before the end
    wait.until(lambda drv: "已完成" in drv.find_element(By.ID, "batch-count").text)
    btn = wait.until(EC.visibility_of_element_located((By.ID, "dl-zip")))
    assert "成功 14 个，失败 0 个" in d.find_element(By.ID, "batch-result").text
    btn.click()
    got = wait_file(d.downloads, ".zip")
    names = zipfile.ZipFile(got).namelist()
    assert "summary.xlsx" in names and "青石镇人民政府.docx" in names
    assert any(n.startswith("汇总-") and n.endswith("通报.docx") for n in names)
    assert sum(n.endswith(".docx") for n in names) == 15


def test_format_a_draft(served, browser):
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from .conftest import ROOT
    d = browser
    d.get(served + "/format")
    d.find_element(By.ID, "format-file").send_keys(str(ROOT / "tests" / "data" / "gongwen" / "clerk_lo.docx"))
    d.find_element(By.ID, "format-go").click()
    wait = WebDriverWait(d, 60)
    btn = wait.until(EC.visibility_of_element_located((By.ID, "dl-formatted")))
    changes = d.find_element(By.ID, "format-changes").text
    assert "页边距" in changes and "A4" in changes or "37.0" in changes
    assert "排版前" in d.find_element(By.ID, "audit-count").text
    btn.click()
    got = wait_file(d.downloads, ".docx")
    assert got.name == "clerk_lo-排版稿.docx"
    sec = docx.Document(str(got)).sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
