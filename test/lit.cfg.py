# -*- Python -*-
# The Kiln lit suite: FileCheck tests mirroring lib/, integration tests under
# Integration/ and the GoogleTest unit tests (Unit/, its own config).

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".c"]
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%kiln_obj_root", config.kiln_obj_root))
config.substitutions.append(("%llvm_tools_dir", config.llvm_tools_dir))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Scoped FileCheck variables, as upstream MLIR and Triton use.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

tool_dirs = [config.kiln_tools_dir, config.llvm_tools_dir]
tools = [
    "kiln-opt",
    "kiln-compile",
    "not",
    "llvm-nm",
    "kiln-capi-runtime-test",
    "kiln-capi-pipelines-test",
    "kiln-capi-artifact-test",
    ToolSubst("%PYTHON", config.python_executable, unresolved="ignore"),
]
optional_tools = ["kiln-run"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in optional_tools], tool_dirs)

# GPU binaries (cubin/fatbin) need the CUDA toolkit's ptxas.
if os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")

# Kernels run only where a CUDA GPU is visible (the lent GPU machine).
if shutil.which("nvidia-smi") and os.environ.get("KILN_DISABLE_CUDA") != "1":
    config.available_features.add("cuda")

# The ASan + UBSan build (scripts/test-sanitizers.sh): its libraries need the
# sanitizer runtime first in a process, which uninstrumented programs
# (test/CAPI/install.test's consumer) do not load.
if config.kiln_sanitizers:
    config.available_features.add("sanitizers")
