"""Answering questions from the record: hybrid retrieval, highlights and abstention."""

from bot.answer import Bot, clean_question, open_bot
from bot.errors import BadFilter, BadQuestion, UnknownSpeaker
from bot.hearings import Hearings
from bot.models import NOT_IN_RECORD, Answer, Hit, Passage, document_url, turn_url
from bot.retrieve import Retriever
from index.records import SpeakerSummary
from ingest.models import Exchange, Turn

__all__ = [
    "NOT_IN_RECORD", "Answer", "BadFilter", "BadQuestion", "Bot", "Exchange", "Hearings", "Hit", "Passage",
    "Retriever", "SpeakerSummary", "Turn", "UnknownSpeaker", "clean_question", "document_url", "open_bot",
    "turn_url",
]
