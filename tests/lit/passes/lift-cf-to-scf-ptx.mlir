// lift-cf-to-scf on the PTX frontend's output for the corpus kernels with
// the most branches (tests/corpus/ptx): after the pass no cf op is left and
// the module verifies (cuwasm-opt verifies after every pass). The control
// flow kernel (nvcc) has a loop whose body switches over an interpreter's
// opcodes: scf.while around scf.index_switch.

// RUN: cuwasm-opt %S/../../corpus/ptx/nvcc/32_control_flow.ptx --lift-cf-to-scf | FileCheck %s
// RUN: cuwasm-opt %S/../../corpus/ptx/nvcc/32_control_flow.ptx --lift-cf-to-scf | FileCheck %s --check-prefix=NOCF
// RUN: cuwasm-opt %S/../../corpus/ptx/clang/32_control_flow.ptx --lift-cf-to-scf | FileCheck %s --check-prefix=NOCF
// RUN: cuwasm-opt %S/../../corpus/ptx/nvcc/03_reduce_shared.ptx --lift-cf-to-scf | FileCheck %s --check-prefix=NOCF
// RUN: cuwasm-opt %S/../../corpus/ptx/nvcc/28_math_api.ptx --lift-cf-to-scf | FileCheck %s --check-prefix=NOCF
// RUN: cuwasm-opt %S/../../corpus/ptx/clang/11_bitonic_sort.ptx --lift-cf-to-scf | FileCheck %s --check-prefix=NOCF
// NOCF-NOT: "cf.
// NOCF: "gpu.module"

// CHECK-LABEL: "gpu.module"
// CHECK: "scf.while"
// CHECK: "scf.index_switch"(%{{[^ ]+}}) <{cases = array<i64: 0, 1, 2, 3>}>
// CHECK: sym_name = "_Z7controlP3Outi"
