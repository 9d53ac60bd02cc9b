"""Reading git history: last-changed dates per file and change events, in one pass, degrading safely."""
import datetime as dt
import subprocess

from generator import history
from generator.history import history_from_log, last_changed, read_history
from gitrepo import GitRepo


def make_history(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write("content/episodes/e204.yml", "number: 204\n")
    repo.write("content/course/lessons/rapport first.md", "# Rapport\n")
    repo.write("quizzes/mindset.yml", "questions: []\n")
    repo.commit("Import the sample episodes", "2026-03-01T09:00:00+01:00")
    repo.write("quizzes/mindset.yml", "questions: [1]\n")
    repo.write("content/old.md", "gone soon\n")
    repo.commit("Mindset quiz: add a question", "2026-03-05T10:30:00+00:00")
    (repo.path / "content/old.md").unlink()
    repo.write("content/course/lessons/rapport first.md", "# Rapport, then empathy\n")
    repo.commit("Rewrite the rapport lesson", "2026-04-02T16:00:00-05:00")
    return repo


def test_each_file_gets_the_date_of_the_last_commit_that_touched_it(tmp_path):
    repo = make_history(tmp_path)
    dates = last_changed(repo.path)
    assert dates == {
        "content/episodes/e204.yml": dt.date(2026, 3, 1),
        "quizzes/mindset.yml": dt.date(2026, 3, 5),
        "content/course/lessons/rapport first.md": dt.date(2026, 4, 2),
    }  # content/old.md was deleted, so it has no page and no date


def test_changes_are_listed_newest_first_with_status_subject_and_time(tmp_path):
    repo = make_history(tmp_path)
    found = read_history(repo.path)
    assert found.warnings == ()
    assert [(c.path, c.status, c.subject) for c in found.changes] == [
        ("content/course/lessons/rapport first.md", "modified", "Rewrite the rapport lesson"),
        ("content/old.md", "deleted", "Rewrite the rapport lesson"),
        ("content/old.md", "added", "Mindset quiz: add a question"),
        ("quizzes/mindset.yml", "modified", "Mindset quiz: add a question"),
        ("content/course/lessons/rapport first.md", "added", "Import the sample episodes"),
        ("content/episodes/e204.yml", "added", "Import the sample episodes"),
        ("quizzes/mindset.yml", "added", "Import the sample episodes"),
    ]
    assert found.changes[0].when == dt.datetime(2026, 4, 2, 21, 0, tzinfo=dt.timezone.utc)
    assert found.first_added["content/course/lessons/rapport first.md"] == dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert len(found.changes[0].commit) == 40


def test_paths_are_relative_to_the_site_root_inside_a_bigger_repository(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write("site/content/episodes/e100.yml", "number: 100\n")
    repo.write("other/notes.md", "not ours\n")
    repo.commit("Add E100", "2026-02-02T00:00:00+00:00")
    assert last_changed(repo.path / "site") == {"content/episodes/e100.yml": dt.date(2026, 2, 2)}


def test_the_whole_history_is_read_with_one_git_log_call(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "repo")
    for number in range(60):
        repo.write(f"content/episodes/e{number}.yml", f"number: {number}\n")
    repo.commit("Sixty episodes", "2026-02-02T00:00:00+00:00")
    calls = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        calls.append(command[:2])
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    assert len(last_changed(repo.path)) == 60
    assert calls == [["git", "rev-parse"], ["git", "log"]]


def test_outside_a_git_repository_there_are_no_dates_and_a_warning(tmp_path):
    (tmp_path / "content").mkdir()
    found = read_history(tmp_path)
    assert found.changes == () and found.last_changed == {}
    assert len(found.warnings) == 1 and "not a git repository" in found.warnings[0]


def test_a_repository_without_commits_warns_instead_of_crashing(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    found = read_history(repo.path)
    assert found.changes == () and "no commits yet" in found.warnings[0]


def test_a_shallow_clone_gives_no_dates_rather_than_wrong_ones(tmp_path):
    repo = make_history(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, capture_output=True)
    found = read_history(clone)
    assert found.changes == () and found.last_changed == {}
    assert "shallow" in found.warnings[0] and "fetch-depth: 0" in found.warnings[0]


def test_without_git_installed_there_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = read_history(tmp_path)
    assert found.changes == () and "cannot run git" in found.warnings[0]


def test_a_file_deleted_then_added_again_is_dated_from_its_new_life():
    NONE = "0" * 40
    log = (
        f"\x1ec3\x1f2026-05-03T00:00:00+00:00\x1fBring the quiz back\x1f\0\n:000000 100644 {NONE} {'b' * 40} A\0quizzes/q.yml\0"
        f"\x1ec2\x1f2026-05-02T00:00:00+00:00\x1fDrop the quiz\x1f\0\n:100644 000000 {'a' * 40} {NONE} D\0quizzes/q.yml\0"
        f"\x1ec1\x1f2026-05-01T00:00:00+00:00\x1fFirst quiz\x1f\0\n:000000 100644 {NONE} {'a' * 40} A\0quizzes/q.yml\0"
    )
    found = history_from_log(log)
    assert found.first_added == {"quizzes/q.yml": dt.datetime(2026, 5, 3, tzinfo=dt.timezone.utc)}
    assert found.last_changed == {"quizzes/q.yml": dt.datetime(2026, 5, 3, tzinfo=dt.timezone.utc)}


def test_a_learners_trailer_is_read_as_git_reads_trailers_and_the_rest_of_the_message_is_not(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write("quizzes/mindset.yml", "questions: []\n")
    repo.commit("Mindset quiz\n\nLearners: mentioned mid-message is not a trailer.\n\nMore words for colleagues.",
                "2026-03-01T09:00:00+00:00")
    repo.write("quizzes/mindset.yml", "questions: [1]\n")
    repo.commit("Mindset quiz: one question\n\nWhy: Dana asked.\n\nLearners: A first question on reframing,\n"
                "  worth a retry.\nLearners: Takes two minutes.\nSigned-off-by: Trainer <trainer@example.com>",
                "2026-03-02T09:00:00+00:00")
    found = read_history(repo.path)
    assert [(c.subject, c.learners) for c in found.changes] == [
        ("Mindset quiz: one question", "A first question on reframing, worth a retry. Takes two minutes."),
        ("Mindset quiz", ""),
    ]


def test_both_versions_of_a_changed_file_are_read_for_the_folders_asked_for(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write("quizzes/mindset.yml", "questions: []\n")
    repo.write("content/episodes/e204.yml", "number: 204\n")
    repo.commit("First", "2026-03-01T09:00:00+00:00")
    repo.write("quizzes/mindset.yml", "questions: [é]\n")
    repo.write("content/episodes/e204.yml", "number: 204\ntitle: x\n")
    repo.commit("Second", "2026-03-02T09:00:00+00:00")
    found = read_history(repo.path, texts_under=("quizzes/",))
    quiz = found.changes[0] if found.changes[0].path.startswith("quizzes/") else found.changes[1]
    assert found.texts[quiz.before] == "questions: []\n" and found.texts[quiz.after] == "questions: [é]\n"
    first = next(c for c in found.changes if c.status == "added" and c.path.startswith("quizzes/"))
    assert first.before == "" and first.after == quiz.before
    assert len(found.texts) == 2  # the episode's versions were not asked for
