// EXPECT: 2:1 operation defines 1 results but was provided 2 to bind
%0:2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
