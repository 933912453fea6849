"""The negotiation room's web application (Starlette): the page, the fragment each change fetches, the plots,
the annex downloads and save-as, and the static script and stylesheet of the package.

Routes (all relative, so the room works behind any prefix):

- ``GET /`` the page; ``GET /view?…`` the recomputed part, for the controls' values in the query
  (``set:PATH=VALUE`` per control, ``more`` free ``PATH=VALUE`` lines, ``rule`` per comparison rule);
- ``GET /marks?path=P&index=N&…`` the exact breakpoints of a term on the table under the request's other
  changes, as slider ticks (computed in the background after each view; "computing" until they are ready);
- ``GET /plot/graph.svg``, ``/plot/split.svg?…``, ``/plot/sweep.svg?path=P&…`` the pictures (SVG);
- ``GET /annex.FMT?…`` the agreement annex of the current terms (``md``, ``html``, ``csv``, ``docx``, ``xlsx``,
  ``pdf``), in the request's ``lang``;
- ``POST /save`` (form: ``save`` the new file's name, and the controls) writes a NEW file beside the scenario;
- ``GET /static/…`` the script and stylesheet.

Every problem with what a request carries is answered with the one line the command line would print (the
loader's :class:`~ipshare.errors.ScenarioError`), on the page; nothing a request carries is evaluated; an
unexpected failure answers 500 with one line and the server goes on.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import IpshareError
from .engine import Room, message_of
from .labels import LANGUAGES, label

__all__ = ["create_app", "STATIC"]

MAX_FORM = 1 << 20
STATIC = Path(__file__).resolve().parent / "static"
_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
             "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
             "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"}


def _request_values(params):
    """The controls' values (path -> text), the free lines and the rules of a request's form or query."""
    values = {key[4:]: value for key, value in params.multi_items() if key.startswith("set:")}
    rules = tuple(value for key, value in params.multi_items() if key == "rule")
    return values, params.get("more", ""), rules


def _lang(params, default):
    lang = params.get("lang", default)
    return lang if lang in LANGUAGES else default


def create_app(room: Room):
    """The Starlette application serving ``room``."""
    from starlette.applications import Starlette
    from starlette.datastructures import QueryParams
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from . import page

    def answered(endpoint):
        """ipshare's own errors (a bad value, a picture this scenario has not) as their one line, status 422."""
        import functools

        @functools.wraps(endpoint)
        def run(request):
            try:
                return endpoint(request)
            except IpshareError as error:
                return PlainTextResponse(message_of(error), status_code=422, headers=_SECURITY)

        return run

    def html(text, status=200):
        return HTMLResponse(text, status_code=status, headers=_SECURITY)

    def svg(data):
        return Response(data, media_type="image/svg+xml", headers=_SECURITY)

    @answered
    def index(request):
        return html(page.page(room, _lang(request.query_params, room.lang)))

    @answered
    def view(request):
        values, more, rules = _request_values(request.query_params)
        lang = _lang(request.query_params, room.lang)
        result = room.view(values, more, rules)
        if result.error is None:
            room.marks_later(result.overrides)  # the breakpoints for these changes, in the background
        return html(page.view_fragment(room, result, values, more, lang))

    @answered
    def marks(request):
        params = request.query_params
        values, more, _ = _request_values(params)
        return html(page.marks_fragment(room, params.get("path", ""), params.get("index", ""),
                                        _lang(params, room.lang), values, more))

    @answered
    def graph(request):
        return svg(room.graph_svg())

    @answered
    def split(request):
        values, more, rules = _request_values(request.query_params)
        result = room.view(values, more, rules)
        if result.error is not None:
            return PlainTextResponse(result.error, status_code=422, headers=_SECURITY)
        return svg(room.split_svg(result, _lang(request.query_params, room.lang)))

    @answered
    def sweep(request):
        values, more, rules = _request_values(request.query_params)
        result = room.view(values, more, rules)
        if result.error is not None:
            return PlainTextResponse(result.error, status_code=422, headers=_SECURITY)
        return svg(room.sweep_svg(request.query_params.get("path", ""), result,
                                  _lang(request.query_params, room.lang)))

    @answered
    def annex(request):
        fmt = request.path_params["fmt"]
        if fmt not in _TYPES:
            return PlainTextResponse(f"error: no annex format {fmt!r}; use one of {', '.join(_TYPES)}",
                                     status_code=404, headers=_SECURITY)
        values, more, rules = _request_values(request.query_params)
        result = room.view(values, more, rules)
        if result.error is not None:
            return PlainTextResponse(result.error, status_code=422, headers=_SECURITY)
        data = room.annex(result, fmt, _lang(request.query_params, room.lang))
        name = f"{room.path.stem}-annex.{fmt}"
        headers = {**_SECURITY, "Content-Disposition": f'attachment; filename="{_ascii(name)}"'}
        return Response(data, media_type=_TYPES[fmt], headers=headers)

    async def save(request):
        # The form is URL-encoded (the script sends URLSearchParams); read as a query string, at most 1 MB.
        body = await request.body()
        if len(body) > MAX_FORM:
            return JSONResponse({"ok": False, "message": f"error: the form is larger than {MAX_FORM:,} bytes"},
                                status_code=413, headers=_SECURITY)
        form = QueryParams(body.decode("utf-8", errors="replace"))
        values, more, rules = _request_values(form)
        lang = _lang(form, room.lang)
        try:
            overrides = room.overrides(values, more)
            target = room.save_as(str(form.get("save", "")), overrides)
        except IpshareError as error:
            return JSONResponse({"ok": False, "message": message_of(error)}, headers=_SECURITY)
        return JSONResponse({"ok": True, "message": label("saved", lang, name=str(target)), "path": str(target)},
                            headers=_SECURITY)

    async def failed(request, error):
        # Not ipshare's own error (those are answered above): one line, and the server goes on.
        return PlainTextResponse(f"internal error: {type(error).__name__}: {error}", status_code=500,
                                 headers=_SECURITY)

    routes = [
        Route("/", index),
        Route("/view", view),
        Route("/marks", marks),
        Route("/plot/graph.svg", graph),
        Route("/plot/split.svg", split),
        Route("/plot/sweep.svg", sweep),
        Route("/annex.{fmt}", annex),
        Route("/save", save, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={Exception: failed})


def _ascii(name: str) -> str:
    """A file name for the Content-Disposition header: ASCII letters, digits, ``.-_`` only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "_" for c in name)
