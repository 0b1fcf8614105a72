//! Pause and slow motion: the caller's flags, obeyed between batches, and a
//! clock of the time spent computing (waits are not counted in timings).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Flags a caller flips to stop, pause or slow down a run; checked between
/// batches.
#[derive(Clone, Debug, Default)]
pub struct RunControl {
    pub stop: Arc<AtomicBool>,
    pub pause: Arc<AtomicBool>,
    /// Slow motion: stretch each epoch to about this many milliseconds so
    /// people can watch (0: full speed). The computing counts towards it.
    pub slow_epoch_ms: Arc<AtomicU64>,
}

impl RunControl {
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// Waits as the flags ask and keeps the total time spent waiting.
pub struct Pacer<'a> {
    control: &'a RunControl,
    began: Instant,
    waited: Duration,
    /// When the previous batch began, in slow motion: each batch's slot
    /// is topped up, not added to, so an epoch lasts about the pace set.
    slot_began: Option<Instant>,
}

/// A point in a run, to measure computing time from.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    at: Instant,
    waited: Duration,
}

impl<'a> Pacer<'a> {
    pub fn new(control: &'a RunControl) -> Pacer<'a> {
        Pacer {
            control,
            began: Instant::now(),
            waited: Duration::ZERO,
            slot_began: None,
        }
    }

    /// Before a batch (one of `batches` this epoch): waits out a pause and
    /// the slow-motion delay. False if the run should stop.
    pub fn before_batch(&mut self, batches: usize) -> bool {
        let control = self.control;
        if control.pause.load(Ordering::Relaxed) {
            let t = Instant::now();
            while control.pause.load(Ordering::Relaxed) && !control.stopped() {
                std::thread::sleep(Duration::from_millis(20));
            }
            self.waited += t.elapsed();
        }
        let slow = control.slow_epoch_ms.load(Ordering::Relaxed);
        if slow == 0 {
            self.slot_began = None;
            return !control.stopped();
        }
        let slot = Duration::from_micros(slow * 1000 / batches.max(1) as u64);
        let spent = self.slot_began.map_or(Duration::ZERO, |t| t.elapsed());
        let t = Instant::now();
        // In short naps, so a stop (or z) is obeyed within one.
        let mut left = slot.saturating_sub(spent);
        while !left.is_zero() && !control.stopped() {
            let nap = left.min(Duration::from_millis(50));
            std::thread::sleep(nap);
            left = left.saturating_sub(nap);
            if control.slow_epoch_ms.load(Ordering::Relaxed) == 0 {
                break;
            }
        }
        self.waited += t.elapsed();
        self.slot_began = Some(Instant::now());
        !control.stopped()
    }

    pub fn mark(&self) -> Mark {
        Mark {
            at: Instant::now(),
            waited: self.waited,
        }
    }

    /// Computing time since `mark` (waits left out).
    pub fn since(&self, mark: Mark) -> Duration {
        mark.at
            .elapsed()
            .saturating_sub(self.waited.saturating_sub(mark.waited))
    }

    /// Time since the run began, waits included.
    pub fn wall(&self) -> Duration {
        self.began.elapsed()
    }

    /// Computing time since the run began.
    pub fn total(&self) -> Duration {
        self.began.elapsed().saturating_sub(self.waited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_not_counted_and_stop_ends_the_wait() {
        let control = RunControl::default();
        let mut pacer = Pacer::new(&control);
        let mark = pacer.mark();
        control.pause.store(true, Ordering::Relaxed);
        let flags = control.clone();
        let unpause = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            flags.pause.store(false, Ordering::Relaxed);
        });
        assert!(pacer.before_batch(10));
        unpause.join().expect("thread");
        // The pause lasted about 150 ms; none of it counts.
        assert!(pacer.since(mark) + Duration::from_millis(100) <= mark.at.elapsed());
        control.pause.store(true, Ordering::Relaxed);
        control.stop.store(true, Ordering::Relaxed);
        assert!(!pacer.before_batch(10), "a stop ends a pause at once");
    }

    #[test]
    fn slow_motion_spreads_an_epoch_over_its_batches() {
        let control = RunControl::default();
        control.slow_epoch_ms.store(200, Ordering::Relaxed);
        let mut pacer = Pacer::new(&control);
        let t = Instant::now();
        for _ in 0..4 {
            assert!(pacer.before_batch(8));
        }
        // Half the epoch's batches: about half of 200 ms, none of it counted.
        assert!(t.elapsed() >= Duration::from_millis(75));
        assert!(pacer.total() + Duration::from_millis(60) <= t.elapsed());
    }

    #[test]
    fn slow_motion_counts_the_computing_towards_the_pace() {
        let control = RunControl::default();
        control.slow_epoch_ms.store(400, Ordering::Relaxed);
        let mut pacer = Pacer::new(&control);
        let t = Instant::now();
        for _ in 0..4 {
            assert!(pacer.before_batch(4));
            // A batch that computes for most of its 100 ms slot.
            std::thread::sleep(Duration::from_millis(80));
        }
        // 4 slots of 100 ms, not 4 x (100 + 80).
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(380), "{took:?}");
        assert!(took < Duration::from_millis(600), "{took:?}");
    }

    #[test]
    fn full_speed_ends_a_slow_motion_wait_at_once() {
        let control = RunControl::default();
        control.slow_epoch_ms.store(60_000, Ordering::Relaxed);
        let mut pacer = Pacer::new(&control);
        assert!(pacer.before_batch(10));
        let flags = control.clone();
        let fast = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            flags.slow_epoch_ms.store(0, Ordering::Relaxed);
        });
        let t = Instant::now();
        assert!(pacer.before_batch(10));
        fast.join().expect("thread");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }
}
