"""The bot as a server runs it: questions asked at the same time answered together (bot.batcher), repeated
questions cached, and the server time of each request reported in a `Server-Timing` header."""

from __future__ import annotations

import threading
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import bot as library
from bot import Bot
from bot.batcher import QuestionBatcher
from index.embed import Embedder
from web.settings import Settings


def open_bot(settings: Settings, encoder: Embedder) -> Bot:
    """The bot the settings describe over the index they name, its questions embedded by `encoder`; the one
    place settings become a bot."""
    return library.open_bot(settings.index, encoder, settings.min_confidence, settings.lexical_weight,
                            cache_size=settings.answer_cache, answer_confidence=settings.answer_confidence,
                            answer_model=settings.answer_model, top_k=settings.top_k)


def open_server_bot(settings: Settings, embedder: Embedder) -> Bot:
    """A bot with the answer cache of the settings."""
    bot = open_bot(settings, embedder)
    # The dictionary that translates questions in the record's other language loads meanwhile.
    threading.Thread(target=bot.translator.prepare, name="cityqa-dictionary", daemon=True).start()
    return bot


def question_batcher(request: Request) -> QuestionBatcher:
    """The app's question batcher: every question the server answers (not from the cache) goes through it."""
    return request.app.state.questions


class ServerTiming:
    """Pure ASGI middleware (no extra task per request): `Server-Timing: app;dur=<ms>` on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                milliseconds = (time.perf_counter() - started) * 1000
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"server-timing", f"app;dur={milliseconds:.3f}".encode())]
            await send(message)

        await self.app(scope, receive, send_with_timing)
