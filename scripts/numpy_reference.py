#!/usr/bin/env python3
"""The same network and optimiser as mnist-tui, in batched NumPy: the
yardstick `mnist-tui bench` is compared against (scripts/compare-numpy.sh).

784-16-16-10, ReLU, ReLU, softmax; He-normal weights, zero biases;
cross-entropy; Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8, bias-corrected),
one step per mini-batch, data reshuffled every epoch. Trains on the first
50,000 training images and validates on the last 10,000, for a fixed number
of epochs; only the batch loop is timed, as in `mnist-tui bench`.

    python3 scripts/numpy_reference.py --data assets/mnist --batch 32 --epochs 5

Prints one line per epoch and then
RESULT epoch_s_median=... examples_per_s=... val_acc=... test_acc=... test_cost=...
"""

import argparse
import gzip
import os
import statistics
import struct
import time

import numpy as np

SIZES = (784, 16, 16, 10)


def read_idx(folder, name):
    """An IDX file from `folder`, raw or gzipped, as a uint8 array."""
    raw = os.path.join(folder, name)
    if os.path.isfile(raw):
        with open(raw, "rb") as f:
            data = f.read()
    else:
        with gzip.open(raw + ".gz", "rb") as f:
            data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    def images(name):
        return read_idx(folder, name).reshape(-1, 784).astype(np.float32) / 255.0

    train_x = images("train-images-idx3-ubyte")
    train_y = read_idx(folder, "train-labels-idx1-ubyte").astype(np.int64)
    test_x = images("t10k-images-idx3-ubyte")
    test_y = read_idx(folder, "t10k-labels-idx1-ubyte").astype(np.int64)
    return (train_x[:50000], train_y[:50000]), (train_x[50000:], train_y[50000:]), (test_x, test_y)


def views(flat):
    """Weights and biases of each layer as views into one flat array, so
    that Adam updates all 13,002 parameters in a handful of NumPy calls."""
    out, at = [], 0
    for n_in, n_out in zip(SIZES, SIZES[1:]):
        out.append(flat[at : at + n_in * n_out].reshape(n_in, n_out))
        at += n_in * n_out
        out.append(flat[at : at + n_out])
        at += n_out
    return out


def init(rng):
    flat = np.zeros(sum(i * o + o for i, o in zip(SIZES, SIZES[1:])), dtype=np.float32)
    params = views(flat)
    for layer, n_in in enumerate(SIZES[:-1]):
        w = params[2 * layer]
        w[...] = rng.standard_normal(w.shape).astype(np.float32) * np.float32(np.sqrt(2.0 / n_in))
    return flat, params


def forward(params, x):
    """Activations of every layer, the input first; the last is softmax."""
    acts = [x]
    for i in range(0, len(params), 2):
        z = acts[-1] @ params[i] + params[i + 1]
        if i + 2 < len(params):
            acts.append(np.maximum(z, 0.0))
        else:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            acts.append(e / e.sum(axis=1, keepdims=True))
    return acts


def gradients(params, grads, x, y):
    """Fills `grads` (views like `params`) with the batch's mean gradient."""
    acts = forward(params, x)
    delta = acts[-1]
    delta[np.arange(len(y)), y] -= 1.0
    delta /= len(y)
    for layer in reversed(range(len(params) // 2)):
        np.matmul(acts[layer].T, delta, out=grads[2 * layer])
        np.sum(delta, axis=0, out=grads[2 * layer + 1])
        if layer > 0:
            delta = (delta @ params[2 * layer].T) * (acts[layer] > 0)


def evaluate(params, x, y):
    p = forward(params, x)[-1]
    cost = -np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean()
    return float((p.argmax(axis=1) == y).mean()), float(cost)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR", "assets/mnist"),
                    help="folder with the four MNIST files (default: MNIST_DIR, else assets/mnist)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    (tx, ty), (vx, vy), (sx, sy) = load(args.data)
    rng = np.random.default_rng(args.seed)
    flat, params = init(rng)
    grad = np.zeros_like(flat)
    grads = views(grad)
    m, v = np.zeros_like(flat), np.zeros_like(flat)
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    step = 0
    times = []
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(tx))
        started = time.perf_counter()
        for at in range(0, len(order), args.batch):
            idx = order[at : at + args.batch]
            gradients(params, grads, tx[idx], ty[idx])
            step += 1
            m *= b1
            m += (1 - b1) * grad
            v *= b2
            v += (1 - b2) * grad * grad
            # lr x m_hat / (sqrt(v_hat) + eps), with the bias corrections.
            denom = np.sqrt(v / np.float32(1 - b2**step))
            denom += eps
            flat -= np.float32(lr / (1 - b1**step)) * m / denom
        times.append(time.perf_counter() - started)
        val_acc, val_cost = evaluate(params, vx, vy)
        print(f"epoch {epoch}: {times[-1]:.3f}s  val_acc {val_acc:.4f}  val_cost {val_cost:.4f}", flush=True)
    test_acc, test_cost = evaluate(params, sx, sy)
    median = statistics.median(times)
    print(
        f"RESULT epoch_s_median={median:.4f} examples_per_s={len(tx) / median:.0f} "
        f"val_acc={val_acc:.4f} test_acc={test_acc:.4f} test_cost={test_cost:.4f}"
    )


if __name__ == "__main__":
    main()
