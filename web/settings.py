"""Settings from CITYQA_* environment variables; the CLI's flags override them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.embed import DEFAULT_MODEL
from web.ratelimit import parse_rate


class Settings(BaseSettings):
    """Every setting of cityqa. Each is also an environment variable: `corpus` is CITYQA_CORPUS."""

    model_config = SettingsConfigDict(env_prefix="CITYQA_", extra="ignore")

    corpus: Path = Field(Path("corpus"), description="folder of source documents to index")
    index: Path = Field(Path("var/index"), description="where the built index lives")
    model: str = Field(DEFAULT_MODEL, description="sentence-transformers model: a bundled name or a local folder")
    host: str = Field("127.0.0.1", description="address `cityqa serve` listens on")
    port: int = Field(8000, ge=1, le=65535, description="port `cityqa serve` listens on")
    top_k: int = Field(3, ge=1, le=50, description="passages shown per answer")
    min_confidence: float = Field(0.3, ge=0.0, le=1.0, description="below this confidence (the calibrated probability that the top passage answers) the bot says the record does not say")
    answer_confidence: float = Field(0.45, ge=0.0, le=1.0, description="below this confidence, and not below min_confidence, the bot shows the closest passages as possibly not answering directly")
    answer_model: Path | None = Field(None, description="the learned answer model (bot/answer_model.json) for confidence, highlight and reranking; unset: the hand-set rules")
    lexical_weight: float = Field(0.55, ge=0.0, le=1.0, description="share of BM25 in the fused score (English)")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins that may embed the chat widget and call the API (comma-separated)"
    )
    data: Path = Field(Path("var/data"), description="folder of the runtime database: questions asked, feedback")
    admin_token: SecretStr | None = Field(None, description="token of the staff view /admin; unset, /admin is off")
    rate_limit: str = Field("60/minute", description="questions and feedback per client address, e.g. 30/minute; 0 or empty: no limit")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="addresses of reverse proxies whose X-Forwarded-For names the client (comma-separated)"
    )
    answer_cache: int = Field(1024, ge=0, description="answers kept for repeated questions by the server (0: none)")
    batch_size: int = Field(64, ge=1, le=1024, description="questions embedded together at most, under load")
    batch_window_ms: float = Field(2.0, ge=0.0, le=100.0, description="how long a batch waits for more questions, under load")
    max_pending: int = Field(256, ge=1, description="questions waiting to be embedded beyond which the server answers 503")
    approximate_above: int = Field(200_000, ge=1, description="chunks past which the vector index is approximate (IVF, SQ8)")

    @field_validator("allowed_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        """'https://a.example, https://b.example' → a list, each entry trimmed (origins lose a trailing slash)."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return [str(v).strip().rstrip("/") for v in value if str(v).strip()]
        return value

    @field_validator("rate_limit")
    @classmethod
    def _rate_is_readable(cls, value: str) -> str:
        parse_rate(value)
        return value

@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
