"""Site profiles are data: TOML files loaded, checked and turned into crawl rules."""

from pathlib import Path

import pytest

from crawler.profile import ProfileError, generic_profile, load_profiles, parse_mirror_urls

PROFILES = Path(__file__).resolve().parent.parent / "crawler" / "profiles"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_site_profiles_load_and_unconfirmed_ones_are_skipped():
    names = {p.name for p in load_profiles(PROFILES)}
    assert "gjknj" in names
    assert "jiuli" not in names  # no confirmed address: listed, never crawled
    assert not any(p.source.startswith(str(PROFILES / "mirror")) for p in load_profiles(PROFILES))


def test_mirror_profiles_take_their_base_url(tmp_path):
    urls = {name: f"http://127.0.0.1:{9000 + i}" for i, name in enumerate(mirror_sites())}
    profiles = load_profiles(PROFILES / "mirror", urls)
    assert {p.name for p in profiles} == set(urls)
    for profile in profiles:
        assert all(u.startswith(urls[profile.name]) for u in profile.start_urls)


def mirror_sites() -> list[str]:
    import mirror

    return mirror.site_names()


def test_url_classification_stays_on_the_site(tmp_path):
    write(tmp_path, "demo", """
name = "demo"
start_urls = ["http://127.0.0.1:8000/"]
article_patterns = ['/a/\\d+\\.html$']
list_patterns = ['/list/\\d+\\.html$']
deny_patterns = ['/member/']
""")
    (profile,) = load_profiles(tmp_path)
    assert profile.classify("http://127.0.0.1:8000/a/12.html") == "article"
    assert profile.classify("http://127.0.0.1:8000/list/2.html") == "list"
    assert profile.classify("http://127.0.0.1:8000/member/a/12.html") is None
    assert profile.classify("http://127.0.0.1:8001/a/12.html") is None  # another host


def test_search_urls_expand_per_keyword(tmp_path):
    write(tmp_path, "s", """
name = "s"
start_urls = ["http://127.0.0.1:8000/"]
search_urls = ["http://127.0.0.1:8000/search?q={q}"]
topic_keywords = ["教育局 工作总结"]
""")
    (profile,) = load_profiles(tmp_path)
    assert profile.topic_urls() == [
        "http://127.0.0.1:8000/search?q=%E6%95%99%E8%82%B2%E5%B1%80%20%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93"
    ]


def test_bad_profile_names_the_file(tmp_path):
    write(tmp_path, "broken", "name = \n")
    with pytest.raises(ProfileError, match="broken.toml"):
        load_profiles(tmp_path)


def test_unknown_key_names_the_file(tmp_path):
    write(tmp_path, "odd", 'name = "odd"\nstart_urls = ["http://x/"]\ncolour = "red"\n')
    with pytest.raises(ProfileError, match="odd.toml"):
        load_profiles(tmp_path)


def test_mirror_profile_without_its_site_is_an_error(tmp_path):
    write(tmp_path, "m", 'name = "m"\nmirror_site = "m"\nstart_urls = ["{base}/"]\n')
    assert load_profiles(tmp_path) == []  # mirror not running: not crawled
    with pytest.raises(ProfileError, match="not running"):
        load_profiles(tmp_path, {"other": "http://127.0.0.1:1"})


def test_generic_profile_judges_pages_by_content():
    profile = generic_profile("http://127.0.0.1:8000/list/")
    assert profile.generic
    assert profile.classify("http://127.0.0.1:8000/anything.html") == "unknown"
    assert profile.classify("http://127.0.0.2:8000/anything.html") is None


def test_mirror_urls_from_json_or_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"a": "http://127.0.0.1:1"}')
    assert parse_mirror_urls(str(path)) == parse_mirror_urls('{"a": "http://127.0.0.1:1"}')
    assert parse_mirror_urls("") == {}
