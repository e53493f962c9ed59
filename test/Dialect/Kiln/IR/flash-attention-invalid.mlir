// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.flash_attention.

func.func @mixed(%q: tensor<?x64xbf16>, %o: memref<?x64xbf16>) {
  // expected-error @+1 {{needs ranked operands, all tensors or all memrefs}}
  kiln.flash_attention %q, %q, %q, %o {scale = 0.125 : f64} : tensor<?x64xbf16>, tensor<?x64xbf16>, tensor<?x64xbf16>, memref<?x64xbf16>
  return
}

// -----

func.func @rank(%q: tensor<?x?x64xbf16>, %k: tensor<?x64xbf16>) -> tensor<?x?x64xbf16> {
  // expected-error @+1 {{needs q, k, v and init of one rank >= 2}}
  %0 = kiln.flash_attention %q, %k, %k, %q {scale = 0.125 : f64} : tensor<?x?x64xbf16>, tensor<?x64xbf16>, tensor<?x64xbf16>, tensor<?x?x64xbf16> -> tensor<?x?x64xbf16>
  return %0 : tensor<?x?x64xbf16>
}

// -----

func.func @no_result(%q: tensor<?x64xbf16>) {
  // expected-error @+1 {{on tensors returns one result of init's type}}
  kiln.flash_attention %q, %q, %q, %q {scale = 0.125 : f64} : tensor<?x64xbf16>, tensor<?x64xbf16>, tensor<?x64xbf16>, tensor<?x64xbf16>
  return
}

// -----

func.func @batch(%q: tensor<2x?x64xbf16>, %k: tensor<3x?x64xbf16>) -> tensor<2x?x64xbf16> {
  // expected-error @+1 {{batch dim 0 differs between operands}}
  %0 = kiln.flash_attention %q, %k, %k, %q {scale = 0.125 : f64} : tensor<2x?x64xbf16>, tensor<3x?x64xbf16>, tensor<3x?x64xbf16>, tensor<2x?x64xbf16> -> tensor<2x?x64xbf16>
  return %0 : tensor<2x?x64xbf16>
}

// -----

func.func @lengths(%q: tensor<8x64xbf16>, %k: tensor<5x64xbf16>, %v: tensor<6x64xbf16>) -> tensor<8x64xbf16> {
  // expected-error @+1 {{needs q and init with one L, k and v with one S}}
  %0 = kiln.flash_attention %q, %k, %v, %q {scale = 0.125 : f64} : tensor<8x64xbf16>, tensor<5x64xbf16>, tensor<6x64xbf16>, tensor<8x64xbf16> -> tensor<8x64xbf16>
  return %0 : tensor<8x64xbf16>
}

// -----

func.func @head(%q: tensor<?x64xbf16>, %k: tensor<?x32xbf16>) -> tensor<?x64xbf16> {
  // expected-error @+1 {{needs q and k with one E, v and init with one Ev}}
  %0 = kiln.flash_attention %q, %k, %q, %q {scale = 0.125 : f64} : tensor<?x64xbf16>, tensor<?x32xbf16>, tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

func.func @f32(%q: tensor<?x64xf32>) -> tensor<?x64xf32> {
  // expected-error @+1 {{takes f16 or bf16 inputs of one type with a result of that type and static head dims that are multiples of 16 up to 128; got 'f32' -> 'f32', E = 64, Ev = 64}}
  %0 = kiln.flash_attention %q, %q, %q, %q {scale = 0.125 : f64} : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

func.func @head_dim(%q: tensor<?x24xf16>) -> tensor<?x24xf16> {
  // expected-error @+1 {{E = 24, Ev = 24}}
  %0 = kiln.flash_attention %q, %q, %q, %q {scale = 0.125 : f64} : tensor<?x24xf16>, tensor<?x24xf16>, tensor<?x24xf16>, tensor<?x24xf16> -> tensor<?x24xf16>
  return %0 : tensor<?x24xf16>
}

// -----

func.func @dynamic_head(%q: tensor<?x?xf16>) -> tensor<?x?xf16> {
  // expected-error @+1 {{static head dims}}
  %0 = kiln.flash_attention %q, %q, %q, %q {scale = 0.125 : f64} : tensor<?x?xf16>, tensor<?x?xf16>, tensor<?x?xf16>, tensor<?x?xf16> -> tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}
