"""Random but reproducible edits of numpy-written header dicts, for differential checks against np.load."""

import io
import random

import numpy as np

from npy_fixtures import every_kind, frame, header_text, npy_bytes

# Fragments that make edits land on the parser's interesting paths.
FRAGMENTS = list("'\"(),:[]{} 0123456789<>|=-_.") + [
    "True", "False", "None", "L", "j", "e5", "0x1f", "1_0", "'<f8'", "'|O'", "(2,)", "()", "'a'",
    "\\", "\\'", "#", "\n", "\t", "u'", "b'", "-0", "+1", "...", "[]", "{}",
]
DATA = b"\x00" * 4096  # enough for every seed's data, so data length rarely decides


def seed_headers():
    """Header dict texts numpy writes for small, non-object arrays of every kind."""
    texts = []
    for _, array in every_kind():
        if array.dtype.hasobject or array.nbytes > len(DATA):
            continue
        raw, _ = header_text(npy_bytes(array))
        if len(raw) <= 2000:
            texts.append(raw.rstrip(b" \n").decode("latin1"))
    return texts


def mutate(rng, text):
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.4:
            text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + rng.randint(1, 4):]
        else:
            text = text[:at] + rng.choice(FRAGMENTS) + text[at + 1:]
    return text


def mutated_payloads(count, seed):
    """`count` framed payloads whose header is a mutated numpy header."""
    rng = random.Random(seed)
    seeds = seed_headers()
    produced = 0
    while produced < count:
        text = mutate(rng, rng.choice(seeds))
        try:
            payload = frame(text, data=DATA)
        except UnicodeEncodeError:
            continue
        produced += 1
        yield text, payload


def numpy_loads(payload):
    """Whether np.load accepts the payload (an object dtype counts: numpy only declines to unpickle)."""
    try:
        np.load(io.BytesIO(payload), allow_pickle=False, max_header_size=1 << 24)
        return True
    except ValueError as error:
        return "allow_pickle" in str(error)
    except Exception:
        return False
