"""Swapping in a new index while the server runs (`POST /admin/reload`, or SIGHUP to `cityqa serve`).

A request takes the bot once, when it starts, so requests already running finish on the old bot; the old
build stays on disk (the layout keeps the build before the current one) and its files stay open until the
last of them is done. The query encoder and the question batcher are shared: only the index changes."""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI

from bot import Bot
from web.serving import open_bot

log = logging.getLogger("cityqa.web")
_lock = threading.Lock()  # one reload at a time


def reload_bot(app: FastAPI) -> Bot:
    """Opens the index the settings point at now and makes it the app's; raises IndexLoadError and keeps the old
    bot when the new index cannot be used."""
    settings = app.state.settings
    with _lock:
        current: Bot = app.state.bot
        bot = open_bot(settings, current.retriever.embedder)
        app.state.bot = bot  # with its own suggestions, from the new index
    log.warning("reloaded the index: %s documents, %s chunks, built %s", bot.index.manifest.documents,
                bot.index.manifest.chunks, bot.index.manifest.built_at)  # fmt: skip
    return bot


def reload_in_background(app: FastAPI) -> None:
    """For a signal handler: reloads in a thread (never on the event loop), logging a failure."""

    def run() -> None:
        try:
            reload_bot(app)
        except Exception:
            log.exception("the index was not reloaded; still serving the previous one")

    threading.Thread(target=run, name="cityqa-reload", daemon=True).start()
