//! Human against machine: scores, streaks and the "hard" digits.

use crate::network::OUTPUTS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    BothRight,
    /// You were right and the network wrong.
    HumanWon,
    ModelWon,
    BothWrong,
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::BothRight => "both right",
            Verdict::HumanWon => "you won this one",
            Verdict::ModelWon => "the network won this one",
            Verdict::BothWrong => "both wrong",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub rounds: u32,
    pub human_correct: u32,
    pub model_correct: u32,
    /// Your correct answers in a row, now and at best.
    pub streak: u32,
    pub best_streak: u32,
    /// Counts of (true digit, guessed digit), yours and the network's.
    pub human_confusion: [[u32; OUTPUTS]; OUTPUTS],
    pub model_confusion: [[u32; OUTPUTS]; OUTPUTS],
}

impl Score {
    pub fn record(&mut self, truth: u8, human: u8, model: u8) -> Verdict {
        let (h, m) = (human == truth, model == truth);
        self.rounds += 1;
        self.human_correct += h as u32;
        self.model_correct += m as u32;
        if h {
            self.streak += 1;
            self.best_streak = self.best_streak.max(self.streak);
        } else {
            self.streak = 0;
        }
        self.human_confusion[truth as usize][human as usize] += 1;
        self.model_confusion[truth as usize][model as usize] += 1;
        match (h, m) {
            (true, true) => Verdict::BothRight,
            (true, false) => Verdict::HumanWon,
            (false, true) => Verdict::ModelWon,
            (false, false) => Verdict::BothWrong,
        }
    }

    /// Positive when you lead, negative when the network does.
    pub fn lead(&self) -> i64 {
        self.human_correct as i64 - self.model_correct as i64
    }
}

/// Confidence below which a digit counts as one the network is unsure about.
pub const UNSURE: f32 = 0.6;

/// Test images the network gets wrong or is unsure about, from its
/// per-image (prediction, confidence) and the true labels.
pub fn hard_digits(predictions: &[(u8, f32)], labels: &[u8]) -> Vec<u32> {
    predictions
        .iter()
        .zip(labels)
        .enumerate()
        .filter(|(_, ((guess, confidence), label))| guess != *label || *confidence < UNSURE)
        .map(|(i, _)| i as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_streaks_and_verdicts() {
        let mut s = Score::default();
        assert_eq!(s.record(3, 3, 3), Verdict::BothRight);
        assert_eq!(s.record(5, 5, 6), Verdict::HumanWon);
        assert_eq!(s.record(7, 7, 7), Verdict::BothRight);
        assert_eq!((s.streak, s.best_streak), (3, 3));
        assert_eq!(s.record(1, 7, 1), Verdict::ModelWon);
        assert_eq!((s.streak, s.best_streak), (0, 3));
        assert_eq!(s.record(9, 4, 8), Verdict::BothWrong);
        assert_eq!(s.record(2, 2, 0), Verdict::HumanWon);
        assert_eq!(
            (
                s.rounds,
                s.human_correct,
                s.model_correct,
                s.streak,
                s.best_streak
            ),
            (6, 4, 3, 1, 3)
        );
        assert_eq!(s.lead(), 1);
        assert_eq!(s.human_confusion[1][7], 1);
        assert_eq!(s.model_confusion[9][8], 1);
        let total: u32 = s.model_confusion.iter().flatten().sum();
        assert_eq!(total, 6);
    }

    #[test]
    fn hard_digits_are_wrong_or_unsure() {
        let predictions = [(3, 0.99), (4, 0.95), (5, 0.59), (6, 0.6), (1, 0.2)];
        let labels = [3, 9, 5, 6, 7];
        assert_eq!(hard_digits(&predictions, &labels), vec![1, 2, 4]);
    }
}
