"""Answering questions from the record: hybrid retrieval, highlights and abstention."""

from bot.answer import Bot, clean_question, open_bot
from bot.errors import BadQuestion
from bot.models import NOT_IN_RECORD, Answer, Hit, Passage, answer_payload, document_url
from bot.retrieve import Retriever

__all__ = [
    "NOT_IN_RECORD", "Answer", "BadQuestion", "Bot", "Hit", "Passage", "Retriever",
    "answer_payload", "clean_question", "document_url", "open_bot",
]
