"""`handouts serve` set up by an IT person as the README says: what it tells them before the first sign-in."""

from __future__ import annotations

from handouts import users
from handouts.users import UserFile
from handouts.web.auth import Login
from handouts.web.server import login_warnings

PASSWORD = "correct horse battery"


def test_a_user_file_with_nobody_in_it_is_a_warning_at_start(tmp_path):
    """The [serve] lines come first in the README; started before 'users add', nobody could sign in, unwarned."""
    path = tmp_path / "users.txt"
    (warning,) = login_warnings(Login(UserFile(path)))
    assert "no one can sign in yet" in warning and "users.txt has no users" in warning
    assert "'handouts users add NAME'" in warning
    users.add(path, "alice", PASSWORD)
    assert login_warnings(Login(UserFile(path))) == []


def test_no_warning_without_a_user_file_or_when_the_proxy_signs_users_in(tmp_path):
    assert login_warnings(None) == []
    assert login_warnings(Login(None, "X-Remote-User")) == []
    assert login_warnings(Login(UserFile(tmp_path / "users.txt"), "X-Remote-User")) == []


def test_serving_a_clinic_as_root_is_a_warning_at_start():
    from handouts.web.server import account_warnings

    (warning,) = account_warnings(serves_others=True, euid=0)
    assert warning.startswith("running as root") and "User=handouts" in warning
    assert account_warnings(serves_others=True, euid=1000) == []
    assert account_warnings(serves_others=False, euid=0) == []  # this computer alone, no login: a laptop
