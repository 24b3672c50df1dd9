// Dominance across blocks (the verifier numbers each region's dominator tree
// in depth-first order): a value of a dominating block is usable in every
// block below it, a value of one arm of a diamond is not usable after the
// join, and a block no path reaches may use anything.

// RUN: cuwasm-opt %s --split-input-file --verify-diagnostics -o /dev/null

"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "dominating"}> ({
^entry(%c: i1, %a: i32):
  %x = "arith.addi"(%a, %a) : (i32, i32) -> i32
  "cf.cond_br"(%c)[^then, ^else] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^then:
  %y = "arith.addi"(%x, %a) : (i32, i32) -> i32
  "cf.br"()[^join] : () -> ()
^else:
  "cf.br"()[^join] : () -> ()
^join:
  %z = "arith.muli"(%x, %x) : (i32, i32) -> i32
  "func.return"(%z) : (i32) -> ()
^dead:
  %w = "arith.addi"(%y, %z) : (i32, i32) -> i32
  "func.return"(%w) : (i32) -> ()
}) : () -> ()

// -----

"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "one_arm"}> ({
^entry(%c: i1, %a: i32):
  "cf.cond_br"(%c)[^then, ^else] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^then:
  %y = "arith.addi"(%a, %a) : (i32, i32) -> i32
  "cf.br"()[^join] : () -> ()
^else:
  "cf.br"()[^join] : () -> ()
^join:
  // expected-error@+1 {{operand #0 does not dominate this use}}
  %z = "arith.muli"(%y, %a) : (i32, i32) -> i32
  "func.return"(%z) : (i32) -> ()
}) : () -> ()

// -----

"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "loop_body_after_exit"}> ({
^entry(%c: i1, %a: i32):
  "cf.br"()[^header] : () -> ()
^header:
  "cf.cond_br"(%c)[^body, ^exit] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^body:
  %y = "arith.addi"(%a, %a) : (i32, i32) -> i32
  "cf.br"()[^header] : () -> ()
^exit:
  // expected-error@+1 {{operand #1 does not dominate this use}}
  %z = "arith.muli"(%a, %y) : (i32, i32) -> i32
  "func.return"(%z) : (i32) -> ()
}) : () -> ()
