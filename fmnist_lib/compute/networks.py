"""The small convolutional network the report's abstract promised, in torch (caret's
averaged single-hidden-layer net is :mod:`fmnist_lib.compute.averaged_net`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch

from ..runtime.progress import report


@dataclass(frozen=True)
class CNNDesign:
    """Every choice of the convolutional network that is made before the test set is seen:
    the architecture, the augmentation, the schedule and the test-time averaging. The
    validation search (:mod:`fmnist_lib.tools.cnn_search`, ``make cnn-search``) trains
    each candidate on the same split and compares them on validation accuracy alone;
    :data:`CHOSEN_DESIGNS` holds the one it chose in each arithmetic."""
    name: str
    widths: tuple = (32, 64, 128)   # channels of each block; each block halves the image
    convs: int = 1                  # 3×3 convolutions per block, each with batch norm, ReLU
    dropout: float = 0.3            # before the linear classifier
    epochs: int = 11                # the one-cycle schedule's length; the last epoch is kept
    batch_size: int = 256
    max_lr: float = 0.01            # AdamW's peak learning rate
    weight_decay: float = 1e-4
    label_smoothing: float = 0.1
    flip: bool = True               # random left-right flips
    shift: int = 0                  # random translations of up to this many pixels
    erase: int = 0                  # side of a square blanked in half the images (0: none)
    mirror: bool = True             # average each scored image with its mirror image

    def describe(self) -> dict:
        """The design as one row of plain values (for tables)."""
        row = asdict(self)
        row["widths"] = "-".join(map(str, self.widths))
        return row


#: The search's choice in each arithmetic the network trains in (its table:
#: book/cnn-search/designs.csv, shown in chapter 6): the most accurate on validation within
#: the training budget, in that arithmetic's minutes.
CHOSEN_DESIGNS = {
    "bfloat16": CNNDesign("two convolutions per block, shifts, 14 epochs", convs=2, shift=2,
                          epochs=14),
    "float32": CNNDesign("one convolution per block of 16-32-64 channels, 14 epochs",
                         widths=(16, 32, 64), epochs=14),
}


class ConvNet(torch.nn.Module):
    """Blocks of 3×3 convolutions (each followed by batch normalisation and a ReLU), each
    block ending in a 2×2 max-pool, then dropout and a linear classifier."""

    def __init__(self, design: CNNDesign | None = None, n_classes: int = 10):
        super().__init__()
        design = design or chosen_design()
        layers, c_in = [], 1
        for width in design.widths:
            for _ in range(design.convs):
                layers += [torch.nn.Conv2d(c_in, width, 3, padding=1, bias=False),
                           torch.nn.BatchNorm2d(width), torch.nn.ReLU()]
                c_in = width
            layers.append(torch.nn.MaxPool2d(2))
        side = 28 // 2 ** len(design.widths)
        self.features = torch.nn.Sequential(*layers)
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Dropout(design.dropout),
            torch.nn.Linear(c_in * side * side, n_classes))

    def forward(self, x):
        return self.classifier(self.features(x))


def _as_tensor(images):
    """uint8 (n, 28, 28) -> float (n, 1, 28, 28) in [0, 1]."""
    return torch.as_tensor(np.asarray(images), dtype=torch.float32).div_(255).unsqueeze(1)


# torch's CPU convolutions sum in an order that depends on the number of threads, so the
# CNN always trains on the same number: the same weights on any machine with the same
# instruction set (tests check).
CNN_THREADS = 2


def autocast_dtype(device: str):
    """bfloat16 where the hardware computes it natively (a CUDA GPU; a CPU with AVX-512
    BF16 or AMX, as oneDNN reports), which makes this network's training about twice as
    fast on the reference CPU; otherwise ``None``: float32 (emulated bfloat16 would be
    slower than float32)."""
    if device == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else None
    return torch.bfloat16 if torch.ops.mkldnn._is_mkldnn_bf16_supported() else None


def training_precision(device: str = "cpu") -> str:
    """The arithmetic :func:`train_cnn` trains in on ``device``: "bfloat16" or "float32"."""
    return "bfloat16" if autocast_dtype(device) else "float32"


def chosen_design(device: str = "cpu") -> CNNDesign:
    """The design the search chose for the arithmetic ``device`` trains in
    (:data:`CHOSEN_DESIGNS`, :func:`training_precision`)."""
    return CHOSEN_DESIGNS[training_precision(device)]


def shift_images(batch, pixels: int, generator):
    """Translate each image of ``batch`` (n, 1, 28, 28) by its own random offset of up to
    ``pixels`` in each direction, filling with black (the background)."""
    if pixels == 0:
        return batch
    n, side = len(batch), batch.shape[-1]
    padded = torch.nn.functional.pad(batch[:, 0], (pixels,) * 4)
    dy, dx = torch.randint(0, 2 * pixels + 1, (2, n), generator=generator).to(batch.device)
    grid = torch.arange(side, device=batch.device)
    rows, cols = dy[:, None] + grid, dx[:, None] + grid
    every = torch.arange(n, device=batch.device)[:, None, None]
    return padded[every, rows[:, :, None], cols[:, None, :]][:, None]


def erase_squares(batch, side: int, generator):
    """Blank a random ``side`` × ``side`` square in a random half of the images."""
    if side == 0:
        return batch
    n, size = len(batch), batch.shape[-1]
    top, left = torch.randint(0, size - side + 1, (2, n), generator=generator)
    chosen = torch.rand(n, generator=generator) < 0.5
    grid = torch.arange(size)
    inside_rows = (grid >= top[:, None]) & (grid < top[:, None] + side)
    inside_cols = (grid >= left[:, None]) & (grid < left[:, None] + side)
    mask = inside_rows[:, :, None] & inside_cols[:, None, :] & chosen[:, None, None]
    return batch.masked_fill(mask[:, None].to(batch.device), 0.0)


def train_cnn(train_images, train_labels, seed: int, design: CNNDesign | None = None,
              epochs: int | None = None, validation_share: float = 0.1,
              score_every_epoch: bool = True, threads: int = CNN_THREADS,
              device: str = "cpu") -> dict:
    """Train :class:`ConvNet` of ``design`` with AdamW, a one-cycle learning-rate schedule
    over ``epochs`` (the design's when ``None``), label smoothing and the design's
    augmentation (``None``: the design chosen for ``device``'s arithmetic,
    :func:`chosen_design`); deterministic under ``seed`` on a given machine. A stratified
    ``validation_share`` of the training images is held out and scored, with and without
    mirror averaging, after every epoch (``score_every_epoch``, as the search does) or
    after the last only (the weights are the same either way: scoring draws no random
    numbers); the weights of the last epoch are returned (the schedule's length is the
    design's choice, made by the validation search). The test set is never seen.
    ``device`` "cuda" trains on the GPU. Returns the state (on the CPU), the precision, the
    per-epoch history and the training seconds."""
    import time

    from sklearn.model_selection import train_test_split
    design = design or chosen_design(device)
    epochs = design.epochs if epochs is None else epochs
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    fit_images, val_images, fit_labels, val_labels = train_test_split(
        np.asarray(train_images), np.asarray(train_labels), test_size=validation_share,
        stratify=train_labels, random_state=seed)
    # channels-last tensors make the CPU convolutions about 20 % faster here
    x = _as_tensor(fit_images).contiguous(memory_format=torch.channels_last).to(device)
    y = torch.as_tensor(fit_labels).to(device)
    model = ConvNet(design).to(device, memory_format=torch.channels_last)
    optimiser = torch.optim.AdamW(model.parameters(), lr=design.max_lr,
                                  weight_decay=design.weight_decay)
    batch_size = design.batch_size
    steps = epochs * int(np.ceil(len(x) / batch_size))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=design.max_lr,
                                                   total_steps=steps)
    dtype = autocast_dtype(device)
    history = []
    for epoch in range(epochs):
        model.train()
        start, losses = time.perf_counter(), []
        order = torch.randperm(len(x), generator=generator).to(device)
        for i in range(0, len(x), batch_size):
            idx = order[i:i + batch_size]
            xb, yb = x[idx], y[idx]
            if design.flip:
                flip = (torch.rand(len(idx), generator=generator) < 0.5).to(device)
                xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)
            xb = erase_squares(shift_images(xb, design.shift, generator), design.erase,
                               generator).contiguous(memory_format=torch.channels_last)
            with torch.autocast(device, dtype=dtype or torch.bfloat16, enabled=bool(dtype)):
                scores = model(xb)
            loss = torch.nn.functional.cross_entropy(scores.float(), yb,
                                                     label_smoothing=design.label_smoothing)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
        seconds = time.perf_counter() - start
        row = {"epoch": epoch + 1, "train_loss": float(np.mean(losses)), "seconds": seconds}
        scored = ""
        if score_every_epoch or epoch == epochs - 1:
            scores = [float(np.mean(predict_cnn(model, val_images, mirror) == val_labels))
                      for mirror in (False, True)]
            row.update(val_accuracy=scores[0], val_accuracy_mirrored=scores[1])
            scored = f", validation {scores[design.mirror]:.4f}"
        history.append(row)
        report(f"CNN epoch {epoch + 1}/{epochs}: loss {np.mean(losses):.3f}{scored} "
               f"({seconds:.0f} s)")
    last = history[-1]
    return {"state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()},
            "design": design, "epochs": epochs,
            "precision": training_precision(device),
            "val_accuracy": last["val_accuracy_mirrored" if design.mirror else "val_accuracy"],
            "history": history, "n_fit": len(fit_labels), "n_validation": len(val_labels),
            "train_seconds": sum(h["seconds"] for h in history)}


def load_cnn(state, design: CNNDesign | None = None) -> ConvNet:
    model = ConvNet(design)
    model.load_state_dict(state)
    return model.eval()


def cnn_probabilities(model, images, mirror: bool = True, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities; with ``mirror``, averaged over each image and its mirror image
    (test-time augmentation matching the flips seen in training). Computed in the
    precision training used (:func:`autocast_dtype`)."""
    model.eval()
    device = next(model.parameters()).device
    x = _as_tensor(images).to(device)
    dtype = autocast_dtype(device.type)

    def probabilities(xb):
        with torch.autocast(device.type, dtype=dtype or torch.bfloat16, enabled=bool(dtype)):
            return torch.softmax(model(xb).float(), 1)

    def batch(xb):
        xb = xb.contiguous(memory_format=torch.channels_last)
        p = probabilities(xb)
        return (p + probabilities(xb.flip(-1))) / 2 if mirror else p

    with torch.no_grad():
        return torch.cat([batch(x[i:i + batch_size])
                          for i in range(0, len(x), batch_size)]).cpu().numpy()


def predict_cnn(model, images, mirror: bool = True) -> np.ndarray:
    return cnn_probabilities(model, images, mirror).argmax(axis=1)
