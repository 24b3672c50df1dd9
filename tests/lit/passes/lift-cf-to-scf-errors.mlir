// lift-cf-to-scf's errors: branches it cannot rewrite, switches on wide
// flags, exits of different kinds; and a bad option value.

// RUN: cuwasm-opt %s --split-input-file --allow-unregistered-dialect --verify-diagnostics --pass-pipeline='builtin.module(lift-cf-to-scf)'
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(lift-cf-to-scf{irreducible=maybe})' 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: error: pass 'lift-cf-to-scf': option 'irreducible' expects split, dispatch or error, got 'maybe'

"func.func"() <{function_type = (i32) -> i32, sym_name = "foreign_branch"}> ({
^bb0(%a: i32):
  // expected-error @+1 {{'test.br' op has successors but is not cf.br, cf.cond_br or cf.switch: lift-cf-to-scf cannot lift it}}
  "test.br"()[^bb1] : () -> ()
^bb1:
  "func.return"(%a) : (i32) -> ()
}) : () -> ()

// -----

"func.func"() <{function_type = (i128, i32) -> i32, sym_name = "wide_switch"}> ({
^bb0(%x: i128, %a: i32):
  // expected-error @+1 {{'cf.switch' op switches on 'i128': lift-cf-to-scf lifts switches on signless integers of at most 64 bits}}
  "cf.switch"(%x)[^bb1, ^bb2] <{case_operand_segments = array<i32: 0>, case_values = dense<[7]> : vector<1xi128>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i128) -> ()
^bb1:
  "func.return"(%a) : (i32) -> ()
^bb2:
  "func.return"(%a) : (i32) -> ()
}) : () -> ()

// -----

"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "two_exits"}> ({
^bb0(%c: i1, %a: i32):
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  // expected-note @+1 {{the other exit}}
  "func.return"(%a) : (i32) -> ()
^bb2:
  // expected-error @+1 {{'test.exit' op ends its block unlike another exit of the region: lift-cf-to-scf needs one kind of exit}}
  "test.exit"(%a) : (i32) -> ()
}) : () -> ()
