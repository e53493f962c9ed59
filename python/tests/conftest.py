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


@pytest.fixture(autouse=True, scope="session")
def private_compile_cache(tmp_path_factory):
    """The tests' on-disk compile cache is their own, not ~/.cache/kiln."""
    import os

    previous = os.environ.get("KILN_CACHE_DIR")
    os.environ["KILN_CACHE_DIR"] = str(tmp_path_factory.mktemp("kiln-cache"))
    yield
    if previous is None:
        os.environ.pop("KILN_CACHE_DIR", None)
    else:
        os.environ["KILN_CACHE_DIR"] = previous
