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

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

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
    /// Step number the main thread has published.
    started: AtomicU64,
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

/// Waits until `counter >= target` and returns how many times it had to
/// spin; None if `quit` is set first.
fn wait(counter: &AtomicU64, target: u64, quit: &AtomicBool) -> Option<u32> {
    let mut spins = 0u32;
    loop {
        if counter.load(Ordering::Acquire) >= target {
            return Some(spins);
        }
        if quit.load(Ordering::Acquire) {
            return None;
        }
        spins = spins.saturating_add(1);
        if spins < 20_000 {
            std::hint::spin_loop();
        } else {
            // Long waits (training paused): stop burning the core.
            std::thread::sleep(Duration::from_micros(50));
        }
    }
}

/// Sets `quit` when dropped, including while unwinding from a panic, so the
/// other thread never waits forever.
struct QuitOnDrop<'a>(&'a AtomicBool);

impl Drop for QuitOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

pub struct Stepper<'a> {
    shared: &'a Shared,
    split: Split<'a>,
    table: [f32; 256],
    isa: Isa,
    threads: usize,
    scratch: ForwardScratch,
    generation: u64,
    /// Share of each batch's images the helper takes, adapted per step.
    helper_share: f64,
    w1_split: usize,
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
        started: AtomicU64::new(0),
        main_rows_done: AtomicU64::new(0),
        helper_rows_done: AtomicU64::new(0),
        helper_params_done: AtomicU64::new(0),
        helper_waited: AtomicU32::new(0),
        quit: AtomicBool::new(false),
    };
    let table = super::input_table(input_scale);
    let isa = Isa::detect();
    std::thread::scope(|s| {
        if threads == 2 {
            let shared = &shared;
            s.spawn(move || helper(shared, split, table, isa, batch_size));
        }
        let _quit = QuitOnDrop(&shared.quit);
        let mut stepper = Stepper {
            shared: &shared,
            split,
            table,
            isa,
            threads,
            scratch: ForwardScratch::new(batch_size),
            generation: 0,
            helper_share: 0.5,
            w1_split: INPUTS / 2,
        };
        f(&mut stepper)
    })
}

fn helper(shared: &Shared, split: Split, table: [f32; 256], isa: Isa, batch_size: usize) {
    let _quit = QuitOnDrop(&shared.quit);
    let mut scratch = ForwardScratch::new(batch_size);
    let mut generation = 0;
    loop {
        generation += 1;
        if wait(&shared.started, generation, &shared.quit).is_none() {
            return;
        }
        // SAFETY: published by the main thread before `started` (Release);
        // not written again until this thread finishes phase 2.
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
        shared.helper_rows_done.store(generation, Ordering::Release);
        let Some(waited) = wait(&shared.main_rows_done, generation, &shared.quit) else {
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
        shared
            .helper_params_done
            .store(generation, Ordering::Release);
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
        let n = batch.len();
        let k = adam.begin_step();
        let (m, v) = adam.moments_mut();
        let shared = self.shared;
        if self.threads == 1 {
            // SAFETY: no helper thread exists; this thread has sole access.
            let (states, grad) = unsafe { (&mut *shared.states.get(), &mut *shared.grad.get()) };
            let states = &mut states[..n];
            let w = Weights::new(&net.params);
            kernel::rows_phase(
                self.isa,
                &w,
                &self.table,
                self.split,
                batch,
                1.0 / n as f32,
                states,
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
            return kernel::mean_cost(states);
        }

        self.generation += 1;
        let generation = self.generation;
        let half = ((n as f64 * (1.0 - self.helper_share)).round() as usize).min(n);
        let w1_split = self.w1_split;
        // Raw pointers from here on: the helper writes the first part of
        // params and moments while this thread writes the rest.
        let (params, m, v) = (net.params.as_mut_ptr(), m.as_mut_ptr(), v.as_mut_ptr());
        // SAFETY: the helper finished the previous step (we waited for it)
        // and reads the job only after `started` is bumped below.
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
        shared.started.store(generation, Ordering::Release);
        // SAFETY: phase 1: parameters are only read, by both threads; this
        // thread alone writes states[..half].
        unsafe {
            let states = &mut (&mut *shared.states.get())[..half];
            let w = Weights::new(std::slice::from_raw_parts(params, PARAM_COUNT));
            let inv_n = 1.0 / n as f32;
            kernel::rows_phase(
                self.isa,
                &w,
                &self.table,
                self.split,
                &batch[..half],
                inv_n,
                states,
                &mut self.scratch,
            );
        }
        shared.main_rows_done.store(generation, Ordering::Release);
        let main_waited = wait(&shared.helper_rows_done, generation, &shared.quit)
            .expect("the second training thread stopped");
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
        let main_waited_again = wait(&shared.helper_params_done, generation, &shared.quit)
            .expect("the second training thread stopped");
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
}

/// How many threads one training run should use: both cores if there are
/// two or more, else one.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}
