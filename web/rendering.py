"""The desk's HTML: Jinja2 templates from the package, every value autoescaped."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

from .auth import csrf_token

HERE = Path(__file__).parent

# auto_reload off: the templates are the installed package's, and checking each file's
# modification time on every page was an eighth of a rendition page's time under load.
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined,
    auto_reload=False))


def render(request: Request, template: str, status_code: int = 200, **context):
    """The page ``template`` with ``context``; every page gets the signed-in ``user`` (or None)
    and this session's ``csrf_token`` for its forms."""
    context.setdefault("user", None)
    return templates.TemplateResponse(request, template, {"csrf_token": csrf_token(request), **context},
                                      status_code=status_code)
