"""Answering questions from the record: hybrid retrieval, highlights and abstention."""

from bot.answer import Bot, clean_question, open_bot
from bot.errors import BadFilter, BadQuestion, UnknownSpeaker
from bot.hearings import ExchangeView, Hearings, TurnView
from bot.models import NOT_IN_RECORD, Answer, Hit, Passage, document_url
from bot.retrieve import Retriever
from index.records import SpeakerSummary

__all__ = [
    "NOT_IN_RECORD", "Answer", "BadFilter", "BadQuestion", "Bot", "ExchangeView", "Hearings", "Hit", "Passage",
    "Retriever", "SpeakerSummary", "TurnView", "UnknownSpeaker", "clean_question",
    "document_url", "open_bot",
]
