"""Hypothesis strategies shared by the specs: message streams, chunkings, pauses."""
import random

from hypothesis import settings
from hypothesis import strategies as st

KIB = 1024
MIB = 1024 * KIB


@st.composite
def bulk_bytes(draw, min_size=64 * KIB, max_size=MIB):
    """A large payload: Hypothesis picks its size and seed (it shrinks the size), not each byte."""
    size = draw(st.integers(min_size, max_size))
    seed = draw(st.integers(0, 2**32 - 1))
    return random.Random(seed).getrandbits(8 * size).to_bytes(size, "little") if size else b""


def chunks(max_chunks=12, big=True):
    """A message stream as the sender's chunks: empty, single bytes, small and (maybe) large ones.

    Large ones reach 1 MiB: only a stream larger than the buffers between two peers shows what a
    server does when it cannot write, and the echo specs give the server's connections 16 KiB
    buffers (a client that holds its reads starts with 128 KiB), so 1 MiB is many times both;
    megabytes more only cost time.
    """
    small = st.one_of(st.just(b""), st.binary(min_size=1, max_size=1), st.binary(max_size=2048))
    chunk = st.one_of(small, small, bulk_bytes(max_size=MIB)) if big else small
    return st.lists(chunk, min_size=1, max_size=max_chunks)


def pauses(n=12):
    """Pauses (seconds) after each chunk or read: mostly none, sometimes a few milliseconds."""
    return st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.001, 0.005, 0.02]), max_size=n)


def few_examples():
    """Settings for a spec whose every example costs a fixed wait (an interpreter to start, a
    settle window in which nothing may happen) while its inputs barely change what it checks: a
    quarter of the profile's examples, at least 3. Call it at import, after the profile is loaded."""
    return settings(max_examples=max(3, settings.default.max_examples // 4))
