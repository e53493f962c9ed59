"""kiln-fuzz: random differential testing of the Kiln compiler.

The entry point is ``tools/kiln-fuzz/kiln_fuzz.py``; its docstring describes
the method. The modules: ``common`` (types, limits and tolerances),
``dims``, ``program`` (values, ops and their MLIR text), ``generator`` with
its op families ``gen_elementwise`` and ``gen_structured``, ``evaluate`` (the
NumPy evaluator), ``compare`` (inputs, outputs and the comparison),
``runner`` (running kiln-opt and kiln-run), ``shrink`` (shrinking and saving
failures) and ``driver`` (the batch and its command line).
"""
