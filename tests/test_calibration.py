"""The confidence's calibration: the rules' score mapped to a probability, without moving any passage."""

import json

import numpy as np
import pytest

from bot.answer import ANSWER_CONFIDENCE, MIN_CONFIDENCE, Bot
from bot.calibration import CALIBRATION_PATH, FITTED, Calibration


def test_the_shipped_calibration_rises_with_the_score_and_stays_a_probability():
    shipped = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    assert sum(shipped["fitted_on"].values()) > 1000 and shipped["held_out"]  # fitted on public questions
    scores = np.linspace(0.0, 1.0, 101)
    probabilities = FITTED.probabilities(scores)
    assert np.all(np.diff(probabilities) > 0) and 0.0 < probabilities[0] < probabilities[-1] < 1.0


def test_a_calibration_that_falls_with_the_score_is_refused(tmp_path):
    with pytest.raises(ValueError, match="rise with the score"):
        Calibration(-1.0, 0.0)
    fitted = tmp_path / "calibration.json"
    fitted.write_text(json.dumps({"a": 2.0, "b": -1.0}), encoding="utf-8")
    assert Calibration.load(fitted).probability(0.5) == pytest.approx(1 / (1 + np.exp(1.0)))


def test_a_threshold_is_a_probability_rounded_down_so_that_the_raw_score_still_passes():
    calibration = Calibration(2.0, -1.0)
    assert calibration.threshold(0.3) <= calibration.probability(0.3) < calibration.threshold(0.3) + 1e-4


def test_the_default_thresholds_are_where_the_former_raw_ones_fall():
    assert FITTED.probability(0.2999) < MIN_CONFIDENCE <= FITTED.probability(0.3)
    assert FITTED.probability(0.4499) < ANSWER_CONFIDENCE <= FITTED.probability(0.45)


def test_calibration_changes_the_number_only_never_the_passages(seed_bot):
    raw = Bot(seed_bot.retriever, calibration=None)
    questions = ["Which football stadium will be built?", "Who asked about the epidemic?",
                 "What is the budget for the sailing center?", "How do I make sourdough bread?"]
    for calibrated, uncalibrated in zip(seed_bot.answer_many(questions), raw.answer_many(questions)):
        assert [p.hit.chunk.id for p in calibrated.closest] == [p.hit.chunk.id for p in uncalibrated.closest]
        assert [p.highlight for p in calibrated.closest] == [p.highlight for p in uncalibrated.closest]
        assert calibrated.confidence == pytest.approx(FITTED.probability(uncalibrated.confidence))
