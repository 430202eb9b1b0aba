"""Asking in a conversation, for the API and the no-JavaScript form alike: read a follow-up with the previous
turn, answer it, and log the question (never who asked it)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from bot import Answer, Bot, clean_question
from bot.conversation import PreviousTurn, chat_payload, understand
from bot.suggestions import suggested_questions
from web.feedback_store import AskedQuestion, FeedbackStore
from web.i18n import language_of


def ask_in_conversation(request: Request, bot: Bot, question: str, k: int, speaker: str | None = None,
                        previous: PreviousTurn | None = None, channel: str = "api") -> dict[str, object]:  # fmt: skip
    """The chat's answer object (see `bot.conversation.chat_payload`), logged in the feedback store."""
    asked = clean_question(question)
    answer = bot.answer(understand(asked, previous), k=k, speaker=speaker)
    return _logged(request, answer, asked, channel)


async def ask_in_conversation_async(request: Request, bot: Bot, question: str, k: int, speaker: str | None = None,
                                    previous: PreviousTurn | None = None, channel: str = "api") -> dict[str, object]:  # fmt: skip
    """As `ask_in_conversation`, for an event loop: a repeated question is answered from the cache right
    here (well under a millisecond); a new one is answered in a worker thread."""
    asked = clean_question(question)
    understood = understand(asked, previous)
    answer = bot.cached(understood, k, speaker)
    if answer is None:
        answer = await run_in_threadpool(bot.answer, understood, k, speaker)
    return _logged(request, answer, asked, channel)


def _logged(request: Request, answer: Answer, asked: str, channel: str) -> dict[str, object]:
    payload = chat_payload(answer, asked)
    shown = answer.closest or answer.passages  # what the bot found, even when it said the record does not say
    top = shown[0].hit.chunk.id if shown else None
    feedback_store(request).log_question(AskedQuestion(
        asked, answer.question, answer.abstained, top, str(payload["id"]), answer.text, language_of(request), channel,
    ))  # fmt: skip
    return payload


def feedback_store(request: Request) -> FeedbackStore:
    return request.app.state.feedback


def suggestions(request: Request) -> list[str]:
    """The empty chat's suggested questions, built once per app from its index."""
    state = request.app.state
    if getattr(state, "suggestions", None) is None:
        state.suggestions = suggested_questions(state.bot.index.store)
    return state.suggestions
