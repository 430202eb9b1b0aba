"""The FastAPI application: built by a factory, the model and index loaded in the lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot import Bot
from bot.batcher import QuestionBatcher
from ingest.errors import CityqaError
from web.admin_documents import UPLOAD_PATH
from web.admin_documents import router as admin_documents_router
from web.admin_review import router as admin_review_router
from web.admin import install_admin
from web.api import router as api_router
from web.api_docs import install_api_docs
from web.chat_pages import router as chat_pages_router
from web.documents_page import router as documents_page_router
from web.errors import install_error_handlers
from web.feedback import router as feedback_router
from web.feedback_store import FeedbackStore
from web.head import HeadAsGet
from web.hearing_pages import router as hearing_pages_router
from web.limits import BodyLimit
from web.metrics import Metrics
from web.overload import AnswerGate
from web.metrics import router as metrics_router
from web.pages import router as pages_router
from web.security import SecurityHeaders
from web.shared_limits import make_rate_limiter
from web.serving import ServerTiming, open_server_bot
from web.settings import Settings, get_settings
from web.uploads import MAX_FILES
from web.widget import router as widget_router

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, bot: Bot | None = None, embedder: Embedder | None = None) -> FastAPI:
    """The web app. Its lifespan opens the bot over the settings' index (with `embedder`, when given: `cityqa
    serve` loads the model while it checks the index) and closes it on shutdown. Pass `bot` to serve one the
    caller owns and closes (tests share one across apps)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            app.state.bot = bot or open_server_bot(settings, embedder or settings.embedder())
        except CityqaError as error:
            app.state.startup_error = error  # for `cityqa serve`, to say it in one line
            raise
        app.state.questions = QuestionBatcher(settings.batch_size)
        # What start-up loaded (the index, the model, the dictionaries) lives as long as the server: kept out of
        # the garbage collector's full passes, which otherwise walk it all and stall answers under load.
        gc.collect()
        gc.freeze()
        try:
            app.state.feedback = FeedbackStore(settings.runtime_database())
            try:
                yield
            finally:
                app.state.feedback.close()
        finally:
            app.state.questions.close()  # stops its workers once the questions queued are answered

    app = FastAPI(
        title="cityqa",
        summary="Answers from the record of public hearings, with citations.",
        lifespan=lifespan,
        docs_url=None,  # web/api_docs.py serves it, without a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.answer_gate = AnswerGate(settings.max_pending)
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    app.state.rate_limiter = make_rate_limiter(settings.rate, redis_url)
    upload_body = settings.upload_max_mb * 2**20 * MAX_FILES + 2**20  # each file is checked against the setting
    # innermost: its 413 gets the headers of every response
    app.add_middleware(BodyLimit, larger={UPLOAD_PATH: upload_body})
    app.add_middleware(SecurityHeaders, allowed_origins=settings.allowed_origins)
    # The sites that may embed the widget may also call the API from their pages; no cookies cross.
    app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], allow_credentials=False)
    app.add_middleware(ServerTiming)
    app.add_middleware(HeadAsGet)  # HEAD gets every header a GET gets
    if settings.trusted_proxies:  # outermost: only a trusted proxy's X-Forwarded-For/-Proto reach the app
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_api_docs(app)
    app.include_router(api_router)
    app.include_router(chat_pages_router)
    app.include_router(feedback_router)
    install_admin(app, settings)
    app.include_router(widget_router)
    app.include_router(pages_router)
    app.include_router(hearing_pages_router)
    app.include_router(documents_page_router)
    app.include_router(admin_documents_router)
    app.include_router(admin_review_router)
    app.include_router(metrics_router)
    install_error_handlers(app)
    return app
