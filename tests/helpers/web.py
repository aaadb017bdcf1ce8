"""The desk in tests: an app over a fresh registry on each backend with one user of each
role, a TestClient per person (each its own cookies), and signing in through the form."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from quotes.registry.accounts import add_user, new_token
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from quotes.web.app import create_app
from tests.helpers.ids import SequentialIds
from tests.helpers.seeds import SEEDS

PASSWORD = "correct horse battery"
USERS = {"translator": "Ayşe K.", "reviewer": "Deniz Y.", "editor": "Ece E.", "admin": "Ali A."}


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Desk:
    def __init__(self, db_location: str):
        setup = Registry(db_location, ids=SequentialIds())
        import_jsonl(setup, SEEDS)
        for role, name in USERS.items():
            add_user(setup, name, role=role, password=PASSWORD)
        self.tokens = {role: new_token(setup, name)[0] for role, name in USERS.items()}
        setup.close()
        self.app = create_app(db_location)
        self.registry: Registry = self.app.state.registry

    def client(self, *, address: str = "testclient", base_url: str = "http://testserver") -> TestClient:
        """A browser of its own, signed out, at the client ``address``; redirects not followed."""
        return TestClient(self.app, base_url=base_url, follow_redirects=False, client=(address, 50000))

    def signed_in(self, role: str) -> TestClient:
        browser = self.client()
        response = sign_in(browser, USERS[role], PASSWORD)
        assert response.status_code == 303, response.text
        return browser

    def api(self, role: str) -> TestClient:
        """A script with the role's API token."""
        client = self.client()
        client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return client

    def close(self) -> None:
        self.registry.close()


def sign_in(browser: TestClient, name: str, password: str, next: str = "/"):
    token = csrf_of(browser.get("/login").text)
    return browser.post("/login", data={"name": name, "password": password, "next": next, "csrf_token": token})


@pytest.fixture
def desk(db_location):
    desk = Desk(db_location)
    yield desk
    desk.close()
