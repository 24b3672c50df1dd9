// EXPECT: 2:18 hexadecimal float constant out of range for type
"test.op"() {b = 0x7FC00000 : bf16} : () -> ()
