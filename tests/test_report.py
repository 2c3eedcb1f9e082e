"""Reports on the news database (issue 13): the numbers, the filters, the page, the files, the command line, the browser."""

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pandas")

import classifier  # noqa: E402
from classifier.database import ingest  # noqa: E402
from classifier.errors import ClassifyError  # noqa: E402
from classifier.report import Filters, make_report, report  # noqa: E402
from classifier.report.page import render_html  # noqa: E402
from test_database import INGEST, with_partners  # noqa: E402

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    out = tmp_path_factory.mktemp("news") / "news.duckdb"
    ingest([INGEST], out, classifier.load(), transform=with_partners)
    return out


def test_counts_are_the_articles_that_carry_each_sector(db):
    import duckdb

    r = report(db)
    con = duckdb.connect(str(db), read_only=True)
    expected = dict(con.execute("SELECT sector, count(DISTINCT article_id) FROM article_sectors GROUP BY 1").fetchall())
    con.close()
    got = {s: c for s, c in zip(r.sectors["sector"], r.sectors["count"]) if c}
    assert got == expected
    assert r.scope.articles == 5 and r.scope.first == "2011-10" and r.scope.last == "2023-02"
    assert list(r.volume["period"]) == ["2011", "2013", "2016", "2017", "2023"]
    transport = r.sector_by_period.set_index(["period", "sector"]).loc[("2023", "transport")]
    assert (transport["count"], transport["total"], transport["share"]) == (1, 1, 1.0)
    # partners: each article counts once for each partner it names
    assert dict(zip(r.partners["partner"], r.partners["count"])) == {"LA": 1, "RU": 1, "FR": 1, "EU": 1, "JP": 1}
    la = r.sector_by_partner[r.sector_by_partner["partner"] == "LA"]
    assert "transport" in set(la["sector"]) and set(la["total"]) == {1}
    assert set(r.top_partners["rank"]) <= {1, 2, 3, 4, 5}


def test_paragraph_counts(db):
    r = report(db, Filters(unit="paragraphs"))
    assert r.volume["paragraphs"].sum() == r.scope.paragraphs == 20
    assert r.sectors["total"].iloc[0] == 20
    assert "Counts paragraphs" in r.scope.counts()


def test_filters(db):
    assert report(db, Filters(since="2016")).scope.articles == 3
    assert report(db, Filters(until="2013-04")).scope.articles == 2
    assert report(db, Filters(since="2013-05", until="2016")).scope.articles == 1
    assert report(db, Filters(level="decentralised")).scope.articles == 2
    assert report(db, Filters(places=("hải phòng",))).scope.articles == 1
    assert report(db, Filters(main_only=True)).partners["partner"].tolist().count("EU") == 0
    r = report(db, Filters(partner="laos", sector="transport", by="month"))
    assert r.filters.partner == "LA" and r.scope.articles == 1
    assert list(r.partner_trend["period"]) == ["2011-10", "2013-04", "2016-03", "2017-10", "2023-02"]
    assert list(r.partner_trend["count"]) == [0, 0, 0, 0, 1]
    assert r.sector_trend["count"].sum() == 1 and r.sector_partners_by_period["partner"].tolist() == ["LA"]


@pytest.mark.parametrize(
    "filters, message",
    [
        (Filters(sector="energie"), r"unknown sector 'energie'; the sectors are: diplomacy, economy, energy,"),
        (Filters(partner="XX"), r"unknown partner 'XX'; the partners in .* are: .*LA \(Laos\)"),
        (Filters(since="20-1"), r"--since: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '20-1'"),
        (Filters(since="2030"), r"no article matches the filters \(since 2030\); .* holds 5 articles dated 2011-10 to 2023-02"),
        (Filters(level="local"), r"--level: expected one of national, decentralised"),
    ],
)
def test_bad_filters_say_what_is_valid(db, filters, message):
    with pytest.raises(ClassifyError, match=message):
        report(db, filters)


def test_report_on_an_empty_database(tmp_path):
    from classifier.database import connect

    connect(tmp_path / "empty.duckdb", write=True).close()
    with pytest.raises(ClassifyError, match=r"holds no article yet; run `classify ingest FOLDER --db"):
        report(tmp_path / "empty.duckdb")


def test_page_is_self_contained_and_every_figure_says_what_it_counts(db):
    r = report(db, Filters(partner="LA", sector="transport"))
    page = render_html(r)
    assert "<script" not in page and not re.search(r"(src|href)=\"(https?:)?//", page)
    assert re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page).count("http") == 0
    sections = re.findall(r'<section id="(\w+)"><h2>[^<]*</h2>(.*?)</section>', page, re.S)
    assert [s for s, _ in sections] == ["volume", "trends", "sector", "sectors", "partners", "heatmap", "partner"]
    for name, html in sections:
        assert '<p class="what">' in html and "Over 1 articles" in html, name
        assert "<table>" in html, name  # the counts behind every chart
    assert page.count('<svg class="chart"') == 8


def test_tables_as_csv_and_parquet(db, tmp_path):
    import pandas as pd

    out = make_report(db, Filters(), (tmp_path / "csv", tmp_path / "r.html"))
    assert (tmp_path / "r.html").stat().st_size > 10_000
    sectors = pd.read_csv(tmp_path / "csv" / "sectors.csv")
    assert set(sectors["unit"]) == {"articles"} and sectors["count"].sum() == out.report.sectors["count"].sum()
    assert "Counts articles" in (tmp_path / "csv" / "about.txt").read_text(encoding="utf-8")
    make_report(db, Filters(), (tmp_path / "pq",), "parquet")
    assert pd.read_parquet(tmp_path / "pq" / "sector_by_partner.parquet").equals(pd.read_csv(tmp_path / "csv" / "sector_by_partner.csv").astype(
        pd.read_parquet(tmp_path / "pq" / "sector_by_partner.parquet").dtypes.to_dict()))


def test_command_line(db, tmp_path):
    from typer.testing import CliRunner

    from classifier.cli import app

    folder = tmp_path / "articles"
    shutil.copytree(INGEST, folder)
    news = tmp_path / "news.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(news)])
    assert first.exit_code == 1  # broken.txt failed, the others went in
    assert "5 new, 0 changed, 0 unchanged; 1 failed" in first.output and "broken.txt: not UTF-8" in first.output
    second = runner.invoke(app, ["ingest", str(folder / "laos-eng-002.txt"), "--db", str(news)])
    assert second.exit_code == 0 and "nothing to write, the database is up to date" in second.output
    done = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r.html"), "--out", str(tmp_path / "t"), "--sector", "transport"])
    assert done.exit_code == 0, done.output
    assert "Share of articles per sector by year:" in done.output and "Transport and logistics" in done.output
    assert f"wrote {tmp_path / 'r.html'}" in done.output and (tmp_path / "t" / "sector_trend.csv").exists()
    bad = runner.invoke(app, ["report", "--db", str(db), "--partner", "ZZ"])
    assert bad.exit_code == 2 and "error: --partner: unknown partner 'ZZ'" in bad.output


def _chromium_ready() -> str | None:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return "Chromium not installed (apt-get install -y chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed"
    return None


@pytest.mark.browser
@pytest.mark.skipif(_chromium_ready() is not None, reason=str(_chromium_ready()))
def test_every_chart_is_drawn_in_chromium(db, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    page = tmp_path / "report.html"
    make_report(db, Filters(partner="LA", sector="transport"), (page,))
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run".split():
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(page.as_uri())
        charts = driver.execute_script(
            """return [...document.querySelectorAll('svg.chart')].map(svg => {
                 const box = svg.getBoundingClientRect();
                 const marks = [...svg.querySelectorAll('rect.bar, rect.cell, polyline.series, circle')]
                   .filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
                 return {label: svg.getAttribute('aria-label'), width: box.width, height: box.height, marks: marks.length};
               });"""
        )
        fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    finally:
        driver.quit()
    assert len(charts) == 8
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 20 and chart["marks"] > 0, chart
    assert fetched == []
