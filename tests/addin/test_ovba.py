"""MS-OVBA compression, round trip against the decompressor of oletools."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from addin import ovba
from addin.xlam import intended_sources


def oletools(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


@pytest.mark.parametrize("name", sorted(intended_sources()))
def test_real_modules_round_trip_through_oletools(name):
    source = intended_sources()[name].encode("ascii")
    packed = ovba.compress(source)
    assert oletools(packed) == source == ovba.decompress(packed)
    assert len(packed) < len(source) or len(source) < 400


def test_modules_larger_than_one_chunk():
    source = intended_sources()["xlwings"].encode("ascii")
    assert len(source) > 10 * ovba.CHUNK
    assert oletools(ovba.compress(source)) == source


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000) | st.text("ab \r\n=()", max_size=9000).map(str.encode))
def test_any_data_round_trips(data):
    packed = ovba.compress(data)
    out = oletools(packed)
    assert out == ovba.decompress(packed)
    assert out[: len(data)] == data and not out[len(data):].strip(b"\x00")   # a raw last chunk is padded


def test_raw_chunks_for_incompressible_data():
    data = random.Random(3).randbytes(ovba.CHUNK)
    packed = ovba.compress(data)
    assert packed[1:3] == b"\xff\x3f" and oletools(packed) == data
