"""Shared fixtures of the kiln package's tests."""

import pytest

ADD = """
func.func @add(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[S], f32>)
    -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>
      -> !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}
"""


@pytest.fixture
def add_source():
    return ADD
