"""Asking in a conversation, for the API and the no-JavaScript form alike: read a follow-up with the previous
turn, answer it, and log the question (never who asked it)."""

from __future__ import annotations

import asyncio
from functools import partial

from starlette.requests import Request

from bot import Answer, Bot, clean_question
from bot.answer import MAX_K
from bot.query import Ask
from bot.citations import paragraphs_of
from bot.conversation import PreviousTurn, understand, wants_more, without_shown
from web.feedback_store import AskedQuestion, FeedbackStore
from web.i18n import language_of
from web.metrics import count
from web.overload import gate
from web.schema import AskResponse
from web.serving import question_batcher


def ask_in_conversation(request: Request, bot: Bot, question: str, k: int, speaker: str | None = None,
                        previous: PreviousTurn | None = None, channel: str = "api") -> AskResponse:  # fmt: skip
    """The answer on the wire, logged in the feedback store."""
    asked = clean_question(question)
    depth = _depth(asked, previous, k)
    answer = question_batcher(request).answer(bot, Ask(understand(asked, previous), depth, speaker))
    return _logged(request, bot, _fresh(bot, answer, asked, previous, k), asked, channel)


async def ask_in_conversation_async(request: Request, bot: Bot, question: str, k: int, speaker: str | None = None,
                                    previous: PreviousTurn | None = None, channel: str = "api") -> AskResponse:  # fmt: skip
    """As `ask_in_conversation`, for an event loop: a repeated question is answered from the cache right
    here (well under a millisecond); a new one is awaited from the question batcher, which answers it with
    the others asked meanwhile on its own thread (no thread is taken from the pool to wait for it)."""
    asked = clean_question(question)
    understood, depth = understand(asked, previous), _depth(asked, previous, k)
    answer = bot.cached(understood, depth, speaker)
    if answer is None:
        with gate(request).admit():  # past capacity: 503 now, rather than a long wait in the queue
            answer = await asyncio.wrap_future(question_batcher(request).submit(bot, Ask(understood, depth, speaker)))
    return _logged(request, bot, _fresh(bot, answer, asked, previous, k), asked, channel)


def _depth(asked: str, previous: PreviousTurn | None, k: int) -> int:
    """How many passages to ask for: `k`, and as many more as were shown when the question asks for more."""
    return min(MAX_K, k + len(previous.shown)) if previous and wants_more(asked, previous) else k


def _fresh(bot: Bot, answer: Answer, asked: str, previous: PreviousTurn | None, k: int) -> Answer:
    if previous and wants_more(asked, previous):
        return without_shown(answer, previous.shown, k, bot.index.store)
    return answer


def _logged(request: Request, bot: Bot, answer: Answer, asked: str, channel: str) -> AskResponse:
    payload = AskResponse.of(answer, asked, partial(paragraphs_of, bot.index.store))
    shown = answer.closest or answer.passages  # what the bot found, even when it said the record does not say
    top = shown[0].hit.chunk.id if shown else None
    # Queued for the log's writer thread: an answer never waits for the disk, nor fails with it.
    feedback_store(request).log_question_later(AskedQuestion(
        asked, answer.question, answer.abstained, top, payload.id, answer.text, language_of(request), channel,
    ))  # fmt: skip
    count(request, "questions_answered")
    return payload


def feedback_store(request: Request) -> FeedbackStore:
    return request.app.state.feedback


def suggestions(request: Request) -> list[str]:
    """The empty chat's suggested questions: the serving bot's."""
    return request.app.state.bot.suggestions
