// The CUDA toolkit the GPU pipeline uses (ptxas, libdevice): the
// pipeline's cuda-path option, else $KILN_CUDA_PATH, else $CUDA_HOME, else
// the one CMake configured (kiln/Support/Paths.h).
// RUN: not env KILN_CUDA_PATH=%t/kiln CUDA_HOME=%t/home kiln-opt %s --kiln-gpu-pipeline="format=isa" 2>&1 | FileCheck %s --check-prefix=KILN -DDIR=%t
// RUN: not env -u KILN_CUDA_PATH CUDA_HOME=%t/home kiln-opt %s --kiln-gpu-pipeline="format=isa" 2>&1 | FileCheck %s --check-prefix=HOME -DDIR=%t
// RUN: not env KILN_CUDA_PATH=%t/kiln kiln-opt %s --kiln-gpu-pipeline="format=isa cuda-path=%t/option" 2>&1 | FileCheck %s --check-prefix=OPTION -DDIR=%t

// KILN: error: CUDA path: [[DIR]]/kiln does not exist
// HOME: error: CUDA path: [[DIR]]/home does not exist
// OPTION: error: CUDA path: [[DIR]]/option does not exist
func.func @ew(%x: !kiln.tensor<[4, 64], f32>) -> !kiln.tensor<[4, 64], f32> {
  %0 = kiln.exp %x : !kiln.tensor<[4, 64], f32>
  return %0 : !kiln.tensor<[4, 64], f32>
}
