"""[serve] proxy names a proxy pool or a container network as a CIDR range; a range wide enough to take in
strangers is refused where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import serve_config, workspace
from handouts.errors import ContentError
from handouts.web.proxy import FROM_PROXY, PROXY_USER, ProxyTrust, client_address


def _check(value: object) -> tuple[tuple[str, ...], list[str]]:
    problems: list[str] = []
    config = serve_config.check({"proxy": value}, Path("."), lambda key, message: problems.append(message))
    return config.proxy, problems


@pytest.mark.parametrize(("value", "kept"), [
    ("10.0.0.0/24", ("10.0.0.0/24",)),
    (["fd00::/64", "127.0.0.1"], ("fd00::/64", "127.0.0.1")),
    ("FD00:0::/64", ("fd00::/64",)),
    ("10.0.0.0/8", ("10.0.0.0/8",)),  # the largest private block: a whole practice network
    ("10.0.0.7/32", ("10.0.0.7",)),
])
def test_ranges_are_accepted(value, kept):
    assert _check(value) == (kept, [])


@pytest.mark.parametrize(("value", "words"), [
    ("0.0.0.0/0", "covers every address"),
    ("::/0", "covers every address"),
    ("0.0.0.0/1", "far more addresses than any proxy pool"),
    ("::/4", "far more addresses than any proxy pool"),
    ("10.0.0.5/24", "for the range write 10.0.0.0/24"),
    ("10.0.0.0/33", "is no address range"),
])
def test_over_broad_or_ambiguous_ranges_are_refused(value, words):
    kept, problems = _check(value)
    assert kept == () and len(problems) == 1 and words in problems[0]


def test_an_over_broad_range_is_refused_at_its_line(tmp_path):
    config = tmp_path / "handouts.toml"
    config.write_text('schema = 1\n\n[serve]\nusers = "users.txt"\nproxy = ["127.0.0.1", "::/0"]\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        workspace.read(config)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (5, "proxy") and "'::/0' covers every address" in problem.message


def _seen(remote: str, proxies: list[str], **headers: str) -> dict:
    environ = {"REMOTE_ADDR": remote, **{"HTTP_" + k.upper(): v for k, v in headers.items()}}
    ProxyTrust(lambda environ, start_response: [], proxies, "X-Remote-User").trust(environ)
    return environ


def test_a_request_from_inside_the_range_is_the_proxys():
    environ = _seen("10.0.0.17", ["10.0.0.0/24"], x_forwarded_proto="https", x_forwarded_for="203.0.113.5",
                    x_remote_user="alice")
    assert environ[FROM_PROXY] and environ["wsgi.url_scheme"] == "https" and environ[PROXY_USER] == "alice"
    assert client_address(environ) == "203.0.113.5"


def test_a_request_from_outside_the_range_is_not():
    environ = _seen("10.0.1.17", ["10.0.0.0/24"], x_forwarded_proto="https", x_forwarded_for="203.0.113.5",
                    x_remote_user="alice")
    assert not environ[FROM_PROXY] and PROXY_USER not in environ and "wsgi.url_scheme" not in environ
    assert client_address(environ) == "10.0.1.17"


def test_every_hop_inside_the_pool_is_skipped_to_find_the_browser():
    environ = _seen("fd00::9", ["fd00::/64"], x_forwarded_for="198.51.100.1, 203.0.113.5, fd00::3")
    assert client_address(environ) == "203.0.113.5"


def test_a_dual_stack_socket_address_matches_an_ipv4_range():
    environ = _seen("::ffff:10.0.0.17", ["10.0.0.0/24"], x_forwarded_for="203.0.113.5")
    assert environ[FROM_PROXY] and client_address(environ) == "203.0.113.5"
