"""The confidence's calibration: from the hand-set rules' score to the probability that the top passage answers.

Platt scaling, `sigmoid(a · logit(score) + b)`, fitted on public questions only by `bench/calibrate.py`
(bot/calibration.json; docs/BENCHMARKS.md shows its reliability). The map rises with the score, so the
passages and their order never change; only the number shown, and the thresholds it is compared with, do.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
_EDGE = 1e-3  # scores of exactly 0 or 1 are read as this close to them


def logit(scores: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(scores, dtype=float), _EDGE, 1.0 - _EDGE)
    return np.log(clipped / (1.0 - clipped))


@dataclass(frozen=True)
class Calibration:
    a: float
    b: float

    def __post_init__(self) -> None:
        if not self.a > 0:
            raise ValueError(f"a calibration must rise with the score (a = {self.a})")

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.a * logit(scores) + self.b)))

    def probability(self, score: float) -> float:
        return float(self.probabilities(np.array([score]))[0])

    def threshold(self, score: float) -> float:
        """The probability that a raw `score` maps to, rounded down to four places: a setting that refuses
        what fell below `score` before the calibration, and nothing more."""
        return math.floor(self.probability(score) * 10_000) / 10_000

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        fitted = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(fitted["a"]), float(fitted["b"]))


FITTED = Calibration.load()  # the shipped fit, the bot's default
