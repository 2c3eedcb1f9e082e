"""The web layer over a labelling or review session: a page, its files, and five JSON routes.

Thin on purpose: every decision is the session's. It serves on 127.0.0.1
only; every request must carry the session's random token (``?token=`` or the
``X-Token`` header), as Jupyter does, or gets 403. Needs the ``label`` extra
(FastAPI, uvicorn).
"""

# No `from __future__ import annotations`: FastAPI reads the route functions' annotations at run time.
import hmac
import secrets
import socket
import threading
import webbrowser
from dataclasses import asdict
from importlib import resources

from ..errors import ClassifyError

HOST = "127.0.0.1"
STATIC = ("index.html", "page.css", "page.js")
_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _static(name: str) -> bytes:
    return (resources.files("classifier.labelling") / "static" / name).read_bytes()


def state(session) -> dict:
    """What the page shows: the question, the progress and the model's status, as JSON-ready data."""
    q = session.question()
    status = getattr(session, "status", None)
    return {
        "mode": session.mode,
        "question": None if q is None else asdict(q),
        "progress": asdict(session.progress()),
        "model": None if status is None else asdict(status),
        "focus": getattr(session, "sector", None),
        "can_back": bool(session.walk.history) and session.walk.cursor != 0,
    }


def build_app(session, token: str):
    """The FastAPI application for ``session``, guarded by ``token``."""
    from fastapi import FastAPI, HTTPException, Request
    from fastapi.responses import JSONResponse, Response
    from pydantic import BaseModel, ConfigDict, StrictInt

    class Answer(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: StrictInt
        sectors: list[str]

    class Skip(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: StrictInt

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        given = request.query_params.get("token") or request.headers.get("x-token") or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Response("403: this page needs the address with its token, as printed by `classify`\n", 403, media_type="text/plain")
        return await call_next(request)

    def page(name: str, body: bytes | None = None) -> Response:
        suffix = name[name.rfind(".") :]
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
        return Response(_static(name) if body is None else body, media_type=_TYPES[suffix], headers=headers)

    @app.get("/")
    def index():
        # the page's own files are fetched with the token too
        return page("index.html", _static("index.html").replace(b"{{token}}", token.encode()))

    @app.get("/static/{name}")
    def static(name: str):
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        return page(name)

    def check_id(id: int) -> None:
        if not session.has_item(id):
            raise HTTPException(404, f"no paragraph with id {id}")

    @app.get("/api/state")
    def get_state():
        return state(session)

    @app.post("/api/answer")
    def answer(body: Answer):
        check_id(body.id)
        try:
            session.answer(body.id, body.sectors)
        except ClassifyError as err:
            raise HTTPException(422, str(err)) from None
        return state(session)

    @app.post("/api/skip")
    def skip(body: Skip):
        check_id(body.id)
        session.skip(body.id)
        return state(session)

    @app.post("/api/back")
    def back():
        try:
            session.back()
        except ClassifyError as err:
            raise HTTPException(409, str(err)) from None
        return state(session)

    @app.exception_handler(OSError)
    async def disk_error(request, err: OSError):  # the answer could not be written: say so, never pretend
        return JSONResponse({"detail": f"could not write the answer: {err}"}, status_code=507)

    return app


def free_socket(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: any free port), bound before the address is printed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as err:
        sock.close()
        raise ClassifyError(f"--port {port}: cannot listen on {HOST}:{port} ({err.strerror}); try another port or leave --port out", 2) from None
    sock.listen(128)
    return sock


def serve(session, port: int = 0, open_browser: bool = True, announce=print, token: str | None = None) -> None:
    """Serve the page until interrupted (Ctrl-C). ``announce`` receives the address to open."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        raise ClassifyError("the labelling page needs the `label` extra: pip install 'classify[label]'") from None
    token = token or new_token()
    app = build_app(session, token)
    sock = free_socket(port)
    url = f"http://{HOST}:{sock.getsockname()[1]}/?token={token}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    announce(url)
    if open_browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
