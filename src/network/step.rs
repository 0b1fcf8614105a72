//! One training step (batch gradient and Adam update) on one or two threads.
//!
//! With two threads a step has two halves. First each thread runs the
//! per-image work (forward pass, cost, error signals) for half the batch.
//! Then each thread owns half of the parameters: it sums their gradients over
//! the whole batch, in batch order, and applies Adam to them. Every sum keeps
//! the single-threaded order, so the weights are bit-identical whatever the
//! thread count. The threads meet twice per step at spin-waits (a batch
//! takes ~20 microseconds, far too short to sleep and wake). Where each half
//! ends adapts step by step to whichever thread waited, which changes who
//! computes what but never a result.
//!
//! On a busy machine the helper is often not running when a step starts. So
//! the helper must claim each step: if it has not when the main thread has
//! finished its own images, the main thread does the whole step alone. And
//! when a claimed step still kept the main thread waiting (the helper was
//! descheduled in the middle), the main thread works alone for a while,
//! longer each time, while the helper sleeps. Waits spin briefly and then
//! park, so a waiting thread never takes a core from one that has work.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::thread::Thread;
use std::time::{Duration, Instant};

use super::kernel::{self, ForwardScratch, RowState, Weights};
use super::{HIDDEN1, INPUTS, Network, PARAM_COUNT, W1};
use crate::adam::{self, Adam, StepConstants};
use crate::data::Split;
use crate::simd::Isa;

/// Everything one step touches, shared between the two threads through raw
/// pointers. Access rules (kept by the protocol in `step` and `helper`):
/// phase 1 writes disjoint halves of `states` and only reads the parameters;
/// phase 2 reads all `states` and writes disjoint halves of grad, params and
/// moments; the next step's job is written only after both finished phase 2.
struct Job {
    batch: *const u32,
    n: usize,
    /// The batch after this one (empty if none), to prefetch.
    next: *const u32,
    next_n: usize,
    params: *mut f32,
    m: *mut f32,
    v: *mut f32,
    k: Option<StepConstants>,
    /// The helper's images are `helper_from..n`.
    helper_from: usize,
    /// The helper's W1 rows are `..w1_split` (and so its parameters
    /// `..w1_split * HIDDEN1`); everything after is the main thread's.
    w1_split: usize,
}

struct Shared {
    job: UnsafeCell<Job>,
    states: UnsafeCell<Vec<RowState>>,
    grad: UnsafeCell<super::Params>,
    /// Who does the helper's part of step g: `OPEN * g` while nobody has
    /// claimed it, `+ HELPER` or `+ MAIN` once someone has.
    claim: AtomicU64,
    /// Set by a thread before it parks, so the other knows to unpark it.
    main_parked: AtomicBool,
    helper_parked: AtomicBool,
    /// Step numbers each thread has finished phase 1 / phase 2 of.
    main_rows_done: AtomicU64,
    helper_rows_done: AtomicU64,
    helper_params_done: AtomicU64,
    /// Spins the helper spent waiting for the main thread's images this step.
    helper_waited: AtomicU32,
    /// Set to end the helper, or by the helper if it panics.
    quit: AtomicBool,
}

// SAFETY: the raw pointers and cells are only dereferenced under the
// protocol described on `Job`, which the atomics order (Release/Acquire).
unsafe impl Sync for Shared {}

const OPEN: u64 = 3;
const HELPER: u64 = 1;
const MAIN: u64 = 2;

/// Spins before parking: long enough to cover the gap between two batches,
/// short enough not to hold a core another thread needs.
const SPINS: u32 = 2_000;

/// A claimed step that kept the main thread waiting longer than this means
/// the helper was descheduled: the main thread then works alone for a while.
const LATE: Duration = Duration::from_micros(500);
const ALONE_MIN: u32 = 64;
const ALONE_MAX: u32 = 16_384;

/// Waits until `done(value of counter)` and returns how many times it spun;
/// None if `quit` is set first. Spins briefly, then parks with `parked` set
/// so that the thread that moves `counter` unparks it.
fn wait(
    counter: &AtomicU64,
    done: impl Fn(u64) -> bool,
    quit: &AtomicBool,
    parked: &AtomicBool,
) -> Option<u32> {
    let mut spins = 0u32;
    loop {
        if done(counter.load(Ordering::Acquire)) {
            return Some(spins);
        }
        if quit.load(Ordering::Acquire) {
            return None;
        }
        spins = spins.saturating_add(1);
        if spins < SPINS {
            std::hint::spin_loop();
        } else {
            parked.store(true, Ordering::SeqCst);
            // Checked again after `parked` is visible: a store made before
            // it was set is seen here, one made after unparks this thread.
            if !done(counter.load(Ordering::SeqCst)) && !quit.load(Ordering::SeqCst) {
                // The timeout only bounds the cost of a wake-up lost to a bug.
                std::thread::park_timeout(Duration::from_millis(5));
            }
            parked.store(false, Ordering::SeqCst);
        }
    }
}

/// Stores `value` into `counter` and wakes `other` if it parked.
fn publish(counter: &AtomicU64, value: u64, parked: &AtomicBool, other: &Thread) {
    counter.store(value, Ordering::SeqCst);
    if parked.load(Ordering::SeqCst) {
        other.unpark();
    }
}

/// Sets `quit` when dropped, including while unwinding from a panic, and
/// wakes the other thread, so that it never waits forever.
struct QuitOnDrop<'a>(&'a AtomicBool, Option<Thread>);

impl Drop for QuitOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
        if let Some(other) = &self.1 {
            other.unpark();
        }
    }
}

pub struct Stepper<'a> {
    shared: &'a Shared,
    split: Split<'a>,
    table: [f32; 256],
    isa: Isa,
    /// The second thread, while there is one.
    helper: Option<Thread>,
    scratch: ForwardScratch,
    generation: u64,
    /// Share of each batch's images the helper takes, adapted per step.
    helper_share: f64,
    w1_split: usize,
    /// Steps left to do alone, and how many the next spell alone will last.
    alone: u32,
    next_alone: u32,
    /// Two-thread steps in a row that went well.
    smooth: u32,
    /// Steps the helper missed in a row.
    missed: u32,
}

/// Runs `f` with a stepper for batches of up to `batch_size` images of
/// `split`, using `threads` threads (1 or 2; more are not used).
pub fn with_stepper<R>(
    threads: usize,
    split: Split,
    input_scale: f32,
    batch_size: usize,
    f: impl FnOnce(&mut Stepper) -> R,
) -> R {
    with_stepper_delayed(threads, split, input_scale, batch_size, None, f)
}

/// `with_stepper`, with a helper that (for tests) sleeps before every
/// `every`-th step it claims, as a descheduled thread would.
fn with_stepper_delayed<R>(
    threads: usize,
    split: Split,
    input_scale: f32,
    batch_size: usize,
    delay: Option<(u64, Duration)>,
    f: impl FnOnce(&mut Stepper) -> R,
) -> R {
    let threads = threads.clamp(1, 2);
    let shared = Shared {
        job: UnsafeCell::new(Job {
            batch: std::ptr::null(),
            n: 0,
            next: std::ptr::null(),
            next_n: 0,
            params: std::ptr::null_mut(),
            m: std::ptr::null_mut(),
            v: std::ptr::null_mut(),
            k: None,
            helper_from: 0,
            w1_split: 0,
        }),
        states: UnsafeCell::new(vec![RowState::default(); batch_size]),
        grad: UnsafeCell::new(super::Params::zeros(PARAM_COUNT)),
        claim: AtomicU64::new(0),
        main_parked: AtomicBool::new(false),
        helper_parked: AtomicBool::new(false),
        main_rows_done: AtomicU64::new(0),
        helper_rows_done: AtomicU64::new(0),
        helper_params_done: AtomicU64::new(0),
        helper_waited: AtomicU32::new(0),
        quit: AtomicBool::new(false),
    };
    let table = super::input_table(input_scale);
    let isa = Isa::detect();
    std::thread::scope(|s| {
        let helper_thread = (threads == 2).then(|| {
            let shared = &shared;
            let main = std::thread::current();
            s.spawn(move || helper(shared, split, table, isa, batch_size, main, delay))
                .thread()
                .clone()
        });
        let _quit = QuitOnDrop(&shared.quit, helper_thread.clone());
        let mut stepper = Stepper {
            shared: &shared,
            split,
            table,
            isa,
            helper: helper_thread,
            scratch: ForwardScratch::new(batch_size),
            generation: 0,
            helper_share: 0.5,
            w1_split: INPUTS / 2,
            alone: 0,
            next_alone: ALONE_MIN,
            smooth: 0,
            missed: 0,
        };
        f(&mut stepper)
    })
}

fn helper(
    shared: &Shared,
    split: Split,
    table: [f32; 256],
    isa: Isa,
    batch_size: usize,
    main: Thread,
    delay: Option<(u64, Duration)>,
) {
    let _quit = QuitOnDrop(&shared.quit, Some(main.clone()));
    let mut scratch = ForwardScratch::new(batch_size);
    let mut last = 0;
    let open_after = |last: u64| move |c: u64| c.is_multiple_of(OPEN) && c / OPEN > last;
    loop {
        if wait(
            &shared.claim,
            open_after(last),
            &shared.quit,
            &shared.helper_parked,
        )
        .is_none()
        {
            return;
        }
        let open = shared.claim.load(Ordering::Acquire);
        if !open_after(last)(open) {
            continue; // the main thread took the step meanwhile
        }
        let generation = open / OPEN;
        last = generation;
        if let Some((every, pause)) = delay
            && generation.is_multiple_of(every)
        {
            std::thread::sleep(pause);
        }
        if shared
            .claim
            .compare_exchange(open, open + HELPER, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            continue;
        }
        // SAFETY: published by the main thread before the step was opened
        // (claimed with Acquire); not written again until this thread
        // finishes phase 2.
        let job = unsafe { &*shared.job.get() };
        let n = job.n;
        let half = job.helper_from;
        {
            // SAFETY: phase 1, parameters are only read.
            let params = unsafe { std::slice::from_raw_parts(job.params, PARAM_COUNT) };
            let batch = unsafe { std::slice::from_raw_parts(job.batch, n) };
            // SAFETY: this thread alone writes states[half..n] in phase 1.
            let states = unsafe { &mut (&mut *shared.states.get())[half..n] };
            let w = Weights::new(params);
            kernel::rows_phase(
                isa,
                &w,
                &table,
                split,
                &batch[half..],
                1.0 / n as f32,
                states,
                &mut scratch,
            );
        }
        publish(
            &shared.helper_rows_done,
            generation,
            &shared.main_parked,
            &main,
        );
        let Some(waited) = wait(
            &shared.main_rows_done,
            |d| d >= generation,
            &shared.quit,
            &shared.helper_parked,
        ) else {
            return;
        };
        shared.helper_waited.store(waited, Ordering::Relaxed);
        // SAFETY: phase 2: all states are complete and only read; this thread
        // alone touches grad, params and moments below w1_split * HIDDEN1.
        unsafe {
            let batch = std::slice::from_raw_parts(job.batch, n);
            let states = &(&*shared.states.get())[..n];
            let end = job.w1_split * HIDDEN1;
            let grad = &mut (&mut *shared.grad.get())[..end];
            kernel::first_layer_grad(isa, &table, split, batch, states, 0, grad.as_chunks_mut().0);
            let params = std::slice::from_raw_parts_mut(job.params, end);
            let m = std::slice::from_raw_parts_mut(job.m, end);
            let v = std::slice::from_raw_parts_mut(job.v, end);
            let k = job.k.expect("constants published with the job");
            adam::update_part(isa, params, grad, m, v, k, 0);
        }
        publish(
            &shared.helper_params_done,
            generation,
            &shared.main_parked,
            &main,
        );
        // Each core has its own caches: warm this one for the next batch too.
        if job.next_n > 0 {
            // SAFETY: the main thread keeps the next batch alive and unchanged
            // until it publishes the step after next.
            split.prefetch(unsafe { std::slice::from_raw_parts(job.next, job.next_n) });
        }
    }
}

impl Stepper<'_> {
    /// Trains on `batch` (indices into the split): computes the batch
    /// gradient and applies one Adam step. Returns the batch's mean cost.
    /// `next` (the following batch, if known) is fetched into cache meanwhile.
    pub fn step(&mut self, net: &mut Network, adam: &mut Adam, batch: &[u32], next: &[u32]) -> f64 {
        let helper = match &self.helper {
            Some(h) if self.alone == 0 => h.clone(),
            _ => {
                self.alone = self.alone.saturating_sub(1);
                let k = adam.begin_step();
                return self.step_alone(net, adam, k, batch, next, 0);
            }
        };
        let n = batch.len();
        let shared = self.shared;
        self.generation += 1;
        let generation = self.generation;
        let half = ((n as f64 * (1.0 - self.helper_share)).round() as usize).min(n);
        let w1_split = self.w1_split;
        let k = adam.begin_step();
        let (m, v) = adam.moments_mut();
        // Raw pointers from here on: the helper writes the first part of
        // params and moments while this thread writes the rest.
        let (params, m, v) = (net.params.as_mut_ptr(), m.as_mut_ptr(), v.as_mut_ptr());
        // SAFETY: the helper finished the previous step it claimed (we
        // waited for it) and reads the job only after claiming this one.
        unsafe {
            *shared.job.get() = Job {
                batch: batch.as_ptr(),
                n,
                next: next.as_ptr(),
                next_n: next.len(),
                params,
                m,
                v,
                k: Some(k),
                helper_from: half,
                w1_split,
            };
        }
        let open = OPEN * generation;
        publish(&shared.claim, open, &shared.helper_parked, &helper);
        // SAFETY: phase 1: parameters are only read, by both threads; this
        // thread alone writes states[..half].
        unsafe {
            let states = &mut (&mut *shared.states.get())[..half];
            let w = Weights::new(std::slice::from_raw_parts(params, PARAM_COUNT));
            kernel::rows_phase(
                self.isa,
                &w,
                &self.table,
                self.split,
                &batch[..half],
                1.0 / n as f32,
                states,
                &mut self.scratch,
            );
        }
        if shared
            .claim
            .compare_exchange(open, open + MAIN, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            // The helper is not running: do its images and all parameters.
            self.missed += 1;
            if self.missed >= 2 {
                self.work_alone();
            }
            return self.step_alone(net, adam, k, batch, next, half);
        }
        self.missed = 0;
        let t0 = Instant::now();
        publish(
            &shared.main_rows_done,
            generation,
            &shared.helper_parked,
            &helper,
        );
        let main_waited = wait(
            &shared.helper_rows_done,
            |d| d >= generation,
            &shared.quit,
            &shared.main_parked,
        )
        .expect("the second training thread stopped");
        let mut waiting = t0.elapsed();
        let start = w1_split * HIDDEN1;
        let len = PARAM_COUNT - start;
        // SAFETY: phase 2: states complete and only read; this thread alone
        // touches grad, params and moments from `start` on.
        let cost = unsafe {
            let states = &(&*shared.states.get())[..n];
            let grad = &mut (&mut *shared.grad.get())[start..];
            let (gw1, rest) = grad.split_at_mut(W1.end - start);
            kernel::first_layer_grad(
                self.isa,
                &self.table,
                self.split,
                batch,
                states,
                w1_split,
                gw1.as_chunks_mut().0,
            );
            kernel::small_grads(self.isa, states, rest);
            adam::update_part(
                self.isa,
                std::slice::from_raw_parts_mut(params.add(start), len),
                grad,
                std::slice::from_raw_parts_mut(m.add(start), len),
                std::slice::from_raw_parts_mut(v.add(start), len),
                k,
                start,
            );
            kernel::mean_cost(states)
        };
        self.split.prefetch(next);
        let t1 = Instant::now();
        let main_waited_again = wait(
            &shared.helper_params_done,
            |d| d >= generation,
            &shared.quit,
            &shared.main_parked,
        )
        .expect("the second training thread stopped");
        waiting += t1.elapsed();
        if waiting > LATE {
            self.work_alone();
        } else {
            self.smooth += 1;
            if self.smooth >= 4 * ALONE_MAX {
                self.next_alone = ALONE_MIN;
            }
        }
        // Move work towards whichever thread was idle.
        let helper_waited = shared.helper_waited.load(Ordering::Relaxed);
        if main_waited > helper_waited {
            self.helper_share = (self.helper_share - 1.0 / 64.0).max(0.1);
        } else if helper_waited > main_waited {
            self.helper_share = (self.helper_share + 1.0 / 64.0).min(0.9);
        }
        self.w1_split = if main_waited_again > 0 {
            self.w1_split.saturating_sub(4).max(INPUTS / 8)
        } else {
            (self.w1_split + 4).min(INPUTS - INPUTS / 8)
        };
        cost
    }

    /// The helper kept this thread waiting: go alone for a spell, twice as
    /// long as the last one if that was recent.
    fn work_alone(&mut self) {
        self.alone = self.next_alone;
        self.next_alone = (self.next_alone * 2).min(ALONE_MAX);
        self.smooth = 0;
        self.missed = 0;
    }

    /// The whole step on this thread, the images before `done` already in
    /// `states`.
    fn step_alone(
        &mut self,
        net: &mut Network,
        adam: &mut Adam,
        k: StepConstants,
        batch: &[u32],
        next: &[u32],
        done: usize,
    ) -> f64 {
        let n = batch.len();
        let (m, v) = adam.moments_mut();
        // SAFETY: the helper touches these only in a step it claimed, and it
        // claimed none that is not finished.
        let (states, grad) =
            unsafe { (&mut *self.shared.states.get(), &mut *self.shared.grad.get()) };
        let states = &mut states[..n];
        let w = Weights::new(&net.params);
        kernel::rows_phase(
            self.isa,
            &w,
            &self.table,
            self.split,
            &batch[done..],
            1.0 / n as f32,
            &mut states[done..],
            &mut self.scratch,
        );
        let (gw1, rest) = grad.split_at_mut(W1.end);
        kernel::first_layer_grad(
            self.isa,
            &self.table,
            self.split,
            batch,
            states,
            0,
            gw1.as_chunks_mut().0,
        );
        kernel::small_grads(self.isa, states, rest);
        adam::update_part(self.isa, &mut net.params, grad, m, v, k, 0);
        self.split.prefetch(next);
        kernel::mean_cost(states)
    }
}

/// How many threads one training run should use: both cores if there are
/// two or more, else one.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    use super::*;
    use crate::adam::AdamSettings;
    use crate::test_data::synthetic;

    /// Trains 60 steps of 9 images and returns every parameter's bits.
    fn run(threads: usize, delay: Option<(u64, Duration)>) -> (Vec<u32>, u32) {
        let images = synthetic(540, 3);
        let split = images.all();
        let mut net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
        let settings = AdamSettings {
            learning_rate: 3e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            weight_decay: 0.01,
        };
        let mut adam = Adam::new(settings, PARAM_COUNT);
        let order: Vec<u32> = (0..540).rev().collect();
        let batches: Vec<&[u32]> = order.chunks(9).collect();
        let scale = net.input_scale;
        let alone_spells = with_stepper_delayed(threads, split, scale, 9, delay, |s| {
            let mut spells = 0;
            for (i, b) in batches.iter().enumerate() {
                let next = batches.get(i + 1).copied().unwrap_or_default();
                s.step(&mut net, &mut adam, b, next);
                if s.alone > 0 && s.alone == s.next_alone / 2 {
                    spells += 1;
                }
            }
            spells
        });
        (
            net.params.iter().map(|p| p.to_bits()).collect(),
            alone_spells,
        )
    }

    #[test]
    fn a_late_or_absent_helper_changes_who_computes_but_not_one_bit() {
        let (alone, _) = run(1, None);
        let (together, _) = run(2, None);
        assert_eq!(alone, together);
        // A helper that oversleeps every 5th step it sees: the main thread
        // takes those steps over, or waits and then works alone for a spell.
        let (late, spells) = run(2, Some((5, Duration::from_millis(3))));
        assert_eq!(alone, late);
        assert!(spells > 0, "the main thread never went alone");
    }
}
