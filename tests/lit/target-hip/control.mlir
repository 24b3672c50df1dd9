// scf as C++ control flow: scf.if results are locals assigned in each
// branch; scf.while's before-block arguments are loop variables, its
// condition leaves with the results, its yield assigns the loop variables
// all at once (through temporaries when they swap); scf.for counts with a
// signed comparison; scf.index_switch is a switch.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a --cuda-device-only -O2 -w -c %t.hip -o %t.o

// CHECK: extern "C" __global__ void flow(char *[[P:v[0-9]+]], uint32_t [[N:v[0-9]+]], bool [[C:v[0-9]+]]) {
// CHECK-NEXT: uint32_t [[R:v[0-9]+]];
// CHECK-NEXT: if ([[C]]) {
// CHECK-NEXT: [[R]] = [[N]];
// CHECK-NEXT: } else {
// CHECK-NEXT: [[R]] = 7u;
// CHECK-NEXT: }
// Fibonacci as (a, b) <- (a + b, a): b reads the a assigned before it.
// CHECK-NEXT: uint32_t [[A:v[0-9]+]] = 0u;
// CHECK-NEXT: uint32_t [[B:v[0-9]+]] = 1u;
// CHECK-NEXT: uint32_t [[I:v[0-9]+]] = 0u;
// CHECK-NEXT: uint32_t [[FA:v[0-9]+]];
// CHECK-NEXT: uint32_t {{v[0-9]+}};
// CHECK-NEXT: uint32_t {{v[0-9]+}};
// CHECK-NEXT: while (true) {
// CHECK-NEXT: const bool [[MORE:v[0-9]+]] = [[I]] < [[N]];
// CHECK-NEXT: if (!([[MORE]])) {
// CHECK-NEXT: [[FA]] = [[A]];
// CHECK-NEXT: {{v[0-9]+}} = [[B]];
// CHECK-NEXT: {{v[0-9]+}} = [[I]];
// CHECK-NEXT: break;
// CHECK-NEXT: }
// CHECK-NEXT: const uint32_t [[S:v[0-9]+]] = [[A]] + [[B]];
// CHECK-NEXT: const uint32_t [[I1:v[0-9]+]] = [[I]] + 1u;
// CHECK-NEXT: const uint32_t [[T0:v[0-9]+]] = [[S]];
// CHECK-NEXT: const uint32_t [[T1:v[0-9]+]] = [[A]];
// CHECK-NEXT: const uint32_t [[T2:v[0-9]+]] = [[I1]];
// CHECK-NEXT: [[A]] = [[T0]];
// CHECK-NEXT: [[B]] = [[T1]];
// CHECK-NEXT: [[I]] = [[T2]];
// CHECK-NEXT: }
// CHECK-NEXT: uint64_t [[ACC:v[0-9]+]] = 0ull;
// CHECK-NEXT: for (uint64_t [[IV:v[0-9]+]] = 0ull; (int64_t){{v[0-9]+}} < (int64_t)10ull; {{v[0-9]+}} += 2ull) {
// CHECK-NEXT: const uint64_t [[NEXT:v[0-9]+]] = [[ACC]] + [[IV]];
// CHECK-NEXT: [[ACC]] = [[NEXT]];
// CHECK-NEXT: }
// CHECK-NEXT: uint32_t [[SW:v[0-9]+]];
// CHECK-NEXT: switch ([[ACC]]) {
// CHECK-NEXT: case 20ull: {
// CHECK-NEXT: [[SW]] = [[FA]];
// CHECK-NEXT: break;
// CHECK-NEXT: }
// CHECK-NEXT: case 18446744073709551615ull: {
// CHECK-NEXT: [[SW]] = 1u;
// CHECK-NEXT: break;
// CHECK-NEXT: }
// CHECK-NEXT: default: {
// CHECK-NEXT: [[SW]] = [[R]];
// CHECK-NEXT: break;
// CHECK-NEXT: }
// CHECK-NEXT: }
// CHECK-NEXT: cuwasm_store<uint32_t>([[P]], [[SW]]);
// CHECK-NEXT: }
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32, i1) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>, %n: i32, %c: i1):
      %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
      %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %c7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
      %r = "scf.if"(%c) ({
        "scf.yield"(%n) : (i32) -> ()
      }, {
        "scf.yield"(%c7) : (i32) -> ()
      }) : (i1) -> i32
      %fib:3 = "scf.while"(%c0, %c1, %c0) ({
      ^bb0(%a: i32, %b: i32, %i: i32):
        %more = "arith.cmpi"(%i, %n) <{predicate = 6 : i64}> : (i32, i32) -> i1
        "scf.condition"(%more, %a, %b, %i) : (i1, i32, i32, i32) -> ()
      }, {
      ^bb0(%a: i32, %b: i32, %i: i32):
        %s = "arith.addi"(%a, %b) : (i32, i32) -> i32
        %i1 = "arith.addi"(%i, %c1) : (i32, i32) -> i32
        "scf.yield"(%s, %a, %i1) : (i32, i32, i32) -> ()
      }) : (i32, i32, i32) -> (i32, i32, i32)
      %lb = "arith.constant"() <{value = 0 : index}> : () -> index
      %ub = "arith.constant"() <{value = 10 : index}> : () -> index
      %st = "arith.constant"() <{value = 2 : index}> : () -> index
      %sum = "scf.for"(%lb, %ub, %st, %lb) ({
      ^bb0(%iv: index, %acc: index):
        %next = "arith.addi"(%acc, %iv) : (index, index) -> index
        "scf.yield"(%next) : (index) -> ()
      }) : (index, index, index, index) -> index
      %sw = "scf.index_switch"(%sum) <{cases = array<i64: 20, -1>}> ({
        "scf.yield"(%r) : (i32) -> ()
      }, {
        "scf.yield"(%fib#0) : (i32) -> ()
      }, {
        "scf.yield"(%c1) : (i32) -> ()
      }) : (index) -> i32
      "ptr.store"(%sw, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "flow"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
