"""The bot as a server runs it: queries micro-batched across requests, repeated questions cached,
and the server time of each request reported in a `Server-Timing` header."""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

import bot as library
from bot import Bot
from index.batcher import QueryBatcher
from index.embed import Embedder
from web.settings import Settings


def open_bot(settings: Settings, encoder: Embedder | QueryBatcher) -> Bot:
    """The bot the settings describe over the index they name, its questions embedded by `encoder` (the
    server's QueryBatcher, or an Embedder in the CLI); the one place settings become a bot."""
    return library.open_bot(settings.index, encoder, settings.min_confidence, settings.lexical_weight,
                            cache_size=settings.answer_cache, answer_confidence=settings.answer_confidence,
                            answer_model=settings.answer_model, top_k=settings.top_k)


def open_server_bot(settings: Settings, embedder: Embedder) -> Bot:
    """A bot whose query embeddings go through a QueryBatcher, with the answer cache of the settings."""
    batcher = QueryBatcher(embedder, max_batch=settings.batch_size, window=settings.batch_window_ms / 1000,
                           max_pending=settings.max_pending)
    try:
        bot = open_bot(settings, batcher)
        # The dictionary that translates questions in the record's other language loads meanwhile.
        threading.Thread(target=bot.translator.prepare, name="cityqa-dictionary", daemon=True).start()
        return bot
    except BaseException:
        batcher.close()
        raise


def close_server_bot(bot: Bot) -> None:
    """Stops the bot's batcher, when it has one."""
    encoder = bot.retriever.embedder
    if isinstance(encoder, QueryBatcher):
        encoder.close()


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
