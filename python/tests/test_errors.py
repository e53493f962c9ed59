"""Every failure is a kiln.KilnError subclass with kiln-run's message; bad
input never crashes the interpreter."""

import numpy as np
import pytest

import kiln


def test_error_hierarchy():
    for cls in (kiln.ParseError, kiln.VerificationError, kiln.CompileError, kiln.InputError):
        assert issubclass(cls, kiln.KilnError)


def test_parse_error():
    with pytest.raises(kiln.ParseError, match=r"<source>:1:\d+: "):
        kiln.compile("func.func @f(")


def test_missing_file():
    with pytest.raises(kiln.ParseError, match="cannot open 'missing.mlir'"):
        kiln.compile("missing.mlir")


def test_verification_error():
    src = """
    func.func @f(%a: !kiln.tensor<[K, 4], f32>, %b: !kiln.tensor<[16, 2], f32>) -> !kiln.tensor<[K, 2], f32> {
      %0 = kiln.matmul %a, %b : !kiln.tensor<[K, 4], f32>, !kiln.tensor<[16, 2], f32> -> !kiln.tensor<[K, 2], f32>
      return %0 : !kiln.tensor<[K, 2], f32>
    }"""
    with pytest.raises(kiln.VerificationError, match="contraction dims 4 and 16 are not provably equal"):
        kiln.compile(src)


def test_compile_errors(add_source):
    with pytest.raises(kiln.CompileError, match="no function named 'nope'"):
        kiln.compile(add_source, entry="nope")
    with pytest.raises(kiln.CompileError, match="unknown target 'tpu'"):
        kiln.compile(add_source, target="tpu")
    with pytest.raises(kiln.CompileError, match="invalid pipeline options"):
        kiln.compile(add_source, no_such_option=1)


def test_input_errors(add_source):
    f = kiln.compile(add_source)
    x = np.ones((2, 3), np.float32)
    cases = [
        ((x, np.ones(4, np.float32)), "symbol S is bound to 3 by argument 0 (dim 1) and to 4 by argument 1 (dim 0)"),
        ((x, np.ones(3, np.float64)), "argument 1 must have element type f32, got f64"),
        ((x, np.ones((3, 1), np.float32)), "argument 1 must have rank 1 ([S]), got rank 2 ([3, 1])"),
        ((x,), "function @add takes 2 arguments, got 1 input"),
        ((x.T, np.ones(2, np.float32)), "argument 0 is not contiguous"),
        ((x, np.ones(3, np.complex64)), "argument 1 has a dtype Kiln does not support"),
        ((x, [1.0, 2.0, 3.0]), "argument 1 is a list"),
    ]
    for args, message in cases:
        with pytest.raises(kiln.InputError) as info:
            f(*args)
        assert message in str(info.value)
